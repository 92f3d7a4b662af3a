// An archive name only exists for sessions archived automatically.
async fn f(ot: opentok_sdk::OpenTok) {
    let _ = ot.create_session().archive_name("standup").send().await;
}

fn main() {}
