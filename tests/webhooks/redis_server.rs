//! A real `redis-server` for the tests (Debian package `redis-server`): each test starts its own on a free
//! loopback port, with a temporary directory and no persistence, and stops it by its own process id.
//!
//! Where `redis-server` is not installed, the Redis tests are skipped, saying so once on standard error
//! (`.ci/run` installs it, and with `CI` set a missing `redis-server` fails the test instead).

use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::Once,
    time::{Duration, Instant},
};

pub struct RedisServer {
    child: Option<Child>,
    port: u16,
    dir: PathBuf,
    /// More `redis-server` arguments.
    extra: Vec<String>,
}

/// How the Redis tests are run where they were skipped.
const HOW_TO_RUN: &str = "install it (Debian/Ubuntu: `apt-get install redis-server`; no service needs to run: \
    each test starts its own on a free loopback port) and run `cargo test --features axum,redis`";

impl RedisServer {
    /// A new server, or `None` when `redis-server` is not installed (outside CI).
    pub fn start() -> Option<Self> {
        Self::start_with(&[])
    }

    /// [`start`](Self::start) with more `redis-server` arguments (such as `--requirepass`).
    pub fn start_with(extra: &[&str]) -> Option<Self> {
        if Command::new("redis-server").arg("--version").stdout(Stdio::null()).status().is_err() {
            let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
            assert!(!in_ci, "redis-server is not installed, and CI is set: the Redis tests must run; {HOW_TO_RUN}");
            static SKIPPED: Once = Once::new();
            SKIPPED.call_once(|| {
                // Straight to standard error (not captured), once per test binary.
                let _ = writeln!(
                    std::io::stderr(),
                    "\nnote: the Redis replay-store tests were SKIPPED: `redis-server` is not installed; {HOW_TO_RUN}\n"
                );
            });
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let dir = std::env::temp_dir().join(format!("opentok-redis-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let mut server = Self { child: None, port, dir, extra: extra.iter().map(|a| a.to_string()).collect() };
        server.run();
        Some(server)
    }

    /// `redis://127.0.0.1:<port>/`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Starts the server (again) on the same port, and waits until it answers.
    pub fn run(&mut self) {
        assert!(self.child.is_none(), "already running");
        let port = self.port.to_string();
        let child = Command::new("redis-server")
            .args(["--port", &port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir"])
            .arg(&self.dir)
            .args(&self.extra)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("redis-server starts");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        // Ready when it answers (`-NOAUTH ...` with a password).
        while !self.command("PING").is_some_and(|answer| answer == "+PONG" || answer.starts_with("-NOAUTH")) {
            assert!(Instant::now() < deadline, "redis-server on port {} did not answer PING", self.port);
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the server (by its process id) and waits until it has exited.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Sends one inline command on a connection of its own; the first line of the answer.
    pub fn command(&self, command: &str) -> Option<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        stream.write_all(format!("{command}\r\n").as_bytes()).ok()?;
        let mut answer = Vec::new();
        let mut buf = [0u8; 512];
        while !answer.ends_with(b"\r\n") {
            let n = stream.read(&mut buf).ok()?;
            if n == 0 {
                return None;
            }
            answer.extend_from_slice(&buf[..n]);
        }
        let text = String::from_utf8_lossy(&answer).into_owned();
        Some(text.lines().next().unwrap_or_default().to_owned())
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
