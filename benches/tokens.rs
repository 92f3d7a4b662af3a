//! Token minting against the bare HMAC it cannot avoid. Goals (issue #3): T1 at most 2.0x
//! `hmac_sha1_baseline`, JWT at most 2.5x `hmac_sha256_baseline`, where each baseline hashes the same
//! message bytes (the T1 data string, the JWT `header.payload`) with a pre-keyed HMAC state. The
//! `*_baseline_data_layout` benches do the same for the longer messages of the `*_data_layout` tokens.
//!
//! `cargo bench --bench tokens` (about a minute).

use std::{hint::black_box, time::Duration};

use base64::{
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
    Engine as _,
};
use criterion::{criterion_group, criterion_main, Criterion};
use hmac::{Hmac, KeyInit, Mac};
use opentok_sdk::{token::Role, OpenTok};
use sha1::Sha1;
use sha2::Sha256;

const KEY: &str = "46000000";
const SECRET: &str = "a3f1c2e4b5d6a7f8091a2b3c4d5e6f7081920a1b";
const DATA: &str = "userId=12345&name=Johnny Appleseed";
const CLASSES: [&str; 3] = ["focus", "inactive", "full"];

fn session_id(location: &str) -> String {
    format!("1_{}", URL_SAFE_NO_PAD.encode(format!("1~{KEY}~{location}~1700000000000~0.4901302~")))
}

fn tokens(c: &mut Criterion) {
    let ot = OpenTok::new(KEY, SECRET).expect("valid credentials");
    let sid = session_id("127.0.0.1");
    let other_sid = session_id("10.0.0.1");

    // The messages the baselines hash: those of a plain T1 token and a plain JWT.
    let t1 = ot.generate_token(&sid).legacy_t1().build().unwrap();
    let t1_inner = STANDARD.decode(&t1.as_str()[4..]).unwrap();
    let t1_data = t1_inner[t1_inner.iter().position(|&b| b == b':').unwrap() + 1..].to_vec();
    let jwt = ot.generate_token(&sid).build().unwrap();
    let jwt_signed = jwt.as_str().rsplit_once('.').unwrap().0.as_bytes().to_vec();
    // And those of the data_layout variants, whose messages are longer.
    let rich = |b: opentok_sdk::token::TokenBuilder<'_>| {
        b.role(Role::Moderator).data(DATA).initial_layout_class_list(CLASSES).build().unwrap()
    };
    let t1_rich = rich(ot.generate_token(&sid).legacy_t1());
    let t1_rich_inner = STANDARD.decode(&t1_rich.as_str()[4..]).unwrap();
    let t1_rich_data = t1_rich_inner[t1_rich_inner.iter().position(|&b| b == b':').unwrap() + 1..].to_vec();
    let jwt_rich = rich(ot.generate_token(&sid));
    let jwt_rich_signed = jwt_rich.as_str().rsplit_once('.').unwrap().0.as_bytes().to_vec();
    let sha1 = <Hmac<Sha1> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
    let sha256 = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();

    let mut g = c.benchmark_group("tokens");
    g.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    g.bench_function("hmac_sha1_baseline", |b| {
        b.iter(|| {
            let mut mac = sha1.clone();
            mac.update(black_box(&t1_data));
            mac.finalize().into_bytes()
        })
    });
    g.bench_function("hmac_sha256_baseline", |b| {
        b.iter(|| {
            let mut mac = sha256.clone();
            mac.update(black_box(&jwt_signed));
            mac.finalize().into_bytes()
        })
    });
    g.bench_function("hmac_sha1_baseline_data_layout", |b| {
        b.iter(|| {
            let mut mac = sha1.clone();
            mac.update(black_box(&t1_rich_data));
            mac.finalize().into_bytes()
        })
    });
    g.bench_function("hmac_sha256_baseline_data_layout", |b| {
        b.iter(|| {
            let mut mac = sha256.clone();
            mac.update(black_box(&jwt_rich_signed));
            mac.finalize().into_bytes()
        })
    });
    g.bench_function("t1", |b| b.iter(|| ot.generate_token(black_box(&sid)).legacy_t1().build().unwrap()));
    g.bench_function("t1_data_layout", |b| {
        b.iter(|| {
            ot.generate_token(black_box(&sid))
                .role(Role::Moderator)
                .data(DATA)
                .initial_layout_class_list(CLASSES)
                .legacy_t1()
                .build()
                .unwrap()
        })
    });
    // Alternating sessions: the session id is decoded and checked on every token.
    let mut flip = false;
    g.bench_function("t1_alternating_sessions", |b| {
        b.iter(|| {
            flip = !flip;
            ot.generate_token(black_box(if flip { &sid } else { &other_sid })).legacy_t1().build().unwrap()
        })
    });
    g.bench_function("jwt", |b| b.iter(|| ot.generate_token(black_box(&sid)).build().unwrap()));
    g.bench_function("jwt_data_layout", |b| {
        b.iter(|| {
            ot.generate_token(black_box(&sid))
                .role(Role::Moderator)
                .data(DATA)
                .initial_layout_class_list(CLASSES)
                .build()
                .unwrap()
        })
    });
    g.bench_function("rest_auth_jwt", |b| b.iter(|| opentok_sdk::token::bench_rest_auth_jwt(black_box(&ot))));
    g.finish();
}

criterion_group!(benches, tokens);
criterion_main!(benches);
