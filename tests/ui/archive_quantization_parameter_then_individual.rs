// A composed-only option makes the archive composed: `.individual()` no longer exists.
async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).quantization_parameter(25).individual().send().await;
}

fn main() {}
