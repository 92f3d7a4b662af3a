//! The SDK client, from credential flags or, without them, from the environment as
//! `OpenTok::from_env()` reads it.

use std::time::Duration;

use opentok_sdk::{ClientBuilder, OpenTok};

use crate::{args::CredentialArgs, failure::Failure};

/// The variables `OpenTok::from_env()` takes credentials from.
const CREDENTIAL_VARS: [&str; 5] =
    ["VONAGE_APPLICATION_ID", "VONAGE_PRIVATE_KEY", "VONAGE_PRIVATE_KEY_PATH", "OPENTOK_API_KEY", "OPENTOK_API_SECRET"];

const FLAGS_HINT: &str = "or pass --api-key with --api-secret, or --application-id with --private-key-path";

/// A non-empty environment variable (the SDK treats empty ones as unset).
pub fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// True when credentials are given, as flags or in the environment, whole or not.
pub fn configured(args: &CredentialArgs) -> bool {
    args.api_key.is_some()
        || args.api_secret.is_some()
        || args.application_id.is_some()
        || args.private_key_path.is_some()
        || CREDENTIAL_VARS.iter().any(|name| env_var(name).is_some())
}

/// Builds the client.
///
/// # Errors
/// [`Failure::usage`] for half a pair of credential flags or both pairs; [`Failure::invalid`] for missing,
/// incomplete or unusable credentials, an unreadable key file, a malformed API URL.
pub fn client(args: &CredentialArgs) -> Result<OpenTok, Failure> {
    let mut builder = match from_flags(args)? {
        Some(builder) => {
            // As with credentials from the environment, OPENTOK_API_URL applies unless --api-url says otherwise.
            match env_var("OPENTOK_API_URL").or_else(|| env_var("VONAGE_API_URL")) {
                Some(url) => builder.with_api_url(url),
                None => builder,
            }
        }
        None => ClientBuilder::from_env().map_err(|e| Failure::from(e).with_hint(FLAGS_HINT))?,
    };
    if let Some(url) = &args.api_url {
        builder = builder.with_api_url(url);
    }
    if let Some(secs) = args.timeout {
        builder = builder.with_timeout(Duration::from_secs(secs));
    }
    Ok(builder.build()?)
}

/// The builder the credential flags describe, or `None` without any.
fn from_flags(args: &CredentialArgs) -> Result<Option<ClientBuilder>, Failure> {
    let project = args.api_key.is_some() || args.api_secret.is_some();
    let application = args.application_id.is_some() || args.private_key_path.is_some();
    if project && application {
        return Err(Failure::usage(
            "give either --api-key with --api-secret, or --application-id with --private-key-path, not both",
        ));
    }
    match (&args.api_key, &args.api_secret, &args.application_id, &args.private_key_path) {
        (Some(key), Some(secret), None, None) => Ok(Some(OpenTok::builder(key, secret.as_str()))),
        (Some(_), None, ..) => Err(Failure::usage("--api-key needs --api-secret")),
        (None, Some(_), ..) => Err(Failure::usage("--api-secret needs --api-key")),
        (None, None, Some(id), Some(path)) => {
            let pem = std::fs::read_to_string(path).map_err(|e| {
                Failure::invalid(format!("--private-key-path {}: cannot be read ({e})", path.display()))
            })?;
            Ok(Some(OpenTok::application_builder(id, pem)))
        }
        (None, None, Some(_), None) => Err(Failure::usage("--application-id needs --private-key-path")),
        (None, None, None, Some(_)) => Err(Failure::usage("--private-key-path needs --application-id")),
        _ => Ok(None),
    }
}
