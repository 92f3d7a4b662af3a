// Encrypted sessions have no automatic archives to name.
async fn f(ot: opentok_sdk::OpenTok) {
    let _ = ot.create_session().routed().e2ee().archive_name("standup").send().await;
}

fn main() {}
