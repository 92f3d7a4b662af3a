//! `opentok token`: minting, decoding and verifying client tokens.

use std::{path::PathBuf, time::Duration};

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use opentok_sdk::Role;

use super::{enums::sdk_enum, parse_duration, parse_time};

const TOKEN_HELP: &str = "\
Examples:
  opentok token \"$SESSION_ID\"                                  # a publisher JWT valid for a day
  opentok token \"$SESSION_ID\" --role moderator --expires-in 2h --data 'name=Ann'
  opentok token \"$SESSION_ID\" --layout-class focus --layout-class main --t1
  opentok token decode \"$TOKEN\"
  opentok token verify \"$TOKEN\"                                # with the configured credentials
  opentok token verify \"$TOKEN\" --public-key app.pub.pem --application-id \"$APP_ID\"

Prints the token alone on standard output (a JSON object with --json), so TOKEN=$(opentok token ...) works.";

const DECODE_HELP: &str = "\
Examples:
  opentok token decode \"$TOKEN\"
  opentok token decode \"$TOKEN\" --json | jq .expire_time

Needs no credentials. Exit code 3 if the text is not a token.";

const VERIFY_HELP: &str = "\
Examples:
  opentok token verify \"$TOKEN\"                       # API key and secret, or the application's own key
  opentok token verify \"$TOKEN\" --public-key app.pub.pem --application-id 7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4a

Exit code 0 and the claims if the token is authentic and unexpired; 3 and the reason otherwise.";

/// `opentok token`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true, after_help = TOKEN_HELP)]
pub struct TokenCommand {
    /// Decode or verify instead of minting.
    #[command(subcommand)]
    pub action: Option<TokenAction>,
    /// Minting options.
    #[command(flatten)]
    pub mint: MintArgs,
}

/// Options for minting a token.
#[derive(Debug, Args)]
pub struct MintArgs {
    /// The session the token admits to.
    #[arg(required = true, value_name = "SESSION_ID")]
    pub session_id: Option<String>,
    /// What the client may do.
    #[arg(long, value_name = "ROLE", default_value_t = Role::Publisher, value_parser = sdk_enum::<Role>(ROLES))]
    pub role: Role,
    /// How long the token is valid: seconds, or a number followed by s, m, h or d; at most 30d
    /// [default: 1d].
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, conflicts_with = "expire_time")]
    pub expires_in: Option<Duration>,
    /// When the token expires: Unix seconds, or RFC 3339 such as 2026-12-31T12:00:00Z.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub expire_time: Option<DateTime<Utc>>,
    /// Connection data that other clients see (at most 1000 characters).
    #[arg(long, value_name = "TEXT")]
    pub data: Option<String>,
    /// A class for the client's stream in composed layouts; repeat the flag for several.
    #[arg(long = "layout-class", value_name = "CLASS")]
    pub layout_classes: Vec<String>,
    /// Mint a legacy `T1==` token instead of a JWT (API key and secret only).
    #[arg(long)]
    pub t1: bool,
}

/// `opentok token decode|verify`.
#[derive(Debug, Subcommand)]
pub enum TokenAction {
    /// Show what a token says, without checking its signature (needs no credentials).
    #[command(after_help = DECODE_HELP)]
    Decode {
        /// The token (`T1==...` or a JWT).
        token: String,
    },
    /// Check a token's signature, API key or application id, and expiry.
    #[command(after_help = VERIFY_HELP)]
    Verify {
        /// The token.
        token: String,
        /// Verify an RS256 token with this PEM public key (`BEGIN PUBLIC KEY`) and --application-id,
        /// instead of the configured credentials.
        #[arg(long, value_name = "PEM_FILE")]
        public_key: Option<PathBuf>,
    },
}

/// The roles as a token writes them (`publisher-only` is accepted for `publisheronly`).
pub(super) const ROLES: &[&str] = &Role::WIRE;
