//! Callback reading and verification never panic, whatever the bytes: the input is split at its first
//! NUL into an `Authorization` header value and a body, and read both as a signed callback (through
//! `http::HeaderMap`, as a receiver does) and as an unsigned one.
#![no_main]

use http::{header::AUTHORIZATION, HeaderMap, HeaderValue};
use libfuzzer_sys::fuzz_target;
use opentok_sdk::webhook::{Event, Verifier};

fuzz_target!(|data: &[u8]| {
    let (header, body) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&[][..], data),
    };
    let Ok(verifier) = Verifier::new("fuzz-secret") else { return };
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_bytes(header) {
        headers.insert(AUTHORIZATION, value);
    }
    let _ = verifier.verify_and_parse_at(&headers, body, 1_764_700_000);
    let _ = verifier.verify_at(std::str::from_utf8(header).ok(), body, i64::MAX);
    if let Ok(event) = Event::from_json(body) {
        // What reads serializes, and reads back to the same event.
        let again = Event::from_value(event.to_json()).expect("a serialized event reads back");
        assert_eq!(again, event);
    }
});
