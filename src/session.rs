//! Creating sessions, with the media mode and archive mode checked by the type system.
//!
//! ```text
//! create_session()            CreateSession<Relayed>       .location(..) .send()
//!   .routed()                 CreateSession<Routed>        .location(..) .send()
//!     .e2ee()                 CreateSession<Encrypted>     .location(..) .send()
//!     .archive_mode_always()  CreateSession<AutoArchived>  .location(..) .send()
//!                                                          .archive_name(..) .archive_resolution(..)
//! ```
//! Each transition is called at most once and only in this order. End-to-end encryption and automatic
//! archiving exclude each other, as on the platform. Any other order does not compile, and the compiler
//! says what to call instead (the cases are in `tests/ui/session_*.rs`).

use std::{fmt, marker::PhantomData, net::Ipv4Addr};

use crate::{
    composition::Resolution,
    error::{Error, Result},
    ids::{check_id, SessionId},
    macros::{closed_enum, wire_model},
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

/// The state in which [`CreateSession::archive_mode_always`] applies: [`Routed`] only.
#[diagnostic::on_unimplemented(
    message = "automatic archiving needs a routed session without end-to-end encryption, and this builder is \
               `CreateSession<{Self}>`",
    label = "call `.routed()` before `.archive_mode_always()`, once, and leave out `.e2ee()`",
    note = "relayed sessions cannot be archived, and the platform does not archive end-to-end encrypted sessions \
            automatically"
)]
pub trait CanArchiveAutomatically: SessionState {}

/// The state in which [`CreateSession::e2ee`] applies: [`Routed`] only.
#[diagnostic::on_unimplemented(
    message = "end-to-end encryption needs a routed session that is not archived automatically, and this builder \
               is `CreateSession<{Self}>`",
    label = "call `.routed()` before `.e2ee()`, once, and leave out `.archive_mode_always()`",
    note = "relayed sessions cannot be encrypted end to end, and the platform does not archive encrypted sessions \
            automatically"
)]
pub trait CanEncrypt: SessionState {}

/// The state in which the automatic archives' name and resolution apply: [`AutoArchived`] only.
#[diagnostic::on_unimplemented(
    message = "archive name and resolution only apply to sessions archived automatically, and this builder is \
               `CreateSession<{Self}>`",
    label = "call `.routed().archive_mode_always()` before this option",
    note = "only a session created with `.routed().archive_mode_always()` has automatic archives to name"
)]
pub trait IsAutoArchived: SessionState {}

/// The state in which [`CreateSession::routed`] applies: [`Relayed`] only.
#[diagnostic::on_unimplemented(
    message = "the session builder is already routed: it is `CreateSession<{Self}>`",
    label = "remove this `.routed()`: it comes once, before `.e2ee()` or `.archive_mode_always()`"
)]
pub trait NotYetRouted: SessionState {}

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

impl NotYetRouted for Relayed {}
impl CanArchiveAutomatically for Routed {}
impl CanEncrypt for Routed {}
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

closed_enum!(
    /// Whether a session is archived automatically.
    ArchiveMode {
        /// Archives are started through the API (`manual`).
        Manual = "manual",
        /// An archive starts when the first client connects (`always`).
        Always = "always",
    }
);

/// Builder for [`OpenTok::create_session`].
///
/// How the states fit together:
///
/// 1. [`OpenTok::create_session`] returns `CreateSession<Relayed>`: media flows between clients.
///    [`location`](Self::location) exists in every state.
/// 2. [`routed`](Self::routed) moves to [`Routed`] (media through the Media Router, which archiving
///    needs). It exists only in [`Relayed`].
/// 3. From [`Routed`] only, [`e2ee`](Self::e2ee) moves to [`Encrypted`] and
///    [`archive_mode_always`](Self::archive_mode_always) to [`AutoArchived`]; one or the other, as on the
///    platform.
/// 4. [`archive_name`](Self::archive_name) and [`archive_resolution`](Self::archive_resolution) exist only
///    in [`AutoArchived`].
/// 5. [`send`](Self::send) exists in every state.
#[must_use = "call .send().await"]
pub struct CreateSession<'c, S: SessionState = Relayed> {
    client: &'c OpenTok,
    location: Option<Ipv4Addr>,
    archive_name: Option<String>,
    archive_resolution: Option<Resolution>,
    state: PhantomData<S>,
}

