//! Soak run (a script, not a test): many concurrent clients drive a release build of the standalone
//! server for a while; reports requests served, errors, the server's peak resident memory, and the
//! server's CPU time per request.
//!
//! ```sh
//! cargo build --release -p opentok-test-server
//! cargo run --release -p opentok-test-server --example soak -- [--clients 200] [--secs 60] [--binary PATH]
//! cargo run --release -p opentok-test-server --example soak -- --scenario growth --clients 64 --secs 20
//! cargo run --release -p opentok-test-server --example soak -- --inspectors 4   # with 4 inspector pages open
//! ```
//!
//! Rates (requests a second) depend on what else the machine runs; the server's CPU time per request
//! (`utime + stime` of the server process, from `/proc/<pid>/stat`, divided by the requests served in
//! the same interval) much less so: time the server spends waiting for a core is not counted. The
//! deterministic figures (instructions per request of each route, at 100 and 20 000 sessions) are
//! `benches/routes.rs`'; the README's "Performance" section quotes both.
//!
//! `--inspectors N` also polls the inspector's snapshot (`GET /_inspector/state`) from N tasks every 500 ms,
//! as N open inspector pages do, to compare the server's CPU per API request with and without them. At
//! the end of every run, with the API idle, 200 snapshots are taken one after another: the server's CPU
//! time for one, and its size.
//!
//! `--scenario growth` measures whether throughput holds as the state grows: each client loops over
//! create session → connect a client → start archive → get archive → list the session's archives (so
//! every loop adds a session and an archive); each second's requests, server CPU per request and
//! sessions held are printed. First, the same clients drive a trivial hyper server (one fixed answer;
//! this program started again with `--serve-trivial`, so that its CPU time is its own) for 5 seconds.
//! The summary gives seconds 1, 2, 4 and 20, the 20th against the 2nd (in rate, and in the rate its
//! CPU per request allows), and the rate and CPU per request against the trivial server's.
//!
//! Each client owns a routed session and loops over a mix of the API: session creation, a simulated
//! client joining (control API), archive start / get / list / stop / delete, stream list, signal,
//! mute, SIP dial and DTMF, force disconnect; plus requests the platform refuses (a bad auth JWT →
//! 403, an unknown archive → 404, an oversized signal → 413). An "error" is any answer other than
//! the one the platform gives for that request, or a transport failure. Peak memory is `VmHWM` from
//! `/proc/<pid>/status` of the server process (Linux).

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};

#[path = "../benches/support/jwt.rs"]
mod jwt;

struct Options {
    clients: usize,
    secs: u64,
    binary: PathBuf,
    growth: bool,
    inspectors: usize,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        clients: 200,
        secs: 60,
        binary: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/opentok-test-server"),
        growth: false,
        inspectors: 0,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--clients" => options.clients = value.parse().map_err(|_| "--clients: a number")?,
            "--secs" => options.secs = value.parse().map_err(|_| "--secs: a number")?,
            "--binary" => options.binary = PathBuf::from(value),
            "--inspectors" => options.inspectors = value.parse().map_err(|_| "--inspectors: a number")?,
            "--scenario" => match value.as_str() {
                "mix" => options.growth = false,
                "growth" => options.growth = true,
                _ => return Err("--scenario: mix or growth".into()),
            },
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(options)
}

#[derive(Default)]
struct Counters {
    requests: AtomicU64,
    errors: AtomicU64,
    transport: AtomicU64,
    /// Sessions created.
    sessions: AtomicU64,
}

struct Client {
    http: reqwest::Client,
    url: String,
    key: String,
    secret: String,
    counters: Arc<Counters>,
}

impl Client {
    fn auth(&self) -> String {
        jwt::rest_auth(&self.key, &self.secret)
    }

    fn client_token(&self, session_id: &str) -> String {
        jwt::client_token(&self.key, &self.secret, session_id)
    }

