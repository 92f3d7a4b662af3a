//! Property tests for broadcasts:
//! - `Broadcast::from_json` never panics, and whatever parses serializes back to what was parsed;
//! - the start builder, over any inputs, never panics; input that breaks a rule (judged here by the rules
//!   written out independently of the SDK) fails with `InvalidArgument` naming a broken field and never
//!   reaches the server; any other input reaches it once, with exactly the body the rules say.

use std::{sync::OnceLock, time::Duration};

use opentok_sdk::{
    broadcast::{Broadcast, HlsMode, Layout, Resolution, RtmpTarget, ScreenshareLayout, StreamMode},
    Error, OpenTok, SessionId,
};
use opentok_test_server::TestServer;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

use crate::common::json_props::{any_json, from_json_round_trips, members_of};

const FIELDS: &[&str] = &[
    "id",
    "sessionId",
    "status",
    "multiBroadcastTag",
    "applicationId",
    "projectId",
    "partnerId",
    "event",
    "reason",
    "createdAt",
    "updatedAt",
    "maxDuration",
    "maxBitrate",
    "resolution",
    "streamMode",
    "hasAudio",
    "hasVideo",
    "broadcastUrls",
    "settings",
    "streams",
    "unknownMember",
];

/// Values shaped like the nested members, so that parsing gets past the outer level.
fn nested_json() -> impl Strategy<Value = Value> {
    let target = || {
        (any_json(), any_json(), prop::sample::select(vec!["connecting", "live", "odd"]))
            .prop_map(|(id, url, status)| json!({"id": id, "serverUrl": url, "streamName": "k", "status": status}))
    };
    prop_oneof![
        any_json(),
        // A boolean as text, which no boolean member accepts.
        Just(json!("true")),
        prop::collection::vec(target(), 0..3).prop_map(|t| json!({"hls": "https://h/p.m3u8", "rtmp": t})),
        prop::collection::btree_map("[a-z]{1,4}", target(), 0..3)
            .prop_map(|t| json!({"hlsStatus": "live", "rtmp": Value::Object(t.into_iter().collect())})),
        prop::collection::vec((any_json(), any_json()), 0..3).prop_map(|s| Value::Array(
            s.into_iter().map(|(a, v)| json!({"streamId": "s", "hasAudio": a, "hasVideo": v})).collect()
        )),
        (any_json(), any_json()).prop_map(|(l, d)| json!({"hls": {"lowLatency": l, "dvr": d}})),
    ]
}

fn broadcast_like_json() -> impl Strategy<Value = Value> {
    members_of(FIELDS, nested_json(), 12).prop_map(|mut object| {
        object.entry("id").or_insert(json!("b"));
        Value::Object(object)
    })
}

/// One RTMP target as the test chooses it, and whether the rules accept it.
#[derive(Debug, Clone)]
struct Target {
    server_url: String,
    stream_name: String,
    id: Option<String>,
}

impl Target {
    fn valid(&self) -> Option<&'static str> {
        let url = &self.server_url;
        let (scheme, rest) = url.split_once("://").unwrap_or(("", ""));
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        if !(scheme.eq_ignore_ascii_case("rtmp") || scheme.eq_ignore_ascii_case("rtmps"))
            || host.is_empty()
            || url.chars().any(char::is_whitespace)
        {
            return Some("rtmp.server_url");
        }
        if self.stream_name.trim().is_empty() {
            return Some("rtmp.stream_name");
        }
        if self.id.as_deref().is_some_and(|id| id.trim().is_empty()) {
            return Some("rtmp.id");
        }
        None
    }
}

fn target() -> impl Strategy<Value = Target> {
    let url = prop_oneof![
        40 => "(rtmp|rtmps|RTMP)://[a-z0-9.]{1,12}(:[0-9]{1,4})?(/[a-z0-9]{0,8}){0,2}",
        1 => Just("http://h/a".to_owned()),
        1 => Just("rtmp://".to_owned()),
        1 => Just("rtmp:///app".to_owned()),
        1 => ".{0,16}",
        1 => " rtmp://h/a",
    ];
    let name = prop_oneof![
        40 => "[a-z0-9-]{1,12}",
        1 => Just(String::new()),
        1 => Just("  ".to_owned()),
        1 => ".{0,8}",
    ];
    let id = proptest::option::of(prop_oneof![20 => "[a-z]{1,6}", 1 => Just(String::new()), 1 => ".{0,4}"]);
    (url, name, id).prop_map(|(server_url, stream_name, id)| Target { server_url, stream_name, id })
}

#[derive(Debug, Clone)]
struct Input {
    hls: Option<HlsMode>,
    rtmp: Vec<Target>,
    layout: Option<Layout>,
    max_duration: Option<Duration>,
    max_bitrate: Option<u32>,
    resolution: Option<Resolution>,
    stream_mode: Option<StreamMode>,
    tag: Option<String>,
    has_audio: Option<bool>,
    has_video: Option<bool>,
}

