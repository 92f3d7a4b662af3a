//! One REST call through the SDK against the same call made with raw reqwest, in one run, on a loopback
//! server in the same process. Goal (issue #24): `sdk_get_archive` at most 1.10x `raw_reqwest_baseline` in
//! instructions per call, with the default features and no tracing subscriber.
//!
//! Both send the same signed `GET /v2/project/{apiKey}/archive/{archiveId}` (a fresh HS256
//! `X-OPENTOK-AUTH` JWT, `Accept`, `User-Agent`, a 20-second timeout, one keep-alive connection) to an axum
//! server that answers with the archive of `tests/fixtures/archive_rest_available.json`, read the body and
//! parse it into a typed archive: the baseline into a `serde` struct of the archive's fields, the SDK into
//! its `Archive`. Client, server and the runtime share one thread (a current-thread tokio runtime), so the
//! thread's CPU time and the process's instruction count are the whole of a call, the server's share
//! included (the same in both cases).
//!
//! * Time: `cargo bench --bench rest` (about 15 seconds; criterion medians of the thread's CPU time on
//!   Linux, wall clock with `REST_WALL=1`).
//! * Instructions, deterministic on a busy machine: `REST_COUNT=<raw_reqwest_baseline|sdk_get_archive>:<n>`
//!   runs one case `n` times without criterion, for `valgrind --tool=cachegrind --cache-sim=no` (count) or
//!   `--tool=callgrind` (profile); two counts' difference divided by the difference in `n` is one call (the
//!   README's "Speed" section has the loop).

use std::{
    hint::black_box,
    net::SocketAddr,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use axum::{routing::get, Router};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use hmac::{Hmac, KeyInit, Mac};
use opentok_sdk::{ArchiveId, OpenTok, DEFAULT_TIMEOUT};
use sha2::Sha256;
use tokio::runtime::Runtime;

#[path = "support/harness.rs"]
mod harness;

const KEY: &str = "46000000";
const SECRET: &str = "a3f1c2e4b5d6a7f8091a2b3c4d5e6f7081920a1b";
const ARCHIVE_ID: &str = "b40ef09b-3811-4726-b508-e41a0f96c68f";
const BODY: &str = include_str!("../tests/fixtures/archive_rest_available.json");

/// Every case, in the order criterion runs them.
const CASES: [&str; 2] = ["raw_reqwest_baseline", "sdk_get_archive"];

/// The archive as a hand-written client would read it: its fields, typed.
#[allow(dead_code)] // read by `Debug` through `black_box` only
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct BaselineArchive {
    id: String,
    status: String,
    name: Option<String>,
    session_id: String,
    project_id: Option<serde_json::Value>,
    created_at: Option<i64>,
    duration: Option<u64>,
    size: Option<u64>,
    url: Option<String>,
    output_mode: Option<String>,
    stream_mode: Option<String>,
    resolution: Option<String>,
    has_audio: Option<bool>,
    has_video: Option<bool>,
    reason: Option<String>,
    #[serde(default)]
    streams: Vec<serde_json::Value>,
}

/// The same `X-OPENTOK-AUTH` JWT the SDK sends, signed by hand.
fn baseline_jwt(key: &Hmac<Sha256>, jti: u64) -> String {
    let iat = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let claims = format!(r#"{{"iss":"{KEY}","ist":"project","iat":{iat},"exp":{},"jti":"{jti:016x}"}}"#, iat + 300);
    let signed =
        format!("{}.{}", URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#), URL_SAFE_NO_PAD.encode(claims));
    let mut mac = key.clone();
    mac.update(signed.as_bytes());
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}

/// The runtime with the server on it, and both clients.
struct Fixture {
    runtime: Runtime,
    url: String,
    raw: reqwest::Client,
    key: Hmac<Sha256>,
    sdk: OpenTok,
    archive_id: ArchiveId,
}

impl Fixture {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let address: SocketAddr = runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let address = listener.local_addr().unwrap();
            let app = Router::new().route(
                "/v2/project/{key}/archive/{id}",
                get(|| async { ([(http::header::CONTENT_TYPE, "application/json")], BODY) }),
            );
            tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
            address
        });
        let url = format!("http://{address}");
        let raw = reqwest::Client::builder()
            .connect_timeout(DEFAULT_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let sdk = OpenTok::builder(KEY, SECRET).with_api_url(&url).build().unwrap();
        let key = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
        Self { runtime, url, raw, key, sdk, archive_id: ArchiveId::from(ARCHIVE_ID) }
    }

    /// One call of the case `name`.
    fn case(&self, name: &str) -> Box<dyn FnMut() + '_> {
        let path = format!("{}/v2/project/{KEY}/archive/{ARCHIVE_ID}", self.url);
        let user_agent = format!("OpenTok-Rust-SDK/{}", env!("CARGO_PKG_VERSION"));
        match name {
            "raw_reqwest_baseline" => Box::new(move || {
                let archive = self.runtime.block_on(async {
                    let response = self
                        .raw
                        .get(&path)
                        .header("X-OPENTOK-AUTH", baseline_jwt(&self.key, fastrand::u64(..)))
                        .header(http::header::ACCEPT, "application/json")
                        .header(http::header::USER_AGENT, &user_agent)
                        .timeout(DEFAULT_TIMEOUT)
                        .send()
                        .await
                        .unwrap()
                        .error_for_status()
                        .unwrap();
                    serde_json::from_slice::<BaselineArchive>(&response.bytes().await.unwrap()).unwrap()
                });
                black_box(archive);
            }),
            "sdk_get_archive" => Box::new(move || {
                let archive = self.runtime.block_on(self.sdk.get_archive(black_box(&self.archive_id))).unwrap();
                black_box(archive);
            }),
            other => panic!("no case {other:?}: one of {CASES:?}"),
        }
    }
}

impl harness::Cases for Fixture {
    const GROUP: &'static str = "rest";
    const CASES: &'static [&'static str] = &CASES;

    fn case(&self, name: &str) -> Box<dyn FnMut() + '_> {
        Fixture::case(self, name)
    }
}

fn main() {
    let fx = Fixture::new();
    // Both answer, and alike: the baseline's archive is the SDK's.
    fx.case("raw_reqwest_baseline")();
    let archive = fx.runtime.block_on(fx.sdk.get_archive(&fx.archive_id)).expect("the bench's server answers");
    assert_eq!(archive.id.as_str(), ARCHIVE_ID);
    harness::run(&fx, "REST", Duration::from_secs(5));
}
