//! Application mode: `Authorization: Bearer` RS256 JWTs checked against the application's public key,
//! each scheme refused where the other is expected, RS256 client tokens, `applicationId` on objects, and
//! the binary's flags. The JWTs here are signed by the tests' own code (aws-lc-rs with the private key the
//! server issued), not by the SDK.

use crate::common::{now, rest_jwt, sign_jwt_with_header, start_binary};
use aws_lc_rs::{
    rand::SystemRandom,
    signature::{RsaKeyPair, RSA_PKCS1_SHA256},
};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use opentok_test_server::TestServer;
use serde_json::{json, Value};

fn key_of(pem: &str) -> RsaKeyPair {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    RsaKeyPair::from_pkcs8(&STANDARD.decode(body).unwrap()).unwrap()
}

fn rs256(key: &RsaKeyPair, header: &Value, claims: &Value) -> String {
    let input =
        format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(claims.to_string()));
    let mut sig = vec![0; key.public_modulus_len()];
    key.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), input.as_bytes(), &mut sig).unwrap();
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
}

pub(crate) fn bearer_claims(app_id: &str) -> Value {
    let iat = now();
    json!({"application_id": app_id, "iat": iat, "exp": iat + 300, "jti": "8e3b0a52-1c3a-4a6e-9a0e-6b1f0d2c4e5f"})
}

/// A server in application mode, with the application's key to sign requests and client tokens.
pub(crate) struct App {
    pub server: TestServer,
    key: RsaKeyPair,
    http: reqwest::Client,
}

impl App {
    pub async fn start() -> App {
        let server = TestServer::start_application().await;
        let key = key_of(server.private_key_pem().expect("a fresh application's key"));
        App { server, key, http: reqwest::Client::new() }
    }

    pub fn id(&self) -> &str {
        self.server.application_id().expect("application mode")
    }

    pub fn jwt(&self, claims: &Value) -> String {
        rs256(&self.key, &json!({"alg": "RS256", "typ": "JWT"}), claims)
    }

    /// An RS256 client token for `session_id` with `role`.
    pub fn client_token(&self, session_id: &str, role: &str) -> String {
        let iat = now();
        self.jwt(&json!({"scope": "session.connect", "session_id": session_id, "role": role, "exp": iat + 3600,
            "jti": "j", "iat": iat, "application_id": self.id()}))
    }

    /// A routed session.
    pub async fn routed_session(&self) -> String {
        let bearer = self.jwt(&bearer_claims(self.id()));
        let (status, body) = self.create_session(&[("Authorization", format!("Bearer {bearer}"))]).await;
        assert_eq!(status, 200, "{body}");
        body[0]["session_id"].as_str().unwrap().to_owned()
    }

