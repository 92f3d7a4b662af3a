//! Create a routed session, mint a token, connect a client, and record an archive.
//!
//! With credentials in the environment, this talks to the real platform (and stops after the token: a
//! real client would have to join before an archive can start): a Vonage application
//! (`VONAGE_APPLICATION_ID` with `VONAGE_PRIVATE_KEY` or `VONAGE_PRIVATE_KEY_PATH`) or an OpenTok project
//! (`OPENTOK_API_KEY` with `OPENTOK_API_SECRET`). Without them it starts the embedded test server in
//! application mode (a fresh application id and key pair) and runs the whole flow against it.
//!
//! ```text
//! cargo run --example quickstart
//! ```

use opentok_sdk::{
    archive::{Layout, Resolution},
    token::Role,
    OpenTok,
};
use opentok_test_server::TestServer;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let configured = [
        "VONAGE_APPLICATION_ID",
        "VONAGE_PRIVATE_KEY",
        "VONAGE_PRIVATE_KEY_PATH",
        "OPENTOK_API_KEY",
        "OPENTOK_API_SECRET",
    ]
    .iter()
    .any(|name| std::env::var_os(name).is_some());
    let (ot, server) = if configured {
        // Half a set of credentials, or both sets, is an error that names the variables.
        let ot = OpenTok::from_env()?;
        let account = ot.application_id().map_or("project", |_| "application");
        println!("Using the platform at {} as {account} {}", ot.api_url(), ot.account_id());
        (ot, None)
    } else {
        let server = TestServer::start_application().await;
        let (application_id, private_key) = server.application_credentials().ok_or("no application")?;
        println!("No credentials: using the embedded test server at {} as application {application_id}", server.url());
        let ot = OpenTok::application_builder(application_id, private_key).with_api_url(server.url()).build()?;
        (ot, Some(server))
    };

    let session = ot.create_session().routed().send().await?;
    println!("session id: {}", session.id);

    let token = session.generate_token().role(Role::Moderator).data("name=Quickstart").build()?;
    println!("token:      {token}");

    let Some(server) = server else {
        println!("Connect a client with this token to record the session.");
        return Ok(());
    };

    let client = server
        .connect_client(&session.id, &token)
        .map_err(|rejected| format!("the client was refused: {}", rejected.message))?;
    println!("client connected: connection {} publishing stream {}", client.connection_id, client.stream_id);

    let archive = ot
        .start_archive(&session.id)
        .name("quickstart")
        .resolution(Resolution::Hd720Landscape)
        .layout(Layout::BestFit)
        .send()
        .await?;
    println!("archive started: {} ({})", archive.id, archive.status);

    let fetched = ot.get_archive(&archive.id).await?;
    println!("archive fetched: {} is {}", fetched.id, fetched.status);

    let page = ot.list_archives().session_id(&session.id).send().await?;
    println!("archives of this session: {} in all, {} on this page", page.total, page.items.len());

    let stopped = archive.stop(&ot).await?;
    println!("archive stopped: {}", stopped.status);

    let available = ot.get_archive(&archive.id).await?;
    println!("archive now {}: {}", available.status, available.url.as_deref().unwrap_or("(no url)"));

    archive.delete(&ot).await?;
    println!("archive deleted");
    Ok(())
}
