// `.routed()` comes once.
async fn f(ot: opentok_sdk::OpenTok) {
    let _ = ot.create_session().routed().routed().send().await;
}

fn main() {}
