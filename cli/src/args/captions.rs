//! `opentok captions start|stop` (Live Captions) and `opentok audio-connector start|stop`.

use std::time::Duration;

use clap::{Args, Subcommand};
use opentok_sdk::{audio_connector::AudioRate, captions::LanguageCode};

use super::{enums::sdk_enum_with, parse_duration, parse_language};

pub(super) const CAPTIONS_HELP: &str = "\
Examples:
  opentok captions start \"$SESSION_ID\" --language-code en-GB      # prints the captions id
  opentok captions stop \"$CAPTIONS_ID\"
  CAPTIONS_ID=$(opentok captions start \"$SESSION_ID\")";

const CAPTIONS_START_HELP: &str = "\
Examples:
  opentok captions start \"$SESSION_ID\"                        # en-US, partial captions
  opentok captions start \"$SESSION_ID\" --language-code fr-FR --max-duration 1h --no-partial-captions
  opentok captions start \"$SESSION_ID\" --status-callback-url https://example.com/captions --json

Prints the captions id alone (a JSON object with --json). The captioning joins with a moderator token that
this command mints from the configured credentials. The platform has no call that reads a captioning's
status: it arrives by callback (see `opentok webhook`).";

const CAPTIONS_STOP_HELP: &str = "\
Examples:
  opentok captions stop \"$CAPTIONS_ID\"

Exit code 4 (404) if the captioning is unknown or already stopped.";

pub(super) const AUDIO_HELP: &str = "\
Examples:
  opentok audio-connector start \"$SESSION_ID\" wss://bot.example.com/audio --audio-rate 16000
  opentok audio-connector stop \"$SESSION_ID\" \"$CONNECTION_ID\"";

const AUDIO_START_HELP: &str = "\
Examples:
  opentok audio-connector start \"$SESSION_ID\" wss://bot.example.com/audio
  opentok audio-connector start \"$SESSION_ID\" wss://bot.example.com/audio --stream \"$STREAM_ID\" \\
      --header 'X-Call=42' --audio-rate 24000 --bidirectional --data bot --json

Streams the session's audio (16-bit PCM in binary messages) to the WebSocket server. Prints the
connector's id and the connection it joined the session as: `opentok audio-connector stop` takes the
session id and that connection id. Header values on the command line are visible to other users of this
machine in the process list.";

const AUDIO_STOP_HELP: &str = "\
Examples:
  opentok audio-connector stop \"$SESSION_ID\" \"$CONNECTION_ID\"

Stops the connector by disconnecting its connection from the session. Exit code 4 (404) if that connection
is already gone.";

/// `opentok captions ...`.
#[derive(Debug, Subcommand)]
pub enum CaptionsAction {
    /// Start Live Captions for a routed session and print the captions id.
    #[command(after_help = CAPTIONS_START_HELP)]
    Start(StartCaptionsArgs),
    /// Stop Live Captions.
    #[command(after_help = CAPTIONS_STOP_HELP)]
    Stop {
        /// The captions id (a UUID).
        captions_id: String,
    },
}

/// `opentok captions start`.
#[derive(Debug, Args)]
pub struct StartCaptionsArgs {
    /// The routed session to caption.
    pub session_id: String,
    /// The spoken language, a BCP-47 code such as en-US [platform default: en-US].
    #[arg(long, value_name = "CODE", value_parser = parse_language)]
    pub language_code: Option<LanguageCode>,
    /// Stop captioning after this long: seconds, or a number followed by s, m or h (5m to 4h).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub max_duration: Option<Duration>,
    /// Send captions only once final, not as they are recognised.
    #[arg(long)]
    pub no_partial_captions: bool,
    /// Where the platform posts the captioning's status changes (http or https).
    #[arg(long, value_name = "URL")]
    pub status_callback_url: Option<String>,
}

/// `opentok audio-connector ...`.
#[derive(Debug, Subcommand)]
pub enum AudioAction {
    /// Stream a routed session's audio to a WebSocket server.
    #[command(after_help = AUDIO_START_HELP)]
    Start(StartAudioArgs),
    /// Stop an Audio Connector (disconnect its connection).
    #[command(after_help = AUDIO_STOP_HELP)]
    Stop {
        /// The session the connector joined.
        session_id: String,
        /// The connector's connection id, as `start` printed it.
        connection_id: String,
    },
}

/// The sample rates, in hertz.
const AUDIO_RATES: &[&str] = &["8000", "16000", "24000"];

fn audio_rate(hertz: &str) -> Option<AudioRate> {
    AudioRate::from_hertz(hertz.parse().ok()?)
}

/// `opentok audio-connector start`.
#[derive(Debug, Args)]
pub struct StartAudioArgs {
    /// The routed session whose audio is sent.
    pub session_id: String,
    /// The WebSocket server, ws:// or wss://.
    pub uri: String,
    /// Send only this stream's audio; repeat for several [default: every stream].
    #[arg(long = "stream", value_name = "STREAM_ID")]
    pub streams: Vec<String>,
    /// A header sent to the WebSocket server, NAME=VALUE; repeat for several (512 bytes in all).
    #[arg(long = "header", value_name = "NAME=VALUE")]
    pub headers: Vec<String>,
    /// The sample rate in hertz [platform default: 8000].
    #[arg(long, value_name = "HZ", value_parser = sdk_enum_with(AUDIO_RATES, audio_rate))]
    pub audio_rate: Option<AudioRate>,
    /// Publish what the server sends back into the session.
    #[arg(long)]
    pub bidirectional: bool,
    /// Connection data of the connector's token (other clients see it).
    #[arg(long, value_name = "TEXT")]
    pub data: Option<String>,
}
