//! Token minting against the bare HMAC it cannot avoid, in one run. Goals (issue #9): `t1` at most 2.0x
//! `hmac_sha1_baseline` and `jwt` at most 1.7x `hmac_sha256_baseline` (aim: 1.5x and 1.3x), where each
//! baseline hashes the same message bytes (the T1 data string, the JWT `header.payload`) with a pre-keyed
//! HMAC state, cloned per call as the SDK does. The `*_data_layout` and `*_rest` baselines do the same for
//! the messages of the `*_data_layout` tokens and of `rest_auth_jwt`.
//!
//! * Time: `cargo bench --bench tokens -- --warm-up-time 1 --measurement-time 3` (criterion medians). On
//!   Linux criterion measures the benchmarking thread's CPU time, so that time spent waiting for a core on
//!   a shared machine is not counted; `TOKENS_WALL=1` measures wall-clock time instead.
//! * Instructions, deterministic on a busy machine: `TOKENS_COUNT=<case>:<iterations>` runs one case that
//!   many times without criterion, for `valgrind --tool=callgrind` (profile) or
//!   `valgrind --tool=cachegrind --cache-sim=no` (count). Counting two iteration numbers and dividing the
//!   difference cancels the set-up: see the README's "Speed" section for the loop.
//!
//! Valgrind hides SHA-NI from the program, so under it the HMAC runs the portable SHA code and costs more
//! instructions than it does natively: instruction counts measure the SDK's own work (token minus
//! baseline) exactly, and the ratio only approximately.

use std::{hint::black_box, time::Duration};

use base64::{
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
    Engine as _,
};
use hmac::{Hmac, KeyInit, Mac};
use opentok_sdk::{token::Role, OpenTok};
use sha1::Sha1;
use sha2::Sha256;

#[path = "support/harness.rs"]
mod harness;

const KEY: &str = "46000000";
const SECRET: &str = "a3f1c2e4b5d6a7f8091a2b3c4d5e6f7081920a1b";
const DATA: &str = "userId=12345&name=Johnny Appleseed";
const CLASSES: [&str; 3] = ["focus", "inactive", "full"];

/// Every case, in the order criterion runs them.
const CASES: [&str; 11] = [
    "hmac_sha1_baseline",
    "hmac_sha256_baseline",
    "hmac_sha1_baseline_data_layout",
    "hmac_sha256_baseline_data_layout",
    "hmac_sha256_baseline_rest",
    "t1",
    "t1_data_layout",
    "t1_alternating_sessions",
    "jwt",
    "jwt_data_layout",
    "rest_auth_jwt",
];

fn session_id(location: &str) -> String {
    format!("1_{}", URL_SAFE_NO_PAD.encode(format!("1~{KEY}~{location}~1700000000000~0.4901302~")))
}

/// The client, the session ids, and the messages the baselines hash.
struct Fixture {
    ot: OpenTok,
    sid: String,
    other_sid: String,
    t1_data: Vec<u8>,
    jwt_signed: Vec<u8>,
    t1_rich_data: Vec<u8>,
    jwt_rich_signed: Vec<u8>,
    rest_signed: Vec<u8>,
    sha1: Hmac<Sha1>,
    sha256: Hmac<Sha256>,
}

/// The data string that a T1 token signs.
fn t1_message(token: &str) -> Vec<u8> {
    let inner = STANDARD.decode(&token[4..]).expect("T1 body is base64");
    inner[inner.iter().position(|&b| b == b':').expect("T1 body has a `:`") + 1..].to_vec()
}

/// The `header.payload` that a JWT signs.
fn jwt_message(token: &str) -> Vec<u8> {
    token.rsplit_once('.').expect("a JWT").0.as_bytes().to_vec()
}

fn rich(b: opentok_sdk::token::TokenBuilder<'_>) -> opentok_sdk::token::Token {
    b.role(Role::Moderator).data(DATA).initial_layout_class_list(CLASSES).build().expect("valid token")
}

impl Fixture {
    fn new() -> Self {
        let ot = OpenTok::new(KEY, SECRET).expect("valid credentials");
        let sid = session_id("127.0.0.1");
        let other_sid = session_id("10.0.0.1");
        let t1_data = t1_message(ot.generate_token(&sid).legacy_t1().build().expect("valid token").as_str());
        let jwt_signed = jwt_message(ot.generate_token(&sid).build().expect("valid token").as_str());
        let t1_rich_data = t1_message(rich(ot.generate_token(&sid).legacy_t1()).as_str());
        let jwt_rich_signed = jwt_message(rich(ot.generate_token(&sid)).as_str());
        let rest_signed = jwt_message(&opentok_sdk::token::bench_rest_auth_jwt(&ot));
        let sha1 = <Hmac<Sha1> as KeyInit>::new_from_slice(SECRET.as_bytes()).expect("any key length");
        let sha256 = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).expect("any key length");
        Self { ot, sid, other_sid, t1_data, jwt_signed, t1_rich_data, jwt_rich_signed, rest_signed, sha1, sha256 }
    }

    /// The case named `name`, as a closure that runs it once.
    fn case<'a>(&'a self, name: &str) -> Box<dyn FnMut() + 'a> {
        let sha1 = |msg: &'a [u8]| -> Box<dyn FnMut() + 'a> {
            Box::new(move || {
                let mut mac = self.sha1.clone();
                mac.update(black_box(msg));
                black_box(mac.finalize().into_bytes());
            })
        };
        let sha256 = |msg: &'a [u8]| -> Box<dyn FnMut() + 'a> {
            Box::new(move || {
                let mut mac = self.sha256.clone();
                mac.update(black_box(msg));
                black_box(mac.finalize().into_bytes());
            })
        };
        let (ot, sid) = (&self.ot, &self.sid);
        match name {
            "hmac_sha1_baseline" => sha1(&self.t1_data),
            "hmac_sha256_baseline" => sha256(&self.jwt_signed),
            "hmac_sha1_baseline_data_layout" => sha1(&self.t1_rich_data),
            "hmac_sha256_baseline_data_layout" => sha256(&self.jwt_rich_signed),
            "hmac_sha256_baseline_rest" => sha256(&self.rest_signed),
            "t1" => Box::new(move || {
                black_box(ot.generate_token(black_box(sid)).legacy_t1().build().expect("valid token"));
            }),
            "t1_data_layout" => Box::new(move || {
                black_box(rich(ot.generate_token(black_box(sid)).legacy_t1()));
            }),
            // Alternating sessions: the session id is checked afresh on every token.
            "t1_alternating_sessions" => {
                let mut flip = false;
                Box::new(move || {
                    flip = !flip;
                    let sid = if flip { sid } else { &self.other_sid };
                    black_box(ot.generate_token(black_box(sid)).legacy_t1().build().expect("valid token"));
                })
            }
            "jwt" => Box::new(move || {
                black_box(ot.generate_token(black_box(sid)).build().expect("valid token"));
            }),
            "jwt_data_layout" => Box::new(move || {
                black_box(rich(ot.generate_token(black_box(sid))));
            }),
            "rest_auth_jwt" => Box::new(move || {
                black_box(opentok_sdk::token::bench_rest_auth_jwt(black_box(ot)));
            }),
            other => panic!("unknown case {other}; the cases are {CASES:?}"),
        }
    }
}

impl harness::Cases for Fixture {
    const GROUP: &'static str = "tokens";
    const CASES: &'static [&'static str] = &CASES;

    fn case(&self, name: &str) -> Box<dyn FnMut() + '_> {
        Fixture::case(self, name)
    }
}

fn main() {
    harness::run(&Fixture::new(), "TOKENS", Duration::from_secs(3));
}
