#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

// Floors, each importing only those below it:
//   verify (JWT, T1 and base64 primitives) → state (one file per area) → routes (one file per
//   area) → control (`/_test`) and inspector (`/_inspector`) → http1 (hyper and the bounds around it) →
//   this file (the public handle).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

mod callback_control;
mod control;
mod deliver;
mod http1;
mod inspector;
mod platform_control;
mod routes;
mod state;
mod verify;

pub use state::audio_connectors::AudioConnectorInfo;
pub use state::callbacks::{CallbackTarget, DeliveredCallback, CALLBACK_KINDS};
pub use state::captions::CaptionsInfo;
pub use state::faults::Fault;
pub use state::request_log::RecordedRequest;
pub use state::sessions::{ClientConnection, ConnectionInfo, Rejection, SessionInfo};
pub use state::signals::RecordedSignal;
pub use state::sip::RecordedDtmf;
pub use state::streams::StreamInfo;
pub use verify::application::{verify_bearer_jwt, verify_rs256_client_token, PublicKey};
pub use verify::client_token::{verify_client_token, ClientTokenInfo, TokenFormat, ROLES};
pub use verify::rest_auth::verify_rest_jwt;

use state::request_log::RequestLog;
use state::{Application, Project, Shared};

/// How the server's application is chosen.
#[derive(Debug, Clone)]
enum ApplicationOption {
    Fresh,
    Given { id: String, public_key_pem: String },
}

/// How long a stopped archive stays `stopped` before it becomes `available` by default.
pub const DEFAULT_ARCHIVE_UPLOAD_DELAY: Duration = Duration::from_secs(1);

/// Default bound on the request log, in requests.
pub const DEFAULT_LOG_ENTRIES: usize = 1000;
/// Default bound on the request log, in bytes (about: headers and bodies counted).
pub const DEFAULT_LOG_BYTES: usize = 16 * 1024 * 1024;

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
    sender: tokio::task::JoinHandle<()>,
    uploads: tokio::task::JoinHandle<()>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
        self.sender.abort();
        self.uploads.abort();
    }
}

/// Sets the callback target of `kind`, or of every kind for `all` (as the binary's `--callback all=URL`).
fn set_callback(shared: &Shared, kind: &str, target: Option<CallbackTarget>) -> Result<(), String> {
    if kind == "all" {
        return CALLBACK_KINDS.iter().try_for_each(|kind| shared.callbacks.set(kind, target.clone()));
    }
    shared.callbacks.set(kind, target)
}

/// Moves each stopped archive on to `available` once `delay` has passed since it stopped, checking a few
/// times per delay (at least every 5 ms, at most every 250 ms).
async fn upload_stopped_archives(shared: Arc<Shared>, delay: Duration) {
    if delay == Duration::MAX {
        return;
    }
    let delay_ms = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX);
    let tick = (delay / 4).clamp(Duration::from_millis(5), Duration::from_millis(250));
    loop {
        tokio::time::sleep(tick).await;
        shared.world().upload_stopped_archives(state::now_ms(), delay_ms);
    }
}

impl std::fmt::Debug for TestServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestServer").field("url", &self.url()).field("api_key", &self.api_key()).finish_non_exhaustive()
    }
}

/// Options for a [`TestServer`]: address, credentials, request log bound, size and time limits.
/// Every option has a default; [`TestServer::start`] uses them all.
#[derive(Debug, Clone)]
#[must_use]
pub struct TestServerBuilder {
    addr: SocketAddr,
    credentials: Option<(String, String)>,
    application: Option<ApplicationOption>,
    log_entries: usize,
    log_bytes: usize,
    limits: http1::Limits,
    faults: Vec<(Fault, usize)>,
    callbacks: Vec<(String, CallbackTarget)>,
    archive_upload_delay: Duration,
}

