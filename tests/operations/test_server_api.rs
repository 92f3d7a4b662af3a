//! The test server's Rust API as an SDK user meets it: it takes the SDK's ids and tokens as they are,
//! `set_callback("all", ..)` works as the binary's `--callback all=URL` does, and a stopped archive
//! becomes `available` on its own after the upload delay, with its callback.

use std::time::Duration;

use opentok_sdk::{archive::ArchiveStatus, OpenTok};
use opentok_test_server::{CallbackTarget, TestServer, CALLBACK_KINDS};

/// A receiver that answers 200 to every POST, on a loopback port.
async fn receiver() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let app = axum::Router::new().fallback(|| async { "ok" });
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[tokio::test]
async fn all_callbacks_at_once_the_sdks_types_and_archives_that_finish_uploading() {
    let server =
        TestServer::builder().new_application().archive_upload_delay(Duration::from_millis(100)).start().await.unwrap();
    let (application_id, private_key) = server.application_credentials().unwrap();
    let ot = OpenTok::application_builder(application_id, private_key).with_api_url(server.url()).build().unwrap();
    let url = receiver().await;
    server.set_callback("all", Some(CallbackTarget { url: url.clone(), secret: Some("s".into()) })).unwrap();
    assert!(server.set_callback("everything", None).is_err(), "an unknown kind is still refused");

    let session = ot.create_session().routed().send().await.unwrap();
    let token = session.generate_token().build().unwrap();
    // The SDK's `&SessionId` and `&Token`, as they are.
    let client = server.connect_client(&session.id, &token).unwrap();
    assert!(server.session(&session.id).is_some() && server.stream(&session.id, &client.stream_id).is_some());
    let archive = ot.start_archive(&session.id).send().await.unwrap();
    let stopped = archive.stop(&ot).await.unwrap();
    assert_eq!(stopped.status, ArchiveStatus::Stopped);
    assert_eq!(server.archive_json(&archive.id).unwrap()["status"], "stopped", "not at once");

    // No read moves it on: the delay does, and the callback reports it.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let statuses = loop {
        let statuses: Vec<String> = server
            .callbacks()
            .iter()
            .filter(|c| c.kind == "archive_status" && c.delivered)
            .map(|c| c.payload["status"].as_str().unwrap_or_default().to_owned())
            .collect();
        if statuses.len() >= 3 || tokio::time::Instant::now() > deadline {
            break statuses;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(statuses, ["started", "stopped", "available"]);
    assert_eq!(server.archive_json(&archive.id).unwrap()["status"], "available");
    let callbacks = server.callbacks();
    let kinds: std::collections::BTreeSet<&str> = callbacks.iter().map(|c| c.kind.as_str()).collect();
    for kind in ["connection_created", "stream_created", "archive_status"] {
        assert!(kinds.contains(kind) && CALLBACK_KINDS.contains(&kind), "{kind}: {kinds:?}");
    }
    assert!(callbacks.iter().all(|c| c.url == url && c.signed));
}
