//! `opentok webhook verify|parse`: checking and reading the platform's callbacks.

use std::{path::PathBuf, time::Duration};

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};

use super::{parse_duration, parse_time};

/// The environment variable `webhook verify` reads the signature secret from.
pub const SIGNATURE_SECRET_VAR: &str = "OPENTOK_SIGNATURE_SECRET";
/// The environment variable `webhook verify` reads the previous signature secret from, while a new one
/// takes effect.
pub const PREVIOUS_SECRET_VAR: &str = "OPENTOK_PREVIOUS_SIGNATURE_SECRET";

pub(super) const WEBHOOK_HELP: &str = "\
Examples:
  opentok webhook verify body.json --authorization \"$AUTH_HEADER\"   # secret in $OPENTOK_SIGNATURE_SECRET
  opentok webhook parse body.json --json";

const WEBHOOK_VERIFY_HELP: &str = "\
Examples:
  opentok webhook verify body.json --authorization 'Bearer eyJhbGciOiJIUzI1NiJ9...'   # secret from the environment
  opentok webhook verify - --authorization \"$AUTH\" --api-key 12345678 < body.json
  opentok webhook verify body.json --authorization \"$AUTH\" --now 2026-12-03T09:15:00Z   # an old capture
  opentok webhook verify body.json --authorization \"$AUTH\" --json | jq .event

BODY is the request body exactly as received (a file, or - for standard input); --authorization is the
value of its Authorization header (`Bearer <jwt>` or the bare JWT), left out for a callback without one.
The secret (the signature secret set with the callback URL) comes from --signature-secret or, better (the
process list shows flags), from $OPENTOK_SIGNATURE_SECRET; it is never printed. While a new secret takes
effect (up to 30 minutes), callbacks signed with the old one pass too if it is given with --previous-secret
or $OPENTOK_PREVIOUS_SIGNATURE_SECRET. --api-key and --application-id, when given, are the
account the callback must be about.

The checks, in order: the header is present (check `header`), is a JWT (`format`) signed with HS256
(`alg`) by the secret (`signature`), has its claims (`claims`) with issuer Vonage (`iss`), is about the
expected account (`account`), was issued within --max-age of now (`iat`), and the body's SHA-256 is its
payload_hash (`payload_hash`).

Exit code 0 and the event when every check passes; 6 and the check that failed otherwise (with --json:
{\"error\": {\"kind\": \"webhook_refused\", \"check\": .., \"status\": .., \"message\": ..}}, where status is
the answer to give the platform: 503 for a missing header, so that it retries, else 401); 3 for a body
that is not a callback, an unreadable file, or no secret.";

const WEBHOOK_PARSE_HELP: &str = "\
Examples:
  opentok webhook parse body.json
  curl -s https://example.com/last-callback | opentok webhook parse - --json

Reads a callback's body without checking any signature, and prints its kind and content. Exit code 3 if
it is not JSON or a known callback's member has the wrong type; an unknown callback is printed as is.";

/// `opentok webhook ...`.
#[derive(Debug, Subcommand)]
pub enum WebhookAction {
    /// Check a signed callback's signature, claims and body, and print the event.
    #[command(after_help = WEBHOOK_VERIFY_HELP)]
    Verify(VerifyWebhookArgs),
    /// Read a callback's body (no signature check) and print the event.
    #[command(after_help = WEBHOOK_PARSE_HELP)]
    Parse {
        /// The body: a file, or - for standard input.
        body: PathBuf,
    },
}

/// `opentok webhook verify`.
#[derive(Debug, Args)]
pub struct VerifyWebhookArgs {
    /// The body exactly as received: a file, or - for standard input.
    pub body: PathBuf,
    /// The callback's Authorization header value; leave it out for a callback that had none.
    #[arg(long, value_name = "VALUE")]
    pub authorization: Option<String>,
    /// The signature secret [default: $OPENTOK_SIGNATURE_SECRET]. Other users of this machine can see it
    /// in the process list: prefer the variable.
    #[arg(long, value_name = "SECRET")]
    pub signature_secret: Option<String>,
    /// Also accept callbacks signed with this former secret [default: $OPENTOK_PREVIOUS_SIGNATURE_SECRET].
    #[arg(long, value_name = "SECRET")]
    pub previous_secret: Option<String>,
    /// How far from now the signature's time may be, either way: seconds, or a number followed by s, m, h
    /// or d.
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_duration)]
    pub max_age: Duration,
    /// Check freshness against this time instead of now, to replay a captured callback: Unix seconds or
    /// RFC 3339.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub now: Option<DateTime<Utc>>,
}
