//! Creating sessions, with the media mode and archive mode checked by the type system.
//!
//! ```text
//! create_session()            CreateSession<Relayed>     .location(..)  .send()
//!   .routed()                 CreateSession<Routed>      .location(..)  .send()
//!     .e2ee()                 CreateSession<Encrypted>   .location(..)  .send()
//!     .archive_mode_always()  CreateSession<AutoArchived> .archive_name(..) .archive_resolution(..) .send()
//! ```
//! End-to-end encryption and automatic archiving exclude each other, as on the platform.

use std::{fmt, marker::PhantomData, net::Ipv4Addr};

use crate::{
    archive::Resolution,
    error::{Error, Result},
    ids::SessionId,
    macros::wire_model,
    raw,
    wire::{Opt, Plain, Req, Text},
    OpenTok,
};

mod sealed {
    pub trait Sealed {}
}

/// A state of [`CreateSession`]. Sealed: the states below are the only ones.
pub trait SessionState: sealed::Sealed {
    #[doc(hidden)]
    const MEDIA_MODE: MediaMode;
    #[doc(hidden)]
    const ARCHIVE_MODE: ArchiveMode;
    #[doc(hidden)]
    const E2EE: bool;
}

/// Marker for the plain routed state: the one where automatic archiving or end-to-end encryption can be
/// chosen (one or the other, as on the platform).
#[diagnostic::on_unimplemented(
    message = "this option needs a plain routed session builder, and `{Self}` is not one",
    label = "call `.routed()` first (and choose either `.archive_mode_always()` or `.e2ee()`, not both)",
    note = "relayed sessions cannot be archived or encrypted end to end; encrypted sessions cannot be archived automatically"
)]
pub trait IsRouted: SessionState {}

/// Marker for the state reached by [`CreateSession::archive_mode_always`].
#[diagnostic::on_unimplemented(
    message = "archive name and resolution only apply to sessions archived automatically",
    label = "call `.routed().archive_mode_always()` first",
    note = "`{Self}` has no automatic archive to name"
)]
pub trait IsAutoArchived: SessionState {}

macro_rules! state {
    ($(#[$doc:meta])* $name:ident, $media:ident, $archive:ident, $e2ee:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $name;
        impl sealed::Sealed for $name {}
        impl SessionState for $name {
            const MEDIA_MODE: MediaMode = MediaMode::$media;
            const ARCHIVE_MODE: ArchiveMode = ArchiveMode::$archive;
            const E2EE: bool = $e2ee;
        }
    };
}

state!(
    /// Media flows directly between clients (the default). No archiving.
    Relayed, Relayed, Manual, false
);
state!(
    /// Media flows through the Media Router; archives are started by hand.
    Routed, Routed, Manual, false
);
state!(
    /// Routed, with end-to-end encryption.
    Encrypted, Routed, Manual, true
);
state!(
    /// Routed, and archived automatically as soon as a client connects.
    AutoArchived, Routed, Always, false
);

impl IsRouted for Routed {}
impl IsAutoArchived for AutoArchived {}

/// How media flows in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MediaMode {
    /// Directly between clients where possible (`p2p.preference=enabled`).
    Relayed,
    /// Through the Media Router (`p2p.preference=disabled`).
    Routed,
}

/// Whether a session is archived automatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ArchiveMode {
    /// Archives are started through the API.
    Manual,
    /// An archive starts when the first client connects.
    Always,
}

/// Builder for [`OpenTok::create_session`].
#[must_use = "call .send().await"]
pub struct CreateSession<'c, S: SessionState = Relayed> {
    client: &'c OpenTok,
    location: Option<Ipv4Addr>,
    archive_name: Option<String>,
    archive_resolution: Option<Resolution>,
    state: PhantomData<S>,
}

impl OpenTok {
    /// Starts building a session: relayed unless [`CreateSession::routed`] is called.
    ///
    /// ```no_run
    /// # async fn f(ot: opentok_sdk::OpenTok) -> opentok_sdk::Result<()> {
    /// let session = ot.create_session().routed().archive_mode_always().archive_name("daily standup").send().await?;
    /// println!("{}", session.id());
    /// # Ok(()) }
    /// ```
    pub fn create_session(&self) -> CreateSession<'_, Relayed> {
        CreateSession { client: self, location: None, archive_name: None, archive_resolution: None, state: PhantomData }
    }
}

