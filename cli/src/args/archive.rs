//! `opentok archive start|stop|get|list|delete|layout|streams`, and the layout and paging flags that broadcasts
//! share.

use clap::{Args, Subcommand};
use opentok_sdk::{
    archive::{Layout, LayoutType, Resolution, ScreenshareLayout, StreamMode},
    captions::LanguageCode,
};

use super::{
    enums::sdk_enum,
    parse_language,
    recording_streams::{ArchiveStreamsAction, ARCHIVE_STREAMS_HELP},
};

pub(super) const ARCHIVE_HELP: &str = "\
Examples:
  opentok archive start \"$SESSION_ID\" --name lecture       # prints the archive, with its id
  opentok archive stop \"$ARCHIVE_ID\" --wait
  opentok archive get \"$ARCHIVE_ID\" --json
  opentok archive list --session-id \"$SESSION_ID\"
  opentok archive layout \"$ARCHIVE_ID\" --layout pip
  opentok archive streams add \"$ARCHIVE_ID\" \"$STREAM_ID\"    # with --stream-mode manual
  opentok archive delete \"$ARCHIVE_ID\"";

const ARCHIVE_START_HELP: &str = "\
Examples:
  opentok archive start \"$SESSION_ID\" --name lecture --resolution 1280x720 --layout pip
  opentok archive start \"$SESSION_ID\" --individual --no-video
  opentok archive start \"$SESSION_ID\" --individual --transcription en-US --transcription-summary
  opentok archive start \"$SESSION_ID\" --layout custom --stylesheet 'stream { width: 50%; }'

The session must be routed and have a connected client.";

const ARCHIVE_STOP_HELP: &str = "\
Examples:
  opentok archive stop \"$ARCHIVE_ID\"
  opentok archive stop \"$ARCHIVE_ID\" --wait                  # until it is available (or uploaded)
  opentok archive stop \"$ARCHIVE_ID\" --wait --wait-timeout 60 --json

With --wait, a spinner shows the archive's status on standard error while it is a terminal. Exit code 4 if
the archive fails, 5 if it is not ready within the wait timeout.";

const ARCHIVE_GET_HELP: &str = "\
Examples:
  opentok archive get \"$ARCHIVE_ID\"
  opentok archive get \"$ARCHIVE_ID\" --json | jq -r .url";

const ARCHIVE_LIST_HELP: &str = "\
Examples:
  opentok archive list                                     # the newest 50
  opentok archive list --session-id \"$SESSION_ID\" --count 10 --offset 20
  opentok archive list --all --json                        # every archive, fetching page after page";

const ARCHIVE_DELETE_HELP: &str = "\
Examples:
  opentok archive delete \"$ARCHIVE_ID\"

The archive must have stopped recording.";

const ARCHIVE_LAYOUT_HELP: &str = "\
Examples:
  opentok archive layout \"$ARCHIVE_ID\" --layout verticalPresentation
  opentok archive layout \"$ARCHIVE_ID\" --layout bestFit --screenshare-layout pip
  opentok archive layout \"$ARCHIVE_ID\" --layout custom --stylesheet 'stream.focus { width: 100%; }'";

/// `opentok archive ...`.
#[derive(Debug, Subcommand)]
pub enum ArchiveAction {
    /// Start recording a session.
    #[command(after_help = ARCHIVE_START_HELP)]
    Start(StartArchiveArgs),
    /// Stop a recording archive, and with --wait wait until its file is ready.
    #[command(after_help = ARCHIVE_STOP_HELP)]
    Stop(StopArchiveArgs),
    /// Show an archive.
    #[command(after_help = ARCHIVE_GET_HELP)]
    Get {
        /// The archive id (a UUID).
        archive_id: String,
    },
    /// List archives, newest first.
    #[command(after_help = ARCHIVE_LIST_HELP)]
    List(ListArgs),
    /// Delete an archive and its file.
    #[command(after_help = ARCHIVE_DELETE_HELP)]
    Delete {
        /// The archive id (a UUID).
        archive_id: String,
    },
    /// Change the layout of a composed archive while it records.
    #[command(after_help = ARCHIVE_LAYOUT_HELP)]
    Layout(SetLayoutArgs),
    /// Add streams to, or remove them from, an archive in manual stream mode.
    #[command(subcommand_required = true, arg_required_else_help = true, after_help = ARCHIVE_STREAMS_HELP)]
    Streams {
        /// What to do.
        #[command(subcommand)]
        action: ArchiveStreamsAction,
    },
}

