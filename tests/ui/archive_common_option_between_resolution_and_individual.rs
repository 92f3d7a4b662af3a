// Options every archive has, in between, do not hide the composed-only one.
use opentok_sdk::archive::Resolution;

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot
        .start_archive(&sid)
        .resolution(Resolution::Hd720Landscape)
        .name("n")
        .has_audio(true)
        .individual()
        .send()
        .await;
}

fn main() {}
