//! `opentok token`: mint, decode and verify client tokens. All local: nothing is sent.

use std::path::Path;

use opentok_sdk::token::{self, PublicKey};
use serde_json::json;

use crate::{
    args::{CredentialArgs, MintArgs, TokenAction, TokenCommand},
    client::{client, env_var},
    failure::Failure,
    output,
};

/// Runs `opentok token ...`.
pub fn run(command: TokenCommand, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    match command.action {
        Some(TokenAction::Decode { token }) => decode(&token, json),
        Some(TokenAction::Verify { token, public_key }) => verify(&token, public_key.as_deref(), credentials, json),
        None => mint(command.mint, credentials, json),
    }
}

fn mint(args: MintArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let ot = client(credentials)?;
    let session_id = args.session_id.unwrap_or_default();
    let mut builder = ot.generate_token(&session_id).role(args.role);
    if let Some(ttl) = args.expires_in {
        builder = builder.expires_in(ttl);
    }
    if let Some(at) = args.expire_time {
        builder = builder.expire_time(at);
    }
    if let Some(data) = &args.data {
        builder = builder.data(data.as_str());
    }
    if !args.layout_classes.is_empty() {
        builder = builder.initial_layout_class_list(&args.layout_classes);
    }
    if args.t1 {
        builder = builder.legacy_t1();
    }
    let token = builder.build()?;
    if !json {
        return output::line(token.as_str());
    }
    let claims = token.claims()?;
    output::json(&json!({
        "token": token.as_str(),
        "format": output::format_name(token.format()),
        "session_id": session_id,
        "role": claims.role.as_str(),
        "expire_time": claims.expiry(),
    }))
}

fn decode(text: &str, json: bool) -> Result<(), Failure> {
    let claims = token::decode(text.trim())?;
    if json {
        output::json(&output::claims_json(&claims))
    } else {
        output::line(&output::claims(&claims))
    }
}

fn verify(text: &str, public_key: Option<&Path>, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let text = text.trim();
    let claims = match public_key {
        Some(path) => {
            let application_id = credentials
                .application_id
                .clone()
                .or_else(|| env_var("VONAGE_APPLICATION_ID"))
                .ok_or_else(|| Failure::usage("--public-key needs --application-id (or VONAGE_APPLICATION_ID)"))?;
            let pem = std::fs::read_to_string(path)
                .map_err(|e| Failure::invalid(format!("--public-key {}: cannot be read ({e})", path.display())))?;
            let key = PublicKey::from_pem(&pem).map_err(|e| Failure::from(e).context("--public-key"))?;
            token::verify_rs256(text, &application_id, &key, chrono::Utc::now())?
        }
        None => client(credentials)?.verify_token(text)?,
    };
    if json {
        let mut value = output::claims_json(&claims);
        value["valid"] = true.into();
        output::json(&value)
    } else {
        output::line(&format!("valid token\n{}", output::claims(&claims)))
    }
}
