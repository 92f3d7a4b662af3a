// A composed-only option makes the archive composed: `.individual()` no longer exists.
use opentok_sdk::archive::Layout;

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).layout(Layout::Pip).individual().send().await;
}

fn main() {}