impl<'c, S: SessionState> CreateSession<'c, S> {
    fn into_state<T: SessionState>(self) -> CreateSession<'c, T> {
        CreateSession {
            client: self.client,
            location: self.location,
            archive_name: self.archive_name,
            archive_resolution: self.archive_resolution,
            state: PhantomData,
        }
    }

    /// A location hint: the IPv4 address of a likely participant, used to pick the media server's region.
    pub fn location(mut self, location: Ipv4Addr) -> Self {
        self.location = Some(location);
        self
    }

    /// Sets the location hint if there is one.
    pub fn maybe_location(mut self, location: Option<Ipv4Addr>) -> Self {
        self.location = location;
        self
    }

    /// Routes the media of the session through the Media Router, which archiving needs.
    pub fn routed(self) -> CreateSession<'c, Routed>
    where
        S: NotYetRouted,
    {
        self.into_state()
    }

    /// Archives the session automatically: an archive starts when the first client connects.
    pub fn archive_mode_always(self) -> CreateSession<'c, AutoArchived>
    where
        S: IsRouted,
    {
        self.into_state()
    }

    /// Encrypts media end to end. Routed sessions only, and not with automatic archiving.
    pub fn e2ee(self) -> CreateSession<'c, Encrypted>
    where
        S: IsRouted,
    {
        self.into_state()
    }

    /// The name of the automatic archives, 1 to 80 characters.
    pub fn archive_name(mut self, name: impl Into<String>) -> Self
    where
        S: IsAutoArchived,
    {
        self.archive_name = Some(name.into());
        self
    }

    /// The resolution of the automatic archives (default 640x480).
    pub fn archive_resolution(mut self, resolution: Resolution) -> Self
    where
        S: IsAutoArchived,
    {
        self.archive_resolution = Some(resolution);
        self
    }

    fn form(&self) -> Result<raw::types::CreateSessionForm> {
        if let Some(name) = &self.archive_name {
            let len = name.chars().count();
            if !(1..=80).contains(&len) {
                return Err(Error::invalid("archive_name", format!("must be 1 to 80 characters, got {len}")));
            }
        }
        Ok(raw::types::CreateSessionForm {
            p2p_preference: Some(
                match S::MEDIA_MODE {
                    MediaMode::Relayed => "enabled",
                    MediaMode::Routed => "disabled",
                }
                .to_owned(),
            ),
            archive_mode: Some(
                match S::ARCHIVE_MODE {
                    ArchiveMode::Manual => "manual",
                    ArchiveMode::Always => "always",
                }
                .to_owned(),
            ),
            location: self.location.map(|l| l.to_string()),
            e2ee: S::E2EE.then_some(true),
            archive_name: self.archive_name.clone(),
            archive_resolution: self.archive_resolution.map(|r| r.as_str().to_owned()),
        })
    }

    /// Creates the session.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] (`archive_name`) before anything is sent; [`Error::Api`] if the platform
    /// refuses; [`Error::Decode`] if its answer holds no session id.
    pub async fn send(self) -> Result<Session> {
        let form = self.form()?;
        let created = self.client.call(self.client.raw().create_session().body(form).send()).await?;
        let first = created.0.into_iter().next().ok_or_else(|| {
            Error::Decode(crate::error::DecodeError::new("the session/create response holds no session"))
        })?;
        let created = CreatedSession::from_object(first)?;
        Ok(Session {
            id: created.session_id.clone(),
            created,
            media_mode: S::MEDIA_MODE,
            archive_mode: S::ARCHIVE_MODE,
            location: self.location,
            e2ee: S::E2EE,
            client: self.client.clone(),
        })
    }
}

/// Marker for the relayed state, the only one [`CreateSession::routed`] applies to.
#[diagnostic::on_unimplemented(message = "the session builder is already routed", label = "remove this `.routed()`")]
pub trait NotYetRouted: SessionState {}
impl NotYetRouted for Relayed {}

