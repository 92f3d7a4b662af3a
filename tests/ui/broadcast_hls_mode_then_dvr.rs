// HLS chosen at run time, then DVR.
#[allow(unused_imports)]
use opentok_sdk::broadcast::{HlsMode, Layout, Resolution, RtmpTarget};

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId, target: RtmpTarget) {
    let _ = ot.start_broadcast(&sid).hls_mode(HlsMode::LowLatency).hls_dvr().send().await;
}

fn main() {}
