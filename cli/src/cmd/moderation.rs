//! `opentok moderation connections|disconnect|mute|mute-all|disable-mute`.

use opentok_sdk::moderation::Connection;
use serde_json::json;

use crate::{
    args::{CredentialArgs, ModerationAction},
    client::client,
    failure::Failure,
    ids, output,
};

/// Runs `opentok moderation ...`. Stream and connection ids are checked before the credentials.
pub async fn run(action: ModerationAction, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    match action {
        ModerationAction::Connections { session_id } => {
            let ot = client(credentials)?;
            let session = ids::session_id(&ot, &session_id)?;
            let connections = ot.list_connections(&session).await?;
            if json {
                let items: Vec<_> = connections.iter().map(Connection::to_json).collect();
                return output::json(&json!({ "count": items.len(), "items": items }));
            }
            let mut text = vec![output::connection_header()];
            text.extend(connections.iter().map(output::connection_row));
            text.push(format!("{} connections", connections.len()));
            output::line(&text.join("\n"))
        }
        ModerationAction::Disconnect { session_id, connection_id } => {
            disconnect(&session_id, &connection_id, credentials, json, ("disconnected", "disconnected connection"))
                .await
        }
        ModerationAction::Mute { session_id, stream_id } => {
            let stream = ids::stream_id(&stream_id)?;
            let ot = client(credentials)?;
            let session = ids::session_id(&ot, &session_id)?;
            ot.force_mute_stream(&session, &stream).await?;
            if json {
                output::json(&json!({ "session_id": session.as_str(), "stream_id": stream.as_str(), "muted": true }))
            } else {
                output::line(&format!("muted stream {stream}"))
            }
        }
        ModerationAction::MuteAll { session_id, exclude } => {
            let excluded = exclude.iter().map(|s| ids::stream_id(s)).collect::<Result<Vec<_>, _>>()?;
            let ot = client(credentials)?;
            let session = ids::session_id(&ot, &session_id)?;
            ot.force_mute_all(&session).excluding(excluded.iter().cloned()).send().await?;
            if json {
                let excluded: Vec<_> = excluded.iter().map(|s| s.as_str()).collect();
                output::json(&json!({ "session_id": session.as_str(), "excluded": excluded, "muted": true }))
            } else if excluded.is_empty() {
                output::line(&format!("muted every stream of session {session}"))
            } else {
                output::line(&format!("muted every stream of session {session} but {}", excluded.len()))
            }
        }
        ModerationAction::DisableMute { session_id } => {
            let ot = client(credentials)?;
            let session = ids::session_id(&ot, &session_id)?;
            ot.disable_force_mute(&session).await?;
            if json {
                output::json(&json!({ "session_id": session.as_str(), "mute_all": false }))
            } else {
                output::line(&format!("new streams of session {session} are no longer muted"))
            }
        }
    }
}

/// Disconnects a connection (`moderation disconnect`, and `audio-connector stop`, which is the same call)
/// and reports it: `flag` is the JSON flag's name and the human line's words before the id.
pub(super) async fn disconnect(
    session_id: &str,
    connection_id: &str,
    credentials: &CredentialArgs,
    json: bool,
    (flag, words): (&str, &str),
) -> Result<(), Failure> {
    let connection = ids::connection_id(connection_id)?;
    let ot = client(credentials)?;
    let session = ids::session_id(&ot, session_id)?;
    ot.force_disconnect(&session, &connection).await?;
    if json {
        output::json(&json!({ "session_id": session.as_str(), "connection_id": connection.as_str(), flag: true }))
    } else {
        output::line(&format!("{words} {connection}"))
    }
}
