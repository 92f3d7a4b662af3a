// `.archive_mode_always()` comes once.
async fn f(ot: opentok_sdk::OpenTok) {
    let _ = ot.create_session().routed().archive_mode_always().archive_mode_always().send().await;
}

fn main() {}
