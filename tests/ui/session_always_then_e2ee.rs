// Sessions archived automatically cannot be encrypted end to end.
async fn f(ot: opentok_sdk::OpenTok) {
    let _ = ot.create_session().routed().archive_mode_always().e2ee().send().await;
}

fn main() {}
