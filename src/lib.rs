#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// docs.rs (Cargo.toml `[package.metadata.docs.rs]`): every feature documented, each gated item labelled.
#![cfg_attr(docsrs, feature(doc_cfg))]

// The crate's floors, bottom up; a module imports only from its own floor's files and the floors below
// (`tests/layering.rs` checks this, and ARCHITECTURE.md explains it).
// 1. Primitives: no `crate::` imports.
mod clock;
mod jws;
mod macros;
mod wire;
// 2. The error type.
mod error;
// 3. Ids.
mod ids;
// 4. Credentials and the REST auth JWT they sign.
mod credentials;
// 5. Transport: the generated client, the request hook, retries, bodies, tracing.
mod transport;
// 6. The client.
mod client;
// 7. Paging, for every list operation.
pub mod paging;
// 8. What archives and broadcasts share (a floor below both, so neither imports the other).
mod composition;
// 9. Areas, each adding its operations to `OpenTok`.
pub mod archive;
pub mod audio_connector;
pub mod broadcast;
pub mod captions;
/// Checks shared by the areas' request builders.
mod checks;
pub mod moderation;
pub mod render;
pub mod session;
pub mod signal;
pub mod sip;
pub mod stream;
pub mod token;
pub mod webhook;

/// The generated client, for the areas (`use crate::raw`).
use transport::raw;

pub use client::{ClientBuilder, OpenTok, DEFAULT_API_URL, DEFAULT_TIMEOUT, DEFAULT_VONAGE_API_URL};
pub use credentials::ApiSecret;
pub use error::{is_retryable_status, ApiError, CredentialKind, DecodeError, Error, Result, TimeLimit, TransportError};
// Every id newtype is at the crate root, whichever module defines it.
pub use audio_connector::AudioConnectorId;
pub use broadcast::BroadcastId;
pub use captions::CaptionsId;
pub use ids::{ArchiveId, ConnectionId, SessionId, SessionIdParts, SipCallId, StreamId};
pub use macros::ParseEnumError;
pub use render::RenderId;
pub use session::Session;
pub use token::{Role, Token, TokenBuilder, TokenClaims, TokenError, TokenFormat};
pub use transport::{RetryConfig, MAX_RESPONSE_BODY};
