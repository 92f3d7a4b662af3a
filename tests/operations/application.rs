//! Vonage application credentials: construction and key checks, the RS256 `Authorization: Bearer` JWT on
//! every request (checked with aws-lc's verifier against the public key, on a server that only records),
//! and RS256 client tokens.

use crate::common;

use std::sync::{Arc, Mutex};

use aws_lc_rs::signature::{UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use common::keys;
use opentok_sdk::{
    token::{self, PublicKey, Role, TokenFormat},
    ArchiveId, Error, OpenTok, TokenError,
};
use serde_json::Value;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};

const PKCS1: &str = include_str!("../fixtures/app_pkcs1.pem");
const PKCS1_PUBLIC: &str = include_str!("../fixtures/app_pkcs1.pub.pem");
const APP_ID: &str = "7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4a";

fn reason(result: opentok_sdk::Result<OpenTok>) -> (&'static str, String) {
    match result {
        Err(Error::InvalidArgument { field, reason }) => (field, reason.into_owned()),
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}

#[test]
fn construction_checks_the_id_and_the_key_and_never_shows_the_key() {
    let app = keys::application();
    let ot = OpenTok::with_application(&app.id, app.private_pem.as_str()).unwrap();
    assert_eq!(ot.application_id(), Some(app.id.as_str()));
    assert_eq!(ot.api_key(), None);
    assert_eq!(ot.account_id(), app.id);
    assert_eq!(ot.api_url(), opentok_sdk::DEFAULT_VONAGE_API_URL);
    OpenTok::with_application(APP_ID, PKCS1).expect("PKCS#1 keys are accepted");

    // A line from the middle of the key: it must never appear in Debug output or an error.
    let secret_line = app.private_pem.lines().nth(5).unwrap().to_owned();
    let builder = OpenTok::application_builder(&app.id, app.private_pem.as_str());
    for shown in [format!("{ot:?}"), format!("{builder:?}")] {
        assert!(!shown.contains(&secret_line) && !shown.contains("PRIVATE KEY"), "{shown}");
    }

    let (field, _) = reason(OpenTok::with_application("12345678", app.private_pem.as_str()));
    assert_eq!(field, "application_id");
    let truncated: String = app.private_pem.lines().take(6).collect::<Vec<_>>().join("\n");
    let ec = {
        use aws_lc_rs::signature::{EcdsaKeyPair, ECDSA_P256_SHA256_ASN1_SIGNING};
        let key = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_ASN1_SIGNING).unwrap();
        keys::pem("PRIVATE KEY", key.to_pkcs8v1().unwrap().as_ref())
    };
    let encrypted = keys::pem("ENCRYPTED PRIVATE KEY", &[1, 2, 3]);
    let cases: [(&str, &str); 7] = [
        (&app.public_pem, "public key"),
        (&ec, "not a usable RSA private key"),
        (&encrypted, "encrypted"),
        (&truncated, "truncated"),
        ("not a key at all", "not a PEM"),
        ("", "not a PEM"),
        (PKCS1_PUBLIC, "public key"),
    ];
    for (pem, want) in cases {
        let (field, why) = reason(OpenTok::with_application(APP_ID, pem));
        assert_eq!(field, "private_key");
        assert!(why.contains(want), "{want:?} not in {why:?}");
        assert!(!why.contains(&secret_line));
    }
}

/// Serves 404 to everything, recording each request's head.
async fn recorder() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&heads);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let seen = Arc::clone(&seen);
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let mut len = 0;
                while !buf[..len].windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf[len..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => len += n,
                    }
                }
                seen.lock().unwrap().push(String::from_utf8_lossy(&buf[..len]).into_owned());
                let body = br#"{"code":404,"message":"not found"}"#;
                let head =
                    format!("HTTP/1.1 404 Not Found\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(body).await;
            });
        }
    });
    (url, heads)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[tokio::test]
