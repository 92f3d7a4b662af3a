//! Differential tests against the official Node SDK (npm `opentok@2.23.2`): the same operation, with the
//! same options, through the Node SDK and through ours, against one in-process test server. The two
//! requests the server recorded must agree in method, path, query (as a set of pairs) and body (as a JSON
//! value, or form fields as a set).
//!
//! Each side works on its own sessions, archives, connections and streams (so that a stop or a disconnect
//! on one side leaves the other's intact); ids are replaced by named placeholders before comparing. Our
//! side runs first, case by case; then one Node process (`tests/oracle/requests.js`) runs every Node call
//! of the test in order and reports the requests each made. The tests use a multi-threaded runtime because
//! the in-process server must keep serving while the test thread waits for node.
//!
//! Where the Node SDK has a bug we deliberately do not copy (`official-node-sdk.md` §8, `rest-api.md` §11),
//! the case asserts the difference explicitly and says why, then compares the rest.

use crate::common;

use std::{
    collections::BTreeSet,
    future::Future,
    panic::{catch_unwind, AssertUnwindSafe},
    time::{SystemTime, UNIX_EPOCH},
};

use common::Env;
use opentok_sdk::{
    archive::{Layout, Resolution, ScreenshareLayout, StreamMode},
    ArchiveId, ConnectionId, SessionId, StreamId,
};
use opentok_test_server::RecordedRequest;
use serde_json::{json, Value};

const NODE_USER_AGENT: &str = "OpenTok-Node-SDK/2.23.2";

// ------------------------------------------------------------------------------------------------------
// Normalized requests
// ------------------------------------------------------------------------------------------------------

/// A request body, read according to its `Content-Type`.
#[derive(Debug, Clone, PartialEq)]
enum Body {
    /// No body bytes at all.
    Empty,
    Json(Value),
    Form(BTreeSet<(String, String)>),
    Other {
        content_type: Option<String>,
        text: String,
    },
}

/// What is compared: method, path, query pairs (as a set) and body, with ids replaced by placeholders.
#[derive(Debug, Clone, PartialEq)]
struct Req {
    method: String,
    path: String,
    query: BTreeSet<(String, String)>,
    body: Body,
}

/// The ids one side works with, each with the placeholder it becomes when compared.
#[derive(Default)]
struct Placeholders(Vec<(String, &'static str)>);

impl Placeholders {
    fn add(&mut self, value: impl AsRef<str>, placeholder: &'static str) {
        let value = value.as_ref();
        assert!(value.len() >= 8, "{placeholder}: ids this short could match by accident: {value:?}");
        self.0.push((value.to_string(), placeholder));
        // Longest first, so an id that contains another is replaced whole.
        self.0.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
    }

    fn apply(&self, text: &str) -> String {
        self.0.iter().fold(text.to_string(), |t, (value, placeholder)| t.replace(value.as_str(), placeholder))
    }

    fn apply_json(&self, value: Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.apply(&s)),
            Value::Array(items) => Value::Array(items.into_iter().map(|v| self.apply_json(v)).collect()),
            Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, self.apply_json(v))).collect()),
            other => other,
        }
    }

    fn normalize(&self, r: &RecordedRequest) -> Req {
        let pairs = |v: Vec<(String, String)>| v.into_iter().map(|(k, v)| (k, self.apply(&v))).collect();
        let content_type =
            r.header("content-type").map(|ct| ct.split(';').next().unwrap_or_default().trim().to_ascii_lowercase());
        let body = if r.body.is_empty() {
            Body::Empty
        } else {
            match content_type.as_deref() {
                Some("application/json") => match r.body_json() {
                    Some(v) => Body::Json(self.apply_json(v)),
                    None => Body::Other { content_type, text: String::from_utf8_lossy(&r.body).into_owned() },
                },
                Some("application/x-www-form-urlencoded") => Body::Form(pairs(r.form())),
                _ => Body::Other { content_type, text: self.apply(&String::from_utf8_lossy(&r.body)) },
            }
        };
        Req { method: r.method.clone(), path: self.apply(&r.path), query: pairs(r.query_pairs()), body }
    }
}

/// A request as the control API reports it (what the Node script prints) turned back into a
/// [`RecordedRequest`].
fn from_control_json(v: &Value) -> RecordedRequest {
    let text = |name: &str| v[name].as_str().unwrap_or_else(|| panic!("{name} in {v}")).to_string();
    RecordedRequest {
        method: text("method"),
        path: text("path"),
        query: v["query"].as_str().map(str::to_string),
        headers: v["headers"]
            .as_object()
            .expect("headers object")
            .iter()
            .map(|(name, value)| (name.clone(), value.as_str().unwrap_or_default().to_string()))
            .collect(),
        body: text("body").into_bytes(),
    }
}

// ------------------------------------------------------------------------------------------------------
// The harness
// ------------------------------------------------------------------------------------------------------

type Difference = Box<dyn FnOnce(&mut Req, &mut Req)>;

struct Case {
    label: String,
    node_op: Value,
    /// `None`: the Node call must succeed. `Some(text)`: it must fail with an error containing `text`.
    node_error: Option<&'static str>,
    ours: RecordedRequest,
    /// Asserts a deliberate difference (node, ours) and removes it, before the rest is compared.
    difference: Option<Difference>,
}

/// Collects cases: ours runs at once; the Node calls run together in [`Oracle::finish`].
struct Oracle<'e> {
    env: &'e Env,
    node_ids: Placeholders,
    our_ids: Placeholders,
    cases: Vec<Case>,
}

impl<'e> Oracle<'e> {
    fn new(env: &'e Env, node_ids: Placeholders, our_ids: Placeholders) -> Self {
        Oracle { env, node_ids, our_ids, cases: Vec::new() }
    }

    /// `ot[call](...args)` in Node and `ours` here must send the same request.
    async fn case<T>(
        &mut self,
        label: &str,
        call: &str,
        args: Value,
        ours: impl Future<Output = opentok_sdk::Result<T>>,
    ) -> T {
        self.push(label, json!({"call": call, "args": args}), None, None, ours).await
    }

    /// Like [`case`](Self::case), with a deliberate difference that `difference` asserts and removes.
    async fn case_differs<T>(
        &mut self,
        label: &str,
        call: &str,
        args: Value,
        ours: impl Future<Output = opentok_sdk::Result<T>>,
        difference: impl FnOnce(&mut Req, &mut Req) + 'static,
    ) -> T {
        self.push(label, json!({"call": call, "args": args}), None, Some(Box::new(difference)), ours).await
    }

