//! The command line: every command, flag and help text, as clap derive types. Parsing only; the commands
//! live in `cmd/`.

use std::{net::Ipv4Addr, path::PathBuf, time::Duration};

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};
use opentok_sdk::{
    archive::{Layout, Resolution, ScreenshareLayout, StreamMode},
    Role,
};

use crate::failure::EXIT_CODES_HELP;

const TOP_HELP: &str = "\
Where credentials come from:
  From the environment, as opentok_sdk::OpenTok::from_env() reads it:
    OPENTOK_API_KEY + OPENTOK_API_SECRET                              an OpenTok project, or
    VONAGE_APPLICATION_ID + VONAGE_PRIVATE_KEY (or VONAGE_PRIVATE_KEY_PATH)  a Vonage application;
    OPENTOK_API_URL (optional)                                        another API URL, such as a test server's.
  or from --api-key/--api-secret or --application-id/--private-key-path (and --api-url), which win.

Examples:
  opentok serve &                                  # a local test platform; prints its url, key and secret
  opentok session create --routed                  # prints the new session id
  opentok token 1_MX4xMjM0NTY3OH5-... --role moderator --expires-in 2h
  opentok archive list --all --json
  opentok quickstart                               # the whole flow against an embedded test server

";

const TOKEN_HELP: &str = "\
Examples:
  opentok token \"$SESSION_ID\"                                  # a publisher JWT valid for a day
  opentok token \"$SESSION_ID\" --role moderator --expires-in 2h --data 'name=Ann'
  opentok token \"$SESSION_ID\" --layout-class focus --layout-class main --t1
  opentok token decode \"$TOKEN\"
  opentok token verify \"$TOKEN\"                                # with the configured credentials
  opentok token verify \"$TOKEN\" --public-key app.pub.pem --application-id \"$APP_ID\"

Prints the token alone on standard output (a JSON object with --json), so TOKEN=$(opentok token ...) works.";

const DECODE_HELP: &str = "\
Examples:
  opentok token decode \"$TOKEN\"
  opentok token decode \"$TOKEN\" --json | jq .expire_time

Needs no credentials. Exit code 3 if the text is not a token.";

const VERIFY_HELP: &str = "\
Examples:
  opentok token verify \"$TOKEN\"                       # API key and secret, or the application's own key
  opentok token verify \"$TOKEN\" --public-key app.pub.pem --application-id 7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4a

Exit code 0 and the claims if the token is authentic and unexpired; 3 and the reason otherwise.";

const SESSION_CREATE_HELP: &str = "\
Examples:
  opentok session create                                   # relayed: media flows between clients
  opentok session create --routed --location 203.0.113.7
  opentok session create --routed --archive-mode always --archive-name daily
  opentok session create --routed --e2ee
  SESSION_ID=$(opentok session create --routed)

Prints the session id alone on standard output (a JSON object with --json).";

const SESSION_HELP: &str = "\
Examples:
  opentok session create --routed
  opentok session create --help                            # every option, with more examples";

const ARCHIVE_HELP: &str = "\
Examples:
  opentok archive start \"$SESSION_ID\" --name lecture       # prints the archive, with its id
  opentok archive stop \"$ARCHIVE_ID\" --wait
  opentok archive get \"$ARCHIVE_ID\" --json
  opentok archive list --session-id \"$SESSION_ID\"
  opentok archive layout \"$ARCHIVE_ID\" --layout pip
  opentok archive delete \"$ARCHIVE_ID\"";

const ARCHIVE_START_HELP: &str = "\
Examples:
  opentok archive start \"$SESSION_ID\" --name lecture --resolution 1280x720 --layout pip
  opentok archive start \"$SESSION_ID\" --individual --no-video
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

const SERVE_HELP: &str = "\
Examples:
  opentok serve                      # a free port; prints {\"url\":..,\"api_key\":..,\"api_secret\":..}
  opentok serve --port 4010

Then point the SDK or this command at it:
  export OPENTOK_API_URL=http://127.0.0.1:4010 OPENTOK_API_KEY=<api_key> OPENTOK_API_SECRET=<api_secret>

The server keeps its state in memory and runs until interrupted (Ctrl-C).";

const QUICKSTART_HELP: &str = "\
Examples:
  opentok quickstart                                      # embedded test server: the whole flow
  OPENTOK_API_KEY=... OPENTOK_API_SECRET=... opentok quickstart   # the real platform, up to the token

With credentials (environment or flags) it talks to the platform and stops after the token, since an archive
needs a connected client; without them it starts an embedded test server, connects a client and records.";

const COMPLETIONS_HELP: &str = "\
Examples:
  opentok completions bash > ~/.local/share/bash-completion/completions/opentok
  opentok completions zsh > \"${fpath[1]}/_opentok\"
  opentok completions fish > ~/.config/fish/completions/opentok.fish";

