// The output mode is chosen once.
async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).individual().composed().send().await;
}

fn main() {}
