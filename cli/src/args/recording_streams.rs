//! `opentok archive streams add|remove` and `opentok broadcast streams add|remove`: the streams of an
//! archive or a broadcast started with `--stream-mode manual`.

use clap::{Args, Subcommand};

pub(super) const ARCHIVE_STREAMS_HELP: &str = "\
Examples:
  opentok archive streams add \"$ARCHIVE_ID\" \"$STREAM_ID\"
  opentok archive streams add \"$ARCHIVE_ID\" \"$STREAM_ID\" --no-video     # its audio only
  opentok archive streams remove \"$ARCHIVE_ID\" \"$STREAM_ID\"

For an archive started with --stream-mode manual. Adding a stream that is already recorded changes
whether its audio and video are. Exit code 4 if the archive or the stream is unknown, or the archive is
in automatic stream mode.";

pub(super) const BROADCAST_STREAMS_HELP: &str = "\
Examples:
  opentok broadcast streams add \"$BROADCAST_ID\" \"$STREAM_ID\"
  opentok broadcast streams add \"$BROADCAST_ID\" \"$STREAM_ID\" --no-audio
  opentok broadcast streams remove \"$BROADCAST_ID\" \"$STREAM_ID\"

For a broadcast started with --stream-mode manual. Adding a stream that is already broadcast changes
whether its audio and video are. Exit code 4 if the broadcast or the stream is unknown, or the broadcast
is in automatic stream mode.";

/// `opentok archive streams ...`.
#[derive(Debug, Subcommand)]
pub enum ArchiveStreamsAction {
    /// Add a stream to the archive (or change whether its audio and video are recorded).
    #[command(after_help = ARCHIVE_STREAMS_HELP)]
    Add {
        /// The archive id.
        archive_id: String,
        /// The stream id.
        stream_id: String,
        /// Which of the stream's tracks to take.
        #[command(flatten)]
        tracks: TrackArgs,
    },
    /// Remove a stream from the archive.
    #[command(after_help = ARCHIVE_STREAMS_HELP)]
    Remove {
        /// The archive id.
        archive_id: String,
        /// The stream id.
        stream_id: String,
    },
}

/// `opentok broadcast streams ...`.
#[derive(Debug, Subcommand)]
pub enum BroadcastStreamsAction {
    /// Add a stream to the broadcast (or change whether its audio and video are broadcast).
    #[command(after_help = BROADCAST_STREAMS_HELP)]
    Add {
        /// The broadcast id.
        broadcast_id: String,
        /// The stream id.
        stream_id: String,
        /// Which of the stream's tracks to take.
        #[command(flatten)]
        tracks: TrackArgs,
    },
    /// Remove a stream from the broadcast.
    #[command(after_help = BROADCAST_STREAMS_HELP)]
    Remove {
        /// The broadcast id.
        broadcast_id: String,
        /// The stream id.
        stream_id: String,
    },
}

/// `--no-audio` / `--no-video` of `streams add`.
#[derive(Debug, Args)]
pub struct TrackArgs {
    /// Leave the stream's audio out.
    #[arg(long, conflicts_with = "no_video")]
    pub no_audio: bool,
    /// Leave the stream's video out.
    #[arg(long)]
    pub no_video: bool,
}
