#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod archive;
mod auth;
mod client;
mod error;
mod ids;
mod jws;
pub mod moderation;
mod raw;
mod retry;
pub mod session;
pub mod signal;
pub mod sip;
pub mod stream;
pub mod token;

pub use auth::ApiSecret;
pub use client::{ClientBuilder, OpenTok, DEFAULT_API_URL, DEFAULT_TIMEOUT};
pub use error::{ApiError, DecodeError, Error, Result, TransportError};
pub use ids::{ArchiveId, ConnectionId, SessionId, SessionIdParts, SipCallId, StreamId};
pub use retry::RetryConfig;
pub use session::Session;
pub use token::{Role, Token, TokenBuilder, TokenClaims, TokenError, TokenFormat};