impl<S: SessionState> fmt::Debug for CreateSession<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateSession")
            .field("media_mode", &S::MEDIA_MODE)
            .field("archive_mode", &S::ARCHIVE_MODE)
            .field("e2ee", &S::E2EE)
            .field("location", &self.location)
            .field("archive_name", &self.archive_name)
            .field("archive_resolution", &self.archive_resolution)
            .finish()
    }
}

wire_model! {
    /// What the platform answered when a session was created (one element of the `POST /session/create`
    /// answer). Keeps every member the platform sends (see [`Archive`](crate::archive::Archive) for the
    /// rules) and serializes back to the same JSON.
    pub struct CreatedSession("a created session") {
        /// The session id.
        "session_id" => pub session_id: SessionId as Req<Plain>,
        /// The OpenTok project (its API key), as text.
        "project_id" => pub project_id: Option<String> as Opt<Text>,
        /// The OpenTok project again, under its older name.
        "partner_id" => pub partner_id: Option<String> as Opt<Text>,
        /// The Vonage application, for application credentials.
        "application_id" => pub application_id: Option<String> as Opt<Text>,
        /// When it was created, as the platform writes it (such as `Mon Mar 17 01:48:55 PDT 2014`).
        "create_dt" => pub create_dt: Option<String> as Opt<Plain>,
        /// The media server's URL (often empty).
        "media_server_url" => pub media_server_url: Option<String> as Opt<Plain>,
    }
}

/// A created session and the options it was created with: a handle that mints tokens with the client
/// that created it. It holds the client, so it is not itself serialized; [`Session::created`] is the
/// platform's answer as a model (`Serialize + Deserialize`).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Session {
    /// The session id.
    pub id: SessionId,
    /// The platform's answer, every member kept.
    pub created: CreatedSession,
    /// How media flows.
    pub media_mode: MediaMode,
    /// Whether it is archived automatically.
    pub archive_mode: ArchiveMode,
    /// The location hint it was created with.
    pub location: Option<Ipv4Addr>,
    /// Whether media is encrypted end to end.
    pub e2ee: bool,
    client: OpenTok,
}

impl Session {
    /// The session id.
    pub fn id(&self) -> &SessionId {
        &self.id
    }

    /// Starts minting a client token for this session.
    pub fn generate_token(&self) -> crate::token::TokenBuilder<'_> {
        self.client.generate_token(&self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> OpenTok {
        OpenTok::new("123456", "0123456789abcdef0123456789abcdef01234567").unwrap()
    }

    fn form_value<S: SessionState>(b: &CreateSession<'_, S>) -> serde_json::Value {
        serde_json::to_value(b.form().unwrap()).unwrap()
    }

    #[test]
    fn form_bodies_match_the_platform_fields() {
        let ot = client();
        assert_eq!(
            form_value(&ot.create_session()),
            serde_json::json!({"p2p.preference": "enabled", "archiveMode": "manual"})
        );
        let b = ot
            .create_session()
            .location(Ipv4Addr::new(12, 34, 56, 78))
            .routed()
            .archive_mode_always()
            .archive_name("auto")
            .archive_resolution(Resolution::Hd720Landscape);
        assert_eq!(
            form_value(&b),
            serde_json::json!({"p2p.preference": "disabled", "archiveMode": "always", "location": "12.34.56.78",
                "archiveName": "auto", "archiveResolution": "1280x720"})
        );
        assert_eq!(
            form_value(&ot.create_session().routed().e2ee()),
            serde_json::json!({"p2p.preference": "disabled", "archiveMode": "manual", "e2ee": true})
        );
        // The wire form is URL-encoded.
        let encoded = serde_urlencoded::to_string(b.form().unwrap()).unwrap();
        assert!(encoded.contains("p2p.preference=disabled") && encoded.contains("location=12.34.56.78"), "{encoded}");
    }

    #[test]
    fn archive_name_length_is_checked() {
        let ot = client();
        for (name, ok) in [("", false), ("a", true), (&"x".repeat(80)[..], true), (&"x".repeat(81)[..], false)] {
            let b = ot.create_session().routed().archive_mode_always().archive_name(name);
            match b.form() {
                Ok(_) => assert!(ok, "{name:?} accepted"),
                Err(Error::InvalidArgument { field, .. }) => assert!(!ok && field == "archive_name"),
                Err(other) => panic!("{other}"),
            }
        }
    }
}
