// Options do not choose an output.
#[allow(unused_imports)]
use opentok_sdk::broadcast::{HlsMode, Layout, Resolution, RtmpTarget};

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId, target: RtmpTarget) {
    let _ = ot.start_broadcast(&sid).layout(Layout::Pip).resolution(Resolution::Hd720Landscape).multi_broadcast_tag("t").has_audio(true).send().await;
}

fn main() {}
