//! `opentok webhook verify|parse`: all local, nothing is sent.

use std::{io::Read as _, path::Path};

use opentok_sdk::webhook::{Event, SignedClaims, Verifier};
use serde_json::{json, Value};

use crate::{
    args::{CredentialArgs, VerifyWebhookArgs, WebhookAction, PREVIOUS_SECRET_VAR, SIGNATURE_SECRET_VAR},
    client::env_var,
    failure::Failure,
    output,
};

/// The largest body read: the platform's callbacks are a few kilobytes.
const MAX_BODY_BYTES: u64 = 16 * 1024 * 1024;

/// Runs `opentok webhook ...`.
pub fn run(action: WebhookAction, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    match action {
        WebhookAction::Verify(args) => verify(args, credentials, json),
        WebhookAction::Parse { body } => {
            let body = read_body(&body)?;
            let event = Event::from_json(&body).map_err(|e| body_failure(e, "the callback's body does not read"))?;
            show(&event, None, json)
        }
    }
}

/// The body, from a file or (for `-`) standard input.
fn read_body(path: &Path) -> Result<Vec<u8>, Failure> {
    let mut body = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().lock().take(MAX_BODY_BYTES + 1).read_to_end(&mut body)
    } else {
        std::fs::File::open(path).and_then(|file| file.take(MAX_BODY_BYTES + 1).read_to_end(&mut body))
    };
    let name = if path.as_os_str() == "-" { "standard input".to_owned() } else { path.display().to_string() };
    read.map_err(|e| Failure::invalid(format!("the body {name}: cannot be read ({e})")))?;
    if body.len() as u64 > MAX_BODY_BYTES {
        return Err(Failure::invalid(format!("the body {name}: larger than {MAX_BODY_BYTES} bytes")));
    }
    Ok(body)
}

fn verify(args: VerifyWebhookArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let secret = args.signature_secret.or_else(|| env_var(SIGNATURE_SECRET_VAR)).ok_or_else(|| {
        Failure::invalid(format!("no signature secret: set {SIGNATURE_SECRET_VAR} or pass --signature-secret"))
    })?;
    let mut verifier = Verifier::new(&secret).map_err(|e| body_failure(e, "the signature secret"))?;
    if let Some(previous) = args.previous_secret.or_else(|| env_var(PREVIOUS_SECRET_VAR)) {
        verifier = verifier.also_accept(&previous).map_err(|e| Failure::from(e).context("--previous-secret"))?;
    }
    // Only the flags: the account of a callback being checked need not be the configured one.
    if let Some(api_key) = &credentials.api_key {
        verifier = verifier.expect_api_key(api_key);
    }
    if let Some(application_id) = &credentials.application_id {
        verifier = verifier.expect_application_id(application_id);
    }
    verifier = verifier.max_age(args.max_age);
    let body = read_body(&args.body)?;
    let now = args.now.unwrap_or_else(chrono::Utc::now).timestamp();
    let claims = verifier.verify_at(args.authorization.as_deref(), &body, now)?;
    let event = Event::from_json(&body)
        .map_err(|e| body_failure(e, "the signature is valid, but the callback's body does not read"))?;
    show(&event, Some(&claims), json)
}

/// A body that does not read as a callback: invalid input (exit code 3), not the platform's answer.
fn body_failure(err: opentok_sdk::Error, what: &str) -> Failure {
    match err {
        opentok_sdk::Error::Decode(decode) => Failure::webhook_body(format!("{what}: {decode}")),
        other => Failure::webhook_body(format!("{what}: {other}")),
    }
}

fn kind_name(event: &Event) -> &'static str {
    event.kind().map_or("unknown", |kind| kind.as_str())
}

/// Prints the event (and the claims that vouched for it).
fn show(event: &Event, claims: Option<&SignedClaims>, json: bool) -> Result<(), Failure> {
    if json {
        let mut value = json!({ "kind": kind_name(event), "event": event.to_json() });
        if let Some(claims) = claims {
            value["valid"] = Value::Bool(true);
            value["claims"] = serde_json::to_value(claims).unwrap_or(Value::Null);
        }
        return output::json(&value);
    }
    let mut fields = vec![("kind", kind_name(event).to_owned())];
    if let Some(claims) = claims {
        fields.insert(0, ("signature", "valid".to_owned()));
        if let Some(at) = claims.issued_at {
            fields.push(("signed at", output::unix_time(at)));
        }
        if let Some(jti) = &claims.jti {
            fields.push(("jti", jti.clone()));
        }
        if let Some(key) = &claims.api_key {
            fields.push(("api key", key.clone()));
        }
        if let Some(id) = &claims.application_id {
            fields.push(("application id", id.clone()));
        }
    }
    let body = serde_json::to_string_pretty(&event.to_json()).unwrap_or_default();
    output::line(&format!("{}\n{body}", output::block(&fields)))
}
