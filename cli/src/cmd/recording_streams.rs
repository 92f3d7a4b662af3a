//! `opentok archive streams add|remove` and `opentok broadcast streams add|remove`.

use opentok_sdk::broadcast::BroadcastId;
use serde_json::json;

use crate::{
    args::{ArchiveStreamsAction, BroadcastStreamsAction, CredentialArgs, TrackArgs},
    client::client,
    failure::Failure,
    ids, output,
};

/// Runs `opentok archive streams ...`. The ids are checked before the credentials.
pub async fn archive(action: ArchiveStreamsAction, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    match action {
        ArchiveStreamsAction::Add { archive_id, stream_id, tracks } => {
            let id = ids::archive_id(&archive_id)?;
            let stream = ids::stream_id(&stream_id)?;
            let ot = client(credentials)?;
            let mut request = ot.add_archive_stream(&id, &stream);
            if tracks.no_audio {
                request = request.has_audio(false);
            }
            if tracks.no_video {
                request = request.has_video(false);
            }
            request.send().await?;
            added("archive", id.as_str(), stream.as_str(), &tracks, json)
        }
        ArchiveStreamsAction::Remove { archive_id, stream_id } => {
            let id = ids::archive_id(&archive_id)?;
            let stream = ids::stream_id(&stream_id)?;
            client(credentials)?.remove_archive_stream(&id, &stream).await?;
            removed("archive", id.as_str(), stream.as_str(), json)
        }
    }
}

/// Runs `opentok broadcast streams ...`. The ids are checked before the credentials.
pub async fn broadcast(
    action: BroadcastStreamsAction,
    credentials: &CredentialArgs,
    json: bool,
) -> Result<(), Failure> {
    match action {
        BroadcastStreamsAction::Add { broadcast_id, stream_id, tracks } => {
            let id: BroadcastId = ids::platform_id("broadcast", &broadcast_id)?;
            let stream = ids::stream_id(&stream_id)?;
            let ot = client(credentials)?;
            let mut request = ot.add_broadcast_stream(&id, &stream);
            if tracks.no_audio {
                request = request.has_audio(false);
            }
            if tracks.no_video {
                request = request.has_video(false);
            }
            request.send().await?;
            added("broadcast", id.as_str(), stream.as_str(), &tracks, json)
        }
        BroadcastStreamsAction::Remove { broadcast_id, stream_id } => {
            let id: BroadcastId = ids::platform_id("broadcast", &broadcast_id)?;
            let stream = ids::stream_id(&stream_id)?;
            client(credentials)?.remove_broadcast_stream(&id, &stream).await?;
            removed("broadcast", id.as_str(), stream.as_str(), json)
        }
    }
}

/// `what`: `archive` or `broadcast`.
fn added(what: &str, id: &str, stream: &str, tracks: &TrackArgs, json: bool) -> Result<(), Failure> {
    let (audio, video) = (!tracks.no_audio, !tracks.no_video);
    if json {
        output::json(&json!({ "id": id, "stream_id": stream, "added": true, "has_audio": audio, "has_video": video }))
    } else {
        let taken = match (audio, video) {
            (true, false) => " (audio only)",
            (false, true) => " (video only)",
            _ => "",
        };
        output::line(&format!("added stream {stream} to {what} {id}{taken}"))
    }
}

fn removed(what: &str, id: &str, stream: &str, json: bool) -> Result<(), Failure> {
    if json {
        output::json(&json!({ "id": id, "stream_id": stream, "removed": true }))
    } else {
        output::line(&format!("removed stream {stream} from {what} {id}"))
    }
}
