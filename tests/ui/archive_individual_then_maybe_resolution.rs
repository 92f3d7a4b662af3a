// `maybe_resolution` is composed-only.
use opentok_sdk::archive::Resolution;

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).individual().maybe_resolution(Some(Resolution::Hd720Landscape)).send().await;
}

fn main() {}