async fn every_request_carries_a_fresh_rs256_bearer_jwt_and_the_application_id_in_its_path() {
    let app = keys::application();
    let public_der = {
        let pem = app.public_pem.lines().filter(|l| !l.starts_with("-----")).collect::<String>();
        base64::engine::general_purpose::STANDARD.decode(pem).unwrap()
    };
    let (url, heads) = recorder().await;
    let ot = OpenTok::application_builder(&app.id, app.private_pem.as_str()).with_api_url(url).build().unwrap();
    for _ in 0..2 {
        assert!(ot.get_archive(&ArchiveId::from("abc")).await.unwrap_err().is_not_found());
    }
    let heads = heads.lock().unwrap().clone();
    assert_eq!(heads.len(), 2);
    let now = chrono::Utc::now().timestamp();
    let mut jtis = Vec::new();
    for head in &heads {
        assert!(head.starts_with(&format!("GET /v2/project/{}/archive/abc HTTP/1.1", app.id)), "{head}");
        assert!(header(head, "x-opentok-auth").is_none(), "never both kinds of auth: {head}");
        let jwt = header(head, "authorization").and_then(|v| v.strip_prefix("Bearer ")).expect("Bearer JWT");
        let (signed, signature) = jwt.rsplit_once('.').unwrap();
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &public_der)
            .verify(signed.as_bytes(), &URL_SAFE_NO_PAD.decode(signature).unwrap())
            .expect("signed with the application's key");
        let (header_b64, claims_b64) = signed.split_once('.').unwrap();
        let jose: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header_b64).unwrap()).unwrap();
        assert_eq!(jose, serde_json::json!({"alg": "RS256", "typ": "JWT"}));
        let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims_b64).unwrap()).unwrap();
        let keys: Vec<&str> = claims.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 4, "{claims}");
        assert_eq!(claims["application_id"], app.id.as_str());
        let iat = claims["iat"].as_i64().unwrap();
        assert!((now - iat).abs() <= 5, "{claims}");
        assert_eq!(claims["exp"].as_i64(), Some(iat + 300));
        let jti = uuid::Uuid::parse_str(claims["jti"].as_str().unwrap()).expect("jti is a UUID");
        assert_eq!(jti.get_version_num(), 4);
        jtis.push(jti);
    }
    assert_ne!(jtis[0], jtis[1], "a fresh jti per request");
}

fn session_id() -> String {
    // A Vonage session id: `2_` and base64 of a record that holds no numeric API key.
    format!("2_{}", URL_SAFE_NO_PAD.encode(format!("1~{APP_ID}~~1700000000000~abc~~")))
}

#[test]
fn client_tokens_are_rs256_with_the_platforms_claims() {
    let ot = OpenTok::with_application(APP_ID, PKCS1).unwrap();
    let sid = session_id();
    let token = ot
        .generate_token(&sid)
        .role(Role::Moderator)
        .data("name=Ann")
        .initial_layout_class_list(["focus", "full"])
        .build()
        .unwrap();
    assert_eq!(token.format(), TokenFormat::Rs256);
    let (signed, _) = token.as_str().rsplit_once('.').unwrap();
    let (header_b64, claims_b64) = signed.split_once('.').unwrap();
    assert_eq!(header_b64, URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","typ":"JWT"}"#));
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims_b64).unwrap()).unwrap();
    let (iat, exp) = (claims["iat"].as_i64().unwrap(), claims["exp"].as_i64().unwrap());
    assert!((exp - iat - 86_400).abs() <= 1, "24 hours by default: {claims}");
    let jti = claims["jti"].as_str().unwrap().to_owned();
    assert_eq!(uuid::Uuid::parse_str(&jti).unwrap().get_version_num(), 4);
    assert_eq!(
        claims,
        serde_json::json!({
            "scope": "session.connect", "session_id": sid, "role": "moderator",
            "initial_layout_class_list": "focus full", "exp": exp, "sub": "video",
            "acl": {"paths": {"/session/**": {}}}, "connection_data": "name=Ann", "jti": jti, "iat": iat,
            "application_id": APP_ID,
        })
    );
    // No data: no connection_data claim; no classes: an empty string.
    let plain = ot.generate_token(&sid).build().unwrap();
    let claims = token::decode(plain.as_str()).unwrap();
    assert_eq!((claims.connection_data, claims.initial_layout_class_list.as_str()), (None, ""));
    assert_eq!(claims.api_key, APP_ID);

    // Verification: with the client, and with the public key alone.
    assert_eq!(ot.verify_token(token.as_str()).unwrap().role, Role::Moderator);
    let public = PublicKey::from_pem(PKCS1_PUBLIC).unwrap();
    let now = chrono::Utc::now();
    token::verify_rs256(token.as_str(), APP_ID, &public, now).unwrap();
    assert_eq!(
        token::verify_rs256(token.as_str(), "00000000-0000-4000-8000-000000000000", &public, now),
        Err(TokenError::WrongApiKey)
    );
    let other = keys::application();
    let other_key = PublicKey::from_pem(&other.public_pem).unwrap();
    assert_eq!(token::verify_rs256(token.as_str(), APP_ID, &other_key, now), Err(TokenError::BadSignature));
    let later = now + chrono::Duration::days(2);
    assert!(matches!(token::verify_rs256(token.as_str(), APP_ID, &public, later), Err(TokenError::Expired { .. })));
    assert!(matches!(PublicKey::from_pem(PKCS1), Err(TokenError::InvalidKey(_))));
    assert!(matches!(PublicKey::from_pem("junk"), Err(TokenError::InvalidKey(_))));
    // An HS256 checker does not accept an RS256 token, whatever the secret.
    assert!(token::verify(token.as_str(), APP_ID, "secret", now).is_err());
}

