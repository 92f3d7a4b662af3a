//! `opentok captions start|stop` (Live Captions).

use opentok_sdk::{captions::CaptionsId, Role};
use serde_json::json;

use crate::{
    args::{CaptionsAction, CredentialArgs, StartCaptionsArgs},
    client::client,
    failure::Failure,
    ids, output,
};

/// Runs `opentok captions ...`.
pub async fn run(action: CaptionsAction, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    match action {
        CaptionsAction::Start(args) => start(args, credentials, json).await,
        CaptionsAction::Stop { captions_id } => {
            let id: CaptionsId = ids::platform_id("captions", &captions_id)?;
            client(credentials)?.stop_captions(&id).await?;
            if json {
                output::json(&json!({ "captions_id": id.as_str(), "stopped": true }))
            } else {
                output::line(&format!("stopped captions {id}"))
            }
        }
    }
}

async fn start(args: StartCaptionsArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let ot = client(credentials)?;
    let session_id = ids::session_id(&ot, &args.session_id)?;
    // The platform takes a moderator's token of the session.
    let token = ot.generate_token(&session_id).role(Role::Moderator).build()?;
    let mut builder = ot.start_captions(&session_id, &token);
    if let Some(code) = args.language_code {
        builder = builder.language_code(code);
    }
    if let Some(duration) = args.max_duration {
        builder = builder.max_duration(duration);
    }
    if args.no_partial_captions {
        builder = builder.partial_captions(false);
    }
    if let Some(url) = args.status_callback_url {
        builder = builder.status_callback_url(url);
    }
    let started = builder.send().await?;
    if json {
        output::json(&json!({ "captions_id": started.id.as_str(), "session_id": session_id.as_str() }))
    } else {
        output::line(started.id.as_str())
    }
}
