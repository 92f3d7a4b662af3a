//! The platform's callbacks (webhooks): typed events for each, and verification of signed callbacks.
//!
//! The platform POSTs JSON to the URLs set for a project or an application: session monitoring
//! (connections, streams), archive, broadcast, SIP call, Experience Composer and Live Captions status.
//! [`Event::from_json`] reads any of them; where the platform sends the object its REST API describes,
//! the event carries that model ([`Archive`](crate::archive::Archive),
//! [`Broadcast`](crate::broadcast::Broadcast), [`Render`](crate::render::Render)). [`Verifier`] checks
//! a signed one (an HS256 JWT in `Authorization`, when a signature secret is set for the callback) and
//! reads it in one call, [`Verifier::verify_and_parse`], from an [`http::HeaderMap`] and the raw body:
//! usable from any HTTP framework. With the `axum` feature, [`SignedEvent`] is also an axum extractor.
//!
//! This module never calls the platform: it only reads what the platform sends.
//!
//! References: <https://tokbox.com/developer/guides/session-monitoring/>,
//! <https://developer.vonage.com/en/video/guides/secure-callbacks>.
//!
//! ```
//! use opentok_sdk::webhook::{ConnectionReason, Event};
//!
//! let body = br#"{"sessionId":"2_MX4xMjM0NTZ-","projectId":"123456","event":"connectionDestroyed",
//!     "reason":"clientDisconnected","timestamp":1470258896953,
//!     "connection":{"id":"c053fcc8-c681-41d5-8ec2-7a9e1434a21e","createdAt":1470257688143,"data":""}}"#;
//! let Event::ConnectionDestroyed(left) = Event::from_json(body)? else { panic!("a connection event") };
//! assert_eq!(left.connection.id, "c053fcc8-c681-41d5-8ec2-7a9e1434a21e");
//! assert_eq!(left.reason, Some(ConnectionReason::ClientDisconnected));
//! # Ok::<(), opentok_sdk::Error>(())
//! ```

#[cfg(feature = "axum")]
mod axum;
mod captions;
mod error;
mod event;
mod monitoring;
mod replay;
mod session;
mod sip;
mod verify;

pub use captions::{CaptionsEvent, CaptionsStatus};
pub use error::{ReplayFault, ReplayStoreError, VerifyError, WebhookError};
pub use event::{Event, EventKind};
#[cfg(feature = "redis")]
pub use replay::{RedisReplayStore, DEFAULT_KEY_PREFIX, DEFAULT_REDIS_TIMEOUT, DEFAULT_SKEW_ALLOWANCE};
pub use replay::{ReplayGuard, ReplayStore, StoreFuture, DEFAULT_REPLAY_CAPACITY};
pub use session::{
    ConnectionEvent, ConnectionInfo, ConnectionReason, SessionEvent, SessionReason, StreamEvent, StreamInfo,
    StreamReason,
};
pub use sip::{SipCallEvent, SipCallInfo, SipCallState};
pub use verify::{SignedClaims, SignedEvent, Verifier, DEFAULT_MAX_AGE, PLATFORM_ISSUER};
