//! `opentok broadcast start|stop|get|list|layout`.

use std::time::Duration;

use opentok_sdk::{
    broadcast::{Broadcast, BroadcastId, BroadcastStatus, HlsStatus, RtmpStatus, RtmpTarget},
    OpenTok,
};
use serde_json::json;

use super::listing::{self, Table};
use crate::{
    args::{BroadcastAction, CredentialArgs, ListArgs, SetBroadcastLayoutArgs, StartBroadcastArgs},
    client::client,
    failure::Failure,
    ids, output,
    wait::{Progress, Waiting},
};

/// Runs `opentok broadcast ...`.
pub async fn run(action: BroadcastAction, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    match action {
        BroadcastAction::Start(args) => start(args, credentials, json).await,
        BroadcastAction::Stop { broadcast_id } => {
            let id = broadcast_id_arg(&broadcast_id)?;
            let broadcast = client(credentials)?.stop_broadcast(&id).await?;
            show(&broadcast, json)
        }
        BroadcastAction::Get { broadcast_id } => {
            let id = broadcast_id_arg(&broadcast_id)?;
            let broadcast = client(credentials)?.get_broadcast(&id).await?;
            show(&broadcast, json)
        }
        BroadcastAction::List(args) => list(args, credentials, json).await,
        BroadcastAction::Layout(args) => layout(args, credentials, json).await,
        BroadcastAction::Streams { action } => super::recording_streams::broadcast(action, credentials, json).await,
    }
}

fn broadcast_id_arg(text: &str) -> Result<BroadcastId, Failure> {
    ids::platform_id("broadcast", text)
}

fn show(broadcast: &Broadcast, json: bool) -> Result<(), Failure> {
    if json {
        output::json(&broadcast.to_json())
    } else {
        output::line(&output::broadcast(broadcast))
    }
}

/// Reads `--rtmp [ID=]URL/STREAM_NAME`. The messages name the target by its position, never by its text,
/// which holds a stream key.
fn rtmp_target(index: usize, text: &str) -> Result<RtmpTarget, Failure> {
    let bad = |why: &str| Failure::usage(format!("--rtmp target {}: {why}", index + 1));
    // `ID=` only before the scheme: a `=` later on is part of the URL.
    let (id, url) = match text.split_once('=') {
        Some((id, url)) if !id.contains([':', '/']) => (Some(id), url),
        _ => (None, text),
    };
    if id.is_some_and(|id| id.trim().is_empty()) {
        return Err(bad("the ID before `=` is empty"));
    }
    let Some(scheme_end) = url.find("://") else {
        return Err(bad("must be [ID=]rtmp://HOST/APP/STREAM_NAME (or rtmps://)"));
    };
    let path_start = url[scheme_end + 3..].find('/').map(|at| scheme_end + 3 + at);
    let (server_url, stream_name) = match (path_start, url.rfind('/')) {
        (Some(first), Some(last)) if last >= first => (&url[..last], &url[last + 1..]),
        _ => return Err(bad("the URL needs a path ending in the stream name: rtmp://HOST/APP/STREAM_NAME")),
    };
    if stream_name.is_empty() {
        return Err(bad("the stream name (the last part of the URL's path) is empty"));
    }
    let target = RtmpTarget::builder().server_url(server_url).stream_name(stream_name);
    Ok(match id {
        Some(id) => target.id(id).build(),
        None => target.build(),
    })
}

