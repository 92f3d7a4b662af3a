//! What one API request costs the test server when it holds little and when it holds much: each route
//! family of the soak's growth loop (create a session, connect a client, start an archive, get it, list
//! the session's archives) plus a page of 50 of all archives, the inspector's snapshot and a broadcast
//! read (with one running broadcast a session: every broadcast request applies the broadcast timers), against a
//! server holding 100 sessions with one client and one archive each, and against one holding 20 000;
//! and the same client's `GET` to a trivial hyper server (one fixed answer) for scale. Goal (issue #19):
//! the cost of every route does not grow with the state, and stays within 5x of the trivial server's.
//!
//! Client, server and runtime share one thread (a current-thread tokio runtime, the server started with
//! the public [`TestServer`] on loopback), so a request's count is the whole of it: the client's share
//! (reqwest, a fresh `X-OPENTOK-AUTH` JWT) is the same in every case, the trivial one included.
//!
//! * Time: `cargo bench -p opentok-test-server --bench routes` (about a minute; criterion medians of the
//!   thread's CPU time on Linux, so time spent waiting for a core on a busy machine is not counted; wall
//!   clock with `ROUTES_WALL=1`).
//! * Instructions, deterministic on a busy machine: `ROUTES_COUNT=<case>:<n>` fills that case's server
//!   and runs the case `n` times without criterion, for `valgrind --tool=cachegrind --cache-sim=no`
//!   (count) or `--tool=callgrind` (profile); two counts' difference divided by the difference in `n` is
//!   one request (the test server's README, "Performance", has the loop).
//! * Every case in one process: `ROUTES_PROFILE=<n>` runs each case (in [`CASES`]' order) `n` times
//!   between calls of `begin_case` and `end_case`, for
//!   `valgrind --tool=callgrind --zero-before='*begin_case*' --dump-after='*end_case*'`: one profile per
//!   case, each only that case's calls (the state's filling is not counted).
//!
//! The cases that add to the state (`connect` leaves again, in process; `start_archive` and
//! `create_session` do not) run last, so that the reads see the state as filled. Under criterion,
//! `start_archive/100` leaves each of the 100 sessions with hundreds of recording archives (a start
//! checks the session's running archives for their tags), so its time there is the bench's own doing.

use std::cell::{Cell, OnceCell};
use std::hint::black_box;
use std::time::Duration;

use opentok_test_server::TestServer;
use reqwest::Method;
use serde_json::{json, Value};
use tokio::runtime::Runtime;

#[path = "../../benches/support/harness.rs"]
mod harness;
#[path = "support/jwt.rs"]
mod jwt;

/// The two states: sessions held, each with one client and one archive recording.
const SIZES: [usize; 2] = [100, 20_000];

/// Every case, in the order criterion runs them: `<route>/<sessions held>`.
const CASES: [&str; 19] = [
    "trivial_hyper",
    "get_archive/100",
    "get_archive/20000",
    "list_session_archives/100",
    "list_session_archives/20000",
    "list_archives_page/100",
    "list_archives_page/20000",
    "get_session_streams/100",
    "get_session_streams/20000",
    "inspector_state/100",
    "inspector_state/20000",
    "get_broadcast/100",
    "get_broadcast/20000",
    "connect/100",
    "connect/20000",
    "start_archive/100",
    "start_archive/20000",
    "create_session/100",
    "create_session/20000",
];

/// A filled test server.
struct Held {
    server: TestServer,
    sessions: Vec<String>,
    tokens: Vec<String>,
    archives: Vec<String>,
    /// One running broadcast a session, started by the first `get_broadcast` case of this size.
    broadcasts: OnceCell<Vec<String>>,
}

struct Fixture {
    runtime: Runtime,
    http: reqwest::Client,
    trivial: OnceCell<String>,
    held: [OnceCell<Held>; 2],
    /// Which session (or archive) the next call of a case uses: they take turns.
    turn: Cell<usize>,
}

