// Encrypted sessions cannot be archived automatically.
async fn f(ot: opentok_sdk::OpenTok) {
    let _ = ot.create_session().routed().e2ee().archive_mode_always().send().await;
}

fn main() {}
