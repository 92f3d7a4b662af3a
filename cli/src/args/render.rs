//! `opentok render start|stop|get|list` (Experience Composer).

use std::time::Duration;

use clap::{Args, Subcommand};
use opentok_sdk::{archive::Resolution, Role};

use super::{
    archive::{PageArgs, WaitArgs},
    enums::sdk_enum,
    parse_duration,
    token::ROLES,
};

pub(super) const RENDER_HELP: &str = "\
Examples:
  opentok render start \"$SESSION_ID\" https://example.com/scoreboard --wait
  opentok render get \"$RENDER_ID\" --json
  opentok render list
  opentok render stop \"$RENDER_ID\" --wait";

const RENDER_START_HELP: &str = "\
Examples:
  opentok render start \"$SESSION_ID\" https://example.com/scoreboard
  opentok render start \"$SESSION_ID\" https://example.com/board --stream-name Board --resolution 1920x1080 \\
      --max-duration 30m --data 'composer=board' --wait

The composer joins the session with a token that this command mints (with --role and --data) from the
configured credentials. With --wait, waits until it publishes its stream (status started). Exit code 4 if
it fails or stops meanwhile (429 with code 50004: the account's Experience Composer quota is used up), 5
if not started within the wait timeout.";

const RENDER_STOP_HELP: &str = "\
Examples:
  opentok render stop \"$RENDER_ID\"
  opentok render stop \"$RENDER_ID\" --wait --json          # until the platform reports it stopped";

const RENDER_GET_HELP: &str = "\
Examples:
  opentok render get \"$RENDER_ID\"
  opentok render get \"$RENDER_ID\" --json | jq -r .streamId";

const RENDER_LIST_HELP: &str = "\
Examples:
  opentok render list                                     # the newest 50
  opentok render list --count 10 --offset 10
  opentok render list --all --json";

/// `opentok render ...`.
#[derive(Debug, Subcommand)]
pub enum RenderAction {
    /// Start an Experience Composer: a browser that renders a web page into the session as a stream.
    #[command(after_help = RENDER_START_HELP)]
    Start(StartRenderArgs),
    /// Stop an Experience Composer.
    #[command(after_help = RENDER_STOP_HELP)]
    Stop {
        /// The Experience Composer's id.
        render_id: String,
        /// Wait until the platform reports it stopped.
        #[command(flatten)]
        wait: WaitArgs,
    },
    /// Show an Experience Composer.
    #[command(after_help = RENDER_GET_HELP)]
    Get {
        /// The Experience Composer's id.
        render_id: String,
    },
    /// List Experience Composers, newest first.
    #[command(after_help = RENDER_LIST_HELP)]
    List(PageArgs),
}

/// `opentok render start`.
#[derive(Debug, Args)]
pub struct StartRenderArgs {
    /// The routed session the composer joins.
    pub session_id: String,
    /// The page to render (http or https, 15 to 2048 characters).
    pub url: String,
    /// The name of the composer's stream (1 to 200 characters).
    #[arg(long, value_name = "NAME")]
    pub stream_name: Option<String>,
    /// The size of the page and of the stream [platform default: 1280x720].
    #[arg(long, value_name = "WxH", value_parser = sdk_enum::<Resolution>(Resolution::WIRE))]
    pub resolution: Option<Resolution>,
    /// Stop the composer after this long: seconds, or a number followed by s, m or h (1m to 10h).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub max_duration: Option<Duration>,
    /// Where the platform posts the composer's status changes (http or https).
    #[arg(long, value_name = "URL")]
    pub status_callback_url: Option<String>,
    /// The role of the composer's token.
    #[arg(long, value_name = "ROLE", default_value_t = Role::Publisher, value_parser = sdk_enum::<Role>(ROLES))]
    pub role: Role,
    /// Connection data of the composer's token (other clients see it).
    #[arg(long, value_name = "TEXT")]
    pub data: Option<String>,
    /// Wait until it publishes its stream.
    #[command(flatten)]
    pub wait: WaitArgs,
}
