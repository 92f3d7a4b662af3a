// End-to-end encryption needs a routed session.
async fn f(ot: opentok_sdk::OpenTok) {
    let _ = ot.create_session().e2ee().send().await;
}

fn main() {}
