//! The inspector page (`/_inspector`) in a real headless Chromium: it shows what was done, updates
//! live, its actions change the server's state, and hostile text stays text.
//!
//! Driver: `fantoccini`, a maintained WebDriver client, talking to Debian's `chromedriver`
//! (`chromium-driver`) which drives Debian's `chromium`. Chosen over the Chrome DevTools Protocol crates
//! (`chromiumoxide`, `headless_chrome`) for its compile cost on a 2-core machine: built without TLS
//! (chromedriver listens on plain http on loopback), it adds a few small crates on the hyper client this
//! workspace already builds, where the CDP crates generate and compile the whole protocol.
//!
//! Without `chromium` and `chromedriver` on the PATH these tests are skipped with one note per
//! `cargo test` run saying how to run them (`tests/common/oracle_tools.rs`, shared with the oracle
//! tests); with `CI` set they fail instead (`.ci/run` installs both).

use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tokio::process::{Child, Command};
use tokio::sync::Semaphore;

use crate::common::{now, sign_jwt, Api};
use opentok_test_server::CallbackTarget;

use crate::python_oracle::oracle_tools;

/// One browser at a time: the machines that run this have few cores.
static BROWSERS: Semaphore = Semaphore::const_new(1);

/// Hostile strings: each would run script if the page put it into HTML.
const SCRIPT: &str = "<script>window.__pwned = 'script'</script>";
const IMG: &str = "<img src=x onerror=\"window.__pwned = 'img'; alert(1)\">";
const SVG_CLASS: &str = "<svg/onload=window.__pwned='svg'>";

/// A chromedriver we started, and a WebDriver session on it; both end when dropped or closed.
struct Browser {
    client: Client,
    driver: Child,
}

