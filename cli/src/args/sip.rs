//! `opentok sip dial|dtmf`: SIP calls out of a session, and DTMF tones to them.

use clap::{Args, Subcommand};

/// The environment variable `sip dial --auth USER` reads the SIP password from.
pub const SIP_PASSWORD_VAR: &str = "OPENTOK_SIP_PASSWORD";

pub(super) const SIP_HELP: &str = "\
Examples:
  opentok sip dial \"$SESSION_ID\" 'sip:+15551234567@sip.example.com;transport=tls' --secure
  opentok sip dtmf \"$SESSION_ID\" 1234#";

const SIP_DIAL_HELP: &str = "\
Examples:
  opentok sip dial \"$SESSION_ID\" sip:alice@sip.example.com
  OPENTOK_SIP_PASSWORD=... opentok sip dial \"$SESSION_ID\" 'sips:+15551234567@pbx.example.com' \\
      --auth alice --from 15550100@example.com --header X-Room=42 --observe-force-mute --json

Calls the SIP URI from a routed session. The call joins the session as a connection (with a publisher
token this command mints from the configured credentials) and publishes one stream. Prints the call's
id, connection id and stream id; hang up with `opentok moderation disconnect SESSION_ID CONNECTION_ID`.

The SIP digest password comes from OPENTOK_SIP_PASSWORD, or after a colon in --auth USER:PASSWORD (which
other users of this machine can see in the process list). It is never printed. Header values on the
command line are visible in the process list too.";

const SIP_DTMF_HELP: &str = "\
Examples:
  opentok sip dtmf \"$SESSION_ID\" 1234#                          # to every SIP call of the session
  opentok sip dtmf \"$SESSION_ID\" 9p9p* --connection \"$CONNECTION_ID\"

Digits are 0-9, * and #; p is a 500 ms pause. Exit code 4 (404) if the session or the connection is
unknown.";

/// `opentok sip ...`.
#[derive(Debug, Subcommand)]
pub enum SipAction {
    /// Call a SIP endpoint (a phone line, a PBX) from a routed session.
    #[command(after_help = SIP_DIAL_HELP)]
    Dial(DialArgs),
    /// Play DTMF tones to the SIP calls of a session, or to one.
    #[command(after_help = SIP_DTMF_HELP)]
    Dtmf {
        /// The session.
        session_id: String,
        /// The digits: 0-9, *, # and p (a 500 ms pause).
        digits: String,
        /// Play them to this SIP call's connection only.
        #[arg(long, value_name = "CONNECTION_ID")]
        connection: Option<String>,
    },
}

/// `opentok sip dial`.
#[derive(Debug, Args)]
pub struct DialArgs {
    /// The routed session to call from.
    pub session_id: String,
    /// The endpoint: a sip: or sips: URI.
    pub sip_uri: String,
    /// The caller, user@domain (a numeric user shows as the caller id on phone networks).
    #[arg(long, value_name = "USER@DOMAIN")]
    pub from: Option<String>,
    /// A header for the SIP INVITE, NAME=VALUE; repeat for several.
    #[arg(long = "header", value_name = "NAME=VALUE")]
    pub headers: Vec<String>,
    /// SIP digest authentication: the username, with the password from $OPENTOK_SIP_PASSWORD (or USER:PASSWORD).
    #[arg(long, value_name = "USER")]
    pub auth: Option<String>,
    /// Encrypt the media (SRTP).
    #[arg(long)]
    pub secure: bool,
    /// Send video as well as audio to the endpoint.
    #[arg(long)]
    pub video: bool,
    /// Let `opentok moderation mute-all` mute the call.
    #[arg(long)]
    pub observe_force_mute: bool,
    /// Send the endpoint only this stream; repeat for several [default: every stream].
    #[arg(long = "stream", value_name = "STREAM_ID")]
    pub streams: Vec<String>,
    /// Connection data of the call's token (other clients see it).
    #[arg(long, value_name = "TEXT")]
    pub data: Option<String>,
}
