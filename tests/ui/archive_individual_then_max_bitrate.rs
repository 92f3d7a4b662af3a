// Max bitrate is a composed-only option.
async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).individual().max_bitrate(2_000_000).send().await;
}

fn main() {}
