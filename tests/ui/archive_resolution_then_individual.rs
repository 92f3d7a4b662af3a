// A composed-only option makes the archive composed: `.individual()` no longer exists.
use opentok_sdk::archive::Resolution;

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).resolution(Resolution::Hd720Landscape).individual().send().await;
}

fn main() {}