    /// A Node `startArchive`: the script stops the archive it started once its request is read; ours is
    /// stopped here.
    async fn start_archive(
        &mut self,
        label: &str,
        args: Value,
        ours: impl Future<Output = opentok_sdk::Result<opentok_sdk::archive::Archive>>,
    ) {
        let op = json!({"call": "startArchive", "args": args, "stopAfter": true});
        let archive = self.push(label, op, None, None, ours).await;
        assert_eq!(archive.status, opentok_sdk::archive::ArchiveStatus::Started, "{label}");
        self.env.ot.stop_archive(&archive.id).await.unwrap_or_else(|e| panic!("{label}: stop: {e}"));
    }

    /// A case where the Node call is known to fail after sending its request (a Node SDK bug).
    async fn case_node_fails<T>(
        &mut self,
        label: &str,
        call: &str,
        args: Value,
        node_error: &'static str,
        ours: impl Future<Output = opentok_sdk::Result<T>>,
    ) -> T {
        self.push(label, json!({"call": call, "args": args}), Some(node_error), None, ours).await
    }

    /// [`case_node_fails`](Self::case_node_fails) with a deliberate difference, as in
    /// [`case_differs`](Self::case_differs): Node's request is refused because of that difference.
    async fn case_node_fails_differs<T>(
        &mut self,
        label: &str,
        call: &str,
        args: Value,
        node_error: &'static str,
        ours: impl Future<Output = opentok_sdk::Result<T>>,
        difference: impl FnOnce(&mut Req, &mut Req) + 'static,
    ) -> T {
        let op = json!({"call": call, "args": args});
        self.push(label, op, Some(node_error), Some(Box::new(difference)), ours).await
    }

    async fn push<T>(
        &mut self,
        label: &str,
        mut node_op: Value,
        node_error: Option<&'static str>,
        difference: Option<Difference>,
        ours: impl Future<Output = opentok_sdk::Result<T>>,
    ) -> T {
        assert!(self.cases.iter().all(|c| c.label != label), "duplicate label {label}");
        self.env.server.clear_requests();
        let value = ours.await.unwrap_or_else(|e| panic!("{label}: our SDK failed: {e}"));
        let mut recorded = self.env.server.requests();
        assert_eq!(recorded.len(), 1, "{label}: our SDK made {} requests: {recorded:#?}", recorded.len());
        node_op["label"] = label.into();
        self.cases.push(Case { label: label.to_string(), node_op, node_error, ours: recorded.remove(0), difference });
        value
    }

    /// Runs every Node call in one process and compares. Reports every mismatch at once.
    fn finish(self) {
        let server = &self.env.server;
        let ops: Vec<Value> = self.cases.iter().map(|c| c.node_op.clone()).collect();
        let input =
            json!({"url": server.url(), "apiKey": server.api_key(), "apiSecret": server.api_secret(), "ops": ops});
        let stdout = common::node::run("requests.js", &[], &input.to_string());
        let outcomes: Vec<Value> = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"));
        assert_eq!(outcomes.len(), self.cases.len(), "one Node outcome per case");

        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
        let (key, secret) = (server.api_key(), server.api_secret());
        let mut failures = Vec::new();
        let count = self.cases.len();
        for (case, outcome) in self.cases.into_iter().zip(outcomes) {
            let label = &case.label;
            assert_eq!(outcome["label"], json!(label), "Node outcomes come back in order");
            let node_ok = outcome["ok"].as_bool().expect("ok flag");
            let node_error = outcome["error"].as_str().unwrap_or_default();
            match case.node_error {
                None if !node_ok => failures.push(format!("{label}: the Node SDK call failed: {node_error}")),
                Some(expected) if node_ok || !node_error.contains(expected) => failures.push(format!(
                    "{label}: the Node SDK call should fail with {expected:?} but gave ok={node_ok} {node_error:?}"
                )),
                _ => {}
            }
            let node_requests = outcome["requests"].as_array().expect("requests");
            if node_requests.len() != 1 {
                failures
                    .push(format!("{label}: the Node SDK made {} requests: {node_requests:#?}", node_requests.len()));
                continue;
            }
            let node_raw = from_control_json(&node_requests[0]);
            let ours_raw = &case.ours;

            // Headers. Both authenticate with a JWT the server verifies independently, and both ask for JSON.
            for (side, r) in [("node", &node_raw), ("ours", ours_raw)] {
                match r.header("x-opentok-auth") {
                    Some(jwt) => {
                        if let Err(e) = opentok_test_server::verify_rest_jwt(jwt, key, secret, now) {
                            failures.push(format!("{label}: {side}'s X-OPENTOK-AUTH does not verify: {e}"));
                        }
                    }
                    None => failures.push(format!("{label}: {side} sent no X-OPENTOK-AUTH")),
                }
                if r.header("accept") != Some("application/json") {
                    failures.push(format!("{label}: {side} Accept is {:?}", r.header("accept")));
                }
            }
            if node_raw.header("user-agent") != Some(NODE_USER_AGENT) {
                failures
                    .push(format!("{label}: the oracle is not Node SDK 2.23.2: {:?}", node_raw.header("user-agent")));
            }
            if !ours_raw.header("user-agent").is_some_and(|ua| ua.starts_with("OpenTok-Rust-SDK/")) {
                failures.push(format!("{label}: our User-Agent is {:?}", ours_raw.header("user-agent")));
            }
            // Node bug not copied (official-node-sdk.md §1, §8): it spreads its empty `headers` parameter
            // into the header map, so every request carries a header named "headers" with the value
            // "[object Object]". Ours sends no such header (nor progenitor's `api-version`).
            if node_raw.header("headers") != Some("[object Object]") {
                failures.push(format!("{label}: the Node SDK's `headers: [object Object]` header is gone"));
            }
            for junk in ["headers", "api-version"] {
                if ours_raw.header(junk).is_some() {
                    failures.push(format!("{label}: ours sends a {junk:?} header"));
                }
            }

            let mut node = self.node_ids.normalize(&node_raw);
            let mut ours = self.our_ids.normalize(ours_raw);
            if let Some(difference) = case.difference {
                if let Err(panic) = catch_unwind(AssertUnwindSafe(|| difference(&mut node, &mut ours))) {
                    let why = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    failures.push(format!("{label}: the expected difference is not there: {why}"));
                    continue;
                }
            }
            if node != ours {
                failures.push(format!("{label}: the requests differ\n  node: {node:?}\n  ours: {ours:?}"));
            }
        }
        assert!(failures.is_empty(), "{} of {count} cases failed:\n\n{}", failures.len(), failures.join("\n\n"));
        eprintln!("{count} requests agree with the Node SDK's");
    }
}