impl Default for TestServerBuilder {
    fn default() -> Self {
        TestServerBuilder {
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            credentials: None,
            application: None,
            log_entries: DEFAULT_LOG_ENTRIES,
            log_bytes: DEFAULT_LOG_BYTES,
            limits: http1::Limits::default(),
            faults: Vec::new(),
            callbacks: Vec::new(),
            archive_upload_delay: DEFAULT_ARCHIVE_UPLOAD_DELAY,
        }
    }
}

impl TestServerBuilder {
    /// The address to listen on (default `127.0.0.1:0`; port 0 picks a free one).
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Fixed credentials instead of fresh random ones. The key is the project id in every
    /// `/v2/project/{key}` path and the `iss` of every JWT; the secret signs them.
    pub fn credentials(mut self, api_key: impl Into<String>, api_secret: impl Into<String>) -> Self {
        self.credentials = Some((api_key.into(), api_secret.into()));
        self
    }

    /// Application mode with a fresh application: a random id and a new RSA-2048 key pair, whose private
    /// key [`TestServer::private_key_pem`] hands out. Requests must then carry `Authorization: Bearer`
    /// with an RS256 JWT signed by that key, client tokens must be RS256, and objects carry
    /// `applicationId` instead of `projectId`/`partnerId`.
    pub fn new_application(mut self) -> Self {
        self.application = Some(ApplicationOption::Fresh);
        self
    }

    /// Application mode for an application you hold the key of: its id (a UUID) and its RSA public key
    /// (`-----BEGIN PUBLIC KEY-----` PEM). See [`TestServerBuilder::new_application`].
    pub fn application(mut self, application_id: impl Into<String>, public_key_pem: impl Into<String>) -> Self {
        self.application =
            Some(ApplicationOption::Given { id: application_id.into(), public_key_pem: public_key_pem.into() });
        self
    }

    /// Most requests the request log keeps (default [`DEFAULT_LOG_ENTRIES`]); older ones are dropped.
    pub fn request_log_entries(mut self, entries: usize) -> Self {
        self.log_entries = entries;
        self
    }

    /// Most bytes the request log keeps (default [`DEFAULT_LOG_BYTES`]); older requests are dropped.
    pub fn request_log_bytes(mut self, bytes: usize) -> Self {
        self.log_bytes = bytes;
        self
    }