/// `opentok`: the OpenTok (Vonage Video) platform from the shell.
#[derive(Debug, Parser)]
#[command(
    name = "opentok",
    version,
    about = "Mint tokens, create sessions and manage archives on the OpenTok (Vonage Video) platform, or run a \
             local test platform",
    after_help = top_help(),
    subcommand_required = true,
    arg_required_else_help = true
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Options every command takes.
    #[command(flatten)]
    pub global: Global,
}

/// The top-level help's closing text: credentials, examples and the exit code table.
fn top_help() -> String {
    format!("{TOP_HELP}{EXIT_CODES_HELP}")
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// Print results as JSON for scripts (and errors as one JSON object on standard error).
    #[arg(long, global = true)]
    pub json: bool,
    /// Where the credentials come from, when not from the environment.
    #[command(flatten)]
    pub credentials: CredentialArgs,
}

/// Credentials and connection settings given as flags.
#[derive(Debug, Args, Default)]
#[command(next_help_heading = "Credentials (default: the environment; see `opentok --help`)")]
pub struct CredentialArgs {
    /// An OpenTok project's API key (with --api-secret).
    #[arg(long, global = true, value_name = "KEY")]
    pub api_key: Option<String>,
    /// The project's API secret (with --api-key). Other users of this machine can see it in the process
    /// list: prefer OPENTOK_API_SECRET.
    #[arg(long, global = true, value_name = "SECRET")]
    pub api_secret: Option<String>,
    /// A Vonage application's id (with --private-key-path; or with --public-key for `token verify`).
    #[arg(long, global = true, value_name = "UUID")]
    pub application_id: Option<String>,
    /// A file holding the application's PEM private key (with --application-id).
    #[arg(long, global = true, value_name = "PEM_FILE")]
    pub private_key_path: Option<PathBuf>,
    /// The API URL, for instance a test server's [default: $OPENTOK_API_URL, or the platform's].
    #[arg(long, global = true, value_name = "URL")]
    pub api_url: Option<String>,
    /// Seconds to wait for each API request [default: 20].
    #[arg(long, global = true, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: Option<u64>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Mint a client token for a session (`opentok token <SESSION_ID>`), or decode or verify one.
    Token(TokenCommand),
    /// Create sessions.
    #[command(subcommand_required = true, arg_required_else_help = true, after_help = SESSION_HELP)]
    Session {
        /// What to do.
        #[command(subcommand)]
        action: SessionAction,
    },
    /// Start, stop, inspect, list, delete and lay out archives (recordings).
    #[command(subcommand_required = true, arg_required_else_help = true, after_help = ARCHIVE_HELP)]
    Archive {
        /// What to do.
        #[command(subcommand)]
        action: ArchiveAction,
    },
    /// Run a local test platform (the opentok-test-server) until interrupted.
    #[command(after_help = SERVE_HELP)]
    Serve(ServeArgs),
    /// Create a session, mint a token and record an archive, against an embedded test server unless
    /// credentials are set.
    #[command(after_help = QUICKSTART_HELP)]
    Quickstart,
    /// Print a completion script for a shell.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// `opentok token`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true, after_help = TOKEN_HELP)]
pub struct TokenCommand {
    /// Decode or verify instead of minting.
    #[command(subcommand)]
    pub action: Option<TokenAction>,
    /// Minting options.
    #[command(flatten)]
    pub mint: MintArgs,
}

/// Options for minting a token.
#[derive(Debug, Args)]
pub struct MintArgs {
    /// The session the token admits to.
    #[arg(required = true, value_name = "SESSION_ID")]
    pub session_id: Option<String>,
    /// What the client may do.
    #[arg(long, value_enum, default_value_t = RoleArg::Publisher)]
    pub role: RoleArg,
    /// How long the token is valid: seconds, or a number followed by s, m, h or d; at most 30d
    /// [default: 1d].
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, conflicts_with = "expire_time")]
    pub expires_in: Option<Duration>,
    /// When the token expires: Unix seconds, or RFC 3339 such as 2026-12-31T12:00:00Z.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub expire_time: Option<DateTime<Utc>>,
    /// Connection data that other clients see (at most 1000 characters).
    #[arg(long, value_name = "TEXT")]
    pub data: Option<String>,
    /// A class for the client's stream in composed layouts; repeat the flag for several.
    #[arg(long = "layout-class", value_name = "CLASS")]
    pub layout_classes: Vec<String>,
    /// Mint a legacy `T1==` token instead of a JWT (API key and secret only).
    #[arg(long)]
    pub t1: bool,
}

