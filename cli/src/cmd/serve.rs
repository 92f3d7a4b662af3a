//! `opentok serve`: the test server, as `opentok-test-server` runs it, so that one installed binary gives
//! a local platform; its inspector page's URL goes to standard error, beside the JSON line.

use std::{
    io::{IsTerminal as _, Write as _},
    net::{Ipv4Addr, SocketAddr},
};

use opentok_test_server::TestServer;
use serde_json::Value;

use crate::{args::ServeArgs, failure::Failure, output};

/// Runs `opentok serve` until the process is interrupted.
pub async fn run(args: ServeArgs) -> Result<(), Failure> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let server =
        TestServer::start_on(addr).await.map_err(|e| Failure::other(format!("cannot listen on {addr}: {e}")))?;
    // The same line as `opentok-test-server`, keys in this order (serde_json would sort them).
    output::line(&format!(
        "{{\"url\":{},\"api_key\":{},\"api_secret\":{}}}",
        Value::from(server.url()),
        Value::from(server.api_key()),
        Value::from(server.api_secret()),
    ))?;
    // Beside the JSON line (which stays the same as `opentok-test-server`'s), on standard error: the page
    // that shows what the server holds and did, live. A failed write only loses the hint.
    let _ = writeln!(std::io::stderr(), "inspector: {}", server.inspector_url());
    if std::io::stderr().is_terminal() {
        // A failed write to standard error only loses the hint.
        let _ = writeln!(
            std::io::stderr(),
            "test server running; in another shell:\n  export OPENTOK_API_URL={} OPENTOK_API_KEY={} OPENTOK_API_SECRET={}\n\
             Ctrl-C stops it (its state lives in memory).",
            server.url(),
            server.api_key(),
            server.api_secret()
        );
    }
    std::future::pending::<()>().await;
    drop(server);
    Ok(())
}
