//! `opentok session create|migrate`.

use std::net::Ipv4Addr;

use clap::{Args, Subcommand};
use opentok_sdk::{archive::Resolution, session::ArchiveMode};

use super::enums::sdk_enum;

const SESSION_CREATE_HELP: &str = "\
Examples:
  opentok session create                                   # relayed: media flows between clients
  opentok session create --routed --location 203.0.113.7
  opentok session create --routed --archive-mode always --archive-name daily
  opentok session create --routed --e2ee
  SESSION_ID=$(opentok session create --routed)

Prints the session id alone on standard output (a JSON object with --json).";

const SESSION_MIGRATE_HELP: &str = "\
Examples:
  opentok session migrate \"$SESSION_ID\"

Moves the session's clients to another media server now, instead of at the platform's next rotation.
The session's archives, broadcasts, captions, Experience Composers and Audio Connectors stop. Exit code 4
with code 15214 (a migration is under way) or 15215 (too soon after the last one or the creation).";

pub(super) const SESSION_HELP: &str = "\
Examples:
  opentok session create --routed
  opentok session migrate \"$SESSION_ID\"
  opentok session create --help                            # every option, with more examples";

/// `opentok session ...`.
#[derive(Debug, Subcommand)]
pub enum SessionAction {
    /// Create a session and print its id.
    #[command(after_help = SESSION_CREATE_HELP)]
    Create(CreateSessionArgs),
    /// Move a session's clients to another media server now.
    #[command(after_help = SESSION_MIGRATE_HELP)]
    Migrate {
        /// The session to move.
        session_id: String,
    },
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
    #[arg(long, value_name = "MODE", default_value = "manual", value_parser = sdk_enum::<ArchiveMode>(ArchiveMode::WIRE))]
    pub archive_mode: ArchiveMode,
    /// The name of the automatic archives (with --archive-mode always).
    #[arg(long, value_name = "NAME")]
    pub archive_name: Option<String>,
    /// The resolution of the automatic archives (with --archive-mode always).
    #[arg(long, value_name = "WxH", value_parser = sdk_enum::<Resolution>(Resolution::WIRE))]
    pub archive_resolution: Option<Resolution>,
    /// Encrypt media end to end (needs --routed; not with --archive-mode always).
    #[arg(long)]
    pub e2ee: bool,
}
