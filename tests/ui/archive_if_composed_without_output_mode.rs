// `.if_composed(..)` belongs to a mode chosen at run time; a fixed mode sets options directly.
use opentok_sdk::archive::Layout;

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).individual().if_composed(|a| a.layout(Layout::Pip)).send().await;
}

fn main() {}
