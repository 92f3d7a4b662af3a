// An archive resolution only exists for sessions archived automatically.
use opentok_sdk::archive::Resolution;

async fn f(ot: opentok_sdk::OpenTok) {
    let _ = ot.create_session().routed().archive_resolution(Resolution::Hd720Landscape).send().await;
}

fn main() {}
