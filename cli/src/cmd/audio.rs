//! `opentok audio-connector start|stop`.

use opentok_sdk::audio_connector::AudioConnector;
use serde_json::json;

use crate::{
    args::{AudioAction, CredentialArgs, StartAudioArgs},
    client::client,
    failure::Failure,
    ids, output,
};

/// Runs `opentok audio-connector ...`.
pub async fn run(action: AudioAction, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    match action {
        AudioAction::Start(args) => start(args, credentials, json).await,
        AudioAction::Stop { session_id, connection_id } => {
            let words = ("stopped", "stopped the Audio Connector of connection");
            super::moderation::disconnect(&session_id, &connection_id, credentials, json, words).await
        }
    }
}

async fn start(args: StartAudioArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    // The flags are checked before the credentials: a typo is a usage error whatever the environment.
    let headers = super::headers(&args.headers)?;
    let streams = args.streams.iter().map(|s| ids::stream_id(s)).collect::<Result<Vec<_>, _>>()?;
    let ot = client(credentials)?;
    let session_id = ids::session_id(&ot, &args.session_id)?;
    let mut token = ot.generate_token(&session_id);
    if let Some(data) = &args.data {
        token = token.data(data.as_str());
    }
    let token = token.build()?;
    let mut builder = ot.connect_audio(&session_id, &token, args.uri).streams(&streams).headers(headers);
    if let Some(rate) = args.audio_rate {
        builder = builder.audio_rate(rate);
    }
    if args.bidirectional {
        builder = builder.bidirectional(true);
    }
    let connector: AudioConnector = builder.send().await?;
    if json {
        let mut value = connector.started.to_json();
        value["sessionId"] = json!(connector.session_id.as_str());
        output::json(&value)
    } else {
        output::line(&output::block(&[
            ("id", connector.id().to_string()),
            ("connection id", connector.connection_id().to_string()),
            ("session id", connector.session_id.to_string()),
        ]))
    }
}
