//! `opentok moderation ...`: disconnect clients, mute streams, list connections.

use clap::Subcommand;

pub(super) const MODERATION_HELP: &str = "\
Examples:
  opentok moderation connections \"$SESSION_ID\"
  opentok moderation disconnect \"$SESSION_ID\" \"$CONNECTION_ID\"
  opentok moderation mute \"$SESSION_ID\" \"$STREAM_ID\"
  opentok moderation mute-all \"$SESSION_ID\" --exclude \"$HOST_STREAM_ID\"
  opentok moderation disable-mute \"$SESSION_ID\"";

const DISCONNECT_HELP: &str = "\
Examples:
  opentok moderation disconnect \"$SESSION_ID\" \"$CONNECTION_ID\"

The client leaves the session and its streams go with it. Exit code 4 (404) if the connection is not
connected.";

const MUTE_HELP: &str = "\
Examples:
  opentok moderation mute \"$SESSION_ID\" \"$STREAM_ID\"

Mutes the stream's audio; its publisher can unmute it. Exit code 4 (404) if the stream is unknown.";

const MUTE_ALL_HELP: &str = "\
Examples:
  opentok moderation mute-all \"$SESSION_ID\"
  opentok moderation mute-all \"$SESSION_ID\" --exclude \"$HOST_STREAM_ID\" --exclude \"$GUEST_STREAM_ID\"

Mutes the audio of every stream but the excluded ones, and of streams published later, until
`opentok moderation disable-mute`.";

const DISABLE_MUTE_HELP: &str = "\
Examples:
  opentok moderation disable-mute \"$SESSION_ID\"

Streams published from now on are no longer muted; streams already muted stay muted until their
publishers unmute them.";

const CONNECTIONS_HELP: &str = "\
Examples:
  opentok moderation connections \"$SESSION_ID\"            # one line per connection: id, state, since
  opentok moderation connections \"$SESSION_ID\" --json";

/// `opentok moderation ...`.
#[derive(Debug, Subcommand)]
pub enum ModerationAction {
    /// List the connections of a session.
    #[command(after_help = CONNECTIONS_HELP)]
    Connections {
        /// The session.
        session_id: String,
    },
    /// Disconnect a client from a session.
    #[command(after_help = DISCONNECT_HELP)]
    Disconnect {
        /// The session.
        session_id: String,
        /// The client's connection id (a UUID).
        connection_id: String,
    },
    /// Mute one stream's audio.
    #[command(after_help = MUTE_HELP)]
    Mute {
        /// The session.
        session_id: String,
        /// The stream id (a UUID).
        stream_id: String,
    },
    /// Mute the audio of every stream of a session, but the excluded ones.
    #[command(after_help = MUTE_ALL_HELP)]
    MuteAll {
        /// The session.
        session_id: String,
        /// A stream to leave unmuted; repeat for several.
        #[arg(long = "exclude", value_name = "STREAM_ID")]
        exclude: Vec<String>,
    },
    /// End `mute-all`: streams published from now on are not muted.
    #[command(after_help = DISABLE_MUTE_HELP)]
    DisableMute {
        /// The session.
        session_id: String,
    },
}
