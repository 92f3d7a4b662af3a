//! `opentok session create`.

use opentok_sdk::session::{ArchiveMode, MediaMode, Session};
use serde_json::json;

use crate::{
    args::{CreateSessionArgs, CredentialArgs},
    client::client,
    failure::Failure,
    ids, output,
};

/// Runs `opentok session create`.
pub async fn create(args: CreateSessionArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let always = args.archive_mode == ArchiveMode::Always;
    // The SDK's builder states, checked here first so that the message names the flags.
    if (always || args.e2ee) && !args.routed {
        let flag = if always { "--archive-mode always" } else { "--e2ee" };
        return Err(Failure::usage(format!("{flag} needs --routed: relayed sessions cannot be archived or encrypted")));
    }
    if always && args.e2ee {
        return Err(Failure::usage("--e2ee and --archive-mode always exclude each other"));
    }
    if !always && (args.archive_name.is_some() || args.archive_resolution.is_some()) {
        return Err(Failure::usage("--archive-name and --archive-resolution need --archive-mode always"));
    }
    let ot = client(credentials)?;
    let relayed = ot.create_session().maybe_location(args.location);
    let session = if !args.routed {
        relayed.send().await?
    } else if args.e2ee {
        relayed.routed().e2ee().send().await?
    } else if always {
        let mut auto = relayed.routed().archive_mode_always();
        if let Some(name) = args.archive_name {
            auto = auto.archive_name(name);
        }
        if let Some(resolution) = args.archive_resolution {
            auto = auto.archive_resolution(resolution);
        }
        auto.send().await?
    } else {
        relayed.routed().send().await?
    };
    if json {
        output::json(&session_json(&session))
    } else {
        output::line(session.id().as_str())
    }
}

/// Runs `opentok session migrate`.
pub async fn migrate(session_id: &str, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let ot = client(credentials)?;
    let id = ids::session_id(&ot, session_id)?;
    ot.migrate_session(&id).await?;
    if json {
        output::json(&json!({ "session_id": id.as_str(), "migrating": true }))
    } else {
        output::line(&format!("session {id} is moving to another media server"))
    }
}

/// A created session, for scripts.
pub fn session_json(session: &Session) -> serde_json::Value {
    json!({
        "session_id": session.id().as_str(),
        "media_mode": if session.media_mode == MediaMode::Routed { "routed" } else { "relayed" },
        "archive_mode": if session.archive_mode == ArchiveMode::Always { "always" } else { "manual" },
        "location": session.location.map(|l| l.to_string()),
        "e2ee": session.e2ee,
    })
}
