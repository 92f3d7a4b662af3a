//! `opentok serve`: the test server, as `opentok-test-server` runs it, so that one installed binary gives
//! a local platform; its inspector page's URL goes to standard error, beside the JSON line, and
//! `--open` opens that page in a browser where one exists.

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
    if args.open {
        // Off the server's threads: a text browser (named in BROWSER) runs in the foreground until it quits.
        let url = server.inspector_url();
        tokio::task::spawn_blocking(move || open_in_browser(&url));
    }
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

/// Opens `url` in the system's browser, or says on standard error why none was opened. Never fails:
/// the server serves either way.
fn open_in_browser(url: &str) {
    let outcome = if has_display() { webbrowser::open(url).map_err(|e| e.to_string()) } else { Err(NO_DISPLAY.into()) };
    // A failed write to standard error only loses the note.
    let _ = match outcome {
        Ok(()) => writeln!(std::io::stderr(), "inspector: opened in a browser"),
        Err(why) => writeln!(std::io::stderr(), "inspector: no browser opened ({why}); the server runs on: open {url}"),
    };
}

const NO_DISPLAY: &str = "no graphical display: neither DISPLAY nor WAYLAND_DISPLAY is set, nor BROWSER";

/// Whether a browser could show a page here: always on macOS and Windows; elsewhere (Linux, the BSDs)
/// only with a graphical display, a browser named in `BROWSER`, or WSL's Windows side. Without one the
/// desktop's opener would start nothing visible, or a text browser on the server's terminal.
fn has_display() -> bool {
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "WSL_DISTRO_NAME"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}
