//! Property tests for client tokens: every minted token decodes to exactly its inputs and verifies (with
//! this crate's verifier and the test server's independent one); any altered byte breaks verification;
//! invalid inputs are refused naming the right field; decoding and verifying never panic.

use std::{sync::LazyLock, time::Duration};

use base64::{
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
    Engine as _,
};
use chrono::DateTime;
use opentok_sdk::{
    token::{self, Role, TokenError, TokenFormat},
    Error, OpenTok,
};
use proptest::prelude::*;

const KEY: &str = "46000000";
const SECRET: &str = "a3f1c2e4b5d6a7f8091a2b3c4d5e6f7081920a1b";
const DAY: u64 = 86_400;

static OT: LazyLock<OpenTok> = LazyLock::new(|| OpenTok::new(KEY, SECRET).unwrap());

#[derive(Debug, Clone)]
enum Expiry {
    Default,
    /// Seconds after the issue second.
    At(u64),
    In(u64),
}

#[derive(Debug, Clone)]
struct Input {
    session_id: String,
    role: Role,
    t1: bool,
    issued_ms: i64,
    nonce: Option<f64>,
    expiry: Expiry,
    data: Option<String>,
    classes: Vec<String>,
}

/// Text rich in what needs escaping in either format: form and URL specials, JSON specials, controls,
/// non-ASCII, emoji.
fn tricky_text(max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[&=%~+:/?#\\[\\]@!$'()*,; \"\\\\]",
        "[\u{0}-\u{1f}\u{7f}\u{2028}\u{2029}]",
        "[a-zA-Z0-9._-]{1,4}",
        "[é日本😀🎉ü]",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..max).prop_map(|v| v.concat())
}

fn class() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof!["[&=%~+:/?#!*'()]", "[a-z0-9_-]{1,5}", "[é😀日]", any::<char>().prop_map(String::from)],
        1..6,
    )
    .prop_map(|v| v.concat())
    .prop_filter("a class has no whitespace", |c| !c.chars().any(char::is_whitespace))
}

fn session_id() -> impl Strategy<Value = String> {
    ("[ -}]{0,40}", any::<bool>()).prop_map(|(tail, padded)| {
        let record = format!("1~{KEY}~{tail}~1700000000000~");
        if padded {
            format!("2_{}", STANDARD.encode(record))
        } else {
            format!("1_{}", URL_SAFE_NO_PAD.encode(record))
        }
    })
}

fn nonce() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        (0.0..1.0f64).prop_map(Some),
        prop::num::f64::POSITIVE.prop_map(Some),
        prop::num::f64::NORMAL.prop_map(Some),
        prop::num::f64::SUBNORMAL.prop_map(Some),
        prop_oneof![Just(0.0), Just(1.5e-7), Just(1e21), Just(0.1 + 0.2)].prop_map(Some),
    ]
}

fn input() -> impl Strategy<Value = Input> {
    (
        session_id(),
        prop::sample::select(Role::ALL.to_vec()),
        any::<bool>(),
        1_000_000_000_000i64..4_000_000_000_000,
        nonce(),
        prop_oneof![Just(Expiry::Default), (1..=30 * DAY).prop_map(Expiry::At), (1..=30 * DAY).prop_map(Expiry::In)],
        prop::option::of(tricky_text(40)),
        prop::collection::vec(class(), 0..5),
    )
        .prop_map(|(session_id, role, t1, issued_ms, nonce, expiry, data, classes)| Input {
            session_id,
            role,
            t1,
            issued_ms,
            nonce,
            expiry,
            data,
            classes,
        })
}

fn mint(i: &Input) -> Result<token::Token, Error> {
    let issued = DateTime::from_timestamp_millis(i.issued_ms).unwrap();
    let create = (i.issued_ms + 500).div_euclid(1000);
    let mut b = OT.generate_token(&i.session_id).role(i.role).issued_at(issued);
    if let Some(n) = i.nonce {
        b = b.nonce(n);
    }
    b = match i.expiry {
        Expiry::Default => b,
        Expiry::At(s) => b.expire_time(DateTime::from_timestamp(create + s as i64, 0).unwrap()),
        Expiry::In(s) => b.expires_in(Duration::from_secs(s)),
    };
    if let Some(d) = &i.data {
        b = b.data(d.clone());
    }
    b = b.initial_layout_class_list(&i.classes);
    if i.t1 {
        b = b.legacy_t1();
    }
    b.build()
}

