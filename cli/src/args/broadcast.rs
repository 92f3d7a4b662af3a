//! `opentok broadcast start|stop|get|list|layout|streams`.

use std::time::Duration;

use clap::{Args, Subcommand};
use opentok_sdk::{
    archive::{Resolution, StreamMode},
    broadcast::HlsMode,
};

use super::{
    archive::{LayoutArgs, ListArgs, WaitArgs},
    enums::sdk_enum,
    parse_duration,
    recording_streams::{BroadcastStreamsAction, BROADCAST_STREAMS_HELP},
};

pub(super) const BROADCAST_HELP: &str = "\
Examples:
  opentok broadcast start \"$SESSION_ID\" --hls --wait      # prints the broadcast and its HLS URL once live
  opentok broadcast start \"$SESSION_ID\" --rtmp youtube=rtmps://a.rtmps.youtube.com/live2/$STREAM_KEY
  opentok broadcast get \"$BROADCAST_ID\" --json
  opentok broadcast list --session-id \"$SESSION_ID\"
  opentok broadcast layout \"$BROADCAST_ID\" --layout pip
  opentok broadcast streams add \"$BROADCAST_ID\" \"$STREAM_ID\"    # with --stream-mode manual
  opentok broadcast stop \"$BROADCAST_ID\"";

const BROADCAST_START_HELP: &str = "\
Examples:
  opentok broadcast start \"$SESSION_ID\" --hls                       # plain HLS
  opentok broadcast start \"$SESSION_ID\" --hls dvr --max-duration 2h --resolution 1280x720
  opentok broadcast start \"$SESSION_ID\" --hls low-latency --layout bestFit --screenshare-layout pip
  opentok broadcast start \"$SESSION_ID\" --rtmp rtmp://live.example.com/app/stream-name \\
      --rtmp twitch=rtmp://live.twitch.tv/app/$TWITCH_KEY --wait

A broadcast needs an output: --hls, or one to five --rtmp targets, or both. An RTMP target is written
[ID=]URL/STREAM_NAME: the stream name (often the service's stream key) is the last part of the URL's
path, and ID is your own name for the target. Stream keys on the command line are visible to other users
of this machine in the process list; the human output never shows them (--json shows the platform's
answer as it is).

With --wait, waits (with a spinner on a terminal) until HLS and every RTMP target are live. Exit code 4
if the broadcast stops or an output fails meanwhile, 5 if not live within the wait timeout.
The session must be routed and have a connected client.";

const BROADCAST_STOP_HELP: &str = "\
Examples:
  opentok broadcast stop \"$BROADCAST_ID\"
  opentok broadcast stop \"$BROADCAST_ID\" --json | jq -r .status     # stopped

Prints the stopped broadcast. Exit code 4 (404) if it is unknown or already stopped.";

const BROADCAST_GET_HELP: &str = "\
Examples:
  opentok broadcast get \"$BROADCAST_ID\"
  opentok broadcast get \"$BROADCAST_ID\" --json | jq -r .broadcastUrls.hls";

const BROADCAST_LIST_HELP: &str = "\
Examples:
  opentok broadcast list                                  # the newest 50
  opentok broadcast list --session-id \"$SESSION_ID\" --count 10
  opentok broadcast list --all --json                     # every broadcast, page after page";

const BROADCAST_LAYOUT_HELP: &str = "\
Examples:
  opentok broadcast layout \"$BROADCAST_ID\" --layout verticalPresentation
  opentok broadcast layout \"$BROADCAST_ID\" --layout best-fit --screenshare-layout pip
  opentok broadcast layout \"$BROADCAST_ID\" --layout custom --stylesheet 'stream { width: 50%; }'";

/// `opentok broadcast ...`.
#[derive(Debug, Subcommand)]
pub enum BroadcastAction {
    /// Start streaming a session to HLS viewers and/or RTMP servers.
    #[command(after_help = BROADCAST_START_HELP)]
    Start(StartBroadcastArgs),
    /// Stop a broadcast.
    #[command(after_help = BROADCAST_STOP_HELP)]
    Stop {
        /// The broadcast id.
        broadcast_id: String,
    },
    /// Show a broadcast, with its HLS URL and the status of its outputs.
    #[command(after_help = BROADCAST_GET_HELP)]
    Get {
        /// The broadcast id.
        broadcast_id: String,
    },
    /// List broadcasts, newest first.
    #[command(after_help = BROADCAST_LIST_HELP)]
    List(ListArgs),
    /// Change the layout of a running broadcast.
    #[command(after_help = BROADCAST_LAYOUT_HELP)]
    Layout(SetBroadcastLayoutArgs),
    /// Add streams to, or remove them from, a broadcast in manual stream mode.
    #[command(subcommand_required = true, arg_required_else_help = true, after_help = BROADCAST_STREAMS_HELP)]
    Streams {
        /// What to do.
        #[command(subcommand)]
        action: BroadcastStreamsAction,
    },
}

/// `opentok broadcast start`.
#[derive(Debug, Args)]
pub struct StartBroadcastArgs {
    /// The session to broadcast.
    pub session_id: String,
    /// Stream HLS: plain (the default when the flag has no value), dvr (with rewind) or lowLatency. Put it
    /// after the session id, or write --hls=KIND, so that the session id is not read as the kind.
    #[arg(long, value_name = "KIND", num_args = 0..=1, default_missing_value = "plain",
          value_parser = sdk_enum::<HlsMode>(HlsMode::WIRE))]
    pub hls: Option<HlsMode>,
    /// An RTMP target, `[ID=]rtmp[s]://HOST/APP/STREAM_NAME`; repeat for several (at most 5).
    #[arg(long = "rtmp", value_name = "TARGET")]
    pub rtmp: Vec<String>,
    /// The video resolution.
    #[arg(long, value_name = "WxH", value_parser = sdk_enum::<Resolution>(Resolution::WIRE))]
    pub resolution: Option<Resolution>,
    /// The layout.
    #[command(flatten)]
    pub layout: LayoutArgs,
    /// Stop the broadcast after this long: seconds, or a number followed by s, m or h (1m to 10h).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub max_duration: Option<Duration>,
    /// Cap the video bitrate, in bits per second (100000 to 6000000).
    #[arg(long, value_name = "BPS")]
    pub max_bitrate: Option<u32>,
    /// Broadcast every stream (`auto`), or only those added through the API (`manual`).
    #[arg(long, value_name = "MODE", value_parser = sdk_enum::<StreamMode>(StreamMode::KNOWN))]
    pub stream_mode: Option<StreamMode>,
    /// A tag that allows several broadcasts of one session at once.
    #[arg(long, value_name = "TAG")]
    pub multi_broadcast_tag: Option<String>,
    /// Broadcast no audio.
    #[arg(long)]
    pub no_audio: bool,
    /// Broadcast no video.
    #[arg(long, conflicts_with = "no_audio")]
    pub no_video: bool,
    /// Wait until every output is live.
    #[command(flatten)]
    pub wait: WaitArgs,
}

/// `opentok broadcast layout`.
#[derive(Debug, Args)]
pub struct SetBroadcastLayoutArgs {
    /// The broadcast id.
    pub broadcast_id: String,
    /// The new layout.
    #[command(flatten)]
    pub layout: LayoutArgs,
}
