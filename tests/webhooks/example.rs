//! examples/webhooks.rs over real HTTP: the test server sends a signed callback of every kind the
//! platform has (all of `webhook::EventKind`) to the example's receiver, which verifies, reads and prints
//! each one, with project credentials and with application credentials. The SDK drives the state changes
//! (session, archive, broadcast, Experience Composer, captions, SIP call, force mute, disconnection);
//! the control API connects and disconnects the client and asks for the session notification.

use crate::common;

use std::{
    collections::BTreeSet,
    io::{BufRead, BufReader},
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::mpsc,
    time::{Duration, Instant},
};

use common::{Env, Kind};
use opentok_sdk::{webhook::EventKind, OpenTok, Role};
use opentok_test_server::{CallbackTarget, TestServer};
use serde_json::Value;

const SECRET: &str = "example-signature-secret";

/// An example receiver, running: its URL and the JSON lines it prints.
pub struct Receiver {
    child: Child,
    pub url: String,
    pub lines: mpsc::Receiver<Value>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `target/<profile>/examples/<name>`, which `cargo test` builds with the tests.
fn example_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("path of the test executable");
    let profile = exe.parent().and_then(|deps| deps.parent()).expect("target/<profile>");
    let binary = profile.join("examples").join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.is_file(),
        "{} is missing: `cargo test` builds the examples (alone: `cargo build --example {name}` first)",
        binary.display()
    );
    binary
}

/// Starts the example, expecting callbacks signed for `account` (`WEBHOOK_API_KEY` or
/// `WEBHOOK_APPLICATION_ID` and its value).
fn start_receiver(account: (&str, &str)) -> Receiver {
    start_example("webhooks", &[("WEBHOOK_SECRET", SECRET), account])
}

/// Starts the example `name` with the variables `env` (and no `WEBHOOK_*` or `PORT` from the test's own
/// environment); it prints `listening on <url>` first, then JSON lines.
pub fn start_example(name: &str, env: &[(&str, &str)]) -> Receiver {
    let mut command = Command::new(example_binary(name));
    for variable in ["WEBHOOK_SECRET", "WEBHOOK_API_KEY", "WEBHOOK_APPLICATION_ID", "PORT"] {
        command.env_remove(variable);
    }
    let mut child = command
        .envs(env.iter().copied())
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

fn receiver_for(server: &TestServer) -> Receiver {
    match server.application_id() {
        Some(id) => start_receiver(("WEBHOOK_APPLICATION_ID", id)),
        None => start_receiver(("WEBHOOK_API_KEY", server.api_key())),
    }
}

/// The values of `field` in the printed events of `kind`, in order.
fn printed_field<'a>(printed: &'a [Value], kind: &str, field: &str) -> Vec<&'a str> {
    printed.iter().filter(|l| l["kind"] == kind).map(|l| l["event"][field].as_str().unwrap_or("?")).collect()
}

