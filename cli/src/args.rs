//! The command line: every command, flag and help text, as clap derive types. Parsing only; the commands
//! live in `cmd/`.

mod archive;
mod audio;
mod broadcast;
mod captions;
mod enums;
mod moderation;
mod recording_streams;
mod render;
mod session;
mod signal;
mod sip;
mod stream;
mod token;
mod webhook;

use std::{path::PathBuf, time::Duration};

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand};
use opentok_sdk::captions::LanguageCode;

use self::{
    archive::ARCHIVE_HELP, audio::AUDIO_HELP, broadcast::BROADCAST_HELP, captions::CAPTIONS_HELP,
    moderation::MODERATION_HELP, render::RENDER_HELP, session::SESSION_HELP, signal::SIGNAL_HELP, sip::SIP_HELP,
    stream::STREAM_HELP, webhook::WEBHOOK_HELP,
};
pub use self::{
    archive::{ArchiveAction, ListArgs, PageArgs, SetLayoutArgs, StartArchiveArgs, StopArchiveArgs, WaitArgs},
    audio::{AudioAction, StartAudioArgs},
    broadcast::{BroadcastAction, SetBroadcastLayoutArgs, StartBroadcastArgs},
    captions::{CaptionsAction, StartCaptionsArgs},
    moderation::ModerationAction,
    recording_streams::{ArchiveStreamsAction, BroadcastStreamsAction, TrackArgs},
    render::{RenderAction, StartRenderArgs},
    session::{CreateSessionArgs, SessionAction},
    signal::SignalArgs,
    sip::{DialArgs, SipAction, SIP_PASSWORD_VAR},
    stream::StreamAction,
    token::{MintArgs, TokenAction, TokenCommand},
    webhook::{VerifyWebhookArgs, WebhookAction, PREVIOUS_SECRET_VAR, SIGNATURE_SECRET_VAR},
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
  opentok broadcast start 1_MX4xMjM0NTY3OH5-... --hls --wait
  opentok stream list 1_MX4xMjM0NTY3OH5-...
  opentok signal 1_MX4xMjM0NTY3OH5-... --type chat --data hello
  opentok moderation mute-all 1_MX4xMjM0NTY3OH5-...
  opentok sip dial 1_MX4xMjM0NTY3OH5-... sip:alice@sip.example.com
  opentok webhook verify body.json --authorization \"$AUTH\"   # with $OPENTOK_SIGNATURE_SECRET
  opentok quickstart                               # the whole flow against an embedded test server

";

const SERVE_HELP: &str = "\
Examples:
  opentok serve                      # a free port; prints {\"url\":..,\"api_key\":..,\"api_secret\":..}
  opentok serve --port 4010
  opentok serve --open               # also opens its inspector page (standard error gives its URL)

Then point the SDK or this command at it:
  export OPENTOK_API_URL=http://127.0.0.1:4010 OPENTOK_API_KEY=<api_key> OPENTOK_API_SECRET=<api_secret>

The server keeps its state in memory and runs until interrupted (Ctrl-C).";

const QUICKSTART_HELP: &str = "\
Examples:
  opentok quickstart                                      # embedded test server: the whole flow
  VONAGE_APPLICATION_ID=... VONAGE_PRIVATE_KEY_PATH=private.key opentok quickstart   # the real platform
  OPENTOK_API_KEY=... OPENTOK_API_SECRET=... opentok quickstart   # the same, with a project's key and secret

With credentials (environment or flags) it talks to the platform and stops after the token, since an archive
needs a connected client; without them it starts an embedded test server in application mode (a fresh
application id and key pair), connects a client and records.";

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
    about = "Mint tokens, create sessions, manage archives, broadcasts, captions, Experience Composers, \
             Audio Connectors, streams, signals, moderation and SIP calls on the OpenTok (Vonage Video) \
             platform, check its callbacks, or run a local test platform",
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
    /// An OpenTok project's API key (with --api-secret; alone, the key `webhook verify` expects).
    #[arg(long, global = true, value_name = "KEY")]
    pub api_key: Option<String>,
    /// The project's API secret (with --api-key). Other users of this machine can see it in the process
    /// list: prefer OPENTOK_API_SECRET.
    #[arg(long, global = true, value_name = "SECRET")]
    pub api_secret: Option<String>,
    /// A Vonage application's id (with --private-key-path; with --public-key for `token verify`; alone, the
    /// id `webhook verify` expects).
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
    /// Create sessions, or move one to another media server.
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
    /// Live-stream sessions to HLS and RTMP: start, stop, inspect, list and lay out broadcasts.
    #[command(subcommand_required = true, arg_required_else_help = true, after_help = BROADCAST_HELP)]
    Broadcast {
        /// What to do.
        #[command(subcommand)]
        action: BroadcastAction,
    },
    /// Start and stop Live Captions (speech to text) of a session.
    #[command(subcommand_required = true, arg_required_else_help = true, after_help = CAPTIONS_HELP)]
    Captions {
        /// What to do.
        #[command(subcommand)]
        action: CaptionsAction,
    },
    /// Experience Composer: render a web page into a session as a stream.
    #[command(subcommand_required = true, arg_required_else_help = true, after_help = RENDER_HELP)]
    Render {
        /// What to do.
        #[command(subcommand)]
        action: RenderAction,
    },
    /// Audio Connector: stream a session's audio to a WebSocket server.
    #[command(subcommand_required = true, arg_required_else_help = true, after_help = AUDIO_HELP)]
    AudioConnector {
        /// What to do.
        #[command(subcommand)]
        action: AudioAction,
    },
    /// List a session's streams, show one, or set their layout classes.
    #[command(subcommand_required = true, arg_required_else_help = true, after_help = STREAM_HELP)]
    Stream {
        /// What to do.
        #[command(subcommand)]
        action: StreamAction,
    },
    /// Send a signal (a short message) to every client of a session, or to one.
    #[command(after_help = SIGNAL_HELP)]
    Signal(SignalArgs),
    /// Disconnect clients, mute streams and list the connections of a session.
    #[command(subcommand_required = true, arg_required_else_help = true, after_help = MODERATION_HELP)]
    Moderation {
        /// What to do.
        #[command(subcommand)]
        action: ModerationAction,
    },
    /// SIP interconnect: call a SIP endpoint from a session, play DTMF tones to the calls.
    #[command(subcommand_required = true, arg_required_else_help = true, after_help = SIP_HELP)]
    Sip {
        /// What to do.
        #[command(subcommand)]
        action: SipAction,
    },
    /// Check a signed callback (webhook) from the platform, or read one.
    #[command(subcommand_required = true, arg_required_else_help = true, after_help = WEBHOOK_HELP)]
    Webhook {
        /// What to do.
        #[command(subcommand)]
        action: WebhookAction,
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

/// `opentok serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to listen on, on 127.0.0.1 (0: a free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Also open the inspector page in a browser, where one exists (else a note says so; the server runs
    /// on either way).
    #[arg(long)]
    pub open: bool,
}

/// Reads `90`, `90s`, `15m`, `2h` or `7d`.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, String> {
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
pub(crate) fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<i64>() {
        return DateTime::from_timestamp(secs, 0).ok_or_else(|| format!("{secs} is out of range"));
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{text:?} is neither Unix seconds nor an RFC 3339 time ({e})"))
}

/// Reads a BCP-47 language code such as `en-US`, as the SDK checks it.
fn parse_language(text: &str) -> Result<LanguageCode, String> {
    text.parse::<LanguageCode>().map_err(|e| e.to_string())
}
