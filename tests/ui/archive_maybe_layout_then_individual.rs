// `maybe_layout` is composed-only too, even with `None`.
use opentok_sdk::archive::Layout;

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).maybe_layout(Some(Layout::Pip)).individual().send().await;
}

fn main() {}
