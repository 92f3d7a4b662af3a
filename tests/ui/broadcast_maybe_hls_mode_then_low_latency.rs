// HLS given as an optional value is a choice too, even when it is `None`.
#[allow(unused_imports)]
use opentok_sdk::broadcast::{HlsMode, Layout, Resolution, RtmpTarget};

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId, target: RtmpTarget) {
    let _ = ot.start_broadcast(&sid).rtmp(target).maybe_hls_mode(None).hls_low_latency().send().await;
}

fn main() {}