impl OpenTok {
    /// Starts building a session: relayed unless [`CreateSession::routed`] is called; see
    /// [`CreateSession`] for the states.
    ///
    /// Finish with [`CreateSession::send`], which sends `POST /session/create` (a form:
    /// `p2p.preference`, `archiveMode`, `location`, `e2ee`, `archiveName`, `archiveResolution`).
    ///
    /// ```no_run
    /// # async fn f(ot: opentok_sdk::OpenTok) -> opentok_sdk::Result<()> {
    /// let session = ot.create_session().routed().archive_mode_always().archive_name("daily standup").send().await?;
    /// println!("{}", session.id);
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

    /// Archives the session automatically: an archive starts when the first client connects. Routed
    /// sessions only, and not with end-to-end encryption.
    pub fn archive_mode_always(self) -> CreateSession<'c, AutoArchived>
    where
        S: CanArchiveAutomatically,
    {
        self.into_state()
    }

    /// Encrypts media end to end. Routed sessions only, and not with automatic archiving.
    pub fn e2ee(self) -> CreateSession<'c, Encrypted>
    where
        S: CanEncrypt,
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
            archive_mode: Some(S::ARCHIVE_MODE.as_str().to_owned()),
            location: self.location.map(|l| l.to_string()),
            e2ee: S::E2EE.then_some(true),
            archive_name: self.archive_name.clone(),
            archive_resolution: self.archive_resolution.map(|r| r.as_str().to_owned()),
        })
    }

    /// Checks the options and creates the session.
    ///
    /// Sends `POST /session/create` with an `application/x-www-form-urlencoded` body:
    /// `p2p.preference` (`enabled` for relayed, `disabled` for routed), `archiveMode` (`manual` or
    /// `always`), and `location`, `e2ee`, `archiveName`, `archiveResolution` when set.
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
    // The `id` field, as a method: hidden (every model's own id is its `id` field, one way to read it),
    // kept so that existing code compiles. To be deprecated once every caller uses the field.
    #[doc(hidden)]
    pub fn id(&self) -> &SessionId {
        &self.id
    }

    /// Starts minting a client token for this session.
    pub fn generate_token(&self) -> crate::token::TokenBuilder<'_> {
        self.client.generate_token(&self.id)
    }
}

/// The platform's `code` in a 409 answer to [`OpenTok::migrate_session`]: a migration of the session is
/// already under way.
pub const MIGRATION_IN_PROGRESS: i64 = 15214;
/// The platform's `code` in a 409 answer to [`OpenTok::migrate_session`]: the session was created, or last
/// migrated, too recently.
pub const MIGRATION_TOO_SOON: i64 = 15215;

impl OpenTok {
    /// Moves a session's clients to another media server now, instead of at the platform's next server
    /// rotation (which it announces with a `sessionNotification` callback 4 hours and 1 hour before).
    /// Clients on client SDK 2.31 or later that enabled session migration move without a break; archives,
    /// broadcasts, captions, Experience Composers and Audio Connectors of the session stop and must be
    /// started again.
    ///
    /// Sends `POST /v2/project/{apiKey}/session/{sessionId}/migrate` (no body); the platform answers 202.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `session_id` if it is empty (nothing is sent); [`Error::Api`]:
    /// 400 invalid session id, 404 no client connected, 409 with [`code`](crate::ApiError::code)
    /// [`MIGRATION_IN_PROGRESS`] (15214) or [`MIGRATION_TOO_SOON`] (15215).
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// use opentok_sdk::session::{MIGRATION_IN_PROGRESS, MIGRATION_TOO_SOON};
    ///
    /// match ot.migrate_session(&session_id).await {
    ///     Ok(()) => println!("migrating"),
    ///     Err(e) if e.api_error().and_then(|a| a.code()) == Some(MIGRATION_IN_PROGRESS) => println!("already moving"),
    ///     Err(e) if e.api_error().and_then(|a| a.code()) == Some(MIGRATION_TOO_SOON) => println!("try later"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn migrate_session(&self, session_id: &SessionId) -> Result<()> {
        check_id("session_id", session_id.as_str())?;
        let raw = self.raw().migrate_session().api_key(self.account_id()).session_id(session_id.as_str());
        self.call(raw.send()).await
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