async fn start(args: StartBroadcastArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let layout = args.layout.layout().map_err(Failure::usage)?;
    if args.hls.is_none() && args.rtmp.is_empty() {
        return Err(Failure::usage("a broadcast needs an output: --hls, or --rtmp [ID=]URL/STREAM_NAME, or both"));
    }
    let targets = args.rtmp.iter().enumerate().map(|(i, t)| rtmp_target(i, t)).collect::<Result<Vec<_>, _>>()?;
    let ot = client(credentials)?;
    let session_id = ids::session_id(&ot, &args.session_id)?;
    let mut builder = ot
        .start_broadcast(&session_id)
        .maybe_hls_mode(args.hls)
        .rtmp_targets(targets)
        .maybe_layout(layout)
        .maybe_resolution(args.resolution);
    if let Some(duration) = args.max_duration {
        builder = builder.max_duration(duration);
    }
    if let Some(bps) = args.max_bitrate {
        builder = builder.max_bitrate(bps);
    }
    if let Some(mode) = args.stream_mode {
        builder = builder.stream_mode(mode);
    }
    if let Some(tag) = args.multi_broadcast_tag {
        builder = builder.multi_broadcast_tag(tag);
    }
    if args.no_audio {
        builder = builder.has_audio(false);
    }
    if args.no_video {
        builder = builder.has_video(false);
    }
    let broadcast = builder.send().await?;
    let broadcast = if args.wait.wait {
        wait_until_live(&ot, broadcast, Duration::from_secs(args.wait.wait_timeout)).await?
    } else {
        broadcast
    };
    show(&broadcast, json)
}

/// Polls until HLS (if any) is live or ready and every RTMP target is live.
async fn wait_until_live(ot: &OpenTok, broadcast: Broadcast, timeout: Duration) -> Result<Broadcast, Failure> {
    let id = broadcast.id.clone();
    let waiting = Waiting {
        kind: "broadcast",
        what: format!("broadcast {id}"),
        timeout,
        hint: format!("see `opentok broadcast get {id}`"),
    };
    waiting.until(broadcast, judge, || ot.get_broadcast(&id)).await
}

fn judge(broadcast: &Broadcast) -> Progress {
    if broadcast.status != BroadcastStatus::Started {
        let reason = broadcast.reason.as_deref().filter(|r| !r.is_empty()).map(|r| format!(" ({r})"));
        return Progress::Failed(format!("is {}{}", broadcast.status, reason.unwrap_or_default()));
    }
    let mut pending = Vec::new();
    let has_hls = broadcast.hls_url().is_some() || broadcast.hls_status().is_some();
    match broadcast.hls_status() {
        Some(HlsStatus::Live | HlsStatus::Ready) => {}
        Some(HlsStatus::Error | HlsStatus::Ended) => {
            return Progress::Failed(format!(
                "has its HLS output {}",
                broadcast.hls_status().map_or("", |s| s.as_str())
            ))
        }
        Some(other) => pending.push(format!("hls {other}")),
        None if has_hls => pending.push("hls starting".to_owned()),
        None => {}
    }
    for (i, target) in broadcast.rtmp().iter().enumerate() {
        let name = target.id.clone().unwrap_or_else(|| format!("rtmp target {}", i + 1));
        match &target.status {
            Some(RtmpStatus::Live) => {}
            Some(RtmpStatus::Error | RtmpStatus::Offline) => {
                return Progress::Failed(format!(
                    "has its RTMP target {name} {}",
                    target.status.as_ref().map_or("", |s| s.as_str())
                ))
            }
            Some(other) => pending.push(format!("{name} {other}")),
            None => pending.push(format!("{name} starting")),
        }
    }
    if pending.is_empty() {
        Progress::Ready
    } else {
        Progress::Pending(pending.join(", "))
    }
}

async fn list(args: ListArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let ot = client(credentials)?;
    let request = listing::by_session(&ot, ot.list_broadcasts(), args.session_id.as_deref())?;
    let table = Table {
        to_json: Broadcast::to_json,
        header: output::list_header("SESSION"),
        row: output::broadcast_row,
        noun: "broadcasts",
    };
    listing::run(request, &args.page, table, json).await
}

async fn layout(args: SetBroadcastLayoutArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let layout = args.layout.layout().map_err(Failure::usage)?.ok_or_else(|| Failure::usage("--layout is required"))?;
    let id = broadcast_id_arg(&args.broadcast_id)?;
    client(credentials)?.set_broadcast_layout(&id, &layout).await?;
    if json {
        output::json(&json!({ "id": id.as_str(), "layout": args.layout.layout_name() }))
    } else {
        output::line(&format!("broadcast {id} now uses the {} layout", args.layout.layout_name()))
    }
}
