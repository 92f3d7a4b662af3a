//! Post-call transcription of individual archives against the test server: `requested` while recording,
//! `available` with a URL once the archive is available.

use crate::common;

use opentok_sdk::{
    archive::{ArchiveStatus, TranscriptionProperties, TranscriptionStatus},
    captions::LanguageCode,
};

#[tokio::test]
async fn transcription_follows_its_archive() {
    let env = common::env().await;
    let (session, _client) = env.live_session().await;
    let archive = env
        .ot
        .start_archive(session.id())
        .individual()
        .transcription(
            TranscriptionProperties::builder().primary_language_code(LanguageCode::PT_BR).has_summary(true).build(),
        )
        .send()
        .await
        .unwrap();
    let body = env.server.requests().pop().unwrap().body_json().unwrap();
    assert_eq!(body["hasTranscription"], true);
    assert_eq!(
        body["transcriptionProperties"],
        serde_json::json!({"primaryLanguageCode": "pt-BR", "hasSummary": true})
    );
    assert_eq!(archive.has_transcription, Some(true));
    let transcription = archive.transcription.clone().expect("a transcription object");
    assert_eq!(transcription.status, Some(TranscriptionStatus::Requested));
    assert_eq!(
        (transcription.primary_language_code.as_deref(), transcription.has_summary),
        (Some("pt-BR"), Some(true))
    );
    assert_eq!(transcription.url, None);

    archive.stop(&env.ot).await.unwrap();
    let available = env.ot.get_archive(&archive.id).await.unwrap();
    assert_eq!(available.status, ArchiveStatus::Available);
    let transcription = available.transcription.expect("still there");
    assert_eq!(transcription.status, Some(TranscriptionStatus::Available));
    assert!(transcription.url.is_some_and(|u| u.ends_with("transcription.json")));

    // An archive without one has no transcription object.
    let plain = env.ot.start_archive(session.id()).individual().multi_archive_tag("b").send().await.unwrap();
    assert_eq!((plain.has_transcription, plain.transcription), (None, None));
}
