//! The standalone test server. Prints `{"url","api_key","api_secret"}` (in application mode
//! `{"url","application_id"}`, plus `"private_key"` for a fresh application) as one JSON line on stdout,
//! then serves until killed. `opentok-test-server --help` lists every option.

use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use opentok_test_server::{Fault, TestServer, CALLBACK_KINDS, DEFAULT_LOG_BYTES, DEFAULT_LOG_ENTRIES};

/// A local, stateful, in-memory emulator of the OpenTok REST API, for testing server SDKs.
///
/// On start it prints one JSON line, {"url","api_key","api_secret"} (in application mode
/// {"url","application_id"}, and "private_key" for --new-application), on stdout, then serves until
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

    /// Application mode: emulate the Vonage application with this id (a UUID). Requests must carry
    /// `Authorization: Bearer` with an RS256 JWT signed by its key, client tokens must be RS256, and
    /// objects carry applicationId. Needs --public-key.
    #[arg(long, requires = "public_key", conflicts_with_all = ["api_key", "new_application"])]
    application_id: Option<String>,

    /// The application's RSA public key: a PEM file (-----BEGIN PUBLIC KEY-----). Needs
    /// --application-id.
    #[arg(long, value_name = "PEM_FILE", requires = "application_id")]
    public_key: Option<std::path::PathBuf>,

    /// Application mode with a fresh application: a random id and a new RSA key pair; the private key
    /// is printed in the JSON line ("private_key") for the client to sign with.
    #[arg(long, conflicts_with = "api_key")]
    new_application: bool,

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

    /// Send the callbacks of one kind to a URL, as KIND=URL (an http:// URL). Kinds: session_created,
    /// session_destroyed, session_notification (sent on POST /_test/session/{id}/notification),
    /// connection_created, connection_destroyed, stream_created, stream_destroyed, sip_call_created,
    /// sip_call_updated, sip_call_destroyed, sip_call_mute_forced, archive_status, broadcast_status,
    /// render_status, captions_status (sent to a captions start's http:// statusCallbackUrl instead, if
    /// any), or `all`.
    /// Repeatable; also `PUT /_test/callbacks/config/{kind}`.
    #[arg(long = "callback", value_name = "KIND=URL", value_parser = kind_value)]
    callbacks: Vec<(String, String)>,

    /// Sign the callbacks of one kind (or `all`) with a signature secret, as KIND=SECRET: each then
    /// carries `Authorization: Bearer <HS256 JWT>` as the platform's signed callbacks do. Repeatable.
    #[arg(long = "callback-secret", value_name = "KIND=SECRET", value_parser = kind_value)]
    callback_secrets: Vec<(String, String)>,
}

fn kind_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((kind, value)) if !kind.is_empty() && !value.is_empty() => Ok((kind.to_string(), value.to_string())),
        _ => Err("expected KIND=VALUE".into()),
    }
}

/// The callback kinds `kind` names: itself, or every kind for `all`.
fn kinds(kind: &str) -> Vec<String> {
    if kind == "all" {
        CALLBACK_KINDS.iter().map(|k| k.to_string()).collect()
    } else {
        vec![kind.to_string()]
    }
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
    if let (Some(id), Some(path)) = (args.application_id, args.public_key) {
        match std::fs::read_to_string(&path) {
            Ok(pem) => builder = builder.application(id, pem),
            Err(e) => {
                eprintln!("opentok-test-server: cannot read the public key {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    if args.new_application {
        builder = builder.new_application();
    }
    for (kind, url) in &args.callbacks {
        for kind in kinds(kind) {
            let secret = args
                .callback_secrets
                .iter()
                .rev()
                .find(|(k, _)| *k == kind || k == "all")
                .map(|(_, secret)| secret.clone());
            builder = builder.callback(kind, url.clone(), secret);
        }
    }
    for (fault, count) in args.faults {
        builder = builder.fault(fault, count);
    }
    let server = match builder.start().await {
        Ok(server) => server,
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => {
            eprintln!("opentok-test-server: {e}");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("opentok-test-server: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Written by hand to keep the documented key order (serde_json sorts object keys).
    let text = |s: &str| serde_json::Value::from(s).to_string();
    let line = match server.application_id() {
        None => format!(
            "{{\"url\":{},\"api_key\":{},\"api_secret\":{}}}",
            text(&server.url()),
            text(server.api_key()),
            text(server.api_secret()),
        ),
        Some(id) => {
            let key = server.private_key_pem().map(|pem| format!(",\"private_key\":{}", text(pem))).unwrap_or_default();
            format!("{{\"url\":{},\"application_id\":{}{key}}}", text(&server.url()), text(id))
        }
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{line}").and_then(|()| stdout.flush()).is_err() {
        return ExitCode::FAILURE;
    }
    drop(stdout);
    // The inspector page, for a person: on standard error, so that standard output stays the one JSON line.
    eprintln!("inspector: {}", server.inspector_url());
    std::future::pending::<()>().await;
    drop(server);
    ExitCode::SUCCESS
}