/// `opentok archive start`.
#[derive(Debug, Args)]
pub struct StartArchiveArgs {
    /// The session to record.
    pub session_id: String,
    /// The archive's name.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// One file per stream instead of one composed file.
    #[arg(long, conflicts_with_all = ["resolution", "layout", "max_bitrate", "quantization_parameter"])]
    pub individual: bool,
    /// The composed video's resolution.
    #[arg(long, value_name = "WxH", value_parser = sdk_enum::<Resolution>(Resolution::WIRE))]
    pub resolution: Option<Resolution>,
    /// The composed layout.
    #[command(flatten)]
    pub layout: LayoutArgs,
    /// Record no audio.
    #[arg(long)]
    pub no_audio: bool,
    /// Record no video.
    #[arg(long, conflicts_with = "no_audio")]
    pub no_video: bool,
    /// Record every stream (`auto`), or only those added through the API (`manual`).
    #[arg(long, value_name = "MODE", value_parser = sdk_enum::<StreamMode>(StreamMode::KNOWN))]
    pub stream_mode: Option<StreamMode>,
    /// A tag that allows several archives of one session at once.
    #[arg(long, value_name = "TAG")]
    pub multi_archive_tag: Option<String>,
    /// Cap the composed video's bitrate, in bits per second (100000 to 6000000).
    #[arg(long, value_name = "BPS", conflicts_with = "quantization_parameter")]
    pub max_bitrate: Option<u32>,
    /// The composed video's quantization parameter (15 to 40; lower is better quality).
    #[arg(long, value_name = "QP")]
    pub quantization_parameter: Option<u8>,
    /// Transcribe each stream's audio after the call, in this language (a BCP-47 code such as en-US;
    /// with --individual, not with --no-audio).
    #[arg(long, value_name = "LANGUAGE", value_parser = parse_language, requires = "individual", conflicts_with = "no_audio")]
    pub transcription: Option<LanguageCode>,
    /// Add an AI summary to the transcription (with --transcription).
    #[arg(long, requires = "transcription")]
    pub transcription_summary: bool,
}

/// A layout, from flags (archives and broadcasts).
#[derive(Debug, Args)]
pub struct LayoutArgs {
    /// The layout type (`best-fit` and the like are accepted too).
    #[arg(long, value_name = "TYPE", value_parser = sdk_enum::<LayoutType>(LayoutType::WIRE))]
    pub layout: Option<LayoutType>,
    /// The CSS of a custom layout (with --layout custom).
    #[arg(long, value_name = "CSS", required_if_eq("layout", "custom"))]
    pub stylesheet: Option<String>,
    /// The layout while a screen is shared (with --layout bestFit).
    #[arg(long, value_name = "TYPE", value_parser = sdk_enum::<ScreenshareLayout>(ScreenshareLayout::WIRE))]
    pub screenshare_layout: Option<ScreenshareLayout>,
}

impl LayoutArgs {
    /// The `--layout` value's wire name, such as `bestFit`, or `default`.
    pub fn layout_name(&self) -> &'static str {
        self.layout.map_or("default", LayoutType::as_str)
    }

    /// The layout the flags describe, if any.
    ///
    /// # Errors
    /// A usage message when --stylesheet or --screenshare-layout comes without the layout it belongs to.
    pub fn layout(&self) -> Result<Option<Layout>, String> {
        let Some(kind) = self.layout else {
            return match (&self.stylesheet, &self.screenshare_layout) {
                (None, None) => Ok(None),
                (Some(_), _) => Err("--stylesheet needs --layout custom".into()),
                (None, Some(_)) => Err("--screenshare-layout needs --layout bestFit".into()),
            };
        };
        if self.stylesheet.is_some() && kind != LayoutType::Custom {
            return Err("--stylesheet needs --layout custom".into());
        }
        if self.screenshare_layout.is_some() && kind != LayoutType::BestFit {
            return Err("--screenshare-layout needs --layout bestFit".into());
        }
        Ok(Some(match kind {
            LayoutType::BestFit => match self.screenshare_layout {
                None => Layout::BestFit,
                Some(screenshare) => Layout::BestFitWithScreenshare(screenshare),
            },
            LayoutType::Pip => Layout::Pip,
            LayoutType::VerticalPresentation => Layout::VerticalPresentation,
            LayoutType::HorizontalPresentation => Layout::HorizontalPresentation,
            LayoutType::Custom => Layout::Custom(self.stylesheet.clone().unwrap_or_default()),
            // A layout type added to the SDK later: its name says the whole layout.
            other => other.as_str().parse().map_err(|e| format!("--layout: {e}"))?,
        }))
    }
}

/// `opentok archive layout`.
#[derive(Debug, Args)]
pub struct SetLayoutArgs {
    /// The archive id (a UUID).
    pub archive_id: String,
    /// The new layout.
    #[command(flatten)]
    pub layout: LayoutArgs,
}

/// `opentok archive stop`.
#[derive(Debug, Args)]
pub struct StopArchiveArgs {
    /// The archive id (a UUID).
    pub archive_id: String,
    /// How long to wait.
    #[command(flatten)]
    pub wait: WaitArgs,
}

/// `--wait` and `--wait-timeout`.
#[derive(Debug, Args)]
pub struct WaitArgs {
    /// Wait until it is ready (see the command's help), showing a spinner on a terminal.
    #[arg(long)]
    pub wait: bool,
    /// Give up waiting after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 900, requires = "wait")]
    pub wait_timeout: u64,
}

/// `opentok archive list` and `opentok broadcast list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only those of this session.
    #[arg(long, value_name = "SESSION_ID")]
    pub session_id: Option<String>,
    /// The page.
    #[command(flatten)]
    pub page: PageArgs,
}

/// Paging flags.
#[derive(Debug, Args)]
pub struct PageArgs {
    /// Skip this many.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// The page size, 1 to 1000 [default: 50].
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub count: Option<u16>,
    /// Every one from the offset on, fetching page after page.
    #[arg(long)]
    pub all: bool,
}