/// The JSON body of a normalized request (panics otherwise).
fn json_body(r: &mut Req) -> &mut serde_json::Map<String, Value> {
    match &mut r.body {
        Body::Json(Value::Object(map)) => map,
        other => panic!("expected a JSON object body, got {other:?}"),
    }
}

// ------------------------------------------------------------------------------------------------------
// Sessions (issue 4)
// ------------------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_session_requests_match_the_node_sdk() {
    if !common::node::available() {
        return;
    }
    let env = common::env().await;
    let ot = &env.ot;
    let mut o = Oracle::new(&env, Placeholders::default(), Placeholders::default());
    let here = std::net::Ipv4Addr::new(12, 34, 56, 78);

    o.case("createSession: defaults (relayed)", "createSession", json!([{}]), ot.create_session().send()).await;
    o.case(
        "createSession: relayed, named explicitly, with location",
        "createSession",
        json!([{"mediaMode": "relayed", "location": "12.34.56.78"}]),
        ot.create_session().location(here).send(),
    )
    .await;
    o.case(
        "createSession: routed",
        "createSession",
        json!([{"mediaMode": "routed"}]),
        ot.create_session().routed().send(),
    )
    .await;
    o.case(
        "createSession: routed with location",
        "createSession",
        json!([{"mediaMode": "routed", "location": "12.34.56.78"}]),
        ot.create_session().routed().location(here).send(),
    )
    .await;
    o.case(
        "createSession: archive mode always",
        "createSession",
        json!([{"mediaMode": "routed", "archiveMode": "always"}]),
        ot.create_session().routed().archive_mode_always().send(),
    )
    .await;
    o.case(
        "createSession: always, with archive name and resolution and location",
        "createSession",
        json!([{"mediaMode": "routed", "archiveMode": "always", "location": "12.34.56.78",
            "archiveName": "Daily stand-up & review", "archiveResolution": "1920x1080"}]),
        ot.create_session()
            .location(here)
            .routed()
            .archive_mode_always()
            .archive_name("Daily stand-up & review")
            .archive_resolution(Resolution::Fhd1080Landscape)
            .send(),
    )
    .await;
    o.case(
        "createSession: always, portrait resolution",
        "createSession",
        json!([{"mediaMode": "routed", "archiveMode": "always", "archiveResolution": "720x1280"}]),
        ot.create_session().routed().archive_mode_always().archive_resolution(Resolution::Hd720Portrait).send(),
    )
    .await;
    o.case(
        "createSession: end-to-end encrypted",
        "createSession",
        json!([{"mediaMode": "routed", "e2ee": true}]),
        ot.create_session().routed().e2ee().send(),
    )
    .await;
    o.case(
        "createSession: end-to-end encrypted with location",
        "createSession",
        json!([{"mediaMode": "routed", "e2ee": true, "location": "12.34.56.78"}]),
        ot.create_session().routed().location(here).e2ee().send(),
    )
    .await;
    o.finish();
}

// ------------------------------------------------------------------------------------------------------
// Archives (issue 4)
// ------------------------------------------------------------------------------------------------------

/// One side's archive fixtures.
struct ArchiveFixtures {
    /// A routed session with a client, nothing recording: each start case starts and stops an archive.
    live: SessionId,
    /// A routed session with a client, recorded by `archive`: get, list, stop, delete.
    recorded: SessionId,
    archive: ArchiveId,
    /// A composed archive recording, for layout changes.
    layout_archive: ArchiveId,
    /// An archive in manual stream mode, and the stream its session's client publishes.
    manual_archive: ArchiveId,
    stream: StreamId,
}

