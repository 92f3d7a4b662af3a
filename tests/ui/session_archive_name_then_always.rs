// The archive name comes after `.archive_mode_always()`.
async fn f(ot: opentok_sdk::OpenTok) {
    let _ = ot.create_session().routed().archive_name("standup").archive_mode_always().send().await;
}

fn main() {}
