//! Owned paging streams: they move into `tokio::spawn`, and they end whatever the server answers (a huge reported
//! count, a repeated page, an empty page, a count reached on a full page).

use crate::common;

use std::time::Duration;

use common::Env;
use futures_util::TryStreamExt;
use opentok_sdk::{archive::Archive, ArchiveId, OpenTok};
use opentok_test_server::{Fault, TestServer};
use serde_json::{json, Value};

fn archive(id: &str) -> Value {
    json!({"id": id, "status": "available", "sessionId": "2_MX4xMjM0NTZ-fg", "createdAt": 1_700_000_000_000_i64,
           "duration": 10, "size": 100, "outputMode": "composed", "url": null})
}

fn page(count: i64, ids: &[&str]) -> Fault {
    let body = json!({"count": count, "items": ids.iter().map(|id| archive(id)).collect::<Vec<_>>()});
    Fault::Status { status: 200, body: body.to_string(), content_type: Some("application/json".into()) }
}

async fn lying_server() -> (TestServer, OpenTok) {
    let server = TestServer::start().await;
    let ot = OpenTok::builder(server.api_key(), server.api_secret()).with_api_url(server.url()).build().unwrap();
    (server, ot)
}

/// Collects a stream in a spawned task, failing (not hanging) if it does not end within five seconds.
async fn collect_spawned(stream: opentok_sdk::paging::Paginated<Archive>) -> Vec<ArchiveId> {
    let task = tokio::spawn(async move { stream.try_collect::<Vec<Archive>>().await });
    let archives = tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("the stream ends")
        .expect("the task does not panic")
        .expect("no error");
    archives.into_iter().map(|a| a.id).collect()
}

fn ids(ids: &[&str]) -> Vec<ArchiveId> {
    ids.iter().map(|id| ArchiveId::from(*id)).collect()
}

#[tokio::test]
async fn owned_stream_moves_into_a_spawned_task() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, _client) = env.live_session().await;
        let mut started = Vec::new();
        for i in 0..5 {
            started
                .push(env.ot.start_archive(session.id()).multi_archive_tag(format!("t{i}")).send().await.unwrap().id);
        }
        started.reverse();
        env.server.clear_requests();
        let stream = env.ot.list_archives().count(2).session_id(session.id()).into_stream();
        // The stream owns its client: the one it came from can go.
        let Env { server, ot, .. } = env;
        drop(ot);
        fn assert_static<T: Send + 'static>(_: &T) {}
        assert_static(&stream);
        assert_eq!(collect_spawned(stream).await, started);
        let offsets: Vec<String> = server.requests().iter().map(|r| r.query.clone().unwrap_or_default()).collect();
        assert_eq!(offsets.len(), 3, "three pages of two: {offsets:?}");
        assert!(offsets[1].contains("offset=2") && offsets[2].contains("offset=4"), "{offsets:?}");
    }
}

#[tokio::test]
async fn huge_count_with_one_item_per_page_ends() {
    let (server, ot) = lying_server().await;
    // Enough lies for ever: each page says there are i64::MAX archives and holds a new one.
    for i in 0..200 {
        server.inject_fault(page(i64::MAX, &[&format!("a{i}")]), 1);
    }
    assert_eq!(collect_spawned(ot.list_archives().into_stream()).await, ids(&["a0"]));
    assert_eq!(server.requests().len(), 1, "a page shorter than asked for is the last");
}

#[tokio::test]
async fn repeated_page_ends() {
    let (server, ot) = lying_server().await;
    server.inject_fault(page(i64::MAX, &["a", "b"]), 200);
    assert_eq!(collect_spawned(ot.list_archives().count(2).into_stream()).await, ids(&["a", "b"]));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn pages_served_in_a_cycle_end() {
    let (server, ot) = lying_server().await;
    for _ in 0..100 {
        server.inject_fault(page(1000, &["a", "b"]), 1);
        server.inject_fault(page(1000, &["c", "d"]), 1);
    }
    assert_eq!(collect_spawned(ot.list_archives().count(2).into_stream()).await, ids(&["a", "b", "c", "d"]));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn empty_page_ends() {
    let (server, ot) = lying_server().await;
    server.inject_fault(page(10, &["a", "b"]), 1);
    server.inject_fault(page(10, &[]), 200);
    assert_eq!(collect_spawned(ot.list_archives().count(2).into_stream()).await, ids(&["a", "b"]));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn the_first_count_reported_is_the_most_yielded() {
    let (server, ot) = lying_server().await;
    server.inject_fault(page(3, &["a", "b"]), 1);
    // The second page claims more, and is full: still only three archives in all.
    server.inject_fault(page(i64::MAX, &["c", "d"]), 200);
    assert_eq!(collect_spawned(ot.list_archives().count(2).into_stream()).await, ids(&["a", "b", "c"]));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_it_is_yielded() {
    let (server, ot) = lying_server().await;
    server.inject_fault(page(4, &["a", "b"]), 1);
    server.inject_fault(
        Fault::Status { status: 500, body: "{}".into(), content_type: Some("application/json".into()) },
        1,
    );
    server.inject_fault(page(4, &["c", "d"]), 200);
    let items: Vec<_> = futures_util::StreamExt::collect::<Vec<_>>(ot.list_archives().count(2).into_stream()).await;
    assert_eq!(items.len(), 3);
    assert!(items[0].is_ok() && items[1].is_ok());
    assert_eq!(items[2].as_ref().unwrap_err().status().map(|s| s.as_u16()), Some(500));
    assert_eq!(server.requests().len(), 2);
}
