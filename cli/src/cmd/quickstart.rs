//! `opentok quickstart`: create a routed session, mint a token, connect a client and record an archive,
//! as `examples/quickstart.rs` does. Against the platform when credentials are given (up to the token: an
//! archive needs a real client), otherwise against an embedded test server.

use std::net::Ipv4Addr;

use opentok_sdk::{
    archive::{Layout, Resolution},
    OpenTok, Role,
};
use opentok_test_server::TestServer;
use serde_json::{json, Map, Value};

use crate::{
    args::CredentialArgs,
    client::{client, configured},
    failure::Failure,
    output,
};

/// The steps' results: printed as they come for people, gathered into one object for scripts.
struct Report {
    json: bool,
    fields: Map<String, Value>,
}

impl Report {
    fn step(&mut self, text: &str, key: &str, value: impl Into<Value>) -> Result<(), Failure> {
        self.fields.insert(key.to_owned(), value.into());
        if self.json {
            Ok(())
        } else {
            output::line(text)
        }
    }

    fn finish(self) -> Result<(), Failure> {
        if self.json {
            output::json(&Value::Object(self.fields))
        } else {
            Ok(())
        }
    }
}

/// Runs `opentok quickstart`.
pub async fn run(credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let mut report = Report { json, fields: Map::new() };
    let (ot, server) = if configured(credentials) {
        let ot = client(credentials)?;
        let account = if ot.application_id().is_some() { "application" } else { "project" };
        report.step(
            &format!("Using the platform at {} as {account} {}", ot.api_url(), ot.account_id()),
            "api_url",
            ot.api_url(),
        )?;
        (ot, None)
    } else {
        // In application mode, as new accounts are: a fresh application id and RSA key pair.
        let server = TestServer::builder()
            .addr((Ipv4Addr::LOCALHOST, 0).into())
            .new_application()
            .start()
            .await
            .map_err(|e| Failure::other(format!("cannot start the embedded test server: {e}")))?;
        let (application_id, private_key) = server
            .application_credentials()
            .ok_or_else(|| Failure::other("the embedded test server issued no application"))?;
        report.step(
            &format!(
                "No credentials given: using an embedded test server at {} as application {application_id}",
                server.url()
            ),
            "api_url",
            server.url(),
        )?;
        let ot = OpenTok::application_builder(application_id, private_key).with_api_url(server.url()).build()?;
        (ot, Some(server))
    };

    let session = ot.create_session().routed().send().await?;
    report.step(&format!("session id: {}", session.id), "session_id", session.id.as_str())?;
    let token = session.generate_token().role(Role::Moderator).data("name=Quickstart").build()?;
    report.step(&format!("token:      {token}"), "token", token.as_str())?;

    let Some(server) = server else {
        report.step("Connect a client with this token to record the session.", "archive", Value::Null)?;
        return report.finish();
    };

    let client = server
        .connect_client(&session.id, &token)
        .map_err(|rejected| Failure::other(format!("the test server refused the client: {}", rejected.message)))?;
    report.step(
        &format!("client connected: connection {} publishing stream {}", client.connection_id, client.stream_id),
        "connection_id",
        client.connection_id.as_str(),
    )?;

    let archive = ot
        .start_archive(&session.id)
        .name("quickstart")
        .resolution(Resolution::Hd720Landscape)
        .layout(Layout::BestFit)
        .send()
        .await?;
    report.step(&format!("archive started: {} ({})", archive.id, archive.status), "archive_id", archive.id.as_str())?;
    let page = ot.list_archives().session_id(&session.id).send().await?;
    report.step(&format!("archives of this session: {}", page.total), "archives_in_session", page.total)?;
    let stopped = archive.stop(&ot).await?;
    report.step(&format!("archive stopped: {}", stopped.status), "stopped_status", stopped.status.as_str())?;
    let available = ot.get_archive(&archive.id).await?;
    report.step(
        &format!("archive now {}: {}", available.status, available.url.as_deref().unwrap_or("(no url)")),
        "archive",
        json!({ "status": available.status.as_str(), "url": available.url }),
    )?;
    archive.delete(&ot).await?;
    report.step("archive deleted", "deleted", true)?;
    report.finish()
}
