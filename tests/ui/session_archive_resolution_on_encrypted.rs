// Encrypted sessions have no automatic archives.
use opentok_sdk::archive::Resolution;

async fn f(ot: opentok_sdk::OpenTok) {
    let _ = ot.create_session().routed().e2ee().archive_resolution(Resolution::Hd720Landscape).send().await;
}

fn main() {}
