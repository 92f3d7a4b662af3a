//! The standalone test server. Prints `{"url","api_key","api_secret"}` as one JSON line on stdout,
//! then serves until killed. `opentok-test-server --help` lists every option.

use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use opentok_test_server::{Fault, TestServer, DEFAULT_LOG_BYTES, DEFAULT_LOG_ENTRIES};

/// A local, stateful, in-memory emulator of the OpenTok REST API, for testing server SDKs.
///
/// On start it prints one JSON line, {"url","api_key","api_secret"}, on stdout, then serves until
/// killed. The control API under /_test (no auth) connects simulated clients, reads recorded
/// requests and queues faults; see the crate's README.
#[derive(Debug, Parser)]
#[command(name = "opentok-test-server", version)]
struct Args {
    /// IP address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    address: IpAddr,

    /// TCP port to listen on; 0 picks a free one (the printed url tells which).
    #[arg(long, default_value_t = 0)]
    port: u16,

    /// The project's API key (default: eight random digits). It is the project id in every
    /// /v2/project/{key} path and the `iss` of every JWT. Needs --api-secret too.
    #[arg(long, requires = "api_secret", value_parser = api_key)]
    api_key: Option<String>,

    /// The project's API secret (default: 40 random hex characters). Needs --api-key too.
    #[arg(long, requires = "api_key", value_parser = api_secret)]
    api_secret: Option<String>,

    /// Most requests the request log keeps; older ones are dropped first.
    #[arg(long, default_value_t = DEFAULT_LOG_ENTRIES)]
    log_entries: usize,

    /// Most bytes (headers and bodies) the request log keeps; older requests are dropped first.
    #[arg(long, default_value_t = DEFAULT_LOG_BYTES)]
    log_bytes: usize,

    /// Largest request body accepted, in bytes; a larger one is answered 413.
    #[arg(long, default_value_t = 1024 * 1024)]
    max_body_bytes: usize,

    /// Most connections served at once; more are answered 503 and closed.
    #[arg(long, default_value_t = 1024)]
    max_connections: usize,

    /// Milliseconds a kept-alive connection may wait for its next request before it is closed.
    #[arg(long, default_value_t = 60_000)]
    idle_timeout_ms: u64,

    /// Milliseconds a request head (request line and headers) may take to arrive once begun;
    /// then 408 and close. This is what stops clients that trickle their headers.
    #[arg(long, default_value_t = 10_000)]
    header_timeout_ms: u64,

    /// Milliseconds a request body may take to arrive (then 408 and close), and each response
    /// write to a client that does not read.
    #[arg(long, default_value_t = 30_000)]
    body_timeout_ms: u64,

    /// Queue a fault for the first API requests, as POST /_test/faults takes it: a JSON object
    /// {"status","body","contentType"} (answer this instead), {"delayMs"} (wait, then serve) or
    /// {"drop": true} (close unanswered), with an optional "count" (default 1). Repeatable; the
    /// faults apply in the order given.
    #[arg(long = "fault", value_name = "JSON", value_parser = fault)]
    faults: Vec<(Fault, usize)>,
}

fn api_key(text: &str) -> Result<String, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err("the API key must be letters, digits or '-' (it appears in URL paths)".into());
    }
    Ok(text.to_string())
}

fn api_secret(text: &str) -> Result<String, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("the API secret must be non-empty visible ASCII".into());
    }
    Ok(text.to_string())
}

fn fault(text: &str) -> Result<(Fault, usize), String> {
    Fault::parse_spec(text)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let addr = SocketAddr::new(args.address, args.port);
    let mut builder = TestServer::builder()
        .addr(addr)
        .request_log_entries(args.log_entries)
        .request_log_bytes(args.log_bytes)
        .max_body_bytes(args.max_body_bytes)
        .max_connections(args.max_connections)
        .idle_timeout(Duration::from_millis(args.idle_timeout_ms))
        .header_timeout(Duration::from_millis(args.header_timeout_ms))
        .body_timeout(Duration::from_millis(args.body_timeout_ms));
    if let (Some(key), Some(secret)) = (args.api_key, args.api_secret) {
        builder = builder.credentials(key, secret);
    }
    for (fault, count) in args.faults {
        builder = builder.fault(fault, count);
    }
    let server = match builder.start().await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("opentok-test-server: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Written by hand to keep the documented key order (serde_json sorts object keys).
    let line = format!(
        "{{\"url\":{},\"api_key\":{},\"api_secret\":{}}}",
        serde_json::Value::from(server.url()),
        serde_json::Value::from(server.api_key()),
        serde_json::Value::from(server.api_secret()),
    );
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{line}").and_then(|()| stdout.flush()).is_err() {
        return ExitCode::FAILURE;
    }
    drop(stdout);
    std::future::pending::<()>().await;
    drop(server);
    ExitCode::SUCCESS
}
