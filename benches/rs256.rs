//! Application credentials against the RSA signature they cannot avoid. Goal (issue #10): an RS256 client
//! token and an RS256 REST auth JWT each at most 1.05x `rsa2048_sign_baseline_*`, a bare RSA-2048
//! PKCS#1 v1.5 SHA-256 signature (aws-lc-rs, the SDK's own provider) of the same `header.payload` bytes
//! with the same pre-parsed key.
//!
//! `cargo bench --bench rs256` (about a minute).

use std::{hint::black_box, time::Duration};

use aws_lc_rs::{
    rand::SystemRandom,
    signature::{RsaKeyPair, RSA_PKCS1_SHA256},
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use criterion::{criterion_group, criterion_main, Criterion};
use opentok_sdk::{token::Role, OpenTok};

const APP_ID: &str = "7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4a";
const PEM: &str = include_str!("../tests/fixtures/app_pkcs1.pem");

fn der_of(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD.decode(body).expect("PEM body")
}

fn rs256(c: &mut Criterion) {
    let ot = OpenTok::with_application(APP_ID, PEM).expect("valid credentials");
    let sid = format!("2_{}", URL_SAFE_NO_PAD.encode(format!("1~{APP_ID}~~1700000000000~0.4901302~")));
    let key = RsaKeyPair::from_der(&der_of(PEM)).expect("PKCS#1 key");
    let rng = SystemRandom::new();

    // The bytes each signs: a client token's and a REST JWT's `header.payload`.
    let token = ot.generate_token(&sid).role(Role::Moderator).data("name=Ann").build().unwrap();
    let token_signed = token.as_str().rsplit_once('.').unwrap().0.as_bytes().to_vec();
    let rest = opentok_sdk::token::bench_rest_auth_jwt(&ot);
    let rest_signed = rest.rsplit_once('.').unwrap().0.as_bytes().to_vec();
    let mut signature = vec![0u8; key.public_modulus_len()];

    let mut group = c.benchmark_group("rs256");
    group.measurement_time(Duration::from_secs(5)).warm_up_time(Duration::from_secs(1));
    group.bench_function("rsa2048_sign_baseline_token", |b| {
        b.iter(|| key.sign(&RSA_PKCS1_SHA256, &rng, black_box(&token_signed), &mut signature).unwrap())
    });
    group.bench_function("client_token", |b| {
        b.iter(|| ot.generate_token(black_box(&sid)).role(Role::Moderator).data("name=Ann").build().unwrap())
    });
    group.bench_function("rsa2048_sign_baseline_rest", |b| {
        b.iter(|| key.sign(&RSA_PKCS1_SHA256, &rng, black_box(&rest_signed), &mut signature).unwrap())
    });
    group.bench_function("rest_auth_jwt", |b| b.iter(|| opentok_sdk::token::bench_rest_auth_jwt(black_box(&ot))));
    group.finish();
}

criterion_group!(benches, rs256);
criterion_main!(benches);