async fn archive_fixtures(env: &Env, ids: &mut Placeholders) -> ArchiveFixtures {
    let (live, _) = env.live_session().await;
    let (recorded, _) = env.live_session().await;
    let archive = env.ot.start_archive(recorded.id()).name("fixture").send().await.unwrap();
    let (layout_session, _) = env.live_session().await;
    let layout_archive = env.ot.start_archive(layout_session.id()).send().await.unwrap();
    let (manual_session, client) = env.live_session().await;
    let manual_archive =
        env.ot.start_archive(manual_session.id()).stream_mode(StreamMode::Manual).send().await.unwrap();
    ids.add(live.id(), "{live-session}");
    ids.add(recorded.id(), "{recorded-session}");
    ids.add(&archive.id, "{archive}");
    ids.add(layout_session.id(), "{layout-session}");
    ids.add(&layout_archive.id, "{layout-archive}");
    ids.add(manual_session.id(), "{manual-session}");
    ids.add(&manual_archive.id, "{manual-archive}");
    ids.add(&client.stream_id, "{stream}");
    ArchiveFixtures {
        live: live.id().clone(),
        recorded: recorded.id().clone(),
        archive: archive.id,
        layout_archive: layout_archive.id,
        manual_archive: manual_archive.id,
        stream: StreamId::from(client.stream_id),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn archive_requests_match_the_node_sdk() {
    if !common::node::available() {
        return;
    }
    let env = common::env().await;
    let ot = &env.ot;
    let (mut node_ids, mut our_ids) = (Placeholders::default(), Placeholders::default());
    let n = archive_fixtures(&env, &mut node_ids).await;
    let r = archive_fixtures(&env, &mut our_ids).await;
    let mut o = Oracle::new(&env, node_ids, our_ids);
    let live = n.live.as_str();

    // Starting: composed and individual, with each option and each layout.
    o.start_archive("startArchive: defaults", json!([live, {}]), ot.start_archive(&r.live).send()).await;
    o.start_archive(
        "startArchive: name, audio and video",
        json!([live, {"name": "Lecture 1 — intro", "hasAudio": true, "hasVideo": true}]),
        ot.start_archive(&r.live).name("Lecture 1 — intro").has_audio(true).has_video(true).send(),
    )
    .await;
    o.start_archive(
        "startArchive: composed, every option",
        json!([live, {"name": "all", "hasAudio": true, "hasVideo": true, "resolution": "1920x1080",
            "layout": {"type": "pip"}, "maxBitrate": 2000000, "streamMode": "manual", "multiArchiveTag": "tag-1"}]),
        ot.start_archive(&r.live)
            .name("all")
            .has_audio(true)
            .has_video(true)
            .resolution(Resolution::Fhd1080Landscape)
            .layout(Layout::Pip)
            .max_bitrate(2_000_000)
            .stream_mode(StreamMode::Manual)
            .multi_archive_tag("tag-1")
            .send(),
    )
    .await;
    o.start_archive(
        "startArchive: best fit with a screenshare layout",
        json!([live, {"layout": {"type": "bestFit", "screenshareType": "verticalPresentation"}, "resolution": "720x1280"}]),
        ot.start_archive(&r.live)
            .layout(Layout::BestFitWithScreenshare(ScreenshareLayout::VerticalPresentation))
            .resolution(Resolution::Hd720Portrait)
            .send(),
    )
    .await;
    let css = "stream.instructor { position: absolute; width: 100%; height: 50%; }";
    o.start_archive(
        "startArchive: custom layout, quantization parameter",
        json!([live, {"layout": {"type": "custom", "stylesheet": css}, "quantizationParameter": 25, "resolution": "1080x1920"}]),
        ot.start_archive(&r.live)
            .layout(Layout::Custom(css.into()))
            .quantization_parameter(25)
            .resolution(Resolution::Fhd1080Portrait)
            .send(),
    )
    .await;
    o.start_archive(
        "startArchive: horizontal presentation, no audio",
        json!([live, {"layout": {"type": "horizontalPresentation"}, "hasAudio": false, "resolution": "480x640"}]),
        ot.start_archive(&r.live)
            .layout(Layout::HorizontalPresentation)
            .has_audio(false)
            .resolution(Resolution::Sd480Portrait)
            .send(),
    )
    .await;
    o.start_archive(
        "startArchive: vertical presentation, 640x480, bitrate bounds",
        json!([live, {"layout": {"type": "verticalPresentation"}, "resolution": "640x480", "maxBitrate": 100000}]),
        ot.start_archive(&r.live)
            .layout(Layout::VerticalPresentation)
            .resolution(Resolution::Sd480Landscape)
            .max_bitrate(100_000)
            .send(),
    )
    .await;
    o.start_archive(
        "startArchive: best fit, 1280x720",
        json!([live, {"layout": {"type": "bestFit"}, "resolution": "1280x720", "maxBitrate": 6000000}]),
        ot.start_archive(&r.live)
            .layout(Layout::BestFit)
            .resolution(Resolution::Hd720Landscape)
            .max_bitrate(6_000_000)
            .send(),
    )
    .await;
    o.start_archive(
        "startArchive: individual",
        json!([live, {"outputMode": "individual"}]),
        ot.start_archive(&r.live).individual().send(),
    )
    .await;
    o.start_archive(
        "startArchive: individual, no video, manual streams, tag",
        json!([live, {"outputMode": "individual", "name": "per stream", "hasVideo": false, "streamMode": "manual",
            "multiArchiveTag": "individual-1"}]),
        ot.start_archive(&r.live)
            .individual()
            .name("per stream")
            .has_video(false)
            .stream_mode(StreamMode::Manual)
            .multi_archive_tag("individual-1")
            .send(),
    )
    .await;

    // Reading and listing.
    o.case("getArchive: recording", "getArchive", json!([n.archive.as_str()]), ot.get_archive(&r.archive)).await;
    o.case("listArchives: no options", "listArchives", json!([{}]), ot.list_archives().send()).await;
    o.case("listArchives: count", "listArchives", json!([{"count": 5}]), ot.list_archives().count(5).send()).await;
    o.case(
        "listArchives: offset and count",
        "listArchives",
        json!([{"offset": 2, "count": 10}]),
        ot.list_archives().offset(2).count(10).send(),
    )
    .await;
    o.case(
        "listArchives: session id",
        "listArchives",
        json!([{"sessionId": n.recorded.as_str()}]),
        ot.list_archives().session_id(&r.recorded).send(),
    )
    .await;
    o.case(
        "listArchives: offset, largest count, session id",
        "listArchives",
        json!([{"offset": 1, "count": 1000, "sessionId": n.recorded.as_str()}]),
        ot.list_archives().offset(1).count(1000).session_id(&r.recorded).send(),
    )
    .await;

    // Layout changes of a composed archive while it records.
    let layout_archive = n.layout_archive.as_str();
    for (label, node_args, layout) in [
        ("setArchiveLayout: bestFit", json!([layout_archive, "bestFit", null, null]), Layout::BestFit),
        (
            "setArchiveLayout: bestFit with a pip screenshare",
            json!([layout_archive, "bestFit", null, "pip"]),
            Layout::BestFitWithScreenshare(ScreenshareLayout::Pip),
        ),
        (
            "setArchiveLayout: bestFit with a best fit screenshare",
            json!([layout_archive, "bestFit", null, "bestFit"]),
            Layout::BestFitWithScreenshare(ScreenshareLayout::BestFit),
        ),
        (
            "setArchiveLayout: bestFit with a horizontal screenshare",
            json!([layout_archive, "bestFit", null, "horizontalPresentation"]),
            Layout::BestFitWithScreenshare(ScreenshareLayout::HorizontalPresentation),
        ),
        ("setArchiveLayout: pip", json!([layout_archive, "pip", null, null]), Layout::Pip),
        (
            "setArchiveLayout: verticalPresentation",
            json!([layout_archive, "verticalPresentation", null, null]),
            Layout::VerticalPresentation,
        ),
        (
            "setArchiveLayout: horizontalPresentation",
            json!([layout_archive, "horizontalPresentation", null, null]),
            Layout::HorizontalPresentation,
        ),
        ("setArchiveLayout: custom", json!([layout_archive, "custom", css, null]), Layout::Custom(css.into())),
    ] {
        o.case(label, "setArchiveLayout", node_args, ot.set_archive_layout(&r.layout_archive, &layout)).await;
    }

    // Choosing the streams of an archive in manual stream mode.
    let (manual, stream) = (n.manual_archive.as_str(), n.stream.as_str());
    o.case(
        "addArchiveStream: defaults",
        "addArchiveStream",
        json!([manual, stream, {}]),
        ot.add_archive_stream(&r.manual_archive, &r.stream).send(),
    )
    .await;
    o.case(
        "addArchiveStream: no video",
        "addArchiveStream",
        json!([manual, stream, {"hasVideo": false}]),
        ot.add_archive_stream(&r.manual_archive, &r.stream).has_video(false).send(),
    )
    .await;
    o.case(
        "addArchiveStream: no audio, video",
        "addArchiveStream",
        json!([manual, stream, {"hasAudio": false, "hasVideo": true}]),
        ot.add_archive_stream(&r.manual_archive, &r.stream).has_audio(false).has_video(true).send(),
    )
    .await;
    o.case(
        "removeArchiveStream",
        "removeArchiveStream",
        json!([manual, stream]),
        ot.remove_archive_stream(&r.manual_archive, &r.stream),
    )
    .await;

    // Stopping, reading the stopped archive, deleting it.
    o.case_differs(
        "stopArchive",
        "stopArchive",
        json!([n.archive.as_str()]),
        ot.stop_archive(&r.archive),
        |node, ours| {
            // The Node SDK posts an empty JSON object to the stop endpoint. The endpoint takes no body
            // (rest-api.md §4.6), so ours sends none.
            assert_eq!(std::mem::replace(&mut node.body, Body::Empty), Body::Json(json!({})));
            assert_eq!(ours.body, Body::Empty);
        },
    )
    .await;
    o.case("getArchive: stopped", "getArchive", json!([n.archive.as_str()]), ot.get_archive(&r.archive)).await;
    o.case("deleteArchive", "deleteArchive", json!([n.archive.as_str()]), ot.delete_archive(&r.archive)).await;
    o.finish();
}

// ------------------------------------------------------------------------------------------------------
// Moderation, signals, streams and SIP (issue 5)
// ------------------------------------------------------------------------------------------------------

/// One side's live-session fixtures.
struct LiveFixtures {
    /// A routed session with three publishers (the third is force-disconnected) and a SIP call.
    session: SessionId,
    first: (ConnectionId, StreamId),
    second: (ConnectionId, StreamId),
    third: ConnectionId,
    sip_connection: ConnectionId,
    /// A client token for `session`, for dialling.
    token: String,
    /// A session of two publishers, for the mute-all field name check.
    typo_session: SessionId,
    typo_muted: StreamId,
    typo_excluded: StreamId,
}

async fn live_fixtures(env: &Env, ids: &mut Placeholders) -> LiveFixtures {
    let (session, first) = env.live_session().await;
    let second = env.connect(&session);
    let third = env.connect(&session);
    let sip_token = session.generate_token().build().expect("token");
    let call = env.ot.dial(session.id(), &sip_token, "sip:fixture@sip.example.com").send().await.expect("SIP fixture");
    let token = session.generate_token().build().expect("token").as_str().to_string();
    let (typo, typo_a) = env.live_session().await;
    let typo_b = env.connect(&typo);
    ids.add(session.id(), "{session}");
    ids.add(&first.connection_id, "{connection-1}");
    ids.add(&first.stream_id, "{stream-1}");
    ids.add(&second.connection_id, "{connection-2}");
    ids.add(&second.stream_id, "{stream-2}");
    ids.add(&third.connection_id, "{connection-3}");
    ids.add(&third.stream_id, "{stream-3}");
    ids.add(&call.connection_id, "{sip-connection}");
    ids.add(&token, "{token}");
    ids.add(typo.id(), "{typo-session}");
    ids.add(&typo_a.stream_id, "{typo-stream-a}");
    ids.add(&typo_b.stream_id, "{typo-stream-b}");
    LiveFixtures {
        session: session.id().clone(),
        first: (first.connection_id.into(), first.stream_id.into()),
        second: (second.connection_id.into(), second.stream_id.into()),
        third: third.connection_id.into(),
        sip_connection: call.connection_id,
        token,
        typo_session: typo.id().clone(),
        typo_muted: typo_a.stream_id.into(),
        typo_excluded: typo_b.stream_id.into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderation_signal_stream_and_sip_requests_match_the_node_sdk() {
    if !common::node::available() {
        return;
    }
    let env = common::env().await;
    let ot = &env.ot;
    let (mut node_ids, mut our_ids) = (Placeholders::default(), Placeholders::default());
    let n = live_fixtures(&env, &mut node_ids).await;
    let r = live_fixtures(&env, &mut our_ids).await;
    let mut o = Oracle::new(&env, node_ids, our_ids);
    let sid = n.session.as_str();
    let (s1, s2) = (n.first.1.as_str(), n.second.1.as_str());

    // Signals.
    o.case(
        "signal: session, type and data",
        "signal",
        json!([sid, null, {"type": "chat", "data": "hello everyone"}]),
        ot.signal(&r.session).signal_type("chat").data("hello everyone").send(),
    )
    .await;
    o.case(
        "signal: one connection",
        "signal",
        json!([sid, n.first.0.as_str(), {"type": "private", "data": "just you ✓ \"quoted\""}]),
        ot.signal(&r.session).to_connection(&r.first.0).signal_type("private").data("just you ✓ \"quoted\"").send(),
    )
    .await;
    // Node bug stepped around (both signal cases below): it sends the payload as given, so a signal
    // without `type` or `data` leaves the member out, and the platform (so the test server) refuses it
    // with 400, which Node reports as an unexpected response. Ours sends `""` for the missing member.
    o.case_node_fails_differs(
        "signal: data only",
        "signal",
        json!([sid, null, {"data": "x=1&y=2"}]),
        "Invalid signal property",
        ot.signal(&r.session).data("x=1&y=2").send(),
        |node, ours| {
            // The Node SDK leaves `type` out when none is given; the platform requires both members
            // (rest-api.md §7.3), so ours sends `"type": ""`. The test server answers Node's request 400.
            assert_eq!(node.body, Body::Json(json!({"data": "x=1&y=2"})));
            assert_eq!(
                std::mem::replace(&mut ours.body, Body::Json(json!({"data": "x=1&y=2"}))),
                Body::Json(json!({"type": "", "data": "x=1&y=2"}))
            );
        },
    )
    .await;
    let (long_type, big_data) = ("t".repeat(128), "d".repeat(8192));
    o.case(
        "signal: longest type, largest data",
        "signal",
        json!([sid, n.second.0.as_str(), {"type": long_type, "data": big_data}]),
        ot.signal(&r.session).to_connection(&r.second.0).signal_type(long_type.clone()).data(big_data.clone()).send(),
    )
    .await;
    o.case_node_fails_differs(
        "signal: type only",
        "signal",
        json!([sid, null, {"type": "refresh"}]),
        "Invalid signal property",
        ot.signal(&r.session).signal_type("refresh").send(),
        |node, ours| {
            // The Node SDK sends the payload as given, so a signal without data has no `data` field. The
            // platform requires `data` (rest-api.md §7.3), so ours sends an empty string.
            assert_eq!(node.body, Body::Json(json!({"type": "refresh"})));
            assert_eq!(json_body(ours).remove("data"), Some(json!("")));
        },
    )
    .await;

    // Force mute.
    o.case_differs(
        "forceMuteStream",
        "forceMuteStream",
        json!([sid, s1]),
        ot.force_mute_stream(&r.session, &r.first.1),
        |node, ours| {
            // The Node SDK posts an empty JSON object; the endpoint takes no body (rest-api.md §7.5), so
            // ours sends none.
            assert_eq!(std::mem::replace(&mut node.body, Body::Empty), Body::Json(json!({})));
            assert_eq!(ours.body, Body::Empty);
        },
    )
    .await;
    o.case(
        "forceMuteAll: excluding one stream",
        "forceMuteAll",
        // The Node SDK documents the option as `excudedStreamIds` (sic) and sends its options as given:
        // here it gets the field name the REST API documents.
        json!([sid, {"excludedStreamIds": [s2]}]),
        ot.force_mute_all(&r.session).excluding([&r.second.1]).send(),
    )
    .await;
    o.case("disableForceMute", "disableForceMute", json!([sid]), ot.disable_force_mute(&r.session)).await;
    o.case(
        "forceMuteAll: excluding two streams",
        "forceMuteAll",
        json!([sid, {"excludedStreamIds": [s1, s2]}]),
        ot.force_mute_all(&r.session).excluding([&r.first.1, &r.second.1]).send(),
    )
    .await;
    o.case("forceMuteAll: no exclusions", "forceMuteAll", json!([sid, {}]), ot.force_mute_all(&r.session).send()).await;
    o.case("disableForceMute: again", "disableForceMute", json!([sid]), ot.disable_force_mute(&r.session)).await;
    let (typo_excluded, typo_sid) = (n.typo_excluded.as_str(), n.typo_session.as_str());
    o.case_differs(
        "forceMuteAll: the option as the Node SDK documents it",
        "forceMuteAll",
        json!([typo_sid, {"excudedStreamIds": [typo_excluded]}]),
        ot.force_mute_all(&r.typo_session).excluding([&r.typo_excluded]).send(),
        |node, ours| {
            // Node bug not copied (rest-api.md §11 #1): following its documentation, the exclusions go
            // out under the misspelt `excudedStreamIds`, which the platform does not know, so no stream
            // is spared. Ours sends `excludedStreamIds`.
            let excluded = json!(["{typo-stream-b}"]);
            assert_eq!(json_body(node).remove("excudedStreamIds"), Some(excluded.clone()));
            assert_eq!(json_body(ours).remove("excludedStreamIds"), Some(excluded));
        },
    )
    .await;

    // Streams.
    o.case(
        "setStreamClassLists: two streams",
        "setStreamClassLists",
        json!([sid, [{"id": s1, "layoutClassList": ["full", "focus"]}, {"id": s2, "layoutClassList": ["inactive"]}]]),
        ot.set_stream_class_lists(&r.session)
            .stream(&r.first.1, ["full", "focus"])
            .stream(&r.second.1, ["inactive"])
            .send(),
    )
    .await;
    o.case(
        "setStreamClassLists: clearing a stream's classes",
        "setStreamClassLists",
        json!([sid, [{"id": s2, "layoutClassList": []}]]),
        ot.set_stream_class_lists(&r.session).stream(&r.second.1, Vec::<String>::new()).send(),
    )
    .await;
    // Node bug not copied (official-node-sdk.md §2): getStream parses the already parsed JSON answer
    // again and fails, after sending the right request. Ours reads the stream.
    let stream = o
        .case_node_fails(
            "getStream",
            "getStream",
            json!([sid, s1]),
            "is not valid JSON",
            ot.get_stream(&r.session, &r.first.1),
        )
        .await;
    assert_eq!(stream.id, r.first.1);
    assert_eq!(stream.layout_class_list, ["full", "focus"]);
    o.case("listStreams", "listStreams", json!([sid]), ot.list_streams(&r.session)).await;

    // SIP.
    o.case("playDTMF: session", "playDTMF", json!([sid, null, "1234#"]), ot.play_dtmf(&r.session, "1234#").send())
        .await;
    o.case(
        "playDTMF: one connection",
        "playDTMF",
        json!([sid, n.sip_connection.as_str(), "9p9p*0"]),
        ot.play_dtmf(&r.session, "9p9p*0").to_connection(&r.sip_connection).send(),
    )
    .await;
    o.case(
        "dial: no options",
        "dial",
        json!([sid, n.token, "sip:alice@sip.example.com", {}]),
        ot.dial(&r.session, &r.token, "sip:alice@sip.example.com").send(),
    )
    .await;
    o.case(
        "dial: every option",
        "dial",
        json!([sid, n.token, "sips:bob@sip.example.com;transport=tls", {
            "from": "15551230000@example.com",
            "headers": {"X-Room": "42", "X-Caller": "oracle test"},
            "auth": {"username": "bob", "password": "pa ss:wörd"},
            "secure": true,
            "video": true,
            "observeForceMute": true,
            "streams": [s1, s2],
        }]),
        ot.dial(&r.session, &r.token, "sips:bob@sip.example.com;transport=tls")
            .from("15551230000@example.com")
            .header("X-Room", "42")
            .header("X-Caller", "oracle test")
            .auth("bob", "pa ss:wörd")
            .secure(true)
            .video(true)
            .observe_force_mute(true)
            .streams([&r.first.1, &r.second.1])
            .send(),
    )
    .await;
    o.case(
        "dial: headers and auth only",
        "dial",
        json!([sid, n.token, "sip:carol@sip.example.com", {"headers": {"X-Only": "1"}, "auth": {"username": "carol", "password": "x"}}]),
        ot.dial(&r.session, &r.token, "sip:carol@sip.example.com").header("X-Only", "1").auth("carol", "x").send(),
    )
    .await;
    o.case_differs(
        "dial: flags set to false",
        "dial",
        json!([sid, n.token, "sip:dave@sip.example.com", {"secure": false, "video": false, "observeForceMute": false}]),
        ot.dial(&r.session, &r.token, "sip:dave@sip.example.com")
            .secure(false)
            .video(false)
            .observe_force_mute(false)
            .send(),
        |node, ours| {
            // The Node SDK adds each option only when it is truthy, so flags set to false are dropped.
            // Ours sends what the caller set; false is also the platform's default (rest-api.md §6.1), so
            // the call is the same.
            let node_sip = json_body(node)["sip"].as_object().unwrap().clone();
            assert_eq!(node_sip.len(), 1, "node sends only the uri: {node_sip:?}");
            let sip = json_body(ours).get_mut("sip").and_then(Value::as_object_mut).unwrap();
            for flag in ["secure", "video", "observeForceMute"] {
                assert_eq!(sip.remove(flag), Some(json!(false)), "{flag}");
            }
        },
    )
    .await;

    // Force disconnect: a client, then the SIP call.
    o.case(
        "forceDisconnect: a client",
        "forceDisconnect",
        json!([sid, n.third.as_str()]),
        ot.force_disconnect(&r.session, &r.third),
    )
    .await;
    o.case(
        "forceDisconnect: a SIP call",
        "forceDisconnect",
        json!([sid, n.sip_connection.as_str()]),
        ot.force_disconnect(&r.session, &r.sip_connection),
    )
    .await;
    o.finish();

    // What the misspelt option did on the server: the Node call muted the stream it meant to spare, ours
    // spared it.
    let muted = |session: &SessionId, stream: &StreamId| {
        env.server.stream(session.as_str(), stream.as_str()).expect("fixture stream").audio_muted
    };
    assert!(muted(&n.typo_session, &n.typo_muted) && muted(&r.typo_session, &r.typo_muted));
    assert!(muted(&n.typo_session, &n.typo_excluded), "the Node SDK's documented option should be ignored");
    assert!(!muted(&r.typo_session, &r.typo_excluded), "ours must spare the excluded stream");
    // Both sides reached the same state otherwise: the disconnected client and SIP call are gone.
    for side in [&n, &r] {
        let info = env.server.session(side.session.as_str()).unwrap();
        let ids: Vec<&str> = info.connections.iter().map(|c| c.connection_id.as_str()).collect();
        assert!(!ids.contains(&side.third.as_str()) && !ids.contains(&side.sip_connection.as_str()), "{ids:?}");
    }
}

// ------------------------------------------------------------------------------------------------------
// Broadcasts (issue 11)
// ------------------------------------------------------------------------------------------------------

/// One side's broadcast fixtures.
struct BroadcastFixtures {
    /// A routed session with a client, nothing broadcast: each start case starts and stops a broadcast.
    live: SessionId,
    /// A broadcast in manual stream mode that runs until the stop case, and its session's stream.
    running: opentok_sdk::broadcast::BroadcastId,
    running_session: SessionId,
    stream: StreamId,
}

async fn broadcast_fixtures(env: &Env, ids: &mut Placeholders) -> BroadcastFixtures {
    let (live, _) = env.live_session().await;
    let (running_session, client) = env.live_session().await;
    let running = env
        .ot
        .start_broadcast(running_session.id())
        .hls()
        .stream_mode(StreamMode::Manual)
        .send()
        .await
        .expect("broadcast fixture");
    ids.add(live.id(), "{live-session}");
    ids.add(running_session.id(), "{running-session}");
    ids.add(&running.id, "{broadcast}");
    ids.add(&client.stream_id, "{stream}");
    BroadcastFixtures {
        live: live.id().clone(),
        running: running.id,
        running_session: running_session.id().clone(),
        stream: StreamId::from(client.stream_id),
    }
}

/// A Node `startBroadcast` (stopped by the script once its request is read) against ours (stopped here);
/// `difference`, if any, asserts and removes a deliberate difference.
async fn start_broadcast_case(
    o: &mut Oracle<'_>,
    label: &str,
    args: Value,
    ours: impl Future<Output = opentok_sdk::Result<opentok_sdk::broadcast::Broadcast>>,
    difference: Option<Difference>,
) {
    let op = json!({"call": "startBroadcast", "args": args, "stopAfter": true});
    let broadcast = o.push(label, op, None, difference, ours).await;
    assert_eq!(broadcast.status, opentok_sdk::broadcast::BroadcastStatus::Started, "{label}");
    o.env.ot.stop_broadcast(&broadcast.id).await.unwrap_or_else(|e| panic!("{label}: stop: {e}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broadcast_requests_match_the_node_sdk() {
    if !common::node::available() {
        return;
    }
    use opentok_sdk::broadcast::RtmpTarget;

    let env = common::env().await;
    let ot = &env.ot;
    let (mut node_ids, mut our_ids) = (Placeholders::default(), Placeholders::default());
    let n = broadcast_fixtures(&env, &mut node_ids).await;
    let r = broadcast_fixtures(&env, &mut our_ids).await;
    let mut o = Oracle::new(&env, node_ids, our_ids);
    let live = n.live.as_str();
    let target = |i: usize, id: Option<&str>| {
        let builder = RtmpTarget::builder()
            .server_url(format!("rtmp://rtmp{i}.example.com/live"))
            .stream_name(format!("key-{i}"));
        match id {
            Some(id) => builder.id(id).build(),
            None => builder.build(),
        }
    };
    let node_target = |i: usize, id: Option<&str>| {
        let mut t = json!({"serverUrl": format!("rtmp://rtmp{i}.example.com/live"), "streamName": format!("key-{i}")});
        if let Some(id) = id {
            t["id"] = json!(id);
        }
        t
    };

    // Starting: each kind of HLS, RTMP targets, and every option.
    start_broadcast_case(
        &mut o,
        "startBroadcast: plain HLS, defaults",
        json!([live, {"outputs": {"hls": {}}}]),
        ot.start_broadcast(&r.live).hls().send(),
        Some(Box::new(|node: &mut Req, ours: &mut Req| {
            // The Node SDK writes `streamMode: "auto"` into the options when none is given. `auto` is the
            // platform's default (platform-2026.md §2.2), so ours sends only what was set.
            assert_eq!(json_body(node).remove("streamMode"), Some(json!("auto")));
            assert!(!json_body(ours).contains_key("streamMode"));
        })),
    )
    .await;
    start_broadcast_case(
        &mut o,
        "startBroadcast: DVR, two RTMP targets, every option",
        json!([live, {"outputs": {"hls": {"dvr": true}, "rtmp": [node_target(1, Some("yt")), node_target(2, None)]},
            "layout": {"type": "bestFit", "screenshareType": "pip"}, "resolution": "1280x720", "maxDuration": 5400,
            "maxBitrate": 2000000, "streamMode": "auto", "multiBroadcastTag": "main", "hasAudio": true,
            "hasVideo": true}]),
        ot.start_broadcast(&r.live)
            .hls_dvr()
            .rtmp(target(1, Some("yt")))
            .rtmp(target(2, None))
            .layout(Layout::BestFitWithScreenshare(ScreenshareLayout::Pip))
            .resolution(Resolution::Hd720Landscape)
            .max_duration(std::time::Duration::from_secs(5400))
            .max_bitrate(2_000_000)
            .stream_mode(StreamMode::Auto)
            .multi_broadcast_tag("main")
            .has_audio(true)
            .has_video(true)
            .send(),
        None,
    )
    .await;
    let css = "stream.host { width: 100%; height: 100%; }";
    start_broadcast_case(
        &mut o,
        "startBroadcast: low latency, custom layout, portrait, manual streams, no video",
        json!([live, {"outputs": {"hls": {"lowLatency": true}}, "layout": {"type": "custom", "stylesheet": css},
            "resolution": "1080x1920", "streamMode": "manual", "hasVideo": false, "maxDuration": 60,
            "maxBitrate": 100000}]),
        ot.start_broadcast(&r.live)
            .hls_low_latency()
            .layout(Layout::Custom(css.into()))
            .resolution(Resolution::Fhd1080Portrait)
            .stream_mode(StreamMode::Manual)
            .has_video(false)
            .max_duration(std::time::Duration::from_secs(60))
            .max_bitrate(100_000)
            .send(),
        None,
    )
    .await;
    start_broadcast_case(
        &mut o,
        "startBroadcast: five RTMP targets, no HLS",
        json!([live, {"outputs": {"rtmp": (1..=5).map(|i| node_target(i, Some(["a", "b", "c", "d", "e"][i - 1]))).collect::<Vec<_>>()},
            "streamMode": "auto", "maxDuration": 36000, "maxBitrate": 6000000, "resolution": "1920x1080"}]),
        ot.start_broadcast(&r.live)
            .rtmp_targets((1..=5).map(|i| target(i, Some(["a", "b", "c", "d", "e"][i - 1]))))
            .stream_mode(StreamMode::Auto)
            .max_duration(std::time::Duration::from_secs(36_000))
            .max_bitrate(6_000_000)
            .resolution(Resolution::Fhd1080Landscape)
            .send(),
        None,
    )
    .await;
    start_broadcast_case(
        &mut o,
        "startBroadcast: HLS and rtmps, vertical presentation, 480x640",
        json!([live, {"outputs": {"hls": {}, "rtmp": [{"serverUrl": "rtmps://secure.example.com:443/app", "streamName": "s"}]},
            "layout": {"type": "verticalPresentation"}, "resolution": "480x640", "streamMode": "auto"}]),
        ot.start_broadcast(&r.live)
            .rtmp(RtmpTarget::builder().server_url("rtmps://secure.example.com:443/app").stream_name("s").build())
            .hls()
            .layout(Layout::VerticalPresentation)
            .resolution(Resolution::Sd480Portrait)
            .stream_mode(StreamMode::Auto)
            .send(),
        None,
    )
    .await;

    // Reading and listing.
    let running = n.running.as_str();
    o.case("getBroadcast", "getBroadcast", json!([running]), ot.get_broadcast(&r.running)).await;
    o.case("listBroadcasts: no options", "listBroadcasts", json!([{}]), ot.list_broadcasts().send()).await;
    o.case(
        "listBroadcasts: offset, count, session id",
        "listBroadcasts",
        json!([{"offset": 1, "count": 10, "sessionId": n.running_session.as_str()}]),
        ot.list_broadcasts().offset(1).count(10).session_id(&r.running_session).send(),
    )
    .await;

    // Layout changes.
    for (label, node_args, layout) in [
        ("setBroadcastLayout: pip", json!([running, "pip", null, null]), Layout::Pip),
        (
            "setBroadcastLayout: bestFit with a vertical screenshare",
            json!([running, "bestFit", null, "verticalPresentation"]),
            Layout::BestFitWithScreenshare(ScreenshareLayout::VerticalPresentation),
        ),
        ("setBroadcastLayout: custom", json!([running, "custom", css, null]), Layout::Custom(css.into())),
    ] {
        o.case(label, "setBroadcastLayout", node_args, ot.set_broadcast_layout(&r.running, &layout)).await;
    }

    // Streams in manual mode.
    let stream = n.stream.as_str();
    o.case(
        "addBroadcastStream: defaults",
        "addBroadcastStream",
        json!([running, stream, {}]),
        ot.add_broadcast_stream(&r.running, &r.stream).send(),
    )
    .await;
    o.case_differs(
        "addBroadcastStream: no video",
        "addBroadcastStream",
        json!([running, stream, {"hasVideo": false}]),
        ot.add_broadcast_stream(&r.running, &r.stream).has_video(false).send(),
        |node, ours| {
            // Node SDK bug not copied (official-node-sdk.md §8): it reads the flags as `opt || true`, so
            // `hasVideo: false` goes out as true. Ours sends what was asked.
            assert_eq!(json_body(node).insert("hasVideo".into(), json!(false)), Some(json!(true)));
            assert_eq!(json_body(ours)["hasVideo"], json!(false));
        },
    )
    .await;
    o.case(
        "removeBroadcastStream",
        "removeBroadcastStream",
        json!([running, stream]),
        ot.remove_broadcast_stream(&r.running, &r.stream),
    )
    .await;

    o.case_differs("stopBroadcast", "stopBroadcast", json!([running]), ot.stop_broadcast(&r.running), |node, ours| {
        // The Node SDK posts an empty JSON object; the endpoint takes no body (platform-2026.md §2.2).
        assert_eq!(std::mem::replace(&mut node.body, Body::Empty), Body::Json(json!({})));
        assert_eq!(ours.body, Body::Empty);
    })
    .await;
    o.case("getBroadcast: stopped", "getBroadcast", json!([running]), ot.get_broadcast(&r.running)).await;
    o.finish();
}
