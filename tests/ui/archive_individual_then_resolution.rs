// Resolution is a composed-only option.
use opentok_sdk::archive::Resolution;

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).individual().resolution(Resolution::Hd720Landscape).send().await;
}

fn main() {}
