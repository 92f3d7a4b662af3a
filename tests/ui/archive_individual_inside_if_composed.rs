// `.if_composed(..)` hands over a composed builder: it cannot turn individual.
use opentok_sdk::archive::OutputMode;

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).output_mode(OutputMode::Composed).if_composed(|a| a.individual()).send().await;
}

fn main() {}
