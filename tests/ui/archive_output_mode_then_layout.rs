// With the mode chosen at run time, composed-only options go through `.if_composed(..)`.
use opentok_sdk::archive::{Layout, OutputMode};

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).output_mode(OutputMode::Composed).layout(Layout::Pip).send().await;
}

fn main() {}