    /// Largest request body accepted (default 1 MiB); a larger one is answered 413.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.limits.max_body_bytes = bytes;
        self
    }

    /// Most connections served at once (default 1024); more are answered 503 and closed.
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.limits.max_connections = connections;
        self
    }

    /// How long a kept-alive connection may wait for its next request (default 60 s).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.limits.idle_timeout = timeout;
        self
    }

    /// How long a request head may take to arrive once begun (default 10 s); then 408 and close.
    pub fn header_timeout(mut self, timeout: Duration) -> Self {
        self.limits.header_timeout = timeout;
        self
    }

    /// How long a request body may take to arrive (default 30 s); then 408 and close. Also bounds
    /// each write of a response to a client that does not read.
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.limits.body_timeout = timeout;
        self.limits.write_timeout = timeout;
        self
    }

    /// Queues `fault` for the first `count` API requests (as [`TestServer::inject_fault`]).
    pub fn fault(mut self, fault: Fault, count: usize) -> Self {
        self.faults.push((fault, count));
        self
    }

    /// How long a stopped archive stays `stopped` before it becomes `available`, as the platform's does
    /// while it uploads the recording (default [`DEFAULT_ARCHIVE_UPLOAD_DELAY`], one second). The
    /// `archive_status` callback reports each step. Reading a stopped archive through the API moves it on
    /// at once, as before; `Duration::MAX` leaves it to that (or to [`TestServer::set_archive_status`]).
    pub fn archive_upload_delay(mut self, delay: Duration) -> Self {
        self.archive_upload_delay = delay;
        self
    }

    /// Sends the callbacks of `kind` (one of [`CALLBACK_KINDS`], such as `connection_created`, or `all`)
    /// to `url` (`http://`), signed with `secret` when one is given. See [`TestServer::set_callback`].
    pub fn callback(mut self, kind: impl Into<String>, url: impl Into<String>, secret: Option<String>) -> Self {
        self.callbacks.push((kind.into(), CallbackTarget { url: url.into(), secret }));
        self
    }

    /// Starts the server in the current tokio runtime.
    ///
    /// # Errors
    /// If the address cannot be bound, or a callback's kind or URL is invalid.
    pub async fn start(self) -> std::io::Result<TestServer> {
        let listener = tokio::net::TcpListener::bind(self.addr).await?;
        let mut addr = listener.local_addr()?;
        if addr.ip().is_unspecified() {
            addr.set_ip(IpAddr::V4(Ipv4Addr::LOCALHOST));
        }
        let invalid = |why: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, why);
        let (api_key, api_secret, application) = match self.application {
            None => {
                let (key, secret) =
                    self.credentials.unwrap_or_else(|| (state::ids::api_key(), state::ids::api_secret()));
                (key, secret, None)
            }
            Some(ApplicationOption::Fresh) => {
                let (private_key_pem, public_key) = verify::application::generate_key_pair().map_err(invalid)?;
                (
                    state::ids::uuid(),
                    String::new(),
                    Some(Application { public_key, private_key_pem: Some(private_key_pem) }),
                )
            }
            Some(ApplicationOption::Given { id, public_key_pem }) => {
                if id.len() != 36 || uuid::Uuid::try_parse(&id).is_err() {
                    return Err(invalid(format!("application id {id:?} is not a UUID")));
                }
                let public_key = verify::application::PublicKey::from_pem(&public_key_pem)
                    .map_err(|why| invalid(format!("public key: {why}")))?;
                (id.to_ascii_lowercase(), String::new(), Some(Application { public_key, private_key_pem: None }))
            }
        };
        let project =
            Project { api_key, api_secret, application, url: format!("http://{addr}"), created_at: state::now_ms() };
        let shared = Arc::new(Shared::new(project, RequestLog::new(self.log_entries, self.log_bytes)));
        for (fault, count) in self.faults {
            shared.faults.push(fault, count);
        }
        for (kind, target) in self.callbacks {
            set_callback(&shared, &kind, Some(target)).map_err(invalid)?;
        }
        let (queue, queued) = tokio::sync::mpsc::unbounded_channel();
        shared.callbacks.set_queue(queue);
        let sender = tokio::spawn(deliver::run(shared.clone(), queued));
        let router = routes::api(shared.clone())
            .merge(control::router())
            .merge(callback_control::router())
            .merge(platform_control::router())
            .merge(inspector::router())
            .fallback(routes::unrouted)
            .with_state(shared.clone());
        let uploads = tokio::spawn(upload_stopped_archives(shared.clone(), self.archive_upload_delay));
        let task = tokio::spawn(http1::run(listener, shared.clone(), router, self.limits));
        Ok(TestServer { inner: Arc::new(Running { shared, addr, task, sender, uploads }) })
    }
}

impl TestServer {
    /// Sends the callbacks of `kind` (one of [`CALLBACK_KINDS`], or `all` for every one) to `target`, or
    /// with `None` stops sending them. Each state change the platform reports (a connection or stream created or
    /// destroyed, the status of an archive, a broadcast, an Experience Composer or a captioning, a SIP
    /// call's life, a session notification) is POSTed as the platform's JSON, with
    /// `Authorization: Bearer <HS256 JWT>` when the target has a secret, retried with back-off until a 2xx
    /// answer (five tries).
    ///
    /// # Errors
    /// An unknown kind, or a URL that is not `http://`.
    pub fn set_callback(&self, kind: &str, target: Option<CallbackTarget>) -> Result<(), String> {
        set_callback(self.shared(), kind, target)
    }

    /// Every callback sent so far (the last 10 000), oldest first, delivered or failed.
    pub fn callbacks(&self) -> Vec<DeliveredCallback> {
        self.shared().callbacks.delivered()
    }

