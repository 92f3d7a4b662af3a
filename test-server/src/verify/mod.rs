//! Floor 1, verification primitives: base64, HS256 JWTs, the REST auth JWT and client tokens.
//! Pure functions of their input and a clock reading; nothing here knows about HTTP or state.
//!
//! [`application`] checks what a Vonage application sends (RS256 `Authorization: Bearer` JWTs and
//! RS256 client tokens) against its public key, beside [`rest_auth`] and [`client_token`] for a project's
//! key and secret.

pub(crate) mod application;
pub(crate) mod base64;
pub(crate) mod callback_jwt;
pub(crate) mod client_token;
pub(crate) mod jwt;
pub(crate) mod mint;
pub(crate) mod rest_auth;
