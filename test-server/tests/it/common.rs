//! Helpers: our own small JWT/T1 minting (independent of the server's verifier) and an HTTP
//! client that signs every call.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use opentok_test_server::{ClientConnection, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default()
}

/// An HS256 JWT with `header` and `claims`, signed with `secret`.
pub fn sign_jwt_with_header(header: &Value, claims: &Value, secret: &str) -> String {
    let signing_input =
        format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(claims.to_string()));
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(signing_input.as_bytes());
    let sig = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signing_input}.{sig}")
}

pub fn sign_jwt(claims: &Value, secret: &str) -> String {
    sign_jwt_with_header(&json!({"alg": "HS256", "typ": "JWT"}), claims, secret)
}

/// A REST auth JWT as the SDKs send it.
pub fn rest_jwt(api_key: &str, secret: &str) -> String {
    let iat = now();
    sign_jwt(&json!({"iss": api_key, "ist": "project", "iat": iat, "exp": iat + 300, "jti": "x"}), secret)
}

/// A T1 token over the exact `data` string.
pub fn t1_token(api_key: &str, secret: &str, data: &str) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(data.as_bytes());
    let sig: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("T1=={}", STANDARD.encode(format!("partner_id={api_key}&sig={sig}:{data}")))
}

/// A client JWT as the Node SDK makes it.
pub fn client_jwt(api_key: &str, secret: &str, session_id: &str, role: &str) -> String {
    let iat = now();
    sign_jwt(
        &json!({
            "iss": api_key, "ist": "project", "iat": iat, "exp": iat + 86400,
            "session_id": session_id, "create_time": iat, "nonce": 0.5, "role": role,
            "expire_time": iat + 86400, "initial_layout_class_list": "", "scope": "session.connect",
        }),
        secret,
    )
}

pub struct Api {
    pub server: TestServer,
    pub http: reqwest::Client,
}

pub struct Reply {
    pub status: u16,
    pub content_type: Option<String>,
    pub text: String,
    pub json: Value,
}

impl Api {
    pub async fn new() -> Api {
        Api { server: TestServer::start().await, http: reqwest::Client::new() }
    }

    pub fn key(&self) -> &str {
        self.server.api_key()
    }

    pub fn secret(&self) -> &str {
        self.server.api_secret()
    }

    /// `/v2/project/{key}` + `rest`.
    pub fn p(&self, rest: &str) -> String {
        format!("/v2/project/{}{rest}", self.key())
    }

    pub async fn reply(resp: reqwest::Response) -> Reply {
        let status = resp.status().as_u16();
        let content_type = resp.headers().get("content-type").map(|v| v.to_str().unwrap().to_string());
        let text = resp.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply { status, content_type, text, json }
    }

    /// A signed call; `body` is sent as JSON.
    pub async fn call(&self, method: Method, path: impl AsRef<str>, body: Option<Value>) -> Reply {
        let mut req = self
            .http
            .request(method, format!("{}{}", self.server.url(), path.as_ref()))
            .header("X-OPENTOK-AUTH", rest_jwt(self.key(), self.secret()))
            .header("Accept", "application/json");
        if let Some(body) = body {
            req = req.json(&body);
        }
        Api::reply(req.send().await.unwrap()).await
    }