fn input() -> impl Strategy<Value = Input> {
    let hls = proptest::option::of(prop::sample::select(HlsMode::ALL.to_vec()));
    let layout = proptest::option::of(prop_oneof![
        Just(Layout::BestFit),
        Just(Layout::Pip),
        Just(Layout::BestFitWithScreenshare(ScreenshareLayout::VerticalPresentation)),
        ".{0,12}".prop_map(Layout::Custom),
    ]);
    let duration = proptest::option::of(prop_oneof![
        8 => (60u64..=36_000).prop_map(Duration::from_secs),
        1 => (0u64..40_000).prop_map(Duration::from_secs),
        1 => (55u64..65, 0u32..2).prop_map(|(s, n)| Duration::new(s, n * 500_000_000)),
        1 => (35_995u64..36_005).prop_map(Duration::from_secs),
        1 => any::<u64>().prop_map(Duration::from_secs),
    ]);
    let bitrate = proptest::option::of(prop_oneof![
        1 => any::<u32>(),
        2 => 99_990u32..100_010,
        2 => 5_999_990u32..6_000_010,
        8 => 100_000u32..=6_000_000,
    ]);
    let stream_mode = proptest::option::of(prop_oneof![
        5 => Just(StreamMode::Auto),
        5 => Just(StreamMode::Manual),
        1 => "[a-z]{1,5}".prop_map(StreamMode::Unknown),
    ]);
    // Mostly up to three targets; now and then more than the five allowed.
    let targets = prop_oneof![8 => prop::collection::vec(target(), 0..4), 1 => prop::collection::vec(target(), 4..8)];
    (
        hls,
        targets,
        layout,
        duration,
        bitrate,
        proptest::option::of(prop::sample::select(Resolution::ALL.to_vec())),
        stream_mode,
        proptest::option::of(prop_oneof![10 => "[a-z]{1,6}", 1 => Just(String::new()), 1 => " {1,2}"]),
        proptest::option::of(any::<bool>()),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(
            |(hls, rtmp, layout, max_duration, max_bitrate, resolution, stream_mode, tag, has_audio, has_video)| {
                Input {
                    hls,
                    rtmp,
                    layout,
                    max_duration,
                    max_bitrate,
                    resolution,
                    stream_mode,
                    tag,
                    has_audio,
                    has_video,
                }
            },
        )
}

impl Input {
    /// The fields whose rules this input breaks (each rule written from the platform notes).
    fn broken(&self) -> Vec<&'static str> {
        let mut broken = Vec::new();
        if self.hls.is_none() && self.rtmp.is_empty() {
            broken.push("outputs");
        }
        if self.rtmp.len() > 5 {
            broken.push("rtmp");
        }
        broken.extend(self.rtmp.iter().filter_map(Target::valid));
        if self.max_duration.is_some_and(|d| d.subsec_nanos() != 0 || !(60..=36_000).contains(&d.as_secs())) {
            broken.push("max_duration");
        }
        if self.max_bitrate.is_some_and(|b| !(100_000..=6_000_000).contains(&b)) {
            broken.push("max_bitrate");
        }
        if self.has_audio == Some(false) && self.has_video == Some(false) {
            broken.push("has_video");
        }
        if matches!(&self.layout, Some(Layout::Custom(css)) if css.trim().is_empty()) {
            broken.push("layout");
        }
        if self.tag.as_deref().is_some_and(|t| t.trim().is_empty()) {
            broken.push("multi_broadcast_tag");
        }
        if matches!(self.stream_mode, Some(StreamMode::Unknown(_))) {
            broken.push("stream_mode");
        }
        broken
    }

    /// The request body the platform's field list gives for this input.
    fn expected_body(&self, session_id: &str) -> Value {
        let mut outputs = Map::new();
        match self.hls {
            Some(HlsMode::Plain) => {
                outputs.insert("hls".into(), json!({}));
            }
            Some(HlsMode::Dvr) => {
                outputs.insert("hls".into(), json!({"dvr": true}));
            }
            Some(HlsMode::LowLatency) => {
                outputs.insert("hls".into(), json!({"lowLatency": true}));
            }
            Some(_) | None => {}
        }
        if !self.rtmp.is_empty() {
            let targets = self
                .rtmp
                .iter()
                .map(|t| {
                    let mut o = json!({"serverUrl": t.server_url, "streamName": t.stream_name});
                    if let Some(id) = &t.id {
                        o["id"] = json!(id);
                    }
                    o
                })
                .collect();
            outputs.insert("rtmp".into(), Value::Array(targets));
        }
        let mut body = json!({"sessionId": session_id, "outputs": outputs});
        if let Some(layout) = &self.layout {
            body["layout"] = match layout {
                Layout::Custom(css) => json!({"type": "custom", "stylesheet": css}),
                Layout::BestFitWithScreenshare(s) => json!({"type": "bestFit", "screenshareType": s.as_str()}),
                other => json!({"type": other.to_string()}),
            };
        }
        if let Some(d) = self.max_duration {
            body["maxDuration"] = json!(d.as_secs());
        }
        if let Some(b) = self.max_bitrate {
            body["maxBitrate"] = json!(b);
        }
        if let Some(r) = self.resolution {
            body["resolution"] = json!(r.as_str());
        }
        if let Some(m) = &self.stream_mode {
            body["streamMode"] = json!(m.as_str());
        }
        if let Some(t) = &self.tag {
            body["multiBroadcastTag"] = json!(t);
        }
        if let Some(a) = self.has_audio {
            body["hasAudio"] = json!(a);
        }
        if let Some(v) = self.has_video {
            body["hasVideo"] = json!(v);
        }
        body
    }
}

