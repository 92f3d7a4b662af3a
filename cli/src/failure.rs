//! Why a command failed, which exit code says so, and how the failure is shown (a line of text, or one JSON
//! object with `--json`). Every error the commands meet becomes a [`Failure`] here, so none reaches the
//! user as a panic or a `Debug` dump.

use opentok_sdk::{
    webhook::{VerifyError, WebhookError},
    Error, TokenError,
};
use serde_json::{json, Value};

/// The exit codes, as `--help` documents them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Anything else: the test server cannot listen, standard output cannot be written.
    Other = 1,
    /// The command line is wrong (clap's own errors use this code too).
    Usage = 2,
    /// Input the SDK or the CLI refused before sending anything: a malformed id or token, an invalid
    /// option value, missing or unreadable credentials; a token that does not verify.
    Invalid = 3,
    /// The platform answered with an error (or reported a failed archive).
    Api = 4,
    /// The platform could not be reached, did not answer in time, or answered something unreadable.
    Transport = 5,
    /// `webhook verify`: the callback failed a check.
    Refused = 6,
}

/// The exit code table shown at the end of `opentok --help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  any other failure (for instance `serve` cannot listen on the port)
  2  usage error: unknown command or flag, missing or malformed option value
  3  invalid input: malformed session id, archive id or token, a token that does not verify,
     missing or unusable credentials, an option value the SDK refuses (nothing is sent)
  4  API error: the platform refused the request (its status, code and message are printed), or what
     --wait waited for failed (an archive, broadcast or Experience Composer)
  5  transport error: the platform could not be reached, timed out, or answered something unreadable;
     or --wait gave up (--wait-timeout)
  6  webhook verify: the callback failed a check (the check and the reason are printed)";

/// A failed command.
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub exit: Exit,
    /// The message for people.
    pub message: String,
    /// The same failure for scripts: an object with at least `kind` and `message`.
    pub detail: Value,
}

impl Failure {
    fn new(exit: Exit, kind: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self { exit, detail: json!({ "kind": kind, "message": message }), message }
    }

    /// A command line the parser accepted but the command cannot use.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, "usage", message)
    }

    /// Input refused before anything was sent.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(Exit::Invalid, "invalid_input", message)
    }

    /// Anything else.
    pub fn other(message: impl Into<String>) -> Self {
        Self::new(Exit::Other, "other", message)
    }

    /// Something the platform reports as failed (or stopped, expired, deleted) while waiting for it;
    /// `kind` names what: `archive`, `broadcast`, `render`.
    pub fn state(kind: &str, message: impl Into<String>) -> Self {
        Self::new(Exit::Api, kind, message)
    }

    /// A webhook body that does not read as a callback.
    pub fn webhook_body(message: impl Into<String>) -> Self {
        Self::new(Exit::Invalid, "webhook_body", message)
    }

    /// Waiting gave up.
    pub fn wait_timeout(message: impl Into<String>) -> Self {
        Self::new(Exit::Transport, "timeout", message)
    }

    /// Prefixes the message with what was being done.
    pub fn context(mut self, what: &str) -> Self {
        self.message = format!("{what}: {}", self.message);
        self.detail["message"] = Value::from(self.message.clone());
        self
    }

    /// Appends a hint to the message.
    pub fn with_hint(mut self, hint: &str) -> Self {
        self.message = format!("{}; {hint}", self.message);
        self.detail["message"] = Value::from(self.message.clone());
        self
    }

    /// The line written to standard error: `opentok: <message>`, or the JSON object.
    pub fn render(&self, json: bool) -> String {
        if json {
            json!({ "error": self.detail }).to_string()
        } else {
            format!("opentok: {}", self.message)
        }
    }
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        let message = err.to_string();
        match &err {
            Error::InvalidArgument { field, reason } => Self {
                exit: Exit::Invalid,
                detail: json!({ "kind": "invalid_input", "field": field, "reason": reason, "message": message }),
                message,
            },
            Error::Api(api) => Self {
                exit: Exit::Api,
                detail: json!({
                    "kind": "api",
                    "status": api.status().as_u16(),
                    "code": api.code(),
                    "message": api.message(),
                    "description": api.description(),
                    "hint": api.hint(),
                }),
                message,
            },
            Error::Transport(_) => Self::new(Exit::Transport, "transport", message),
            Error::Timeout { .. } => Self::new(Exit::Transport, "timeout", message),
            Error::Decode(_) => Self::new(Exit::Transport, "decode", message),
            Error::Redirect { .. } => Self::new(Exit::Transport, "redirect", message),
            _ => Self::new(Exit::Other, "other", message),
        }
    }
}

impl From<TokenError> for Failure {
    fn from(err: TokenError) -> Self {
        let kind = match err {
            TokenError::Malformed(_) => "malformed_token",
            TokenError::WrongApiKey => "wrong_api_key",
            TokenError::BadSignature => "bad_signature",
            TokenError::InvalidKey(_) => "invalid_key",
            TokenError::Expired { .. } => "expired",
            _ => "invalid_token",
        };
        let mut failure = Self::new(Exit::Invalid, kind, err.to_string());
        if let TokenError::Expired { expired_at } = err {
            failure.detail["expired_at"] = Value::from(expired_at);
        }
        failure
    }
}

impl From<VerifyError> for Failure {
    fn from(err: VerifyError) -> Self {
        let message = format!("callback refused: {err} (check `{}`)", err.check());
        Self {
            exit: Exit::Refused,
            detail: json!({
                "kind": "webhook_refused",
                "check": err.check(),
                "status": err.status().as_u16(),
                "message": message,
            }),
            message,
        }
    }
}

impl From<WebhookError> for Failure {
    fn from(err: WebhookError) -> Self {
        match err {
            WebhookError::Verify(e) => e.into(),
            WebhookError::Body(e) => {
                Self::new(Exit::Invalid, "webhook_body", format!("the callback's body does not read: {e}"))
            }
            other => Self::new(Exit::Invalid, "webhook_body", other.to_string()),
        }
    }
}
