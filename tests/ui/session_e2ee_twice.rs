// `.e2ee()` comes once.
async fn f(ot: opentok_sdk::OpenTok) {
    let _ = ot.create_session().routed().e2ee().e2ee().send().await;
}

fn main() {}
