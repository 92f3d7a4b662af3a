// HLS is one choice: plain, then DVR.
#[allow(unused_imports)]
use opentok_sdk::broadcast::{HlsMode, Layout, Resolution, RtmpTarget};

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId, target: RtmpTarget) {
    let _ = ot.start_broadcast(&sid).hls().hls_dvr().send().await;
}

fn main() {}
