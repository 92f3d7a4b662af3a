//! HTTP-level tests of the test server (one binary: one link).

mod common;

mod archives;
mod auth;
mod faults;
mod moderation;
mod sessions;
mod sip;
mod standalone;
mod tokens;