    /// Sends a request; counts it, and counts an error unless the status is `expected`.
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>, auth: bool, expected: u16) -> Value {
        self.counters.requests.fetch_add(1, Ordering::Relaxed);
        let mut request = self.http.request(method, format!("{}{path}", self.url)).header("Accept", "application/json");
        if auth {
            request = request.header("X-OPENTOK-AUTH", self.auth());
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let value = response.json::<Value>().await.unwrap_or(Value::Null);
                if status != expected {
                    self.counters.errors.fetch_add(1, Ordering::Relaxed);
                    if self.counters.errors.load(Ordering::Relaxed) <= 5 {
                        eprintln!("unexpected {status} (wanted {expected}) for {path}: {value}");
                    }
                }
                value
            }
            Err(e) => {
                self.counters.transport.fetch_add(1, Ordering::Relaxed);
                if self.counters.transport.load(Ordering::Relaxed) <= 5 {
                    eprintln!("transport error for {path}: {e}");
                }
                Value::Null
            }
        }
    }

    async fn create_session(&self) -> Option<String> {
        self.counters.requests.fetch_add(1, Ordering::Relaxed);
        let response = self
            .http
            .post(format!("{}/session/create", self.url))
            .header("X-OPENTOK-AUTH", self.auth())
            .header("Accept", "application/json")
            .form(&[("p2p.preference", "disabled")])
            .send()
            .await;
        let Ok(response) = response else {
            self.counters.transport.fetch_add(1, Ordering::Relaxed);
            return None;
        };
        let value: Value = response.json().await.ok()?;
        let id = value[0]["session_id"].as_str().map(str::to_string);
        match id {
            Some(_) => self.counters.sessions.fetch_add(1, Ordering::Relaxed),
            None => self.counters.errors.fetch_add(1, Ordering::Relaxed),
        };
        id
    }

    async fn run(self, until: Instant) {
        use reqwest::Method as M;
        let Some(sid) = self.create_session().await else { return };
        let p = format!("/v2/project/{}", self.key);
        let s = format!("{p}/session/{sid}");
        while Instant::now() < until {
            let joined = self
                .call(
                    M::POST,
                    &format!("/_test/session/{sid}/connection"),
                    Some(json!({"token": self.client_token(&sid)})),
                    false,
                    200,
                )
                .await;
            let (Some(cid), Some(stream)) = (joined["connectionId"].as_str(), joined["streamId"].as_str()) else {
                continue;
            };
            let archive = self.call(M::POST, &format!("{p}/archive"), Some(json!({"sessionId": sid})), true, 200).await;
            let aid = archive["id"].as_str().unwrap_or("none").to_string();
            self.call(M::GET, &format!("{p}/archive/{aid}"), None, true, 200).await;
            self.call(M::GET, &format!("{p}/archive?sessionId={sid}&count=5"), None, true, 200).await;
            self.call(M::GET, &format!("{s}/stream"), None, true, 200).await;
            self.call(M::POST, &format!("{s}/signal"), Some(json!({"type": "soak", "data": "hello"})), true, 204).await;
            self.call(M::POST, &format!("{s}/stream/{stream}/mute"), Some(json!({})), true, 200).await;
            self.call(M::POST, &format!("{p}/archive/{aid}/stop"), Some(json!({})), true, 200).await;
            self.call(M::DELETE, &format!("{p}/archive/{aid}"), None, true, 204).await;
            let call = self
                .call(
                    M::POST,
                    &format!("{p}/dial"),
                    Some(json!({"sessionId": sid, "token": self.client_token(&sid), "sip": {"uri": "sip:a@b"}})),
                    true,
                    200,
                )
                .await;
            self.call(M::POST, &format!("{s}/play-dtmf"), Some(json!({"digits": "12#"})), true, 200).await;
            // What the platform refuses.
            self.call(M::GET, &format!("{p}/archive"), None, false, 403).await;
            self.call(M::GET, &format!("{p}/archive/00000000-0000-0000-0000-000000000000"), None, true, 404).await;
            self.call(M::POST, &format!("{s}/signal"), Some(json!({"type": "t", "data": "x".repeat(9000)})), true, 413)
                .await;
            // Leave: the client and the SIP leg.
            self.call(M::DELETE, &format!("{s}/connection/{cid}"), None, true, 204).await;
            if let Some(leg) = call["connectionId"].as_str() {
                self.call(M::DELETE, &format!("{s}/connection/{leg}"), None, true, 204).await;
            }
        }
    }
}

