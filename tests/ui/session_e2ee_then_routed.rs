// `.routed()` comes before `.e2ee()`.
async fn f(ot: opentok_sdk::OpenTok) {
    let _ = ot.create_session().e2ee().routed().send().await;
}

fn main() {}
