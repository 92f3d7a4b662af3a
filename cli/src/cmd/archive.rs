//! `opentok archive start|stop|get|list|delete|layout`.

use std::time::Duration;

use opentok_sdk::{
    archive::{Archive, ArchiveStatus, TranscriptionProperties},
    OpenTok,
};
use serde_json::json;

use super::listing::{self, Table};
use crate::{
    args::{ArchiveAction, CredentialArgs, ListArgs, SetLayoutArgs, StartArchiveArgs, StopArchiveArgs},
    client::client,
    failure::Failure,
    ids, output,
    wait::{Progress, Waiting},
};

/// Runs `opentok archive ...`.
pub async fn run(action: ArchiveAction, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    // A malformed archive id is reported before the credentials are looked at.
    match action {
        ArchiveAction::Start(args) => start(args, credentials, json).await,
        ArchiveAction::Stop(args) => stop(args, credentials, json).await,
        ArchiveAction::Get { archive_id } => {
            let id = ids::archive_id(&archive_id)?;
            let archive = client(credentials)?.get_archive(&id).await?;
            show(&archive, json)
        }
        ArchiveAction::List(args) => list(args, credentials, json).await,
        ArchiveAction::Delete { archive_id } => {
            let id = ids::archive_id(&archive_id)?;
            client(credentials)?.delete_archive(&id).await?;
            if json {
                output::json(&json!({ "id": id.as_str(), "deleted": true }))
            } else {
                output::line(&format!("deleted archive {id}"))
            }
        }
        ArchiveAction::Layout(args) => layout(args, credentials, json).await,
        ArchiveAction::Streams { action } => super::recording_streams::archive(action, credentials, json).await,
    }
}

fn show(archive: &Archive, json: bool) -> Result<(), Failure> {
    if json {
        output::json(&archive.to_json())
    } else {
        output::line(&output::archive(archive))
    }
}

async fn start(args: StartArchiveArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let layout = args.layout.layout().map_err(Failure::usage)?;
    let ot = client(credentials)?;
    let session_id = ids::session_id(&ot, &args.session_id)?;
    let mut builder = ot.start_archive(&session_id);
    if let Some(name) = args.name {
        builder = builder.name(name);
    }
    if args.no_audio {
        builder = builder.has_audio(false);
    }
    if args.no_video {
        builder = builder.has_video(false);
    }
    if let Some(mode) = args.stream_mode {
        builder = builder.stream_mode(mode);
    }
    if let Some(tag) = args.multi_archive_tag {
        builder = builder.multi_archive_tag(tag);
    }
    let archive = if args.individual {
        let mut individual = builder.individual();
        if let Some(language) = args.transcription {
            let properties = TranscriptionProperties::builder()
                .primary_language_code(language)
                .has_summary(args.transcription_summary)
                .build();
            individual = individual.transcription(properties);
        }
        individual.send().await?
    } else {
        let mut composed = builder.composed().maybe_resolution(args.resolution).maybe_layout(layout);
        if let Some(bps) = args.max_bitrate {
            composed = composed.max_bitrate(bps);
        }
        if let Some(qp) = args.quantization_parameter {
            composed = composed.quantization_parameter(qp);
        }
        composed.send().await?
    };
    show(&archive, json)
}

async fn stop(args: StopArchiveArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let id = ids::archive_id(&args.archive_id)?;
    let ot = client(credentials)?;
    let stopped = match ot.stop_archive(&id).await {
        // Already stopped: with --wait, wait for the file all the same.
        Err(e) if args.wait.wait && e.is_conflict() => {
            let archive = ot.get_archive(&id).await?;
            if archive.status.is_recording() {
                return Err(e.into());
            }
            archive
        }
        stopped => stopped?,
    };
    let archive = if args.wait.wait {
        wait_until_ready(&ot, stopped, Duration::from_secs(args.wait.wait_timeout)).await?
    } else {
        stopped
    };
    show(&archive, json)
}

/// Polls until the archive is available or uploaded, with a spinner on a terminal.
async fn wait_until_ready(ot: &OpenTok, archive: Archive, timeout: Duration) -> Result<Archive, Failure> {
    let id = archive.id.clone();
    let waiting = Waiting {
        kind: "archive",
        what: format!("archive {id}"),
        timeout,
        hint: format!("it may still become available: see `opentok archive get {id}`"),
    };
    let judge = |archive: &Archive| match &archive.status {
        ArchiveStatus::Available | ArchiveStatus::Uploaded => Progress::Ready,
        ArchiveStatus::Failed | ArchiveStatus::Expired | ArchiveStatus::Deleted => {
            let reason = archive.reason.as_deref().filter(|r| !r.is_empty()).map(|r| format!(" ({r})"));
            Progress::Failed(format!("is {}{}", archive.status, reason.unwrap_or_default()))
        }
        status => Progress::Pending(status.to_string()),
    };
    waiting.until(archive, judge, || ot.get_archive(&id)).await
}

async fn list(args: ListArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let ot = client(credentials)?;
    let request = listing::by_session(&ot, ot.list_archives(), args.session_id.as_deref())?;
    let table = Table {
        to_json: Archive::to_json,
        header: output::archive_header(),
        row: output::archive_row,
        noun: "archives",
    };
    listing::run(request, &args.page, table, json).await
}

async fn layout(args: SetLayoutArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let layout = args.layout.layout().map_err(Failure::usage)?.ok_or_else(|| Failure::usage("--layout is required"))?;
    let id = ids::archive_id(&args.archive_id)?;
    client(credentials)?.set_archive_layout(&id, &layout).await?;
    if json {
        output::json(&json!({ "id": id.as_str(), "layout": args.layout.layout_name() }))
    } else {
        output::line(&format!("archive {id} now uses the {} layout", args.layout.layout_name()))
    }
}