    /// A signed call under `/v2/project/{application id}` + `rest`, with a JSON body.
    pub async fn call(&self, method: reqwest::Method, rest: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}/v2/project/{}{rest}", self.server.url(), self.id());
        let mut req = self.http.request(method, url).bearer_auth(self.jwt(&bearer_claims(self.id())));
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    async fn create_session(&self, headers: &[(&str, String)]) -> (u16, Value) {
        let mut req = self
            .http
            .post(format!("{}/session/create", self.server.url()))
            .header("Accept", "application/json")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("p2p.preference=disabled");
        for (name, value) in headers {
            req = req.header(*name, value);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str, bearer: &str) -> (u16, Value) {
        let resp = self.http.get(format!("{}{path}", self.server.url())).bearer_auth(bearer).send().await.unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }
}

#[tokio::test]
async fn bearer_rs256_is_the_only_way_in() {
    let app = App::start().await;
    assert_eq!(app.server.api_secret(), "");
    let good = app.jwt(&bearer_claims(app.id()));
    let (status, body) = app.create_session(&[("Authorization", format!("Bearer {good}"))]).await;
    assert_eq!(status, 200, "{body}");
    let created = &body[0];
    assert_eq!(created["application_id"], app.id());
    assert!(created.get("project_id").is_none() && created.get("partner_id").is_none(), "{body}");

    let other = key_of(TestServer::start_application().await.private_key_pem().unwrap());
    let iat = now();
    let refused: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("no auth", vec![]),
        ("X-OPENTOK-AUTH instead", vec![("X-OPENTOK-AUTH", rest_jwt(app.id(), "secret"))]),
        (
            "both schemes",
            vec![("Authorization", format!("Bearer {good}")), ("X-OPENTOK-AUTH", rest_jwt(app.id(), "secret"))],
        ),
        ("not Bearer", vec![("Authorization", good.clone())]),
        (
            "another key",
            vec![(
                "Authorization",
                format!("Bearer {}", rs256(&other, &json!({"alg": "RS256"}), &bearer_claims(app.id()))),
            )],
        ),
        (
            "HS256",
            vec![(
                "Authorization",
                format!("Bearer {}", sign_jwt_with_header(&json!({"alg": "HS256"}), &bearer_claims(app.id()), "x")),
            )],
        ),
        (
            "alg none",
            vec![(
                "Authorization",
                format!(
                    "Bearer {}.",
                    good.rsplit_once('.').unwrap().0.replace(
                        &URL_SAFE_NO_PAD.encode(json!({"alg": "RS256", "typ": "JWT"}).to_string()),
                        &URL_SAFE_NO_PAD.encode(json!({"alg": "none"}).to_string()),
                    )
                ),
            )],
        ),
        (
            "another application",
            vec![(
                "Authorization",
                format!("Bearer {}", app.jwt(&bearer_claims("00000000-0000-4000-8000-000000000000"))),
            )],
        ),
        (
            "expired",
            vec![(
                "Authorization",
                format!(
                    "Bearer {}",
                    app.jwt(&json!({"application_id": app.id(), "iat": iat - 900, "exp": iat - 600, "jti": "j"}))
                ),
            )],
        ),
        (
            "iat at i64::MIN",
            vec![(
                "Authorization",
                format!(
                    "Bearer {}",
                    app.jwt(&json!({"application_id": app.id(), "iat": i64::MIN, "exp": i64::MAX, "jti": "j"}))
                ),
            )],
        ),
        (
            "no jti",
            vec![(
                "Authorization",
                format!("Bearer {}", app.jwt(&json!({"application_id": app.id(), "iat": iat, "exp": iat + 300}))),
            )],
        ),
        (
            "numeric application_id",
            vec![(
                "Authorization",
                format!("Bearer {}", app.jwt(&json!({"application_id": 7, "iat": iat, "exp": iat + 300, "jti": "j"}))),
            )],
        ),
    ];
    for (case, headers) in refused {
        let (status, body) = app.create_session(&headers).await;
        assert_eq!(status, 403, "{case}: {body}");
        assert_eq!(body["code"], -1, "{case}: {body}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{case}: {body}");
    }

    // The path must name this application.
    let (status, _) = app.get("/v2/project/00000000-0000-4000-8000-000000000000/archive", &good).await;
    assert_eq!(status, 403);
    let (status, body) = app.get(&format!("/v2/project/{}/archive", app.id()), &good).await;
    assert_eq!((status, &body["count"]), (200, &json!(0)), "{body}");
}

#[tokio::test]
async fn a_project_server_refuses_bearer_tokens() {
    let server = TestServer::start().await;
    let app = App::start().await;
    let resp = reqwest::Client::new()
        .get(format!("{}/v2/project/{}/archive", server.url(), server.api_key()))
        .bearer_auth(app.jwt(&bearer_claims(app.id())))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    let body: Value = resp.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("X-OPENTOK-AUTH"), "{body}");
}

