//! examples/video_rooms.rs in this process, against the test server in application mode, its callbacks
//! signed and sent to the app: rooms, tokens (checked by the server as a client joins), recording that
//! becomes available through the callback, HLS, captions, and the error mapping its clients see.

use std::time::Duration;

use opentok_sdk::OpenTok;
use opentok_test_server::{CallbackTarget, TestServer};
use serde_json::{json, Value};

use crate::video_rooms;

const SECRET: &str = "rooms-signature-secret";

struct Rooms {
    url: String,
    http: reqwest::Client,
}

impl Rooms {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.url));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }
    async fn post(&self, path: &str, body: Option<Value>) -> (u16, Value) {
        self.call(reqwest::Method::POST, path, body).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_video_rooms_app_works_end_to_end_with_an_application() {
    let server =
        TestServer::builder().new_application().archive_upload_delay(Duration::from_millis(50)).start().await.unwrap();
    let (application_id, private_key) = server.application_credentials().unwrap();
    let ot = OpenTok::application_builder(application_id, private_key).with_api_url(server.url()).build().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = video_rooms::router(ot, SECRET).unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    server
        .set_callback("all", Some(CallbackTarget { url: format!("{url}/webhooks"), secret: Some(SECRET.into()) }))
        .unwrap();
    let rooms = Rooms { url, http: reqwest::Client::new() };

    // A room, and a token the platform accepts when the browser joins.
    let (status, created) = rooms.post("/rooms", None).await;
    assert_eq!(status, 200, "{created}");
    let room = created["room"].as_str().unwrap().to_owned();
    let (status, empty_room) = rooms.post(&format!("/rooms/{room}/recording"), None).await;
    assert_eq!(
        (status, &empty_room),
        (409, &json!({"error": "no client is connected to the session yet: try again once someone has joined"}))
    );
    let (_, joining) =
        rooms.post(&format!("/rooms/{room}/token"), Some(json!({"name": "Ann", "role": "moderator"}))).await;
    assert_eq!(joining["applicationId"], application_id);
    let client = server.connect_client(&room, joining["token"].as_str().unwrap()).expect("the token is accepted");
    let joined = server.session(&room).unwrap();
    assert_eq!(joined.connections.len(), 1, "{client:?}");

    // Recording: started, stopped, and available once the platform's signed callback says so.
    let (status, archive) = rooms.post(&format!("/rooms/{room}/recording"), None).await;
    assert_eq!((status, archive["status"].as_str()), (200, Some("started")), "{archive}");
    let id = archive["id"].as_str().unwrap();
    assert_eq!(rooms.call(reqwest::Method::GET, &format!("/recordings/{id}"), None).await.0, 404, "not ready yet");
    let (_, stopped) = rooms.call(reqwest::Method::DELETE, &format!("/recordings/{id}"), None).await;
    assert_eq!(stopped["status"], "stopped");
    let mut ready = (0, Value::Null);
    for _ in 0..200 {
        ready = rooms.call(reqwest::Method::GET, &format!("/recordings/{id}"), None).await;
        if ready.0 == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!((ready.0, ready.1["status"].as_str()), (200, Some("available")), "{}", ready.1);
    assert!(ready.1["url"].as_str().is_some_and(|u| u.ends_with(".mp4")), "{}", ready.1);

    // Live (HLS) and captions.
    let (status, live) = rooms.post(&format!("/rooms/{room}/live"), None).await;
    assert_eq!(status, 200, "{live}");
    assert!(live["broadcastUrls"]["hls"].as_str().is_some(), "{live}");
    let live_id = live["id"].as_str().unwrap();
    assert_eq!(rooms.call(reqwest::Method::DELETE, &format!("/live/{live_id}"), None).await.1["status"], "stopped");
    let (status, captions) = rooms.post(&format!("/rooms/{room}/captions"), None).await;
    assert_eq!(status, 200, "{captions}");
    let captions_id = captions["captions"].as_str().unwrap();
    assert_eq!(rooms.call(reqwest::Method::DELETE, &format!("/captions/{captions_id}"), None).await.0, 204);

    // The app's clients see statuses and messages they can act on, and nothing internal.
    let (status, bad) = rooms.post("/rooms/not-a-room/token", Some(json!({"name": "Bo"}))).await;
    assert_eq!(status, 400, "{bad}");
    assert!(bad["error"].as_str().unwrap().starts_with("invalid `session_id`"), "{bad}");
    let (status, gone) = rooms.call(reqwest::Method::DELETE, &format!("/recordings/{id}"), None).await;
    assert_eq!(status, 409, "{gone}");
    assert!(!gone.to_string().contains("127.0.0.1") && !gone.to_string().contains("hint"), "{gone}");

    // Every callback reached the app signed and was accepted; a forged one is refused.
    let archive_callbacks = server.callbacks().into_iter().filter(|c| c.kind == "archive_status").count();
    assert!(archive_callbacks >= 3);
    assert!(server.callbacks().iter().all(|c| c.signed && c.delivered), "{:?}", server.callbacks());
    let forged = rooms.http.post(format!("{}/webhooks", rooms.url)).header("authorization", "Bearer x.y.z").body("{}");
    assert_eq!(forged.send().await.unwrap().status().as_u16(), 401);
}

/// The README's `Cargo.toml` for an application names crates and features that exist, says how to get
/// the crates while they are not on crates.io, and has what this example uses.
#[test]
fn the_readmes_cargo_toml_for_an_application_matches_the_crates() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = readme.split("## Add it to your project").nth(1).expect("the README says how to depend on it");
    assert!(section.contains("not on crates.io yet"), "{section}");
    let toml = section.split("```toml\n").nth(1).and_then(|t| t.split("```").next()).expect("a Cargo.toml");
    let (deps, dev_deps) = toml.split_once("[dev-dependencies]").expect("dev-dependencies");
    let deps = deps.split_once("[dependencies]").expect("dependencies").1;
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let features = manifest.split("[features]").nth(1).unwrap().split("\n[").next().unwrap();
    let sdk = deps.lines().find(|l| l.starts_with("opentok-sdk = ")).expect("the SDK");
    assert!(sdk.contains("path = \"../opentok-sdk\""), "{sdk}");
    let wanted = sdk.split("features = [").nth(1).and_then(|f| f.split(']').next()).expect("its features");
    for feature in wanted.split(',').map(|f| f.trim().trim_matches('"')) {
        assert!(features.lines().any(|l| l.starts_with(&format!("{feature} = "))), "no feature {feature:?}");
    }
    let server = dev_deps.lines().find(|l| l.starts_with("opentok-test-server = ")).expect("the test server");
    let server_manifest = std::fs::read_to_string(root.join("test-server/Cargo.toml")).unwrap();
    assert!(
        server.contains("path = \"../opentok-sdk/test-server\"")
            && server_manifest.contains("name = \"opentok-test-server\"")
    );
    let example = std::fs::read_to_string(root.join("examples/video_rooms.rs")).unwrap();
    for used in ["axum", "tokio", "serde", "serde_json"] {
        assert!(example.contains(&format!("{used}::")), "the example uses {used}");
        assert!(
            deps.lines().any(|l| l.starts_with(&format!("{used} = "))),
            "{used} missing from the README's Cargo.toml"
        );
    }
}
