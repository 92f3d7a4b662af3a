// Layout is a composed-only option.
use opentok_sdk::archive::Layout;

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).individual().layout(Layout::Pip).send().await;
}

fn main() {}
