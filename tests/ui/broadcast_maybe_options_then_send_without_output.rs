// Options from configuration do not choose an output either.
#[allow(unused_imports)]
use opentok_sdk::broadcast::{HlsMode, Layout, Resolution, RtmpTarget};

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId, target: RtmpTarget) {
    let _ = ot.start_broadcast(&sid).maybe_layout(None).maybe_resolution(None).max_bitrate(1_000_000).send().await;
}

fn main() {}
