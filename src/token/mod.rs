//! Client tokens: what a client (a browser or a mobile app using the OpenTok client SDK) needs to connect
//! to a session. They are minted locally, with no HTTP call: [`OpenTok::generate_token`] returns a
//! [`TokenBuilder`].
//!
//! Two formats, byte for byte as the official Node SDK 2.23.2 writes them:
//! * [`TokenFormat::Jwt`] (the default, as in every current official SDK): an HS256 JWT signed with the API
//!   secret;
//! * [`TokenFormat::T1`] ([`TokenBuilder::legacy_t1`]): `T1==` followed by base64 of the partner id, an
//!   HMAC-SHA1 signature and the form-encoded token data.
//!
//! [`decode`] reads the claims of a token of either format; [`verify`] also checks its signature (in constant
//! time), the API key it names, and its expiry.
//!
//! ```no_run
//! # fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
//! use std::time::Duration;
//! use opentok_sdk::token::Role;
//!
//! let token = ot
//!     .generate_token(&session_id)
//!     .role(Role::Moderator)
//!     .expires_in(Duration::from_secs(2 * 3600))
//!     .data("userId=12345&name=Johnny Appleseed")
//!     .initial_layout_class_list(["focus", "inactive"])
//!     .build()?;
//! println!("{token}");
//! # Ok(()) }
//! ```
//!
//! See the platform's [token documentation](https://tokbox.com/developer/guides/create-token/).
//!
//! [`OpenTok::generate_token`]: crate::OpenTok::generate_token

use std::{cell::RefCell, fmt};

mod builder;
mod decode;
pub(crate) mod jwt;
mod role;
mod rs256;
mod t1;
mod text;

pub use builder::TokenBuilder;
pub use builder::{DEFAULT_TOKEN_TTL, MAX_DATA_LEN, MAX_LAYOUT_CLASS_LIST_LEN, MAX_TOKEN_TTL};
pub use decode::{decode, verify, verify_rs256, TokenClaims, TokenError, CLOCK_SLACK};
#[doc(hidden)]
pub use jwt::bench_rest_auth_jwt;
pub use role::Role;
pub use rs256::PublicKey;

pub(crate) use crate::clock::{unix_now, unix_now_ms};

/// The two client token formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenFormat {
    /// An HS256 JWT signed with the API secret: what the official SDKs emit since early 2025, and the
    /// default here.
    #[default]
    Jwt,
    /// The legacy `T1==` format, signed with HMAC-SHA1. Every version of the client SDKs accepts it.
    T1,
    /// An RS256 JWT signed with a Vonage application's private key: what a client built with
    /// [`OpenTok::with_application`](crate::OpenTok::with_application) mints.
    Rs256,
}

/// A client token. It displays as the token string, which is what a client needs.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Token {
    text: String,
    format: TokenFormat,
}

impl Token {
    /// The token string.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The token string, owned.
    pub fn into_string(self) -> String {
        self.text
    }

    /// The token's format.
    pub fn format(&self) -> TokenFormat {
        self.format
    }

    /// The claims of a token string of either format, without checking its signature: see [`decode`].
    ///
    /// # Errors
    /// [`TokenError::Malformed`] when the text is not a well-formed token.
    pub fn decode(token: &str) -> Result<TokenClaims, TokenError> {
        decode(token)
    }

    /// The claims of this token.
    ///
    /// # Errors
    /// None in practice for a token minted by this crate; see [`decode`].
    pub fn claims(&self) -> Result<TokenClaims, TokenError> {
        decode(&self.text)
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token").field("format", &self.format).field("text", &self.text).finish()
    }
}

impl AsRef<str> for Token {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl From<Token> for String {
    fn from(token: Token) -> Self {
        token.text
    }
}

impl PartialEq<str> for Token {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Token {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

/// Everything a token says, checked and ready to write.
pub(crate) struct Fields<'a> {
    session_id: &'a str,
    /// The session id is `<digits>_` and URL-safe base64, which neither format escapes.
    session_id_plain: bool,
    /// Issue time rounded to the nearest second (the Node SDK's `create_time`).
    create_time: i64,
    /// Issue time rounded down (the JWT `iat`).
    iat: i64,
    nonce: text::JsNumber,
    role: Role,
    expire_time: i64,
    /// Present and non-empty.
    data: Option<&'a str>,
    layout: &'a str,
}

/// Retained capacity of the per-thread scratch buffer; a rare larger token gets its own buffer back.
const SCRATCH_KEEP: usize = 16 * 1024;

thread_local! {
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with an empty per-thread buffer, so that writing the claims or the data string reuses memory
/// instead of allocating for every token.
pub(crate) fn with_scratch<R>(f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            buf.clear();
            let result = f(&mut buf);
            if buf.capacity() > SCRATCH_KEEP {
                *buf = Vec::new();
            }
            result
        }
        Err(_) => f(&mut Vec::new()),
    })
}
