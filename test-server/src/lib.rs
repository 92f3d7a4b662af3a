#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use serde_json::Value;

mod auth;
mod error;
mod faults;
mod ids;
mod jwt;
mod recorder;
mod routes;
mod serve;
mod state;
mod token;

pub use auth::verify_rest_jwt;
pub use faults::Fault;
pub use recorder::RecordedRequest;
pub use state::{ClientConnection, ConnectionInfo, RecordedDtmf, RecordedSignal, Rejection, SessionInfo, StreamInfo};
pub use token::{verify_client_token, ClientTokenInfo, TokenFormat, ROLES};

use state::{Project, Shared};

/// A running test server with a fresh project. Cheap to clone; the server stops when the last
/// clone is dropped.
#[derive(Clone)]
pub struct TestServer {
    inner: Arc<Running>,
}

struct Running {
    shared: Arc<Shared>,
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl std::fmt::Debug for TestServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestServer").field("url", &self.url()).field("api_key", &self.api_key()).finish_non_exhaustive()
    }
}

impl TestServer {
    /// Starts a server on `127.0.0.1` with a random port, in the current tokio runtime.
    ///
    /// # Panics
    /// If no loopback port can be bound (use [`TestServer::start_on`] to handle that).
    pub async fn start() -> TestServer {
        let addr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0);
        match TestServer::start_on(addr).await {
            Ok(server) => server,
            Err(e) => panic!("opentok-test-server: cannot bind 127.0.0.1:0: {e}"),
        }
    }

    /// Starts a server on `addr` (port 0 picks a free one), in the current tokio runtime.
    ///
    /// # Errors
    /// If the address cannot be bound.
    pub async fn start_on(addr: SocketAddr) -> std::io::Result<TestServer> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let mut addr = listener.local_addr()?;
        if addr.ip().is_unspecified() {
            addr.set_ip(IpAddr::V4(Ipv4Addr::LOCALHOST));
        }
        let project = Project {
            api_key: ids::api_key(),
            api_secret: ids::api_secret(),
            url: format!("http://{addr}"),
            created_at: state::now_ms(),
        };
        let shared = Arc::new(Shared::new(project));
        let router = routes::router(shared.clone());
        let task = tokio::spawn(serve::run(listener, shared.clone(), router));
        Ok(TestServer { inner: Arc::new(Running { shared, addr, task }) })
    }

    fn shared(&self) -> &Shared {
        &self.inner.shared
    }

    /// Base URL, e.g. `http://127.0.0.1:40123` (no trailing slash).
    pub fn url(&self) -> String {
        self.shared().project.url.clone()
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.inner.addr
    }

    /// The project's API key: eight digits.
    pub fn api_key(&self) -> &str {
        &self.shared().project.api_key
    }

    /// The project's API secret: 40 lowercase hex characters.
    pub fn api_secret(&self) -> &str {
        &self.shared().project.api_secret
    }

    /// Every API request received so far, oldest first (control calls under `/_test` excluded;
    /// requests answered by an injected fault included).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared().recorder.all()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.shared().recorder.clear();
    }

    /// Applies `fault` to the next `count` API requests (after any faults already queued).
    pub fn inject_fault(&self, fault: Fault, count: usize) {
        self.shared().faults.push(fault, count);
    }

    /// Drops every queued fault.
    pub fn clear_faults(&self) {
        self.shared().faults.clear();
    }

    /// Connects a simulated client to `session_id` with a client token, checked as the platform
    /// checks it (format, signature, API key, session, expiry, role). Publisher, publisher-only and
    /// moderator clients publish a camera stream; subscribers publish nothing (`stream_id` is
    /// empty). The first client of an `always` session starts its automatic archive.
    ///
    /// # Errors
    /// 404 for an unknown session, 403 for a refused token.
    pub fn connect_client(&self, session_id: &str, token: &str) -> Result<ClientConnection, Rejection> {
        self.shared().connect_client(session_id, token)
    }

    /// Disconnects a client (or SIP leg) as if it left; its stream goes too. `false` if unknown.
    pub fn disconnect_client(&self, session_id: &str, connection_id: &str) -> bool {
        self.shared().world().remove_connection(session_id, connection_id)
    }

    /// Signals sent through the API, oldest first.
    pub fn signals(&self) -> Vec<RecordedSignal> {
        self.shared().world().signals.clone()
    }

    /// DTMF digits played through the API, oldest first.
    pub fn dtmf(&self) -> Vec<RecordedDtmf> {
        self.shared().world().dtmf.clone()
    }

    /// A session's options and members.
    pub fn session(&self, session_id: &str) -> Option<SessionInfo> {
        self.shared().world().sessions.get(session_id).map(|s| s.info())
    }

    /// A published stream.
    pub fn stream(&self, session_id: &str, stream_id: &str) -> Option<StreamInfo> {
        let world = self.shared().world();
        world.sessions.get(session_id)?.stream(stream_id).map(|s| s.info())
    }

    /// An archive as the API shows it, without moving a stopped archive on to `available`.
    pub fn archive_json(&self, archive_id: &str) -> Option<Value> {
        self.shared().archive_json(archive_id)
    }

    /// Ids of the project's archives (deleted ones excluded), oldest first.
    pub fn archive_ids(&self) -> Vec<String> {
        self.shared().world().archives.iter().map(|a| a.id.clone()).collect()
    }

    /// Forces an archive's status (`paused`, `failed`, `expired`, `available`, ...). `false` if unknown.
    pub fn set_archive_status(&self, archive_id: &str, status: &str) -> bool {
        self.shared().set_archive_status(archive_id, status)
    }

    /// Marks an archive `expired`. `false` if unknown.
    pub fn expire_archive(&self, archive_id: &str) -> bool {
        self.set_archive_status(archive_id, "expired")
    }
}