#[tokio::test]
async fn rs256_client_tokens_connect_and_objects_name_the_application() {
    let app = App::start().await;
    let good = app.jwt(&bearer_claims(app.id()));
    let (_, body) = app.create_session(&[("Authorization", format!("Bearer {good}"))]).await;
    let sid = body[0]["session_id"].as_str().unwrap().to_owned();
    let token = |claims: Value| app.jwt(&claims);
    let iat = now();
    let claims = |sid: &str, role: &str| {
        json!({"scope": "session.connect", "session_id": sid, "role": role, "initial_layout_class_list": "focus",
            "exp": iat + 3600, "sub": "video", "acl": {"paths": {"/session/**": {}}}, "jti": "j", "iat": iat,
            "application_id": app.id()})
    };
    let client = app.server.connect_client(&sid, &token(claims(&sid, "moderator"))).expect("RS256 token accepted");
    assert!(!client.stream_id.is_empty());

    let mut wrong_scope = claims(&sid, "publisher");
    wrong_scope["scope"] = json!("session.other");
    let mut expired = claims(&sid, "publisher");
    expired["exp"] = json!(iat - 10);
    let mut foreign = claims(&sid, "publisher");
    foreign["application_id"] = json!("00000000-0000-4000-8000-000000000000");
    for (case, bad) in [
        ("bad role", token(claims(&sid, "admin"))),
        ("wrong scope", token(wrong_scope)),
        ("expired", token(expired)),
        ("another application", token(foreign)),
        ("HS256", crate::common::client_jwt(app.id(), "secret", &sid, "publisher")),
        (
            "T1",
            crate::common::t1_token(
                app.id(),
                "secret",
                &format!("session_id={sid}&create_time={iat}&role=publisher&nonce=1&expire_time={}", iat + 60),
            ),
        ),
    ] {
        let err = app.server.connect_client(&sid, &bad).expect_err(case);
        assert_eq!(err.status, 403, "{case}: {}", err.message);
    }

    let (status, conns) = app
        .get(&format!("/v2/project/{}/session/{sid}/connection", app.id()), &app.jwt(&bearer_claims(app.id())))
        .await;
    assert_eq!(status, 200);
    assert_eq!(conns["applicationId"], app.id());
    assert!(conns.get("projectId").is_none(), "{conns}");
}

async fn run_binary(args: &[&str]) -> (Option<Value>, std::process::ExitStatus) {
    let (info, mut child) = start_binary(args).await;
    let info = info.map(|(_, json)| json);
    if info.is_some() {
        child.kill().await.unwrap();
    }
    (info, child.wait().await.unwrap())
}

#[tokio::test]
async fn the_binary_runs_in_application_mode() {
    let (info, _) = run_binary(&["--new-application"]).await;
    let info = info.expect("a JSON line");
    let keys: Vec<&str> = info.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 3, "{info}");
    assert!(info["private_key"].as_str().unwrap().starts_with("-----BEGIN PRIVATE KEY-----"));
    let id = info["application_id"].as_str().unwrap();
    assert!(uuid::Uuid::try_parse(id).is_ok());

    // With an application's id and public key from a file.
    let app = App::start().await;
    let pem_path = std::env::temp_dir().join(format!("opentok-test-server-app-{}.pem", std::process::id()));
    std::fs::write(&pem_path, app.server.public_key_pem().unwrap()).unwrap();
    let (info, mut child) =
        start_binary(&["--application-id", app.id(), "--public-key", pem_path.to_str().unwrap()]).await;
    let (_, info) = info.expect("a JSON line");
    assert_eq!(info["application_id"], app.id());
    assert!(info.get("private_key").is_none() && info.get("api_secret").is_none(), "{info}");
    let resp = reqwest::Client::new()
        .get(format!("{}/v2/project/{}/archive", info["url"].as_str().unwrap(), app.id()))
        .bearer_auth(app.jwt(&bearer_claims(app.id())))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    child.kill().await.unwrap();

    // A bad key or id is a usage error.
    std::fs::write(&pem_path, "not a key").unwrap();
    let (info, status) = run_binary(&["--application-id", app.id(), "--public-key", pem_path.to_str().unwrap()]).await;
    assert!(info.is_none() && status.code() == Some(2), "{status:?}");
    let (info, status) =
        run_binary(&["--application-id", "12345678", "--public-key", pem_path.to_str().unwrap()]).await;
    assert!(info.is_none() && status.code() == Some(2), "{status:?}");
    std::fs::remove_file(&pem_path).unwrap();
}