impl Client {
    /// The growth scenario's loop: a new session, a client in it, an archive started, read and listed.
    async fn grow(self, until: Instant) {
        use reqwest::Method as M;
        let p = format!("/v2/project/{}", self.key);
        while Instant::now() < until {
            let Some(sid) = self.create_session().await else { continue };
            let join = format!("/_test/session/{sid}/connection");
            let joined = self.call(M::POST, &join, Some(json!({"token": self.client_token(&sid)})), false, 200).await;
            if joined["connectionId"].as_str().is_none() {
                continue;
            }
            let archive = self.call(M::POST, &format!("{p}/archive"), Some(json!({"sessionId": sid})), true, 200).await;
            let aid = archive["id"].as_str().unwrap_or("none").to_string();
            self.call(M::GET, &format!("{p}/archive/{aid}"), None, true, 200).await;
            self.call(M::GET, &format!("{p}/archive?sessionId={sid}"), None, true, 200).await;
        }
    }
}

/// One second of the run: requests served in it, the server's CPU time in it (µs), sessions held at its end.
struct Second {
    requests: u64,
    cpu_us: u64,
    sessions: u64,
}

impl Second {
    /// The server's CPU time per request in this second, in µs.
    fn cost(&self) -> f64 {
        self.cpu_us as f64 / self.requests.max(1) as f64
    }
}

/// Each second's requests, server CPU time and sessions held, sampled until `until`.
async fn per_second(counter: Arc<Counters>, pid: u32, until: Instant) -> Vec<Second> {
    let mut seconds = Vec::new();
    let (mut requests, mut cpu) = (counter.requests.load(Ordering::Relaxed), cpu_micros(pid).unwrap_or_default());
    let mut tick =
        tokio::time::interval_at(tokio::time::Instant::now() + Duration::from_secs(1), Duration::from_secs(1));
    while Instant::now() < until {
        tick.tick().await;
        let (now_requests, now_cpu) = (counter.requests.load(Ordering::Relaxed), cpu_micros(pid).unwrap_or_default());
        let sessions = counter.sessions.load(Ordering::Relaxed);
        seconds.push(Second { requests: now_requests - requests, cpu_us: now_cpu.saturating_sub(cpu), sessions });
        (requests, cpu) = (now_requests, now_cpu);
    }
    seconds
}

/// CPU time (user and system) the process `pid` has used, in µs (Linux: `/proc/<pid>/stat`, at 100 ticks
/// a second).
fn cpu_micros(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks * 10_000)
}