#[test]
fn application_token_rules() {
    let ot = OpenTok::with_application(APP_ID, PKCS1).unwrap();
    let sid = session_id();
    let field = |r: opentok_sdk::Result<opentok_sdk::Token>| match r {
        Err(Error::InvalidArgument { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    assert_eq!(field(ot.generate_token(&sid).legacy_t1().build()), "format");
    assert_eq!(field(ot.generate_token("not-a-session").build()), "session_id");
    assert_eq!(field(ot.generate_token("").build()), "session_id");
    assert_eq!(field(ot.generate_token(&sid).data("x".repeat(1001)).build()), "data");
    assert_eq!(
        field(ot.generate_token(&sid).expires_in(std::time::Duration::from_secs(31 * 86_400)).build()),
        "expire_time"
    );
    let past = chrono::Utc::now() - chrono::Duration::seconds(10);
    assert_eq!(field(ot.generate_token(&sid).expire_time(past).build()), "expire_time");
    // Any project's well-formed session id is accepted: there is no key to compare.
    let opentok_sid = format!("1_{}", URL_SAFE_NO_PAD.encode("1~12345678~~1700000000000~abc~~"));
    ot.generate_token(&opentok_sid).build().unwrap();
}

mod props {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// What is minted decodes to what was asked for, and any changed byte makes it fail to verify.
        #[test]
        fn minted_tokens_round_trip_and_any_change_breaks_them(
            role in prop::sample::select(vec![Role::Subscriber, Role::Publisher, Role::PublisherOnly, Role::Moderator]),
            data in proptest::option::of("\\PC{0,60}"),
            classes in proptest::collection::vec("[a-z]{1,8}", 0..4),
            hours in 1u64..(24 * 30),
            at in any::<prop::sample::Index>(),
            flip in 1u8..=255,
        ) {
            let ot = OpenTok::with_application(APP_ID, PKCS1).unwrap();
            let sid = session_id();
            let mut builder = ot.generate_token(&sid).role(role).initial_layout_class_list(classes.iter())
                .expires_in(std::time::Duration::from_secs(hours * 3600));
            if let Some(data) = &data {
                builder = builder.data(data.as_str());
            }
            let token = builder.build().unwrap();
            let claims = ot.verify_token(token.as_str()).unwrap();
            prop_assert_eq!(claims.role, role);
            prop_assert_eq!(claims.session_id.as_str(), sid.as_str());
            prop_assert_eq!(claims.connection_data, data.filter(|d| !d.is_empty()));
            prop_assert_eq!(claims.initial_layout_class_list, classes.join(" "));
            prop_assert_eq!(claims.format, TokenFormat::Rs256);
            let mut bytes = token.as_str().as_bytes().to_vec();
            let i = at.index(bytes.len());
            bytes[i] ^= flip;
            let changed = String::from_utf8_lossy(&bytes);
            prop_assert!(ot.verify_token(&changed).is_err(), "a changed byte at {} still verifies", i);
        }
    }
}
