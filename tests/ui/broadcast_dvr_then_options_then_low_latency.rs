// Options in between do not reopen the HLS choice.
#[allow(unused_imports)]
use opentok_sdk::broadcast::{HlsMode, Layout, Resolution, RtmpTarget};

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId, target: RtmpTarget) {
    let _ = ot.start_broadcast(&sid).hls_dvr().layout(Layout::Pip).max_bitrate(500_000).hls_low_latency().send().await;
}

fn main() {}