/// The trivial server (this program with `--serve-trivial`): hyper with one fixed answer, in its own
/// process so that its CPU time is its own. Prints its URL, then serves until killed.
async fn serve_trivial() {
    use hyper_util::rt::TokioIo;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    println!("http://{}/", listener.local_addr().expect("address"));
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(async move {
            let service = hyper::service::service_fn(|_request| async {
                Ok::<_, std::convert::Infallible>(hyper::Response::new(String::from("{}")))
            });
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// The trivial server's rate and CPU time per request (µs): `clients` clients looping over one GET to it
/// for `secs` seconds.
async fn trivial(clients: usize, secs: u64) -> (f64, f64) {
    let exe = std::env::current_exe().expect("this program's path");
    let mut child = tokio::process::Command::new(exe)
        .arg("--serve-trivial")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start the trivial server");
    let pid = child.id().expect("its pid");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let url = lines.next_line().await.expect("read").expect("its URL");
    let cpu = cpu_micros(pid).unwrap_or_default();
    let served = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + Duration::from_secs(secs);
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (served, url, http) = (served.clone(), url.clone(), reqwest::Client::new());
            tokio::spawn(async move {
                while Instant::now() < until {
                    if let Ok(response) = http.get(&url).send().await {
                        let _ = response.bytes().await;
                        served.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for task in tasks {
        let _ = task.await;
    }
    let used = cpu_micros(pid).unwrap_or_default().saturating_sub(cpu);
    let _ = child.kill().await;
    let served = served.load(Ordering::Relaxed);
    (served as f64 / secs as f64, used as f64 / served.max(1) as f64)
}

fn peak_rss_kib(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

/// One open inspector page: a snapshot every 500 ms (each must be a 200 with JSON), until `until`.
async fn inspect(url: String, polls: Arc<AtomicU64>, until: Instant) {
    let http = reqwest::Client::new();
    while Instant::now() < until {
        match http.get(format!("{url}/_inspector/state")).send().await {
            Ok(r) if r.status() == 200 => match r.json::<Value>().await {
                Ok(_) => {
                    polls.fetch_add(1, Ordering::Relaxed);
                }
                Err(e) => eprintln!("inspector snapshot: {e}"),
            },
            Ok(r) => eprintln!("inspector snapshot: {}", r.status()),
            Err(e) => eprintln!("inspector snapshot: {e}"),
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// The server's CPU time for one inspector snapshot (µs, the mean of `n` taken one after another, the
/// API idle) and its size in bytes.
async fn snapshot_cost(url: &str, pid: u32, n: u32) -> (f64, usize) {
    let http = reqwest::Client::new();
    let cpu = cpu_micros(pid).unwrap_or_default();
    let mut bytes = 0;
    for _ in 0..n {
        if let Ok(response) = http.get(format!("{url}/_inspector/state")).send().await {
            bytes = response.bytes().await.map_or(0, |b| b.len());
        }
    }
    (cpu_micros(pid).unwrap_or_default().saturating_sub(cpu) as f64 / f64::from(n), bytes)
}

/// The growth run's summary: seconds 1, 2, 4 and the last (at most the 20th), and the trivial server's.
fn report_growth(seconds: &[Second], trivial: (f64, f64)) {
    println!("per second         {:?}", seconds.iter().map(|s| s.requests).collect::<Vec<_>>());
    println!("server µs/request  {:?}", seconds.iter().map(|s| (s.cost() * 10.0).round() / 10.0).collect::<Vec<_>>());
    let last = seconds.len().clamp(2, 20);
    let at = |n: usize| seconds.get(n - 1).unwrap_or(&Second { requests: 0, cpu_us: 0, sessions: 0 });
    println!("second  requests  server µs/request  sessions held");
    for n in [1, 2, 4].into_iter().filter(|n| *n < last).chain([last]) {
        let s = at(n);
        println!("{n:>6}  {:>8}  {:>17.1}  {:>13}", s.requests, s.cost(), s.sessions);
    }
    let (second, nth) = (at(2), at(last));
    let rate = 100.0 * nth.requests as f64 / second.requests.max(1) as f64;
    let cost = 100.0 * second.cost() / nth.cost().max(f64::MIN_POSITIVE);
    println!("second {last} / second 2: rate {rate:.0} %; the rate the server's CPU per request allows {cost:.0} %");
    let (trivial_rate, trivial_cost) = trivial;
    let mean = seconds.iter().map(|s| s.requests).sum::<u64>() as f64 / seconds.len().max(1) as f64;
    println!(
        "trivial hyper server {trivial_rate:.0}/s at {trivial_cost:.1} µs/request; this run {mean:.0}/s = 1/{:.1} of \
         its rate, and at second {last} {:.1}x its CPU per request",
        trivial_rate / mean.max(1.0),
        nth.cost() / trivial_cost.max(f64::MIN_POSITIVE)
    );
}

#[tokio::main]
async fn main() {
    if std::env::args().nth(1).as_deref() == Some("--serve-trivial") {
        return serve_trivial().await;
    }
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("soak: {message}\nusage: soak [--clients N] [--secs S] [--binary PATH] [--scenario mix|growth] [--inspectors N]");
            std::process::exit(2);
        }
    };
    let mut server =
        tokio::process::Command::new(&options.binary).stdout(Stdio::piped()).kill_on_drop(true).spawn().unwrap_or_else(
            |e| panic!("start {}: {e} (cargo build --release -p opentok-test-server)", options.binary.display()),
        );
    let pid = server.id().expect("server pid");
    let mut lines = BufReader::new(server.stdout.take().expect("stdout")).lines();
    let line = lines.next_line().await.expect("read").expect("start-up line");
    let info: Value = serde_json::from_str(&line).expect("JSON start-up line");
    let field = |name: &str| info[name].as_str().expect("start-up field").to_string();

    let baseline = if options.growth { Some(trivial(options.clients, 5).await) } else { None };
    let counters = Arc::new(Counters::default());
    let start = Instant::now();
    let until = start + Duration::from_secs(options.secs);
    let cpu_at_start = cpu_micros(pid).unwrap_or_default();
    let mut tasks = Vec::new();
    for _ in 0..options.clients {
        let client = Client {
            http: reqwest::Client::new(),
            url: field("url"),
            key: field("api_key"),
            secret: field("api_secret"),
            counters: counters.clone(),
        };
        tasks.push(tokio::spawn(if options.growth {
            Box::pin(client.grow(until)) as _
        } else {
            Box::pin(client.run(until)) as std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>
        }));
    }
    let polls = Arc::new(AtomicU64::new(0));
    for _ in 0..options.inspectors {
        tasks.push(tokio::spawn(Box::pin(inspect(field("url"), polls.clone(), until))));
    }
    let seconds = tokio::spawn(per_second(counters.clone(), pid, until));
    let sampler = tokio::spawn(async move {
        let mut peak = 0;
        while Instant::now() < until {
            tokio::time::sleep(Duration::from_secs(10).min(until.saturating_duration_since(Instant::now()))).await;
            if let Some((hwm, rss)) = peak_rss_kib(pid) {
                peak = peak.max(hwm);
                println!("t={:>3}s  VmRSS {:>7} KiB  VmHWM {:>7} KiB", start.elapsed().as_secs(), rss, hwm);
            }
        }
        peak
    });
    for task in tasks {
        let _ = task.await;
    }
    let _ = sampler.await;
    let seconds = seconds.await.unwrap_or_default();
    let elapsed = start.elapsed().as_secs_f64();
    let cpu = cpu_micros(pid).unwrap_or_default().saturating_sub(cpu_at_start);
    if let Some(baseline) = baseline {
        report_growth(&seconds, baseline);
    }
    let (hwm, rss) = peak_rss_kib(pid).unwrap_or_default();
    let requests = counters.requests.load(Ordering::Relaxed);
    println!("clients            {}", options.clients);
    if options.inspectors > 0 {
        println!("inspector polls    {} from {} pages", polls.load(Ordering::Relaxed), options.inspectors);
    }
    println!("duration           {elapsed:.1} s");
    println!("requests served    {requests} ({:.0}/s)", requests as f64 / elapsed);
    println!("unexpected answers {}", counters.errors.load(Ordering::Relaxed));
    println!("transport errors   {}", counters.transport.load(Ordering::Relaxed));
    println!("server peak RSS    {:.1} MiB (VmHWM; now {:.1} MiB)", hwm as f64 / 1024.0, rss as f64 / 1024.0);
    println!(
        "server CPU         {:.1} s, {:.1} µs per API request (inspector polls included)",
        cpu as f64 / 1e6,
        cpu as f64 / requests.max(1) as f64
    );
    let (snapshot_us, snapshot_bytes) = snapshot_cost(&field("url"), pid, 200).await;
    println!(
        "inspector snapshot {snapshot_us:.0} µs of server CPU, {snapshot_bytes} bytes, with {} sessions held",
        counters.sessions.load(Ordering::Relaxed)
    );
    let _ = server.kill().await;
}