    /// Starts a server on `127.0.0.1` with a random port and the default options, in the current
    /// tokio runtime.
    ///
    /// # Panics
    /// If no loopback port can be bound (use [`TestServer::builder`] to handle that).
    pub async fn start() -> TestServer {
        match TestServer::builder().start().await {
            Ok(server) => server,
            Err(e) => panic!("opentok-test-server: cannot bind 127.0.0.1:0: {e}"),
        }
    }

    /// Starts a server on `addr` (port 0 picks a free one) with the default options.
    ///
    /// # Errors
    /// If the address cannot be bound.
    pub async fn start_on(addr: SocketAddr) -> std::io::Result<TestServer> {
        TestServer::builder().addr(addr).start().await
    }

    /// Options for a server: see [`TestServerBuilder`].
    pub fn builder() -> TestServerBuilder {
        TestServerBuilder::default()
    }

    fn shared(&self) -> &Shared {
        &self.inner.shared
    }

    /// Base URL, e.g. `http://127.0.0.1:40123` (no trailing slash).
    pub fn url(&self) -> String {
        self.shared().project.url.clone()
    }

    /// The inspector page's URL, `{url}/_inspector`: what the server holds and did, live, in a browser.
    pub fn inspector_url(&self) -> String {
        format!("{}/_inspector", self.url())
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.inner.addr
    }

    /// The project's API key: eight digits (unless set with [`TestServerBuilder::credentials`]). In
    /// application mode, the application id (the id in every `/v2/project/{id}` path).
    pub fn api_key(&self) -> &str {
        &self.shared().project.api_key
    }

    /// The application id, in application mode.
    pub fn application_id(&self) -> Option<&str> {
        let project = &self.shared().project;
        project.application.as_ref().map(|_| project.api_key.as_str())
    }

    /// The application's private key (PKCS#8 PEM), when the server issued a fresh application
    /// ([`TestServerBuilder::new_application`]).
    pub fn private_key_pem(&self) -> Option<&str> {
        self.shared().project.application.as_ref()?.private_key_pem.as_deref()
    }

    /// The application id and its private key (PKCS#8 PEM), for an SDK client, when the server issued a
    /// fresh application ([`TestServer::start_application`], [`TestServerBuilder::new_application`]).
    ///
    /// ```no_run
    /// # async fn f() {
    /// let server = opentok_test_server::TestServer::start_application().await;
    /// let (application_id, private_key) = server.application_credentials().expect("a fresh application");
    /// # let _ = (application_id, private_key); }
    /// ```
    pub fn application_credentials(&self) -> Option<(&str, &str)> {
        Some((self.application_id()?, self.private_key_pem()?))
    }

    /// The application's public key as PEM, in application mode.
    pub fn public_key_pem(&self) -> Option<String> {
        self.shared().project.application.as_ref().map(|app| verify::application::public_key_pem(&app.public_key))
    }

    /// Starts a server in application mode with a fresh application (see
    /// [`TestServerBuilder::new_application`]).
    ///
    /// # Panics
    /// If no loopback port can be bound or no key pair made (use [`TestServer::builder`] to handle that).
    pub async fn start_application() -> TestServer {
        match TestServer::builder().new_application().start().await {
            Ok(server) => server,
            Err(e) => panic!("opentok-test-server: cannot start in application mode: {e}"),
        }
    }

    /// The project's API secret: 40 lowercase hex characters (unless set with
    /// [`TestServerBuilder::credentials`]). Empty in application mode.
    pub fn api_secret(&self) -> &str {
        &self.shared().project.api_secret
    }

