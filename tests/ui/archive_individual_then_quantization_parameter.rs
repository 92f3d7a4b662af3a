// Quantization parameter is a composed-only option.
async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).individual().quantization_parameter(25).send().await;
}

fn main() {}
