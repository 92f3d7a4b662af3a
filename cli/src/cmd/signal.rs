//! `opentok signal`.

use serde_json::json;

use crate::{
    args::{CredentialArgs, SignalArgs},
    client::client,
    failure::Failure,
    ids, output,
};

/// Runs `opentok signal`.
pub async fn run(args: SignalArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let connection = args.connection.as_deref().map(ids::connection_id).transpose()?;
    let ot = client(credentials)?;
    let session = ids::session_id(&ot, &args.session_id)?;
    let mut request = ot.signal(&session).data(args.data.as_str());
    if let Some(kind) = &args.signal_type {
        request = request.signal_type(kind.as_str());
    }
    if let Some(connection) = &connection {
        request = request.to_connection(connection);
    }
    request.send().await?;
    if json {
        output::json(&json!({
            "session_id": session.as_str(),
            "connection_id": connection.as_ref().map(|c| c.as_str()),
            "type": args.signal_type,
            "sent": true,
        }))
    } else {
        match &connection {
            Some(connection) => output::line(&format!("signalled connection {connection}")),
            None => output::line(&format!("signalled every client of session {session}")),
        }
    }
}
