//! `opentok signal`: a message to every client of a session, or to one.

use clap::Args;

pub(super) const SIGNAL_HELP: &str = "\
Examples:
  opentok signal \"$SESSION_ID\" --type chat --data 'The session ends in 5 minutes'
  opentok signal \"$SESSION_ID\" --data '{\"mute\":true}' --type control --connection \"$CONNECTION_ID\"

Clients receive the signal in their `signal` (or `signal:TYPE`) handler. The type is at most 128
characters, the data at most 8 kB. Exit code 4 (404) if the session has no connected client, or the
connection is not connected.";

/// `opentok signal`.
#[derive(Debug, Args)]
pub struct SignalArgs {
    /// The session to signal.
    pub session_id: String,
    /// The signal's type, which clients pick a handler by (at most 128 characters).
    #[arg(long = "type", value_name = "TYPE")]
    pub signal_type: Option<String>,
    /// The signal's data (at most 8192 bytes).
    #[arg(long, value_name = "TEXT")]
    pub data: String,
    /// Signal only this connection instead of every client of the session.
    #[arg(long, value_name = "CONNECTION_ID")]
    pub connection: Option<String>,
}
