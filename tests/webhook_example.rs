//! examples/webhooks.rs over real HTTP: the test server sends a signed callback for every kind it
//! produces to the example's receiver, which verifies, reads and prints each one. The SDK drives the
//! state changes (session, connections, streams, archive, SIP call, force mute, disconnections).

use std::{
    collections::BTreeSet,
    io::{BufRead, BufReader},
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::mpsc,
    time::{Duration, Instant},
};

use opentok_sdk::{webhook::EventKind, OpenTok};
use opentok_test_server::{CallbackTarget, TestServer};
use serde_json::Value;

const SECRET: &str = "example-signature-secret";

/// The kinds the test server produces (it emulates no rotation, broadcast, composer or captions).
const PRODUCED: &[&str] = &[
    "session_created",
    "session_destroyed",
    "connection_created",
    "connection_destroyed",
    "stream_created",
    "stream_destroyed",
    "sip_call_created",
    "sip_call_updated",
    "sip_call_destroyed",
    "sip_call_mute_forced",
    "archive_status",
];

struct Receiver {
    child: Child,
    url: String,
    lines: mpsc::Receiver<Value>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `target/<profile>/examples/webhooks`, which `cargo test` builds with the tests.
fn example_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("path of the test executable");
    let profile = exe.parent().and_then(|deps| deps.parent()).expect("target/<profile>");
    let binary = profile.join("examples").join(format!("webhooks{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.is_file(),
        "{} is missing: `cargo test` builds the examples (alone: `cargo build --example webhooks` first)",
        binary.display()
    );
    binary
}

fn start_receiver(api_key: &str) -> Receiver {
    let mut child = Command::new(example_binary())
        .env("WEBHOOK_SECRET", SECRET)
        .env("WEBHOOK_API_KEY", api_key)
        .env_remove("PORT")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the example starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("the example prints its address");
    let url = first.trim().strip_prefix("listening on ").expect("`listening on <url>`").to_owned();
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            if send.send(serde_json::from_str(&line).expect("the example prints JSON lines")).is_err() {
                break;
            }
        }
    });
    Receiver { child, url, lines }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_verifies_every_kind_of_callback_the_test_server_sends() {
    let server = TestServer::start().await;
    let receiver = start_receiver(server.api_key());
    for kind in PRODUCED {
        let target = CallbackTarget { url: format!("{}/{kind}", receiver.url), secret: Some(SECRET.into()) };
        server.set_callback(kind, Some(target)).unwrap();
    }
    let ot = OpenTok::builder(server.api_key(), server.api_secret())
        .with_api_url(format!("{}/", server.url()))
        .build()
        .unwrap();

    // A client joins and publishes; an archive is recorded; a SIP call joins, is muted, is hung up; the
    // client leaves.
    let session = ot.create_session().routed().send().await.unwrap();
    let token = session.generate_token().build().unwrap();
    let client = server.connect_client(session.id().as_str(), token.as_str()).unwrap();
    let archive = ot.start_archive(session.id()).composed().name("webhooks").send().await.unwrap();
    ot.stop_archive(&archive.id).await.unwrap();
    ot.get_archive(&archive.id).await.unwrap(); // stopped → available
    let call = ot
        .dial(session.id(), token.as_str(), "sip:+15551234567@sip.example.com")
        .observe_force_mute(true)
        .send()
        .await
        .unwrap();
    ot.force_mute_all(session.id()).send().await.unwrap();
    ot.force_disconnect(session.id(), &call.connection_id).await.unwrap();
    assert!(server.disconnect_client(session.id().as_str(), &client.connection_id));

    // Every callback is delivered, and the example printed each, verified and typed.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut printed = Vec::new();
    let mut kinds = BTreeSet::new();
    // Until every kind has arrived and then nothing more for half a second (one kind may come more than
    // once, and the last callbacks may still be on their way when the last new kind is seen).
    let mut quiet_since = Instant::now();
    while Instant::now() < deadline
        && (kinds.len() < PRODUCED.len() || quiet_since.elapsed() < Duration::from_millis(500))
    {
        if let Ok(line) = receiver.lines.recv_timeout(Duration::from_millis(100)) {
            assert!(line.get("refused").is_none(), "the example refused a genuine callback: {line}");
            kinds.insert(line["kind"].as_str().unwrap().to_owned());
            printed.push(line);
            quiet_since = Instant::now();
        }
    }
    let expected: BTreeSet<String> = PRODUCED.iter().map(|k| k.to_string()).collect();
    assert_eq!(kinds, expected, "printed: {printed:#?}");
    for kind in PRODUCED {
        assert!(kind.parse::<EventKind>().is_ok(), "{kind} is an EventKind");
    }
    let archive_statuses: Vec<&str> = printed
        .iter()
        .filter(|l| l["kind"] == "archive_status")
        .map(|l| l["event"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(archive_statuses, ["started", "stopped", "available"]);
    let reasons: Vec<(&str, &str)> = printed
        .iter()
        .filter(|l| l["kind"] == "connection_destroyed")
        .map(|l| (l["event"]["connection"]["id"].as_str().unwrap(), l["event"]["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        reasons,
        [(call.connection_id.as_str(), "forceDisconnected"), (client.connection_id.as_str(), "clientDisconnected")]
    );
    let muted: Vec<&Value> = printed.iter().filter(|l| l["kind"] == "sip_call_mute_forced").collect();
    assert_eq!(muted.len(), 1);
    assert_eq!(muted[0]["event"]["call"]["connectionId"], call.connection_id.as_str());
    let delivered = server.callbacks();
    assert!(delivered.iter().all(|c| c.delivered && c.signed && c.attempts == 1), "{delivered:#?}");
    assert_eq!(delivered.len(), printed.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_callbacks_are_retried_with_back_off_then_recorded_as_failed() {
    let server = TestServer::start().await;
    let receiver = start_receiver(server.api_key());
    // A secret the receiver does not know: every attempt is refused with 401.
    let wrong = CallbackTarget { url: receiver.url.clone(), secret: Some("not-the-secret".into()) };
    server.set_callback("connection_created", Some(wrong)).unwrap();
    // No secret at all while the receiver expects one: 503, so that the platform retries.
    let unsigned = CallbackTarget { url: receiver.url.clone(), secret: None };
    server.set_callback("session_created", Some(unsigned)).unwrap();
    assert!(server.set_callback("no_such_kind", None).is_err());
    assert!(server
        .set_callback("archive_status", Some(CallbackTarget { url: "ftp://x".into(), secret: None }))
        .is_err());

    let ot = OpenTok::builder(server.api_key(), server.api_secret())
        .with_api_url(format!("{}/", server.url()))
        .build()
        .unwrap();
    let session = ot.create_session().routed().send().await.unwrap();
    let token = session.generate_token().build().unwrap();
    let started = Instant::now();
    server.connect_client(session.id().as_str(), token.as_str()).unwrap();

    let deadline = Instant::now() + Duration::from_secs(20);
    while server.callbacks().len() < 2 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let delivered = server.callbacks();
    assert_eq!(delivered.len(), 2, "{delivered:#?}");
    let by_kind = |kind: &str| delivered.iter().find(|c| c.kind == kind).unwrap().clone();
    let unsigned = by_kind("session_created");
    assert_eq!((unsigned.delivered, unsigned.attempts, unsigned.status), (false, 5, Some(503)));
    assert!(!unsigned.signed);
    let wrong = by_kind("connection_created");
    assert_eq!((wrong.delivered, wrong.attempts, wrong.status, wrong.signed), (false, 5, Some(401), true));
    // Back-off: 100 + 200 + 400 + 800 ms between the five attempts of each.
    assert!(started.elapsed() >= Duration::from_millis(1500 * 2), "{:?}", started.elapsed());
    let refusals: Vec<Value> = receiver.lines.try_iter().collect();
    assert_eq!(refusals.len(), 10, "{refusals:#?}");
    assert!(refusals.iter().all(|l| l["status"] == 401 || l["status"] == 503));
}
