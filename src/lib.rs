#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod auth;
mod client;
mod error;
mod ids;
mod raw;
pub mod token;

pub use auth::ApiSecret;
pub use client::{ClientBuilder, OpenTok, DEFAULT_API_URL, DEFAULT_TIMEOUT};
pub use error::{ApiError, DecodeError, Error, Result, TransportError};
pub use ids::{ArchiveId, ConnectionId, SessionId, SessionIdParts, SipCallId, StreamId};
