//! `opentok stream list|get|layout`.

use opentok_sdk::{stream::Stream, StreamId};
use serde_json::json;

use crate::{
    args::{CredentialArgs, StreamAction},
    client::client,
    failure::Failure,
    ids, output,
};

/// Runs `opentok stream ...`.
pub async fn run(action: StreamAction, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    match action {
        StreamAction::List { session_id } => {
            let ot = client(credentials)?;
            let session = ids::session_id(&ot, &session_id)?;
            let streams = ot.list_streams(&session).await?;
            if json {
                let items: Vec<_> = streams.iter().map(Stream::to_json).collect();
                return output::json(&json!({ "count": items.len(), "items": items }));
            }
            let mut text = vec![output::stream_header()];
            text.extend(streams.iter().map(output::stream_row));
            text.push(format!("{} streams", streams.len()));
            output::line(&text.join("\n"))
        }
        StreamAction::Get { session_id, stream_id } => {
            let stream_id = ids::stream_id(&stream_id)?;
            let ot = client(credentials)?;
            let session = ids::session_id(&ot, &session_id)?;
            let stream = ot.get_stream(&session, &stream_id).await?;
            if json {
                output::json(&stream.to_json())
            } else {
                output::line(&output::stream(&stream))
            }
        }
        StreamAction::Layout { session_id, streams } => {
            let changes = streams.iter().map(|s| class_list(s)).collect::<Result<Vec<_>, _>>()?;
            let ot = client(credentials)?;
            let session = ids::session_id(&ot, &session_id)?;
            let mut request = ot.set_stream_class_lists(&session);
            for (stream_id, classes) in &changes {
                request = request.stream(stream_id, classes.iter().cloned());
            }
            request.send().await?;
            if json {
                let items: Vec<_> = changes
                    .iter()
                    .map(|(id, classes)| json!({ "id": id.as_str(), "layoutClassList": classes }))
                    .collect();
                output::json(&json!({ "session_id": session.as_str(), "items": items }))
            } else {
                let lines: Vec<_> = changes
                    .iter()
                    .map(|(id, classes)| {
                        if classes.is_empty() {
                            format!("stream {id}: no layout classes")
                        } else {
                            format!("stream {id}: layout classes {}", classes.join(","))
                        }
                    })
                    .collect();
                output::line(&lines.join("\n"))
            }
        }
    }
}

/// Reads `STREAM_ID=CLASS,CLASS` (`STREAM_ID=` for none).
fn class_list(text: &str) -> Result<(StreamId, Vec<String>), Failure> {
    let Some((id, classes)) = text.split_once('=') else {
        return Err(Failure::usage(format!(
            "{text:?}: must be STREAM_ID=CLASS,CLASS (or STREAM_ID= to clear the stream's classes)"
        )));
    };
    let id = ids::stream_id(id)?;
    let classes: Vec<String> =
        if classes.is_empty() { Vec::new() } else { classes.split(',').map(str::to_owned).collect() };
    if let Some(bad) = classes.iter().find(|c| c.is_empty() || c.chars().any(char::is_whitespace)) {
        return Err(Failure::invalid(format!(
            "layout classes of stream {id}: class names must be non-empty and without whitespace, not {bad:?}"
        )));
    }
    Ok((id, classes))
}
