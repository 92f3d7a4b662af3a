//! `opentok sip dial|dtmf`.

use serde_json::json;

use crate::{
    args::{CredentialArgs, DialArgs, SipAction, SIP_PASSWORD_VAR},
    client::{client, env_var},
    failure::Failure,
    ids, output,
};

/// Runs `opentok sip ...`.
pub async fn run(action: SipAction, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    match action {
        SipAction::Dial(args) => dial(args, credentials, json).await,
        SipAction::Dtmf { session_id, digits, connection } => {
            let connection = connection.as_deref().map(ids::connection_id).transpose()?;
            let ot = client(credentials)?;
            let session = ids::session_id(&ot, &session_id)?;
            let mut request = ot.play_dtmf(&session, digits.as_str());
            if let Some(connection) = &connection {
                request = request.to_connection(connection);
            }
            request.send().await?;
            if json {
                output::json(&json!({
                    "session_id": session.as_str(),
                    "connection_id": connection.as_ref().map(|c| c.as_str()),
                    "digits": digits,
                    "played": true,
                }))
            } else {
                match &connection {
                    Some(connection) => output::line(&format!("played {digits} to connection {connection}")),
                    None => output::line(&format!("played {digits} to the SIP calls of session {session}")),
                }
            }
        }
    }
}

/// The username and password of `--auth`: `USER:PASSWORD`, or `USER` with the password from the
/// environment. Neither the password nor the flag's text is ever put in a message.
fn auth(flag: &str) -> Result<(String, String), Failure> {
    let (user, password) = match flag.split_once(':') {
        Some((user, password)) => (user, password.to_owned()),
        None => match env_var(SIP_PASSWORD_VAR) {
            Some(password) => (flag, password),
            None => {
                return Err(Failure::usage(format!(
                    "--auth needs a password: set {SIP_PASSWORD_VAR} (or give --auth USER:PASSWORD)"
                )))
            }
        },
    };
    if user.is_empty() {
        return Err(Failure::usage("--auth: the username must not be empty"));
    }
    Ok((user.to_owned(), password))
}

async fn dial(args: DialArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    // The flags are checked before the credentials: a typo is a usage error whatever the environment.
    let headers = super::headers(&args.headers)?;
    let auth = args.auth.as_deref().map(auth).transpose()?;
    let streams = args.streams.iter().map(|s| ids::stream_id(s)).collect::<Result<Vec<_>, _>>()?;
    let ot = client(credentials)?;
    let session_id = ids::session_id(&ot, &args.session_id)?;
    let mut token = ot.generate_token(&session_id);
    if let Some(data) = &args.data {
        token = token.data(data.as_str());
    }
    let token = token.build()?;
    let mut builder = ot.dial(&session_id, &token, args.sip_uri).headers(headers).streams(streams);
    if let Some(from) = args.from {
        builder = builder.from(from);
    }
    if let Some((user, password)) = auth {
        builder = builder.auth(user, password);
    }
    if args.secure {
        builder = builder.secure(true);
    }
    if args.video {
        builder = builder.video(true);
    }
    if args.observe_force_mute {
        builder = builder.observe_force_mute(true);
    }
    let call = builder.send().await?;
    if json {
        let mut value = call.to_json();
        if value.get("sessionId").is_none() {
            value["sessionId"] = json!(session_id.as_str());
        }
        output::json(&value)
    } else {
        let mut fields = vec![("id", call.id.to_string()), ("connection id", call.connection_id.to_string())];
        if let Some(stream_id) = &call.stream_id {
            fields.push(("stream id", stream_id.to_string()));
        }
        fields.push(("session id", session_id.to_string()));
        output::line(&output::block(&fields))
    }
}
