//! `opentok captions start|stop` (Live Captions).

use std::time::Duration;

use clap::{Args, Subcommand};
use opentok_sdk::captions::LanguageCode;

use super::{parse_duration, parse_language};

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
