// `maybe_layout` is composed-only.
async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).individual().maybe_layout(None).send().await;
}

fn main() {}