async fn every_kind_of_callback_arrives_verified_and_typed(env: Env) {
    let Env { kind, server, ot } = env;
    let receiver = receiver_for(&server);
    for kind in EventKind::ALL {
        let target = CallbackTarget { url: format!("{}/{kind}", receiver.url), secret: Some(SECRET.into()) };
        server.set_callback(kind.as_str(), Some(target)).unwrap();
    }

    // A client joins and publishes (the control API); an archive is recorded; a broadcast streams; an
    // Experience Composer joins, publishes and is stopped; captions run; the platform warns of a server
    // rotation; a SIP call joins, is muted, is hung up; the client leaves.
    let session = ot.create_session().routed().send().await.unwrap();
    let token = session.generate_token().build().unwrap();
    let client = server.connect_client(session.id().as_str(), token.as_str()).unwrap();
    let archive = ot.start_archive(session.id()).composed().name("webhooks").send().await.unwrap();
    ot.stop_archive(&archive.id).await.unwrap();
    ot.get_archive(&archive.id).await.unwrap(); // stopped → available
    let broadcast = ot.start_broadcast(session.id()).hls().send().await.unwrap();
    ot.stop_broadcast(&broadcast.id).await.unwrap();
    let render = ot.start_render(session.id(), &token, "https://example.com/scoreboard").send().await.unwrap();
    ot.get_render(&render.id).await.unwrap(); // starting → started
    ot.stop_render(&render.id).await.unwrap();
    let moderator = session.generate_token().role(Role::Moderator).build().unwrap();
    let captions = ot.start_captions(session.id(), &moderator).send().await.unwrap();
    ot.stop_captions(&captions.id).await.unwrap();
    let notification = reqwest::Client::new()
        .post(format!("{}/_test/session/{}/notification", server.url(), session.id()))
        .send()
        .await
        .unwrap();
    assert_eq!(notification.status(), 204);
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
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut printed = Vec::new();
    let mut kinds = BTreeSet::new();
    // Until every kind has arrived and then nothing more for half a second (one kind may come more than
    // once, and the last callbacks may still be on their way when the last new kind is seen).
    let mut quiet_since = Instant::now();
    while Instant::now() < deadline
        && (kinds.len() < EventKind::ALL.len() || quiet_since.elapsed() < Duration::from_millis(500))
    {
        if let Ok(line) = receiver.lines.recv_timeout(Duration::from_millis(100)) {
            assert!(line.get("refused").is_none(), "{kind:?}: the example refused a genuine callback: {line}");
            kinds.insert(line["kind"].as_str().unwrap().to_owned());
            printed.push(line);
            quiet_since = Instant::now();
        }
    }
    let expected: BTreeSet<String> = EventKind::ALL.iter().map(|k| k.as_str().to_owned()).collect();
    assert_eq!(kinds, expected, "{kind:?}: printed {printed:#?}");
    assert!(printed.iter().all(|l| l["kind"] != "unknown"), "{printed:#?}");

    assert_eq!(printed_field(&printed, "archive_status", "status"), ["started", "stopped", "available"]);
    assert_eq!(printed_field(&printed, "broadcast_status", "status"), ["started", "stopped"]);
    assert_eq!(printed_field(&printed, "broadcast_status", "id"), [broadcast.id.as_str(); 2]);
    assert_eq!(printed_field(&printed, "render_status", "status"), ["started", "stopped"]);
    assert_eq!(printed_field(&printed, "render_status", "id"), [render.id.as_str(); 2]);
    assert_eq!(printed_field(&printed, "render_status", "reason").last(), Some(&"Stop Requested"));
    assert_eq!(printed_field(&printed, "captions_status", "status"), ["started", "stopped"]);
    assert_eq!(printed_field(&printed, "captions_status", "captionId"), [captions.id.as_str(); 2]);
    assert_eq!(printed_field(&printed, "session_notification", "reason"), ["serverRotation"]);
    assert_eq!(printed_field(&printed, "session_notification", "sessionId"), [session.id().as_str()]);
    // The account each names: the project's API key, or the application.
    let owner = match kind {
        Kind::Project => ("projectId", server.api_key()),
        Kind::Application => ("applicationId", server.api_key()),
    };
    for kind in ["session_notification", "connection_created", "render_status", "archive_status", "broadcast_status"] {
        assert!(printed_field(&printed, kind, owner.0).iter().all(|v| *v == owner.1), "{kind}: {printed:#?}");
    }

    let reasons: Vec<(&str, &str)> = printed
        .iter()
        .filter(|l| l["kind"] == "connection_destroyed")
        .map(|l| (l["event"]["connection"]["id"].as_str().unwrap(), l["event"]["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(reasons.len(), 3, "the composer, the SIP leg and the client: {reasons:?}");
    assert_eq!(
        reasons[1..],
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
async fn the_example_verifies_every_kind_of_callback_for_a_project() {
    every_kind_of_callback_arrives_verified_and_typed(common::env_for(Kind::Project).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_verifies_every_kind_of_callback_for_an_application() {
    every_kind_of_callback_arrives_verified_and_typed(common::env_for(Kind::Application).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_callbacks_are_retried_with_back_off_then_recorded_as_failed() {
    let server = TestServer::start().await;
    let receiver = receiver_for(&server);
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