/// One runtime, test server and client for every case.
fn world() -> &'static (tokio::runtime::Runtime, TestServer, OpenTok) {
    static WORLD: OnceLock<(tokio::runtime::Runtime, TestServer, OpenTok)> = OnceLock::new();
    WORLD.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let server = runtime.block_on(TestServer::start());
        let ot = OpenTok::builder(server.api_key(), server.api_secret()).with_api_url(server.url()).build().unwrap();
        (runtime, server, ot)
    })
}

async fn start(ot: &OpenTok, session_id: &SessionId, input: &Input) -> opentok_sdk::Result<Broadcast> {
    let targets = input.rtmp.iter().map(|t| {
        let target = RtmpTarget::builder().server_url(t.server_url.clone()).stream_name(t.stream_name.as_str());
        match &t.id {
            Some(id) => target.id(id.clone()).build(),
            None => target.build(),
        }
    });
    // `rtmp_targets` (possibly empty) and `maybe_hls_mode` (possibly `None`) open `.send()`; the
    // empty-output rule is then checked at run time.
    let mut builder = ot
        .start_broadcast(session_id)
        .maybe_layout(input.layout.clone())
        .maybe_resolution(input.resolution)
        .rtmp_targets(targets.collect::<Vec<_>>());
    if let Some(d) = input.max_duration {
        builder = builder.max_duration(d);
    }
    if let Some(b) = input.max_bitrate {
        builder = builder.max_bitrate(b);
    }
    if let Some(m) = &input.stream_mode {
        builder = builder.stream_mode(m.clone());
    }
    if let Some(t) = &input.tag {
        builder = builder.multi_broadcast_tag(t.clone());
    }
    if let Some(a) = input.has_audio {
        builder = builder.has_audio(a);
    }
    if let Some(v) = input.has_video {
        builder = builder.has_video(v);
    }
    builder.maybe_hls_mode(input.hls).send().await
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parsing_any_json_never_panics(value in any_json()) {
        let _ = Broadcast::from_json(value.to_string().as_bytes());
    }

    #[test]
    fn parsing_broadcast_shaped_json_never_panics_and_round_trips(value in broadcast_like_json()) {
        from_json_round_trips(&value, Broadcast::from_json, Broadcast::to_json)?;
    }
}

/// Checks one input against the server; returns whether the rules accept it.
fn check_input(input: &Input) -> Result<bool, TestCaseError> {
    let (runtime, server, ot) = world();
    let session_id = SessionId::from("2_MX4xMjM0NTZ-fg");
    server.clear_requests();
    let result = runtime.block_on(start(ot, &session_id, input));
    let broken = input.broken();
    let requests = server.requests();
    if broken.is_empty() {
        prop_assert!(!matches!(result, Err(Error::InvalidArgument { .. })), "{:?}", result);
        prop_assert_eq!(requests.len(), 1);
        prop_assert_eq!(requests[0].body_json().unwrap(), input.expected_body(session_id.as_str()));
        return Ok(true);
    }
    match result {
        Err(Error::InvalidArgument { field, reason }) => {
            prop_assert!(broken.contains(&field), "{} ({}) is not among {:?}", field, reason, broken);
            for t in &input.rtmp {
                if t.stream_name.len() > 5 {
                    prop_assert!(!reason.contains(&t.stream_name), "the stream name leaked: {}", reason);
                }
            }
        }
        other => prop_assert!(false, "{:?} passed the checks: {:?}", broken, other),
    }
    prop_assert!(requests.is_empty(), "a request was sent for bad input");
    Ok(false)
}

/// The builder over any inputs; the run must see plenty of both accepted and refused inputs, or it proves
/// little.
#[test]
fn bad_input_never_reaches_the_network_and_good_input_is_sent_as_the_rules_say() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let (accepted, refused) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(512));
    let outcome = runner.run(&input(), |input| {
        let counter = if check_input(&input)? { &accepted } else { &refused };
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(())
    });
    if let Err(e) = outcome {
        panic!("{e}");
    }
    let (accepted, refused) = (accepted.into_inner(), refused.into_inner());
    assert!(accepted >= 100 && refused >= 100, "accepted {accepted}, refused {refused}");
}
