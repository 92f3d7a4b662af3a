// `.routed()` comes before `.archive_mode_always()`.
async fn f(ot: opentok_sdk::OpenTok) {
    let _ = ot.create_session().archive_mode_always().routed().send().await;
}

fn main() {}
