//! Floor 1, verification primitives: base64, HS256 JWTs, the REST auth JWT and client tokens.
//! Pure functions of their input and a clock reading; nothing here knows about HTTP or state.
//!
//! An application mode (RS256 `Authorization: Bearer` JWTs checked against an application's public
//! key) adds one file here beside [`rest_auth`], and one arm in `routes::auth`.

pub(crate) mod base64;
pub(crate) mod client_token;
pub(crate) mod jwt;
pub(crate) mod rest_auth;
