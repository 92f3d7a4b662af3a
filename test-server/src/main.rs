//! Standalone test server: prints `{"url","api_key","api_secret"}` as one JSON line on stdout,
//! then serves until killed. Usage: `opentok-test-server [--port N]` (default 0: a free port).

use std::io::Write as _;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use opentok_test_server::TestServer;

#[tokio::main]
async fn main() -> ExitCode {
    let port = match parse_port(std::env::args().skip(1)) {
        Ok(port) => port,
        Err(message) => {
            eprintln!("opentok-test-server: {message}\nusage: opentok-test-server [--port N]");
            return ExitCode::from(2);
        }
    };
    let server = match TestServer::start_on(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("opentok-test-server: cannot listen on 127.0.0.1:{port}: {e}");
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

fn parse_port(mut args: impl Iterator<Item = String>) -> Result<u16, String> {
    let mut port = 0;
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--port" => args.next().ok_or("--port needs a value")?,
            other => match other.strip_prefix("--port=") {
                Some(v) => v.to_string(),
                None => return Err(format!("unknown argument {other:?}")),
            },
        };
        port = value.parse().map_err(|_| format!("invalid port {value:?}"))?;
    }
    Ok(port)
}
