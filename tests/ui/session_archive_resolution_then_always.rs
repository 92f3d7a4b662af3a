// The archive resolution comes after `.archive_mode_always()`.
use opentok_sdk::archive::Resolution;

async fn f(ot: opentok_sdk::OpenTok) {
    let _ =
        ot.create_session().routed().archive_resolution(Resolution::Hd720Landscape).archive_mode_always().send().await;
}

fn main() {}