/// A role, as written in a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Subscribe only.
    Subscriber,
    /// Publish and subscribe.
    Publisher,
    /// Publish only.
    #[value(name = "publisheronly", alias = "publisher-only")]
    PublisherOnly,
    /// Publish, subscribe and moderate.
    Moderator,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Subscriber => Role::Subscriber,
            RoleArg::Publisher => Role::Publisher,
            RoleArg::PublisherOnly => Role::PublisherOnly,
            RoleArg::Moderator => Role::Moderator,
        }
    }
}

/// `opentok token decode|verify`.
#[derive(Debug, Subcommand)]
pub enum TokenAction {
    /// Show what a token says, without checking its signature (needs no credentials).
    #[command(after_help = DECODE_HELP)]
    Decode {
        /// The token (`T1==...` or a JWT).
        token: String,
    },
    /// Check a token's signature, API key or application id, and expiry.
    #[command(after_help = VERIFY_HELP)]
    Verify {
        /// The token.
        token: String,
        /// Verify an RS256 token with this PEM public key (`BEGIN PUBLIC KEY`) and --application-id,
        /// instead of the configured credentials.
        #[arg(long, value_name = "PEM_FILE")]
        public_key: Option<PathBuf>,
    },
}

/// `opentok session ...`.
#[derive(Debug, Subcommand)]
pub enum SessionAction {
    /// Create a session and print its id.
    #[command(after_help = SESSION_CREATE_HELP)]
    Create(CreateSessionArgs),
}

/// `opentok session create`.
#[derive(Debug, Args)]
pub struct CreateSessionArgs {
    /// Route media through the Media Router (archiving needs it) instead of between clients.
    #[arg(long)]
    pub routed: bool,
    /// An IPv4 address near the clients, as a hint for where to host the session.
    #[arg(long, value_name = "IPV4")]
    pub location: Option<Ipv4Addr>,
    /// `always` records automatically when the first client connects (needs --routed).
    #[arg(long, value_enum, default_value_t = ArchiveModeArg::Manual)]
    pub archive_mode: ArchiveModeArg,
    /// The name of the automatic archives (with --archive-mode always).
    #[arg(long, value_name = "NAME")]
    pub archive_name: Option<String>,
    /// The resolution of the automatic archives (with --archive-mode always).
    #[arg(long, value_name = "WxH", value_parser = parse_resolution)]
    pub archive_resolution: Option<Resolution>,
    /// Encrypt media end to end (needs --routed; not with --archive-mode always).
    #[arg(long)]
    pub e2ee: bool,
}

/// A session's archive mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ArchiveModeArg {
    /// Archives are started with `opentok archive start`.
    Manual,
    /// An archive starts when the first client connects.
    Always,
}

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
    List(ListArchivesArgs),
    /// Delete an archive and its file.
    #[command(after_help = ARCHIVE_DELETE_HELP)]
    Delete {
        /// The archive id (a UUID).
        archive_id: String,
    },
    /// Change the layout of a composed archive while it records.
    #[command(after_help = ARCHIVE_LAYOUT_HELP)]
    Layout(SetLayoutArgs),
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
    /// The composed video's resolution: 640x480, 480x640, 1280x720, 720x1280, 1920x1080 or 1080x1920.
    #[arg(long, value_name = "WxH", value_parser = parse_resolution)]
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
    #[arg(long, value_enum, value_name = "MODE")]
    pub stream_mode: Option<StreamModeArg>,
    /// A tag that allows several archives of one session at once.
    #[arg(long, value_name = "TAG")]
    pub multi_archive_tag: Option<String>,
    /// Cap the composed video's bitrate, in bits per second (100000 to 6000000).
    #[arg(long, value_name = "BPS", conflicts_with = "quantization_parameter")]
    pub max_bitrate: Option<u32>,
    /// The composed video's quantization parameter (15 to 40; lower is better quality).
    #[arg(long, value_name = "QP")]
    pub quantization_parameter: Option<u8>,
}

/// A layout, from flags.
#[derive(Debug, Args)]
pub struct LayoutArgs {
    /// The layout type.
    #[arg(long, value_enum, value_name = "TYPE")]
    pub layout: Option<LayoutArg>,
    /// The CSS of a custom layout (with --layout custom).
    #[arg(long, value_name = "CSS", required_if_eq("layout", "custom"))]
    pub stylesheet: Option<String>,
    /// The layout while a screen is shared (with --layout bestFit).
    #[arg(long, value_enum, value_name = "TYPE")]
    pub screenshare_layout: Option<ScreenshareLayoutArg>,
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

/// A layout type, as the platform names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// A tiled grid.
    #[value(name = "bestFit", alias = "best-fit")]
    BestFit,
    /// One large stream with a small one on top.
    Pip,
    /// One large stream on top, the others below.
    #[value(name = "verticalPresentation", alias = "vertical-presentation")]
    VerticalPresentation,
    /// One large stream on the left, the others beside it.
    #[value(name = "horizontalPresentation", alias = "horizontal-presentation")]
    HorizontalPresentation,
    /// Your own CSS (--stylesheet).
    Custom,
}

