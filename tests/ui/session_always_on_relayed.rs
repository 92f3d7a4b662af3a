// Automatic archiving needs a routed session.
async fn f(ot: opentok_sdk::OpenTok) {
    let _ = ot.create_session().archive_mode_always().send().await;
}

fn main() {}
