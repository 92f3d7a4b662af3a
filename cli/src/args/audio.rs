//! `opentok audio-connector start|stop`.

use clap::{Args, Subcommand};
use opentok_sdk::audio_connector::AudioRate;

use super::enums::sdk_enum;

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
    #[arg(long, value_name = "HZ", value_parser = sdk_enum::<AudioRate>(AUDIO_RATES))]
    pub audio_rate: Option<AudioRate>,
    /// Publish what the server sends back into the session.
    #[arg(long)]
    pub bidirectional: bool,
    /// Connection data of the connector's token (other clients see it).
    #[arg(long, value_name = "TEXT")]
    pub data: Option<String>,
}