fn field_of(result: Result<token::Token, Error>) -> Option<&'static str> {
    match result {
        Ok(_) => None,
        Err(Error::InvalidArgument { field, .. }) => Some(field),
        Err(other) => panic!("unexpected error {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn minted_tokens_decode_to_their_inputs_and_verify(i in input()) {
        let token = mint(&i).unwrap();
        let create = (i.issued_ms + 500).div_euclid(1000);
        let iat = i.issued_ms.div_euclid(1000);
        let expire = create + match i.expiry {
            Expiry::Default => DAY as i64,
            Expiry::At(s) | Expiry::In(s) => s as i64,
        };
        let c = token::decode(token.as_str()).unwrap();
        prop_assert_eq!(c.format, if i.t1 { TokenFormat::T1 } else { TokenFormat::Jwt });
        prop_assert_eq!(token.format(), c.format);
        prop_assert_eq!(&c.api_key, KEY);
        prop_assert_eq!(c.session_id.as_str(), i.session_id.as_str());
        prop_assert_eq!(c.role, i.role);
        prop_assert_eq!(c.create_time, Some(create));
        prop_assert_eq!(c.expire_time, Some(expire));
        prop_assert_eq!(c.issued_at, (!i.t1).then_some(iat));
        prop_assert_eq!(c.expires_at, (!i.t1).then_some(expire));
        prop_assert_eq!(c.connection_data.as_deref(), i.data.as_deref().filter(|d| !d.is_empty()));
        prop_assert_eq!(&c.initial_layout_class_list, &i.classes.join(" "));
        prop_assert_eq!(c.layout_classes().collect::<Vec<_>>(), i.classes.iter().map(String::as_str).collect::<Vec<_>>());
        prop_assert_eq!(c.scope.as_deref(), Some("session.connect"));
        let nonce: f64 = c.nonce.parse().unwrap();
        match i.nonce {
            Some(n) => prop_assert_eq!(nonce, if n == 0.0 { 0.0 } else { n }),
            None => prop_assert!((0.1..1.0).contains(&nonce)),
        }

        let at_issue = DateTime::from_timestamp(iat, 0).unwrap();
        prop_assert_eq!(&token::verify(token.as_str(), KEY, SECRET, at_issue).unwrap(), &c);
        prop_assert_eq!(token::verify(token.as_str(), KEY, "wrong", at_issue), Err(TokenError::BadSignature));
        prop_assert_eq!(token::verify(token.as_str(), "46000001", SECRET, at_issue), Err(TokenError::WrongApiKey));
        prop_assert_eq!(
            token::verify(token.as_str(), KEY, SECRET, DateTime::from_timestamp(expire, 0).unwrap()),
            Err(TokenError::Expired { expired_at: expire })
        );

        // The test server's independent verifier reads the same claims.
        let info = opentok_test_server::verify_client_token(token.as_str(), KEY, SECRET, iat)
            .map_err(|e| TestCaseError::fail(format!("test server refused: {e}")))?;
        prop_assert_eq!(info.session_id, i.session_id.clone());
        prop_assert_eq!(info.role, i.role.as_str());
        prop_assert_eq!(info.connection_data, c.connection_data.clone());
        prop_assert_eq!(info.initial_layout_class_list.unwrap_or_default(), c.initial_layout_class_list.clone());
        prop_assert_eq!(info.expire_time, Some(expire));
        prop_assert_eq!(info.create_time, Some(create));
    }

    #[test]
    fn altering_any_byte_breaks_verification(i in input(), mask in 1u8..0x80) {
        let token = mint(&i).unwrap().into_string();
        let at_issue = DateTime::from_timestamp(i.issued_ms.div_euclid(1000), 0).unwrap();
        let mut bytes = token.into_bytes();
        for at in 0..bytes.len() {
            bytes[at] ^= mask;
            let altered = std::str::from_utf8(&bytes).unwrap();
            prop_assert!(
                token::verify(altered, KEY, SECRET, at_issue).is_err(),
                "byte {} ^ {:#x} still verifies: {}", at, mask, altered
            );
            bytes[at] ^= mask;
        }
    }

    #[test]
    fn invalid_inputs_name_their_field(
        i in input(),
        which in 0..7u8,
        long in 1001..1100usize,
        beyond in 1..=10 * DAY,
        foreign in "[1-9][0-9]{0,8}",
        junk in "\\PC{0,30}",
    ) {
        let mut bad = i.clone();
        let want = match which {
            0 => { bad.data = Some("😀".repeat(long.div_ceil(2))); "data" }
            1 => { bad.expiry = Expiry::At(30 * DAY + beyond); "expire_time" }
            2 => { bad.expiry = Expiry::In(30 * DAY + beyond); "expire_time" }
            3 => { bad.classes.push(String::new()); "initial_layout_class_list" }
            4 => { bad.classes = vec!["c".repeat(long)]; "initial_layout_class_list" }
            5 => {
                prop_assume!(foreign != KEY);
                bad.session_id = format!("1_{}", URL_SAFE_NO_PAD.encode(format!("1~{foreign}~~")));
                "session_id"
            }
            _ => { bad.nonce = Some(f64::NAN); "nonce" }
        };
        prop_assert_eq!(field_of(mint(&bad)), Some(want));
        // Arbitrary session ids are checked, never a panic.
        bad = i;
        bad.session_id = junk;
        let got = field_of(mint(&bad));
        prop_assert!(got.is_none() || got == Some("session_id"), "{:?}", got);
        if !bad.classes.is_empty() {
            bad.session_id = format!("1_{}", URL_SAFE_NO_PAD.encode(format!("1~{KEY}~~")));
            bad.classes[0].push(' ');
            prop_assert_eq!(field_of(mint(&bad)), Some("initial_layout_class_list"));
        }
    }

    #[test]
    fn decode_and_verify_never_panic(
        text in "\\PC{0,200}",
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        json in "\\{(\"[a-z_]{1,12}\":(-?[0-9]{1,20}(\\.[0-9]{1,5})?(e-?[0-9]{1,3})?|\"[^\"\\\\]{0,10}\"|null|true|\\[\\]),?){0,8}\\}",
    ) {
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let candidates = [
            text.clone(),
            format!("T1=={text}"),
            format!("T1=={}", STANDARD.encode(&bytes)),
            format!("T1=={}", STANDARD.encode(format!("partner_id={KEY}&sig={}:{text}", "0".repeat(40)))),
            format!("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{}.{text}", URL_SAFE_NO_PAD.encode(&bytes)),
            format!("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{}.sig", URL_SAFE_NO_PAD.encode(&json)),
            format!("{}.{}.x", URL_SAFE_NO_PAD.encode(&json), URL_SAFE_NO_PAD.encode(&json)),
        ];
        for candidate in candidates {
            let decoded = token::decode(&candidate);
            let verified = token::verify(&candidate, KEY, SECRET, now);
            // Nothing forged here carries a valid signature.
            prop_assert!(verified.is_err());
            if let Ok(claims) = decoded {
                prop_assert!(!claims.session_id.as_str().is_empty());
            }
        }
    }
}
