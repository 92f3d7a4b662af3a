// `maybe_resolution` is composed-only too, even with `None`.
async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).maybe_resolution(None).individual().send().await;
}

fn main() {}
