use std::time::{Duration, Instant};

use opentok_test_server::Fault;
use serde_json::json;

use crate::common::Api;

#[tokio::test]
async fn status_fault_for_n_requests_then_normal() {
    let api = Api::new().await;
    api.server.inject_fault(
        Fault::Status {
            status: 503,
            body: "{\"code\":503,\"message\":\"busy\"}".into(),
            content_type: Some("application/json".into()),
        },
        2,
    );
    // Control calls are neither faulted nor recorded.
    let project: serde_json::Value =
        api.http.get(format!("{}/_test/project", api.server.url())).send().await.unwrap().json().await.unwrap();
    assert_eq!(project["api_key"], api.key());
    assert_eq!(project["url"], api.server.url());
    for _ in 0..2 {
        let reply = api.get(&api.p("/archive")).await;
        assert_eq!((reply.status, reply.json["message"].as_str()), (503, Some("busy")));
        assert_eq!(reply.content_type.as_deref(), Some("application/json"));
    }
    assert_eq!(api.get(&api.p("/archive")).await.status, 200);
    assert_eq!(api.server.requests().len(), 3);

    api.server.inject_fault(Fault::Status { status: 500, body: "<html>oops</html>".into(), content_type: None }, 1);
    let reply = api.get(&api.p("/archive")).await;
    assert_eq!((reply.status, reply.content_type, reply.text.as_str()), (500, None, "<html>oops</html>"));
}

#[tokio::test]
async fn delay_then_serve() {
    let api = Api::new().await;
    api.server.inject_fault(Fault::Delay(Duration::from_millis(300)), 1);
    let t = Instant::now();
    assert_eq!(api.get(&api.p("/archive")).await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn drop_closes_the_connection() {
    let api = Api::new().await;
    api.server.inject_fault(Fault::Drop, 1);
    let url = format!("{}{}", api.server.url(), api.p("/archive"));
    let err = api.http.get(&url).send().await.unwrap_err();
    assert!(!err.is_status(), "{err:?}");
    assert_eq!(api.get(&api.p("/archive")).await.status, 200);
    assert_eq!(api.server.requests().len(), 2);
}

#[tokio::test]
async fn faults_and_requests_over_http() {
    let api = Api::new().await;
    let base = api.server.url();
    let resp = api
        .http
        .post(format!("{base}/_test/faults"))
        .json(&json!({"status": 429, "body": "slow down", "contentType": "text/plain", "count": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 204);
    let reply = api.post(&api.p("/archive?x=1"), json!({"sessionId": "s"})).await;
    assert_eq!((reply.status, reply.text.as_str()), (429, "slow down"));
    assert_eq!(api.http.post(format!("{base}/_test/faults")).json(&json!({})).send().await.unwrap().status(), 400);

    let recorded = &api.server.requests()[0];
    assert_eq!((recorded.method.as_str(), recorded.query.as_deref()), ("POST", Some("x=1")));
    assert_eq!(recorded.path, api.p("/archive"));
    assert!(recorded.header("X-OpenTok-Auth").is_some());
    assert!(recorded.headers.iter().all(|(n, _)| *n == n.to_lowercase()));
    assert_eq!(recorded.body_json(), Some(json!({"sessionId": "s"})));

    let all: serde_json::Value =
        api.http.get(format!("{base}/_test/requests")).send().await.unwrap().json().await.unwrap();
    assert_eq!(all[0]["method"], "POST");
    assert_eq!(all[0]["query"], "x=1");
    assert_eq!(all[0]["body"], "{\"sessionId\":\"s\"}");
    assert_eq!(all[0]["headers"]["accept"], "application/json");
    assert_eq!(api.http.delete(format!("{base}/_test/requests")).send().await.unwrap().status(), 204);
    assert!(api.server.requests().is_empty());

    api.create_session_form(&[("p2p.preference", "enabled"), ("archiveMode", "manual")]).await;
    let form = api.server.requests()[0].form();
    assert_eq!(form, [("p2p.preference".to_string(), "enabled".to_string()), ("archiveMode".into(), "manual".into())]);
    api.server.clear_requests();
    assert!(api.server.requests().is_empty());
}

#[tokio::test]
async fn an_interim_status_fault_answers_500_and_the_control_api_refuses_it() {
    let api = Api::new().await;
    api.server.inject_fault(Fault::Status { status: 101, body: String::new(), content_type: None }, 1);
    assert_eq!(api.get(&api.p("/archive")).await.status, 500);
    let resp =
        api.http.post(format!("{}/_test/faults", api.server.url())).json(&json!({"status": 100})).send().await.unwrap();
    assert_eq!(resp.status(), 400);
}