/// A screen-sharing layout type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScreenshareLayoutArg {
    /// A tiled grid.
    #[value(name = "bestFit", alias = "best-fit")]
    BestFit,
    /// Picture in picture.
    Pip,
    /// The shared screen on top.
    #[value(name = "verticalPresentation", alias = "vertical-presentation")]
    VerticalPresentation,
    /// The shared screen on the left.
    #[value(name = "horizontalPresentation", alias = "horizontal-presentation")]
    HorizontalPresentation,
}

impl LayoutArgs {
    /// The `--layout` value as given, such as `bestFit`.
    pub fn layout_name(&self) -> &'static str {
        match self.layout {
            None => "default",
            Some(LayoutArg::BestFit) => "bestFit",
            Some(LayoutArg::Pip) => "pip",
            Some(LayoutArg::VerticalPresentation) => "verticalPresentation",
            Some(LayoutArg::HorizontalPresentation) => "horizontalPresentation",
            Some(LayoutArg::Custom) => "custom",
        }
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
        if self.stylesheet.is_some() && kind != LayoutArg::Custom {
            return Err("--stylesheet needs --layout custom".into());
        }
        if self.screenshare_layout.is_some() && kind != LayoutArg::BestFit {
            return Err("--screenshare-layout needs --layout bestFit".into());
        }
        Ok(Some(match kind {
            LayoutArg::BestFit => match self.screenshare_layout {
                None => Layout::BestFit,
                Some(s) => Layout::BestFitWithScreenshare(match s {
                    ScreenshareLayoutArg::BestFit => ScreenshareLayout::BestFit,
                    ScreenshareLayoutArg::Pip => ScreenshareLayout::Pip,
                    ScreenshareLayoutArg::VerticalPresentation => ScreenshareLayout::VerticalPresentation,
                    ScreenshareLayoutArg::HorizontalPresentation => ScreenshareLayout::HorizontalPresentation,
                }),
            },
            LayoutArg::Pip => Layout::Pip,
            LayoutArg::VerticalPresentation => Layout::VerticalPresentation,
            LayoutArg::HorizontalPresentation => Layout::HorizontalPresentation,
            LayoutArg::Custom => Layout::Custom(self.stylesheet.clone().unwrap_or_default()),
        }))
    }
}

/// A stream mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StreamModeArg {
    /// Every stream.
    Auto,
    /// Only streams added through the API.
    Manual,
}

impl From<StreamModeArg> for StreamMode {
    fn from(mode: StreamModeArg) -> Self {
        match mode {
            StreamModeArg::Auto => StreamMode::Auto,
            StreamModeArg::Manual => StreamMode::Manual,
        }
    }
}

/// `opentok archive stop`.
#[derive(Debug, Args)]
pub struct StopArchiveArgs {
    /// The archive id (a UUID).
    pub archive_id: String,
    /// Wait until the archive is available for download (or uploaded to your storage).
    #[arg(long)]
    pub wait: bool,
    /// Give up waiting after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 900, requires = "wait")]
    pub wait_timeout: u64,
}

/// `opentok archive list`.
#[derive(Debug, Args)]
pub struct ListArchivesArgs {
    /// Only the archives of this session.
    #[arg(long, value_name = "SESSION_ID")]
    pub session_id: Option<String>,
    /// Skip this many archives.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// The page size, 1 to 1000 [default: 50].
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub count: Option<u16>,
    /// Every archive from the offset on, fetching page after page.
    #[arg(long)]
    pub all: bool,
}

/// `opentok serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to listen on, on 127.0.0.1 (0: a free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
}

/// Reads `90`, `90s`, `15m`, `2h` or `7d`.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, "s"),
    };
    let scale: u64 = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("{text:?} is not a duration: use seconds, or a number followed by s, m, h or d")),
    };
    let n: u64 = number.parse().map_err(|_| format!("{text:?} is not a duration: it must start with a number"))?;
    n.checked_mul(scale).map(Duration::from_secs).ok_or_else(|| format!("{text:?} is too long"))
}

/// Reads Unix seconds or RFC 3339.
fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<i64>() {
        return DateTime::from_timestamp(secs, 0).ok_or_else(|| format!("{secs} is out of range"));
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{text:?} is neither Unix seconds nor an RFC 3339 time ({e})"))
}

/// Reads `1280x720` and the other five.
fn parse_resolution(text: &str) -> Result<Resolution, String> {
    Resolution::parse(text).ok_or_else(|| {
        let all: Vec<&str> = Resolution::ALL.iter().map(|r| r.as_str()).collect();
        format!("must be one of {}", all.join(", "))
    })
}