    /// The API requests in the request log, oldest first (control calls under `/_test` excluded;
    /// requests answered by an injected fault included). The log is bounded: see
    /// [`TestServerBuilder::request_log_entries`] and [`TestServer::requests_dropped`].
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared().requests.all()
    }

    /// How many requests the bounded request log has dropped (oldest first) so far.
    pub fn requests_dropped(&self) -> u64 {
        self.shared().requests.dropped()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.shared().requests.clear();
    }

    /// Applies `fault` to the next `count` API requests (after any faults already queued). At most
    /// 10 000 faults wait at once; more are ignored.
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
    /// Ids and tokens are taken as anything that reads as text: the SDK's `&SessionId` and `&Token` as they
    /// are (`server.connect_client(&session.id, &token)`), or `&str`; so are the ids of every method here.
    ///
    /// # Errors
    /// 404 for an unknown session, 403 for a refused token.
    pub fn connect_client(
        &self,
        session_id: &(impl AsRef<str> + ?Sized),
        token: &(impl AsRef<str> + ?Sized),
    ) -> Result<ClientConnection, Rejection> {
        self.shared().connect_client(session_id.as_ref(), token.as_ref())
    }

    /// Disconnects a client (or SIP leg) as if it left; its stream goes too. `false` if unknown.
    pub fn disconnect_client(
        &self,
        session_id: &(impl AsRef<str> + ?Sized),
        connection_id: &(impl AsRef<str> + ?Sized),
    ) -> bool {
        self.shared().world().remove_connection(session_id.as_ref(), connection_id.as_ref())
    }

    /// Signals sent through the API, oldest first (the last 10 000).
    pub fn signals(&self) -> Vec<RecordedSignal> {
        self.shared().world().signals.iter().cloned().collect()
    }

    /// DTMF digits played through the API, oldest first (the last 10 000).
    pub fn dtmf(&self) -> Vec<RecordedDtmf> {
        self.shared().world().dtmf.iter().cloned().collect()
    }

    /// A session's options and members.
    pub fn session(&self, session_id: &(impl AsRef<str> + ?Sized)) -> Option<SessionInfo> {
        self.shared().world().sessions.get(session_id.as_ref()).map(|s| s.info())
    }

    /// A published stream.
    pub fn stream(
        &self,
        session_id: &(impl AsRef<str> + ?Sized),
        stream_id: &(impl AsRef<str> + ?Sized),
    ) -> Option<StreamInfo> {
        let world = self.shared().world();
        world.sessions.get(session_id.as_ref())?.stream(stream_id.as_ref()).map(|s| s.info())
    }

    /// An archive as the API shows it, without moving a stopped archive on to `available`.
    pub fn archive_json(&self, archive_id: &(impl AsRef<str> + ?Sized)) -> Option<Value> {
        self.shared().archive_json(archive_id.as_ref())
    }

    /// Ids of the project's archives (deleted ones excluded), oldest first.
    pub fn archive_ids(&self) -> Vec<String> {
        self.shared().world().archives.iter().map(|a| a.id.clone()).collect()
    }

    /// Forces an archive's status (`paused`, `failed`, `expired`, `available`, ...). `false` if unknown.
    pub fn set_archive_status(&self, archive_id: &(impl AsRef<str> + ?Sized), status: &str) -> bool {
        self.shared().set_archive_status(archive_id.as_ref(), status)
    }

    /// A broadcast as the API shows it, its timers applied (without moving its outputs on to `live`).
    pub fn broadcast_json(&self, broadcast_id: &(impl AsRef<str> + ?Sized)) -> Option<Value> {
        self.shared().broadcast_json(broadcast_id.as_ref())
    }

    /// Ids of the project's broadcasts, running or stopped, oldest first.
    pub fn broadcast_ids(&self) -> Vec<String> {
        self.shared().world().broadcasts.items.iter().map(|b| b.id.clone()).collect()
    }

    /// Moves the clock that broadcast timers read forward by `by`: a broadcast stops once its
    /// `maxDuration` has passed on it, and 60 s after its session has no client left (counted from the
    /// first request that finds the session empty). Applied at the next request that reads broadcasts.
    pub fn advance_broadcast_clock(&self, by: Duration) {
        self.shared().advance_broadcast_clock(i64::try_from(by.as_millis()).unwrap_or(i64::MAX));
    }

    /// Sends a `sessionNotification` for a session with `reason` (the platform's is `serverRotation`,
    /// 4 h and 1 h before it moves the session to another server), to the `session_notification`
    /// callback URL.
    ///
    /// # Errors
    /// 404 for an unknown session, 409 for a session without a connected client.
    pub fn notify_session(&self, session_id: &(impl AsRef<str> + ?Sized), reason: &str) -> Result<(), Rejection> {
        self.shared().world().notify_session(session_id.as_ref(), reason)
    }

    /// Fails a running broadcast with `reason` (the platform's is `forceDisconnected`), as a media
    /// failure does; a `broadcast_status` callback reports it. `false` if unknown or not running.
    pub fn fail_broadcast(&self, broadcast_id: &(impl AsRef<str> + ?Sized), reason: &str) -> bool {
        self.shared().fail_broadcast(broadcast_id.as_ref(), reason)
    }

    /// Fails an Experience Composer that is starting or started with `reason`; its connection leaves the
    /// session and a `render_status` callback reports it. `false` if unknown or ended.
    pub fn fail_render(&self, render_id: &(impl AsRef<str> + ?Sized), reason: &str) -> bool {
        self.shared().world().fail_render(render_id.as_ref(), reason)
    }

    /// Fails a running captioning with `reason`, as an engine failure does; a `captions_status` callback
    /// reports it. `false` if unknown or ended.
    pub fn fail_captions(&self, captions_id: &(impl AsRef<str> + ?Sized), reason: &str) -> bool {
        self.shared().world().end_captions(captions_id.as_ref(), "failed", reason)
    }

    /// Ids of the project's Experience Composers, oldest first.
    pub fn render_ids(&self) -> Vec<String> {
        self.shared().world().renders.iter().map(|r| r.id.clone()).collect()
    }

    /// Marks an archive `expired`. `false` if unknown.
    pub fn expire_archive(&self, archive_id: &(impl AsRef<str> + ?Sized)) -> bool {
        self.set_archive_status(archive_id.as_ref(), "expired")
    }

    /// Moves the server's clock forward by `by`, for the time limits it applies: an Experience
    /// Composer's or a captioning's `maxDuration`, and the session-migration windows. The wall clock
    /// still runs; tokens and auth JWTs are checked against the wall clock alone.
    pub fn advance_clock(&self, by: std::time::Duration) {
        let mut world = self.shared().world();
        let millis = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        world.clock_offset_ms = world.clock_offset_ms.saturating_add(millis);
    }

    /// Sets the session-migration windows: a migration stays in progress for `in_progress` (another
    /// call then answers 409 with code 15214), and a session can be migrated again only `cooldown`
    /// after that, or `cooldown` after its creation (409 with code 15215). Both are zero by default.
    pub fn set_migration_windows(&self, in_progress: std::time::Duration, cooldown: std::time::Duration) {
        let mut world = self.shared().world();
        world.migrations.in_progress = in_progress;
        world.migrations.cooldown = cooldown;
    }

    /// At most `quota` Experience Composers running at once: a start beyond it answers 429 with code
    /// 50004, as the platform does when the account's quota is used up. `None` (the default): no limit.
    pub fn set_render_quota(&self, quota: Option<usize>) {
        self.shared().world().render_quota = quota;
    }

    /// The project's Live Captions, oldest first (a captioning past its `maxDuration` shows as stopped).
    pub fn captions(&self) -> Vec<CaptionsInfo> {
        let mut world = self.shared().world();
        world.expire_captions();
        world.captions.iter().map(state::captions::Captioning::info).collect()
    }

    /// The project's Audio Connectors, oldest first, each with whether its connection is still in the
    /// session.
    pub fn audio_connectors(&self) -> Vec<AudioConnectorInfo> {
        let world = self.shared().world();
        world.audio_connectors.iter().map(|c| world.audio_connector_info(c)).collect()
    }
}