impl Fixture {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let http = reqwest::Client::builder().build().expect("client");
        Fixture {
            runtime,
            http,
            trivial: OnceCell::new(),
            held: [OnceCell::new(), OnceCell::new()],
            turn: Cell::new(0),
        }
    }

    /// Sends one request and reads its answer; panics unless the status is `expected`.
    fn call(&self, method: Method, url: &str, body: Option<Value>, auth: Option<&TestServer>, expected: u16) -> Value {
        self.runtime.block_on(async {
            let mut request = self.http.request(method, url).header("Accept", "application/json");
            if let Some(server) = auth {
                request = request.header("X-OPENTOK-AUTH", jwt::rest_auth(server.api_key(), server.api_secret()));
            }
            if let Some(body) = body {
                request = request.json(&body);
            }
            let response = request.send().await.expect("the server answers");
            let status = response.status().as_u16();
            let bytes = response.bytes().await.expect("a body");
            assert_eq!(status, expected, "{url}: {}", String::from_utf8_lossy(&bytes));
            serde_json::from_slice(&bytes).unwrap_or(Value::Null)
        })
    }

    fn create_session(&self, server: &TestServer) -> String {
        let answer = self.runtime.block_on(async {
            let response = self
                .http
                .post(format!("{}/session/create", server.url()))
                .header("X-OPENTOK-AUTH", jwt::rest_auth(server.api_key(), server.api_secret()))
                .header("Accept", "application/json")
                .form(&[("p2p.preference", "disabled")])
                .send()
                .await
                .expect("the server answers");
            response.json::<Value>().await.expect("JSON")
        });
        answer[0]["session_id"].as_str().expect("a session id").to_string()
    }

    fn start_archive(&self, server: &TestServer, session_id: &str, tag: Option<String>) -> String {
        let url = format!("{}/v2/project/{}/archive", server.url(), server.api_key());
        let body = json!({"sessionId": session_id, "multiArchiveTag": tag});
        self.call(Method::POST, &url, Some(body), Some(server), 200)["id"].as_str().expect("an archive id").to_string()
    }

    /// A server holding `size` sessions, each with a client and an archive recording.
    fn held(&self, size: usize) -> &Held {
        let slot = SIZES.iter().position(|s| *s == size).unwrap_or_else(|| panic!("no state of {size} sessions"));
        self.held[slot].get_or_init(|| {
            let server = self.runtime.block_on(TestServer::start());
            let (mut sessions, mut tokens, mut archives) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..size {
                let sid = self.create_session(&server);
                let token = jwt::client_token(server.api_key(), server.api_secret(), &sid);
                server.connect_client(&sid, &token).expect("the client joins");
                archives.push(self.start_archive(&server, &sid, None));
                sessions.push(sid);
                tokens.push(token);
            }
            Held { server, sessions, tokens, archives, broadcasts: OnceCell::new() }
        })
    }

    /// A hyper server answering `{}` to everything, on this runtime.
    fn trivial(&self) -> &str {
        self.trivial.get_or_init(|| {
            self.runtime.block_on(async {
                use hyper_util::rt::TokioIo;
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
                let url = format!("http://{}/", listener.local_addr().expect("address"));
                tokio::spawn(async move {
                    while let Ok((stream, _)) = listener.accept().await {
                        tokio::spawn(async move {
                            let service = hyper::service::service_fn(|_request| async {
                                Ok::<_, std::convert::Infallible>(hyper::Response::new(String::from("{}")))
                            });
                            let connection = hyper::server::conn::http1::Builder::new();
                            let _ = connection.serve_connection(TokioIo::new(stream), service).await;
                        });
                    }
                });
                url
            })
        })
    }

    /// The next turn's index below `n`.
    fn next(&self, n: usize) -> usize {
        let turn = self.turn.get();
        self.turn.set(turn.wrapping_add(1));
        turn % n
    }

    /// One call of the case `name`.
    fn case(&self, name: &str) -> Box<dyn FnMut() + '_> {
        if name == "trivial_hyper" {
            let url = self.trivial();
            let held = self.held(SIZES[0]);
            return Box::new(move || {
                black_box(self.call(Method::GET, url, None, Some(&held.server), 200));
            });
        }
        let (route, size) = name.split_once('/').unwrap_or_else(|| panic!("no case {name:?}: one of {CASES:?}"));
        let h = self.held(size.parse().unwrap_or_else(|_| panic!("no case {name:?}: one of {CASES:?}")));
        let (server, n) = (&h.server, h.sessions.len());
        let project = format!("{}/v2/project/{}", server.url(), server.api_key());
        match route {
            "get_archive" => Box::new(move || {
                let url = format!("{project}/archive/{}", h.archives[self.next(n)]);
                black_box(self.call(Method::GET, &url, None, Some(server), 200));
            }),
            "list_session_archives" => Box::new(move || {
                let url = format!("{project}/archive?sessionId={}", h.sessions[self.next(n)]);
                black_box(self.call(Method::GET, &url, None, Some(server), 200));
            }),
            "list_archives_page" => Box::new(move || {
                black_box(self.call(Method::GET, &format!("{project}/archive?count=50"), None, Some(server), 200));
            }),
            "get_session_streams" => Box::new(move || {
                let url = format!("{project}/session/{}/stream", h.sessions[self.next(n)]);
                black_box(self.call(Method::GET, &url, None, Some(server), 200));
            }),
            // Every broadcast request applies the broadcast timers first: it must not look at every
            // running broadcast.
            "get_broadcast" => {
                let broadcasts = h.broadcasts.get_or_init(|| {
                    let url = format!("{project}/broadcast");
                    let start = |sid: &String| json!({"sessionId": sid, "outputs": {"hls": {}}});
                    let started =
                        h.sessions.iter().map(|sid| self.call(Method::POST, &url, Some(start(sid)), Some(server), 200));
                    started.map(|b| b["id"].as_str().expect("a broadcast id").to_string()).collect()
                });
                Box::new(move || {
                    let url = format!("{project}/broadcast/{}", broadcasts[self.next(n)]);
                    black_box(self.call(Method::GET, &url, None, Some(server), 200));
                })
            }
            "inspector_state" => Box::new(move || {
                black_box(self.call(Method::GET, &format!("{}/_inspector/state", server.url()), None, None, 200));
            }),
            // Joins through the control API, as the soak does; leaves in process, so the state stays as filled.
            "connect" => Box::new(move || {
                let i = self.next(n);
                let url = format!("{}/_test/session/{}/connection", server.url(), h.sessions[i]);
                let joined = self.call(Method::POST, &url, Some(json!({"token": h.tokens[i]})), None, 200);
                let connection = joined["connectionId"].as_str().expect("a connection id");
                assert!(server.disconnect_client(&h.sessions[i], connection));
            }),
            // Beside the session's recording archive: each with its own tag.
            "start_archive" => Box::new(move || {
                let i = self.next(n);
                black_box(self.start_archive(server, &h.sessions[i], Some(format!("b{}", self.turn.get()))));
            }),
            "create_session" => Box::new(move || {
                black_box(self.create_session(server));
            }),
            _ => panic!("no case {name:?}: one of {CASES:?}"),
        }
    }
}

impl harness::Cases for Fixture {
    const GROUP: &'static str = "routes";
    const CASES: &'static [&'static str] = &CASES;

    fn case(&self, name: &str) -> Box<dyn FnMut() + '_> {
        Fixture::case(self, name)
    }
}

fn main() {
    let fixture = Fixture::new();
    if let Ok(n) = std::env::var("ROUTES_PROFILE") {
        let n: u64 = n.parse().expect("ROUTES_PROFILE=<iterations>");
        for name in CASES {
            let mut call = fixture.case(name);
            call();
            begin_case(name);
            for _ in 0..n {
                call();
            }
            end_case(name, n);
        }
        return;
    }
    harness::run(&fixture, "ROUTES", Duration::from_secs(3));
}

/// Marks where a case's `n` calls begin (`ROUTES_PROFILE`; for callgrind's `--zero-before`).
#[inline(never)]
fn begin_case(name: &str) {
    black_box(name);
}

/// Marks where a case's `n` calls end (`ROUTES_PROFILE`; for callgrind's `--dump-after`). Not the same
/// code as [`begin_case`], or the two would be merged into one function.
#[inline(never)]
fn end_case(name: &str, n: u64) {
    black_box((name, n));
}
