//! Sessions against the test server.

use crate::common;

use std::net::Ipv4Addr;

use opentok_sdk::{
    archive::Resolution,
    session::{ArchiveMode, MediaMode},
    Error,
};

#[tokio::test]
async fn relayed_by_default_and_routed_on_request() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let relayed = env.ot.create_session().send().await.unwrap();
        assert_eq!(relayed.media_mode, MediaMode::Relayed);
        assert_eq!(relayed.archive_mode, ArchiveMode::Manual);
        relayed.id().check_belongs_to(env.server.api_key()).unwrap();
        let info = env.server.session(relayed.id().as_str()).unwrap();
        assert_eq!(info.media_mode, "relayed");

        let request = env.server.requests().last().unwrap().clone();
        assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/session/create"));
        // Each kind signs its own way, and never both.
        let (bearer, opentok) = (request.header("authorization"), request.header("x-opentok-auth"));
        match env.kind {
            common::Kind::Project => assert!(bearer.is_none() && opentok.is_some(), "{:?}", request.headers),
            common::Kind::Application => {
                assert!(bearer.is_some_and(|b| b.starts_with("Bearer ")) && opentok.is_none(), "{:?}", request.headers);
                assert_eq!(relayed.created.application_id.as_deref(), Some(common::APPLICATION_ID));
            }
        }
        assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
        let mut form = request.form();
        form.sort();
        assert_eq!(form, vec![("archiveMode".into(), "manual".into()), ("p2p.preference".into(), "enabled".into())]);

        let routed = env.ot.create_session().routed().location(Ipv4Addr::new(10, 1, 200, 30)).send().await.unwrap();
        assert_eq!(routed.media_mode, MediaMode::Routed);
        assert_eq!(routed.location, Some(Ipv4Addr::new(10, 1, 200, 30)));
        let info = env.server.session(routed.id().as_str()).unwrap();
        assert_eq!((info.media_mode.as_str(), info.location.as_deref()), ("routed", Some("10.1.200.30")));
        assert_eq!(routed.id().parts().unwrap().location.as_deref(), Some("10.1.200.30"));
    }
}

#[tokio::test]
async fn always_archived_and_encrypted_sessions() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let auto = env
            .ot
            .create_session()
            .routed()
            .archive_mode_always()
            .archive_name("standup")
            .archive_resolution(Resolution::Fhd1080Landscape)
            .send()
            .await
            .unwrap();
        assert_eq!(auto.archive_mode, ArchiveMode::Always);
        let info = env.server.session(auto.id().as_str()).unwrap();
        assert_eq!(info.archive_mode, "always");
        assert_eq!(info.archive_name.as_deref(), Some("standup"));
        assert_eq!(info.archive_resolution.as_deref(), Some("1920x1080"));

        let e2ee = env.ot.create_session().routed().e2ee().send().await.unwrap();
        assert!(e2ee.e2ee);
        assert!(env.server.session(e2ee.id().as_str()).unwrap().e2ee);
        let mut form = env.server.requests().last().unwrap().form();
        form.sort();
        assert_eq!(
            form,
            vec![
                ("archiveMode".into(), "manual".into()),
                ("e2ee".into(), "true".into()),
                ("p2p.preference".into(), "disabled".into())
            ]
        );
    }
}

#[tokio::test]
async fn archive_name_is_checked_before_sending() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let err = env.ot.create_session().routed().archive_mode_always().archive_name("x".repeat(81)).send().await;
        assert!(matches!(err, Err(Error::InvalidArgument { field: "archive_name", .. })), "{err:?}");
        assert!(env.server.requests().is_empty());
    }
}
