//! The platform's callbacks: reading every kind, signed-callback verification against an independent
//! signer, properties (no panic on any input), the axum extractor (feature `axum`), and
//! `examples/webhooks.rs` receiving the test server's callbacks; with the `redis` feature, the replay store
//! shared through a real `redis-server` (tests/webhooks/redis_server.rs). One test binary: linked once, tests in
//! parallel.

#[path = "../common/mod.rs"]
mod common;

mod events;
mod example;
#[cfg(all(feature = "axum", feature = "redis"))]
mod example_shared;
#[cfg(feature = "axum")]
mod extractor;
mod props;
#[cfg(feature = "redis")]
mod redis_server;
#[cfg(feature = "redis")]
mod shared_store;
#[cfg(any(feature = "axum", feature = "redis"))]
mod sign;
#[cfg(feature = "axum")]
mod state_diagnostic;
mod verify;