    pub async fn get(&self, path: impl AsRef<str>) -> Reply {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: impl AsRef<str>, body: Value) -> Reply {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn delete(&self, path: impl AsRef<str>) -> Reply {
        self.call(Method::DELETE, path, None).await
    }

    /// `POST /session/create` with form fields.
    pub async fn create_session_form(&self, fields: &[(&str, &str)]) -> Reply {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let resp = self
            .http
            .post(format!("{}/session/create", self.server.url()))
            .header("X-OPENTOK-AUTH", rest_jwt(self.key(), self.secret()))
            .header("Accept", "application/json")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        Api::reply(resp).await
    }

    pub async fn routed_session(&self) -> String {
        self.session_with(&[("p2p.preference", "disabled")]).await
    }

    pub async fn relayed_session(&self) -> String {
        self.session_with(&[("p2p.preference", "enabled")]).await
    }

    pub async fn session_with(&self, fields: &[(&str, &str)]) -> String {
        let reply = self.create_session_form(fields).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json[0]["session_id"].as_str().unwrap().to_string()
    }

    pub fn token(&self, session_id: &str, role: &str) -> String {
        client_jwt(self.key(), self.secret(), session_id, role)
    }

    /// Connects a publisher through the Rust API.
    pub fn connect(&self, session_id: &str) -> ClientConnection {
        self.server.connect_client(session_id, &self.token(session_id, "publisher")).unwrap()
    }

    /// A routed session with one connected publisher.
    pub async fn live_session(&self) -> (String, ClientConnection) {
        let sid = self.routed_session().await;
        let client = self.connect(&sid);
        (sid, client)
    }
}

/// An answer read off a raw TCP connection.
#[derive(Debug)]
pub struct RawReply {
    pub status: u16,
    pub head: String,
    pub body: String,
    pub json: Value,
}

impl RawReply {
    /// A platform error body: `{code: int, message: string, description: string}` and a JSON
    /// content type.
    pub fn assert_platform_error(&self, status: u16) {
        assert_eq!(self.status, status, "{}\n{}", self.head, self.body);
        assert!(self.head.to_ascii_lowercase().contains("content-type: application/json"), "{}", self.head);
        assert!(self.json["code"].is_i64(), "{}", self.body);
        assert!(self.json["message"].as_str().is_some_and(|m| !m.is_empty()), "{}", self.body);
        assert!(self.json["description"].is_string(), "{}", self.body);
    }

    /// hyper's own answer to a request head it cannot parse as HTTP (a request that is not HTTP at all
    /// gets it, as a real platform's edge answers such a request itself): 400, or 414/431 for a head
    /// over the bounds, with no body.
    pub fn is_http_refusal(&self) -> bool {
        let head = self.head.to_ascii_lowercase();
        [400, 414, 431].contains(&self.status) && head.contains("content-length: 0") && !head.contains("content-type")
    }
}

/// Sends `bytes` as they are on a new connection, half-closes it, and reads the first answer
/// (`None` if the server closed without one). Gives up after 5 s.
pub async fn raw(addr: std::net::SocketAddr, bytes: &[u8]) -> Option<RawReply> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    // The server may answer and close before taking every byte: a failed write is fine.
    let _ = stream.write_all(bytes).await;
    let _ = stream.shutdown().await;
    let mut out = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), stream.read_to_end(&mut out)).await;
    parse_reply(&out)
}

/// The first HTTP response in `bytes` (its body by `content-length`).
pub fn parse_reply(bytes: &[u8]) -> Option<RawReply> {
    let text = String::from_utf8_lossy(bytes);
    let (head, rest) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let length = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>()))
        .and_then(Result::ok)
        .unwrap_or(rest.len());
    let body: String = rest.chars().take(length).collect();
    let json = serde_json::from_str(&body).unwrap_or(Value::Null);
    Some(RawReply { status, head: head.to_string(), body, json })
}

/// Starts the standalone binary with `args`. Returns its line as written and as JSON (`None` if it ended
/// without one) and the child, which is killed when dropped.
pub async fn start_binary(args: &[&str]) -> (Option<(String, Value)>, tokio::process::Child) {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_opentok-test-server"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the test server binary starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(stdout));
    let line = tokio::time::timeout(std::time::Duration::from_secs(20), lines.next_line())
        .await
        .expect("a line (or the end) within 20 s")
        .expect("readable stdout");
    let line = line.map(|l| {
        let json = serde_json::from_str(&l).expect("the line is JSON");
        (l, json)
    });
    (line, child)
}
