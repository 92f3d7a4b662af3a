// `.routed()` comes once, first.
async fn f(ot: opentok_sdk::OpenTok) {
    let _ = ot.create_session().routed().archive_mode_always().routed().send().await;
}

fn main() {}