impl Drop for Browser {
    /// Ends chromedriver and the Chromium it started, even when a test failed before [`Browser::close`]:
    /// chromedriver leads its own process group, which its browser processes join.
    fn drop(&mut self) {
        if let Some(pid) = self.driver.id() {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// The browser and its driver, as the shared note on missing tools names them.
const CHROMIUM: oracle_tools::Oracle = oracle_tools::Oracle {
    name: "a real browser (the inspector's tests in headless Chromium)",
    checks: &[&["chromium", "--version"], &["chromedriver", "--version"]],
    install: "`apt-get install chromium chromium-driver`",
};

impl Browser {
    /// Starts chromedriver and a headless Chromium, or `None` when they are missing and `CI` is not set
    /// (one note per `cargo test` run says so and how to run them; with `CI` set the test fails).
    async fn start() -> Option<Browser> {
        if !oracle_tools::available(&CHROMIUM) {
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .process_group(0)
            .spawn()
            .expect("start chromedriver");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium_path(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1400,2000", "--no-first-run", "--disable-extensions"],
            }),
        );
        let webdriver = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector).capabilities(caps.clone()).connect(&webdriver).await {
                Ok(client) => return Some(Browser { client, driver: child }),
                Err(error) if Instant::now() > deadline => panic!("no WebDriver session on {webdriver}: {error}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// The page's visible text.
    async fn text(&self) -> String {
        let value = self.client.execute("return document.body.innerText", vec![]).await.unwrap();
        value.as_str().unwrap_or_default().to_string()
    }

    /// Waits (up to 10 s: the machine may be busy) until the page's text contains every one of
    /// `needles`; panics with the text.
    async fn wait_for_text(&self, needles: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = self.text().await;
            if needles.iter().all(|n| text.contains(n)) {
                return text;
            }
            assert!(Instant::now() < deadline, "the page never showed {needles:?}; it shows:\n{text}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn eval(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Clicks the element `css` selects. The page redraws a section when the state changes, which may
    /// replace the element between finding and clicking it (a stale element): then it finds it again.
    async fn click(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let clicked = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.click().await.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            match clicked {
                Ok(()) => return,
                Err(e) if Instant::now() > deadline => panic!("cannot click {css}: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// Opens the expander (`<details>`) with `data-key` `key` and waits until its text contains every
    /// one of `needles`; returns that text.
    async fn expand(&self, key: &str, needles: &[&str]) -> String {
        self.click(&format!("details[data-key='{key}'] > summary")).await;
        self.wait_in(key, needles).await
    }

    /// Waits (up to 10 s) until the expander `key` is open and its text contains every one of `needles`.
    async fn wait_in(&self, key: &str, needles: &[&str]) -> String {
        let script = format!(
            "const d = document.querySelector(\"details[data-key='{key}']\"); return d && d.open ? d.innerText : null"
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = self.eval(&script).await.as_str().map(str::to_string);
            if let Some(text) = &text {
                if needles.iter().all(|n| text.contains(n)) {
                    return text.clone();
                }
            }
            assert!(Instant::now() < deadline, "the expander {key} never showed {needles:?}; it shows: {text:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn fill(&self, css: &str, text: &str) {
        let field = self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("no {css}: {e}"));
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// Where `chromium` is on the PATH (chromedriver is told, rather than guessing).
fn chromium_path() -> String {
    std::env::var_os("PATH")
        .and_then(|path| std::env::split_paths(&path).map(|dir| dir.join("chromium")).find(|p| p.is_file()))
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "chromium".into())
}

/// The sequence number of the newest logged request with `method` and `path`, from the page's snapshot.
async fn request_seq(api: &Api, method: &str, path: &str) -> u64 {
    let state = api.get("/_inspector/state").await.json;
    let items = state["requests"]["items"].as_array().unwrap();
    let found = items.iter().find(|r| r["method"] == method && r["path"] == path);
    found.and_then(|r| r["seq"].as_u64()).unwrap_or_else(|| panic!("no {method} {path} in {items:?}"))
}

/// A publisher token for `session_id` carrying `data` and `classes` (our own minting).
fn token_with(api: &Api, session_id: &str, data: &str, classes: &str) -> String {
    let iat = now();
    sign_jwt(
        &json!({
            "iss": api.key(), "ist": "project", "iat": iat, "exp": iat + 3600, "session_id": session_id,
            "create_time": iat, "nonce": 0.25, "role": "publisher", "scope": "session.connect",
            "connection_data": data, "initial_layout_class_list": classes,
        }),
        api.secret(),
    )
}

async fn open(browser: &Browser, api: &Api) {
    browser.client.goto(&format!("{}/_inspector", api.server.url())).await.unwrap();
    browser.wait_for_text(&[api.key(), "updated"]).await;
}

#[tokio::test]
async fn shows_sessions_records_and_requests_and_updates_live_with_a_screenshot() {
    let _one = BROWSERS.acquire().await.unwrap();
    let Some(browser) = Browser::start().await else { return };
    let api = Api::new().await;
    let (hooks, _got) = crate::callbacks::receiver(200).await;
    api.server.set_callback("all", Some(CallbackTarget { url: hooks, secret: None })).unwrap();
    let sid = api.routed_session().await;
    let clients: Vec<_> = ["alice", "bob", "carol"]
        .iter()
        .map(|name| api.server.connect_client(&sid, &token_with(&api, &sid, &format!("name={name}"), "focus")).unwrap())
        .collect();
    open(&browser, &api).await;
    let text = browser.wait_for_text(&[&sid, "name=alice", "name=bob", "name=carol", "routed"]).await;
    for client in &clients {
        assert!(text.contains(&client.connection_id), "connection {} not shown", client.connection_id);
    }
    assert!(text.contains("POST /session/create"), "the session's creation is in the request log:\n{text}");
    assert!(!text.contains("favicon"), "the page's own requests are not in the log:\n{text}");
    // A marker that a reload would wipe: the page must update without one.
    browser.eval("window.__sameDocument = true").await;

    let archive = api.post(api.p("/archive"), json!({"sessionId": sid, "name": "weekly"})).await;
    assert_eq!(archive.status, 200, "{}", archive.text);
    let archive_id = archive.json["id"].as_str().unwrap().to_string();
    let broadcast = api.post(api.p("/broadcast"), json!({"sessionId": sid, "outputs": {"hls": {}}})).await;
    assert_eq!(broadcast.status, 200, "{}", broadcast.text);
    let broadcast_id = broadcast.json["id"].as_str().unwrap().to_string();
    let archive_path = format!("POST /v2/project/{}/archive", api.key());
    let started = Instant::now();
    let text = browser.wait_for_text(&[&archive_id, "weekly", &broadcast_id, &archive_path]).await;
    assert!(started.elapsed() < Duration::from_secs(2), "live update took {:?}", started.elapsed());
    assert_eq!(browser.eval("return window.__sameDocument === true").await, json!(true), "the page reloaded");
    // The request log decodes the credential and says it verified; a forged one says why it did not.
    assert!(text.contains("X-OPENTOK-AUTH JWT · alg HS256"), "{text}");
    assert!(text.contains(&format!("iss {}", api.key())), "{text}");
    let forged = api
        .http
        .get(format!("{}{}", api.server.url(), api.p("/archive")))
        .header("x-opentok-auth", sign_jwt(&json!({"iss": api.key(), "ist": "project"}), "not-the-secret"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    browser.wait_for_text(&["no: Invalid signature"]).await;

    // The archive's request, opened: its body and its answer's, fetched now (not in the poll).
    let seq = request_seq(&api, "POST", &api.p("/archive")).await;
    let key = format!("request-{seq}");
    let bodies = browser
        .expand(&key, &["\"name\": \"weekly\"", &format!("\"id\": \"{archive_id}\""), "(withheld: a credential)"])
        .await;
    assert!(bodies.contains("response body (200)"), "{bodies}");
    // A callback's payload, opened too; then the state changes and the page redraws: both stay open.
    let callback = browser.eval("return document.querySelector(\"details[data-key^='callback-']\").dataset.key").await;
    let callback = callback.as_str().unwrap().to_string();
    browser.expand(&callback, &["sessionId"]).await;
    let redraws = browser.eval("window.__redraws = 0; new MutationObserver(() => window.__redraws++).observe(document.getElementById('requests'), {childList: true}); return 0").await;
    assert_eq!(redraws, json!(0));
    assert_eq!(api.get(api.p(&format!("/archive/{archive_id}"))).await.status, 200);
    browser.wait_for_text(&[&format!("GET /v2/project/{}/archive/{archive_id}", api.key())]).await;
    assert!(browser.eval("return window.__redraws").await.as_u64().unwrap() > 0, "the request list was redrawn");
    browser.wait_in(&key, &["\"name\": \"weekly\""]).await;
    browser.wait_in(&callback, &["sessionId"]).await;

    // Two screenshots: the opened request's bodies where they are, then the page from its top.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/inspector");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, scroll) in [("inspector-bodies.png", None), ("inspector.png", Some("window.scrollTo(0, 0)"))] {
        if let Some(script) = scroll {
            browser.eval(script).await;
        }
        let png = browser.client.screenshot().await.unwrap();
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        std::fs::write(dir.join(name), &png).unwrap();
        eprintln!("inspector screenshot: {}", dir.join(name).display());
    }
    browser.close().await;
}

#[tokio::test]
async fn hostile_token_data_signals_and_layout_classes_are_shown_as_text() {
    let _one = BROWSERS.acquire().await.unwrap();
    let Some(browser) = Browser::start().await else { return };
    let api = Api::new().await;
    let sid = api.routed_session().await;
    let a = api.server.connect_client(&sid, &token_with(&api, &sid, SCRIPT, SVG_CLASS)).unwrap();
    api.server.connect_client(&sid, &token_with(&api, &sid, IMG, "")).unwrap();
    let signal = api.post(api.p(&format!("/session/{sid}/signal")), json!({"type": "chat", "data": IMG})).await;
    assert_eq!(signal.status, 204, "{}", signal.text);
    let layout = json!({"items": [{"id": a.stream_id, "layoutClassList": [SVG_CLASS, "<b>bold</b>"]}]});
    let reply = api.call(reqwest::Method::PUT, api.p(&format!("/session/{sid}/stream")), Some(layout)).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    // A request body and its answer's body that carry hostile text (JSON), and a raw one (not JSON).
    let archive = api.post(api.p("/archive"), json!({"sessionId": sid, "name": SCRIPT})).await;
    assert_eq!(archive.status, 200, "{}", archive.text);
    let raw = api
        .http
        .post(format!("{}{}", api.server.url(), api.p("/archive")))
        .header("x-opentok-auth", crate::common::rest_jwt(api.key(), api.secret()))
        .header("content-type", "text/html")
        .body(IMG)
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let seqs: Vec<u64> = api.get("/_inspector/state").await.json["requests"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["method"] == "POST" && r["path"] == api.p("/archive"))
        .map(|r| r["seq"].as_u64().unwrap())
        .collect();
    let (raw_seq, json_seq) = (seqs[0], seqs[1]);
    open(&browser, &api).await;
    browser.wait_for_text(&[SCRIPT, IMG, SVG_CLASS, "<b>bold</b>"]).await;
    let bodies = browser.expand(&format!("request-{json_seq}"), &[SCRIPT]).await;
    assert_eq!(bodies.matches(SCRIPT).count(), 2, "in the request body and in the answer's: {bodies}");
    browser.expand(&format!("request-{raw_seq}"), &[IMG, "text/html"]).await;
    // Shown as text, and nothing ran: no flag, no alert, no element made from the data.
    assert_eq!(browser.eval("return typeof window.__pwned").await, json!("undefined"));
    assert!(browser.client.get_alert_text().await.is_err(), "an alert is open");
    let made = browser.eval("return document.querySelectorAll('main script, main img, main svg, main b').length").await;
    assert_eq!(made, json!(0));
    browser.close().await;
}

#[tokio::test]
async fn actions_act_through_the_control_api_and_show_their_result() {
    let _one = BROWSERS.acquire().await.unwrap();
    let Some(browser) = Browser::start().await else { return };
    let api = Api::new().await;
    // Signed callbacks to a receiver that answers 200: the page shows those the actions cause.
    let (hooks, _got) = crate::callbacks::receiver(200).await;
    let target = CallbackTarget { url: hooks.clone(), secret: Some("hook-secret".into()) };
    api.server.set_callback("all", Some(target)).unwrap();
    let (sid, leaving) = api.live_session().await;
    let staying = api.connect(&sid);
    let broadcast = api.post(api.p("/broadcast"), json!({"sessionId": sid, "outputs": {"hls": {}}})).await;
    let broadcast_id = broadcast.json["id"].as_str().unwrap().to_string();
    let archive = api.post(api.p("/archive"), json!({"sessionId": sid})).await;
    let archive_id = archive.json["id"].as_str().unwrap().to_string();
    open(&browser, &api).await;
    browser.wait_for_text(&[&leaving.connection_id, &broadcast_id, &archive_id]).await;

    // Disconnect a client.
    browser.click(&format!("button[data-action=disconnect][data-connection='{}']", leaving.connection_id)).await;
    browser.wait_for_text(&[&format!("DELETE /_test/session/{sid}/connection/{} → 204", leaving.connection_id)]).await;
    let connections: Vec<String> =
        api.server.session(&sid).unwrap().connections.into_iter().map(|c| c.connection_id).collect();
    assert_eq!(connections, std::slice::from_ref(&staying.connection_id));
    let text = browser.wait_for_text(&["connection_destroyed", "stream_destroyed"]).await;
    let row = text.lines().find(|l| l.starts_with("connection_destroyed")).unwrap();
    assert!(row.contains(&hooks) && row.contains("yes") && row.contains("delivered 200"), "{row}");

    // The staying client publishes a second stream, then unpublishes its first.
    browser.click(&format!("button[data-action=publish][data-connection='{}']", staying.connection_id)).await;
    browser.wait_for_text(&[&format!("/connection/{}/stream → 200", staying.connection_id), "streamId"]).await;
    let streams = api.server.session(&sid).unwrap().stream_ids;
    assert_eq!(streams.len(), 2, "{streams:?}");
    assert_eq!(streams[0], staying.stream_id);
    browser.click(&format!("button[data-action=unpublish][data-stream='{}']", staying.stream_id)).await;
    browser.wait_for_text(&[&format!("DELETE /_test/session/{sid}/stream/{} → 204", staying.stream_id)]).await;
    let streams = api.server.session(&sid).unwrap().stream_ids;
    assert_eq!((streams.len(), streams.contains(&staying.stream_id)), (1, false), "{streams:?}");
    assert_eq!(destroyed_reason(&api, &staying.stream_id).await, "clientDisconnected");
    // A moderator forces the other one out.
    let second = streams[0].clone();
    browser.click(&format!("button[data-action=force-unpublish][data-stream='{second}']")).await;
    browser.wait_for_text(&[&format!("DELETE /_test/session/{sid}/stream/{second} → 204")]).await;
    assert!(api.server.session(&sid).unwrap().stream_ids.is_empty());
    assert_eq!(destroyed_reason(&api, &second).await, "forceUnpublished");
    // The page shows that callback, with its reason.
    let newest = api.get("/_inspector/state").await.json["callbacks"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["payload"]["stream"]["id"] == second.as_str())
        .map(|c| c["seq"].clone())
        .unwrap();
    browser.expand(&format!("callback-{newest}"), &["\"reason\": \"forceUnpublished\"", &second]).await;

    // Fail the broadcast.
    browser.click(&format!("button[data-action=fail-broadcast][data-id='{broadcast_id}']")).await;
    browser.wait_for_text(&[&format!("/_test/broadcast/{broadcast_id}/failure → 204")]).await;
    assert_eq!(api.server.broadcast_json(&broadcast_id).unwrap()["status"], "failed");

    // Fail an Experience Composer that is still starting: one request takes it through `started` to
    // `failed`, and its history shows both; fail a captioning.
    let token = api.token(&sid, "moderator");
    let render =
        api.post(api.p("/render"), json!({"sessionId": sid, "token": token, "url": "https://example.com/"})).await;
    assert_eq!(render.status, 202, "{}", render.text);
    let render_id = render.json["id"].as_str().unwrap().to_string();
    let captions = api.post(api.p("/captions"), json!({"sessionId": sid, "token": token})).await;
    assert_eq!(captions.status, 202, "{}", captions.text);
    let captions_id = captions.json["captionsId"].as_str().unwrap().to_string();
    browser.click(&format!("button[data-action=fail-render][data-id='{render_id}']")).await;
    browser.wait_for_text(&[&format!("/_test/render/{render_id}/failure → 204"), "starting → started → failed"]).await;
    browser.click(&format!("button[data-action=fail-captions][data-id='{captions_id}']")).await;
    browser.wait_for_text(&[&format!("/_test/captions/{captions_id}/failure → 204"), "started → failed"]).await;
    let statuses: Vec<String> = api.server.captions().into_iter().map(|c| c.status).collect();
    assert_eq!(statuses, ["failed"]);

    // Force the archive's status (the row's button fills the form).
    browser.click(&format!("button[data-action=prefill-archive][data-id='{archive_id}']")).await;
    let status = browser.client.find(Locator::Css("#archive-form select")).await.unwrap();
    status.select_by_label("paused").await.unwrap();
    browser.click("#archive-form button").await;
    browser.wait_for_text(&[&format!("/_test/archive/{archive_id}/status → 204")]).await;
    assert_eq!(api.server.archive_json(&archive_id).unwrap()["status"], "paused");
    browser.wait_for_text(&["started → paused"]).await;

    // Send a session notification.
    browser.click(&format!("button[data-action=notify][data-session='{sid}']")).await;
    browser.wait_for_text(&[&format!("/_test/session/{sid}/notification → 204")]).await;

    // Connect a client with a pasted token, then with a bad one (the refusal is shown).
    browser.fill("#connect-form [name=sessionId]", &sid).await;
    browser.fill("#connect-form [name=token]", &token_with(&api, &sid, "pasted", "")).await;
    browser.click("#connect-form button").await;
    browser.wait_for_text(&[&format!("/_test/session/{sid}/connection → 200"), "connectionId"]).await;
    let data: Vec<Option<String>> = api.server.session(&sid).unwrap().connections.into_iter().map(|c| c.data).collect();
    assert!(data.contains(&Some("pasted".into())), "{data:?}");
    browser.fill("#connect-form [name=token]", "not-a-token").await;
    browser.click("#connect-form button").await;
    browser.wait_for_text(&[&format!("/_test/session/{sid}/connection → 403")]).await;

    // Mint a token from the page (it fills the connect form), then connect with it.
    browser.fill("#mint-form [name=sessionId]", &sid).await;
    browser.fill("#mint-form [name=data]", "minted").await;
    browser.click("#mint-form button").await;
    browser.wait_for_text(&[&format!("/_test/session/{sid}/token → 200")]).await;
    browser.click("#connect-form button").await;
    browser.wait_for_text(&["minted", &format!("/_test/session/{sid}/connection → 200")]).await;
    let data: Vec<Option<String>> = api.server.session(&sid).unwrap().connections.into_iter().map(|c| c.data).collect();
    assert!(data.contains(&Some("minted".into())), "{data:?}");

    // Queue a fault: the next API request gets it.
    browser.fill("#fault-form [name=status]", "503").await;
    browser.click("#fault-form button").await;
    browser.wait_for_text(&["POST /_test/faults → 204"]).await;
    assert_eq!(api.get(api.p("/archive")).await.status, 503);
    browser.close().await;
}

/// The reason of the `stream_destroyed` callback sent for `stream_id` (waiting up to 10 s for it).
async fn destroyed_reason(api: &Api, stream_id: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let sent = api
            .server
            .callbacks()
            .into_iter()
            .find(|c| c.kind == "stream_destroyed" && c.payload["stream"]["id"] == stream_id);
        if let Some(callback) = sent {
            return callback.payload["reason"].as_str().unwrap_or_default().to_string();
        }
        assert!(Instant::now() < deadline, "no stream_destroyed callback for {stream_id}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn shows_the_newest_fifty_sessions_and_filters_them_by_id() {
    let _one = BROWSERS.acquire().await.unwrap();
    let Some(browser) = Browser::start().await else { return };
    let api = Api::new().await;
    let mut made = Vec::new();
    for _ in 0..52 {
        made.push(api.routed_session().await);
    }
    open(&browser, &api).await;
    let text = browser.wait_for_text(&["showing 50 of 52 (the newest first)", &made[51], &made[2]]).await;
    assert!(!text.contains(&made[0]) && !text.contains(&made[1]), "the two oldest are not shown");
    let oldest = &made[0];
    browser.fill("#session-filter", &oldest[oldest.len() - 12..]).await;
    let text = browser.wait_for_text(&[oldest, "showing 1 of 1 whose id contains"]).await;
    assert!(!text.contains(&made[51]), "the filter hides the others");
    browser.fill("#session-filter", "no-such-session").await;
    browser.wait_for_text(&["showing 0 of 0", "none match"]).await;
    browser.close().await;
}
