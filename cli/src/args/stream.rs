//! `opentok stream list|get|layout`: the streams published in a session.

use clap::Subcommand;

pub(super) const STREAM_HELP: &str = "\
Examples:
  opentok stream list \"$SESSION_ID\"
  opentok stream get \"$SESSION_ID\" \"$STREAM_ID\" --json
  opentok stream layout \"$SESSION_ID\" \"$STREAM_ID\"=focus,full";

const STREAM_LIST_HELP: &str = "\
Examples:
  opentok stream list \"$SESSION_ID\"                 # one line per stream: id, video, name, classes
  opentok stream list \"$SESSION_ID\" --json | jq -r '.items[].id'";

const STREAM_GET_HELP: &str = "\
Examples:
  opentok stream get \"$SESSION_ID\" \"$STREAM_ID\"
  opentok stream get \"$SESSION_ID\" \"$STREAM_ID\" --json

Exit code 4 (404) if the stream is not published in the session.";

const STREAM_LAYOUT_HELP: &str = "\
Examples:
  opentok stream layout \"$SESSION_ID\" \"$STREAM_ID\"=focus
  opentok stream layout \"$SESSION_ID\" \"$A\"=focus,full \"$B\"=      # B's classes are cleared

Each argument replaces one stream's layout classes (the classes composed archives and broadcasts lay
streams out by); the platform applies all of them or none. Class names are comma-separated, without
whitespace.";

/// `opentok stream ...`.
#[derive(Debug, Subcommand)]
pub enum StreamAction {
    /// List the streams published in a session.
    #[command(after_help = STREAM_LIST_HELP)]
    List {
        /// The session.
        session_id: String,
    },
    /// Show one stream: its video type, name and layout classes.
    #[command(after_help = STREAM_GET_HELP)]
    Get {
        /// The session.
        session_id: String,
        /// The stream id (a UUID).
        stream_id: String,
    },
    /// Set the layout classes of streams.
    #[command(after_help = STREAM_LAYOUT_HELP)]
    Layout {
        /// The session.
        session_id: String,
        /// A stream and its new classes, STREAM_ID=CLASS,CLASS (STREAM_ID= clears them); repeat for several.
        #[arg(required = true, value_name = "STREAM_ID=CLASSES")]
        streams: Vec<String>,
    },
}
