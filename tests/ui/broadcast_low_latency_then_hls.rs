// HLS is one choice: low latency, then plain.
#[allow(unused_imports)]
use opentok_sdk::broadcast::{HlsMode, Layout, Resolution, RtmpTarget};

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId, target: RtmpTarget) {
    let _ = ot.start_broadcast(&sid).hls_low_latency().hls().send().await;
}

fn main() {}
