//! The platform's callbacks: reading every kind, signed-callback verification against an independent
//! signer, properties (no panic on any input), the axum extractor (feature `axum`), and
//! `examples/webhooks.rs` receiving the test server's callbacks. One test binary: linked once, tests in
//! parallel.

#[path = "../common/mod.rs"]
mod common;

mod events;
mod example;
#[cfg(feature = "axum")]
mod extractor;
mod props;
mod verify;
