//! Every operation the test server serves, in each state the platform documents an answer for, in both
//! modes (an OpenTok project's HS256 `X-OPENTOK-AUTH` and a Vonage application's RS256 Bearer), over
//! raw HTTP: the status and the body's shape (`STATUSES.md` holds the same table with its sources).
//!
//! One table of cases, one runner. A case's path and body name what it needs in angle brackets, and
//! the runner makes each thing fresh for the case, in the state its name gives:
//!
//! | name | what |
//! |---|---|
//! | `<live>`, `<empty>`, `<relayed>` | a routed session with one publisher connected; a routed session that never had a client; a relayed session with a client |
//! | `<conn>`, `<stream>` | the connection and stream of `<live>`'s publisher |
//! | `<unknown-sid>`, `<bad-sid>` | a session id of the right shape that the server does not hold; text that is no session id |
//! | `<unknown>` | a UUID that names nothing |
//! | `<session>` | the case's session: the first it names (in `given`, then path, then body), else a `<live>` one |
//! | `<token:ROLE>` | a client token for the case's session |
//! | `<archive:STATE>` | an archive of the case's session: `started`, `paused`, `stopped`, `available`, `uploaded`, `failed`, `expired` (composed, automatic stream mode), `manual` (started, manual stream mode), `individual` (started), `auto` (the automatic archive of an `always` session) |
//! | `<broadcast:STATE>` | `started`, `manual` (started, manual stream mode), `stopped`, `failed` |
//! | `<render:STATE>` | an Experience Composer: `starting`, `started`, `stopped`, `failed` |
//! | `<captions:STATE>` | a Live Captions: `started`, `stopped`, `failed` |
//! | `<129 bytes>` | `a` 129 times |
//!
//! A case's `given` names things to make before the call (the session of a start, a running archive of
//! it). Paths are under `/v2/project/{key or application id}` except `/session/create`.

use std::collections::HashMap;

use reqwest::Method;
use serde_json::{json, Value};

use crate::application::{bearer_claims, App};
use crate::common::{rest_jwt, Api};
use opentok_test_server::TestServer;

/// What the answer's body must be.
#[derive(Clone, Copy, Debug)]
enum Body {
    /// The platform's error body `{code, message, description}` with this `code`.
    Error(i64),
    /// No body.
    Empty,
    /// A JSON object with exactly these members.
    Object(&'static [&'static str]),
    /// A JSON object with these members and the mode's owner member (`projectId`, or `applicationId`),
    /// not the other mode's.
    Owned(&'static [&'static str]),
    /// An archive in this `status`: `id`, `sessionId`, `createdAt`, the owner members (with a project's
    /// `partnerId`) and `"event": "archive"`.
    Archive(&'static str),
    /// A broadcast in this `status`, with the same members and `"event": "broadcast"`.
    Broadcast(&'static str),
    /// An Experience Composer in this `status`: `id`, `sessionId`, `createdAt`, the owner member.
    Render(&'static str),
    /// The connections of a session: `{count, sessionId, items}` with the owner member, each item
    /// `{connectionId, connectionState: "Connected", createdAt: <number>}`.
    Connections,
    /// A page: `{count: <total>, items: [..]}`.
    List,
    /// The project details in the mode's shape: `{id, ...}` with the API key, or `{applicationId, ...}`.
    Details,
    /// `/session/create`'s JSON array of one session, with `project_id` or `application_id`.
    Sessions,
}

struct Case {
    method: &'static str,
    path: &'static str,
    /// The JSON body ("" for none).
    body: &'static str,
    given: &'static str,
    status: u16,
    answer: Body,
}

const fn case(method: &'static str, path: &'static str, body: &'static str, status: u16, answer: Body) -> Case {
    Case { method, path, body, given: "", status, answer }
}

impl Case {
    /// The case with `things` made first (the first session among them is the case's `<session>`).
    const fn given(self, things: &'static str) -> Case {
        Case { given: things, ..self }
    }
}

const GET: &str = "GET";
const POST: &str = "POST";
const PUT: &str = "PUT";
const PATCH: &str = "PATCH";
const DELETE: &str = "DELETE";
use Body::*;

const SIGNAL: &str = r#"{"type": "chat", "data": "hello"}"#;
const MUTE: &str = r#"{"active": true, "excludedStreamIds": []}"#;
const CLASSES: &str = r#"{"items": [{"id": "<stream>", "layoutClassList": ["full"]}]}"#;
const UNKNOWN_CLASSES: &str = r#"{"items": [{"id": "<unknown>", "layoutClassList": []}]}"#;
const ARCHIVE: &str = r#"{"sessionId": "<session>"}"#;
const HLS: &str = r#"{"sessionId": "<session>", "outputs": {"hls": {}}}"#;
const PIP: &str = r#"{"type": "pip"}"#;
const NOPE: &str = r#"{"type": "nope"}"#;
const ADD: &str = r#"{"addStream": "<stream>"}"#;
const DIAL: &str = r#"{"sessionId": "<session>", "token": "<token:publisher>", "sip": {"uri": "sip:a@b.c"}}"#;
const CAPTIONS: &str = r#"{"sessionId": "<session>", "token": "<token:moderator>"}"#;
const RENDER: &str = r#"{"sessionId": "<session>", "token": "<token:publisher>", "url": "https://example.com/x"}"#;
const CONNECT: &str =
    r#"{"sessionId": "<session>", "token": "<token:publisher>", "websocket": {"uri": "wss://a.b/ws"}}"#;
const DIGITS: &str = r#"{"digits": "1p#"}"#;

/// The table: for each operation, its documented answers and the states that give each. The rows
/// marked `divergence` or `choice` are the README's "Known divergences" (with the reasons).
const CASES: &[Case] = &[
    // Sessions.
    case(POST, "/session/create", "", 200, Sessions),
    case(POST, "/session/<live>/migrate", "", 202, Object(&["message"])),
    case(POST, "/session/<empty>/migrate", "", 404, Error(404)),
    case(POST, "/session/<unknown-sid>/migrate", "", 400, Error(400)),
    case(GET, "/session/<live>/connection", "", 200, Connections), // divergence
    case(GET, "/session/<empty>/connection", "", 200, Connections), // choice
    case(GET, "/session/<unknown-sid>/connection", "", 404, Error(404)),
    case(GET, "/session/<bad-sid>/connection", "", 400, Error(400)),
    // Signals.
    case(POST, "/session/<live>/signal", SIGNAL, 204, Empty),
    case(POST, "/session/<empty>/signal", SIGNAL, 204, Empty), // choice
    case(POST, "/session/<live>/connection/<conn>/signal", SIGNAL, 204, Empty),
    case(POST, "/session/<live>/connection/<unknown>/signal", SIGNAL, 404, Error(404)),
    case(POST, "/session/<unknown-sid>/signal", SIGNAL, 404, Error(404)),
    case(POST, "/session/<bad-sid>/signal", SIGNAL, 400, Error(400)),
    case(POST, "/session/<live>/signal", r#"{"data": "d"}"#, 400, Error(400)),
    case(POST, "/session/<live>/signal", r#"{"type": "<129 bytes>", "data": "d"}"#, 413, Error(413)),
    // Moderation.
    case(DELETE, "/session/<live>/connection/<conn>", "", 204, Empty),
    case(DELETE, "/session/<live>/connection/<unknown>", "", 404, Error(404)),
    case(DELETE, "/session/<bad-sid>/connection/<unknown>", "", 400, Error(400)),
    case(POST, "/session/<live>/stream/<stream>/mute", "", 200, Details), // divergence
    case(POST, "/session/<live>/stream/<unknown>/mute", "", 404, Error(404)),
    case(POST, "/session/<live>/mute", MUTE, 200, Details),
    case(POST, "/session/<empty>/mute", MUTE, 200, Details), // choice
    case(POST, "/session/<live>/mute", r#"{"active": false}"#, 200, Details), // divergence
    case(POST, "/session/<live>/mute", "{}", 400, Error(400)),
    case(POST, "/session/<unknown-sid>/mute", MUTE, 404, Error(404)),
    // Streams.
    case(GET, "/session/<live>/stream/<stream>", "", 200, Object(&["id", "videoType", "name", "layoutClassList"])),
    case(GET, "/session/<live>/stream/<unknown>", "", 404, Error(404)), // divergence
    case(GET, "/session/<live>/stream", "", 200, List),
    case(GET, "/session/<empty>/stream", "", 200, List), // divergence
    case(GET, "/session/<unknown-sid>/stream", "", 404, Error(404)),
    case(PUT, "/session/<live>/stream", CLASSES, 200, Empty),
    case(PUT, "/session/<live>/stream", UNKNOWN_CLASSES, 404, Error(404)), // divergence
    case(PUT, "/session/<live>/stream", "{}", 400, Error(400)),
    // Archives: start.
    case(POST, "/archive", ARCHIVE, 200, Archive("started")),
    case(POST, "/archive", ARCHIVE, 404, Error(404)).given("<empty>"),
    case(POST, "/archive", ARCHIVE, 409, Error(409)).given("<relayed>"),
    case(POST, "/archive", ARCHIVE, 404, Error(404)).given("<unknown-sid>"),
    case(POST, "/archive", ARCHIVE, 400, Error(400)).given("<bad-sid>"),
    case(POST, "/archive", ARCHIVE, 409, Error(15001)).given("<archive:started>"),
    case(POST, "/archive", "{}", 400, Error(400)),
    case(
        POST,
        "/archive",
        r#"{"sessionId": "<live>", "outputMode": "individual", "resolution": "640x480"}"#,
        400,
        Error(400),
    ),
    // Archives: read, list, stop, delete, in each status.
    case(GET, "/archive/<archive:started>", "", 200, Archive("started")),
    case(GET, "/archive/<archive:paused>", "", 200, Archive("paused")),
    case(GET, "/archive/<archive:stopped>", "", 200, Archive("stopped")),
    case(GET, "/archive/<archive:available>", "", 200, Archive("available")),
    case(GET, "/archive/<archive:failed>", "", 200, Archive("failed")),
    case(GET, "/archive/<archive:expired>", "", 200, Archive("expired")),
    case(GET, "/archive/<unknown>", "", 404, Error(404)), // divergence
    case(GET, "/archive?sessionId=<live>", "", 200, List),
    case(GET, "/archive?count=0", "", 400, Error(400)), // divergence
    case(POST, "/archive/<archive:started>/stop", "", 200, Archive("stopped")),
    case(POST, "/archive/<archive:paused>/stop", "", 200, Archive("stopped")),
    case(POST, "/archive/<archive:auto>/stop", "", 200, Archive("started")), // choice
    case(POST, "/archive/<archive:stopped>/stop", "", 409, Error(409)),
    case(POST, "/archive/<archive:available>/stop", "", 409, Error(409)),
    case(POST, "/archive/<archive:failed>/stop", "", 409, Error(409)),
    case(POST, "/archive/<unknown>/stop", "", 404, Error(404)),
    case(DELETE, "/archive/<archive:available>", "", 204, Empty),
    case(DELETE, "/archive/<archive:uploaded>", "", 204, Empty),
    case(DELETE, "/archive/<archive:started>", "", 409, Error(409)),
    case(DELETE, "/archive/<archive:paused>", "", 409, Error(409)),
    case(DELETE, "/archive/<archive:stopped>", "", 409, Error(409)),
    case(DELETE, "/archive/<archive:failed>", "", 409, Error(409)),
    case(DELETE, "/archive/<archive:expired>", "", 409, Error(409)),
    case(DELETE, "/archive/<unknown>", "", 404, Error(404)), // divergence
    // Archives: layout and streams.
    case(PUT, "/archive/<archive:started>/layout", PIP, 200, Empty),
    case(PUT, "/archive/<archive:paused>/layout", PIP, 200, Empty),
    case(PUT, "/archive/<archive:started>/layout", NOPE, 400, Error(400)),
    case(PUT, "/archive/<archive:individual>/layout", PIP, 400, Error(400)),
    case(PUT, "/archive/<archive:stopped>/layout", PIP, 404, Error(404)), // choice
    case(PUT, "/archive/<unknown>/layout", PIP, 404, Error(404)),         // divergence
    case(PATCH, "/archive/<archive:manual>/streams", ADD, 204, Empty),
    case(PATCH, "/archive/<archive:manual>/streams", r#"{"removeStream": "<stream>"}"#, 404, Error(404)),
    case(PATCH, "/archive/<archive:manual>/streams", r#"{"addStream": "<unknown>"}"#, 404, Error(404)),
    case(PATCH, "/archive/<archive:started>/streams", ADD, 400, Error(400)),
    case(PATCH, "/archive/<archive:stopped>/streams", ADD, 404, Error(404)), // choice
    case(PATCH, "/archive/<unknown>/streams", ADD, 404, Error(404)),
    // Broadcasts.
    case(POST, "/broadcast", HLS, 200, Broadcast("started")),
    case(POST, "/broadcast", HLS, 404, Error(404)).given("<empty>"), // choice
    case(POST, "/broadcast", HLS, 409, Error(409)).given("<relayed>"), // divergence
    case(POST, "/broadcast", HLS, 404, Error(404)).given("<unknown-sid>"), // choice
    case(POST, "/broadcast", HLS, 400, Error(400)).given("<bad-sid>"),
    case(POST, "/broadcast", HLS, 409, Error(409)).given("<broadcast:started>"),
    case(POST, "/broadcast", r#"{"sessionId": "<live>", "outputs": {}}"#, 400, Error(400)),
    case(GET, "/broadcast/<broadcast:started>", "", 200, Broadcast("started")),
    case(GET, "/broadcast/<broadcast:stopped>", "", 200, Broadcast("stopped")),
    case(GET, "/broadcast/<broadcast:failed>", "", 200, Broadcast("failed")),
    case(GET, "/broadcast/<unknown>", "", 404, Error(404)), // divergence
    case(GET, "/broadcast?sessionId=<live>", "", 200, List),
    case(GET, "/broadcast?count=1001", "", 400, Error(400)), // divergence
    case(POST, "/broadcast/<broadcast:started>/stop", "", 200, Broadcast("stopped")),
    case(POST, "/broadcast/<broadcast:stopped>/stop", "", 404, Error(404)),
    case(POST, "/broadcast/<broadcast:failed>/stop", "", 404, Error(404)),
    case(POST, "/broadcast/<unknown>/stop", "", 404, Error(404)),
    case(PUT, "/broadcast/<broadcast:started>/layout", PIP, 200, Empty),
    case(PUT, "/broadcast/<broadcast:started>/layout", NOPE, 400, Error(400)),
    case(PUT, "/broadcast/<broadcast:stopped>/layout", PIP, 404, Error(404)),
    case(PUT, "/broadcast/<unknown>/layout", PIP, 404, Error(404)),
    case(PATCH, "/broadcast/<broadcast:manual>/streams", ADD, 204, Empty),
    case(PATCH, "/broadcast/<broadcast:started>/streams", ADD, 400, Error(400)),
    case(PATCH, "/broadcast/<broadcast:stopped>/streams", ADD, 404, Error(404)),
    case(PATCH, "/broadcast/<unknown>/streams", ADD, 404, Error(404)),
    // SIP.
    case(POST, "/dial", DIAL, 200, Owned(&["id", "connectionId", "streamId"])),
    case(POST, "/dial", DIAL, 409, Error(409)).given("<relayed>"),
    case(POST, "/dial", DIAL, 404, Error(404)).given("<unknown-sid>"),
    case(POST, "/dial", DIAL, 400, Error(400)).given("<bad-sid>"),
    case(POST, "/dial", r#"{"sessionId": "<live>", "token": "x", "sip": {"uri": "sip:a@b.c"}}"#, 403, Error(403)),
    case(
        POST,
        "/dial",
        r#"{"sessionId": "<live>", "token": "<token:publisher>", "sip": {"uri": "tel:1"}}"#,
        400,
        Error(400),
    ),
    case(POST, "/session/<live>/play-dtmf", DIGITS, 200, Empty),
    case(POST, "/session/<live>/connection/<conn>/play-dtmf", DIGITS, 200, Empty),
    case(POST, "/session/<live>/connection/<unknown>/play-dtmf", DIGITS, 404, Error(404)),
    case(POST, "/session/<unknown-sid>/play-dtmf", DIGITS, 404, Error(404)),
    case(POST, "/session/<live>/play-dtmf", r#"{"digits": "x"}"#, 400, Error(400)),
    // Live Captions.
    case(POST, "/captions", CAPTIONS, 202, Object(&["captionsId"])),
    case(POST, "/captions", CAPTIONS, 409, Error(409)).given("<relayed>"),
    case(POST, "/captions", CAPTIONS, 400, Error(400)).given("<unknown-sid>"),
    case(POST, "/captions", CAPTIONS, 409, Error(409)).given("<captions:started>"),
    case(POST, "/captions", r#"{"sessionId": "<live>", "token": "<token:publisher>"}"#, 403, Error(10002)),
    case(
        POST,
        "/captions",
        r#"{"sessionId": "<live>", "token": "<token:moderator>", "maxDuration": 60}"#,
        400,
        Error(400),
    ),
    case(POST, "/captions/<captions:started>/stop", "", 202, Empty),
    case(POST, "/captions/<captions:stopped>/stop", "", 404, Error(404)),
    case(POST, "/captions/<captions:failed>/stop", "", 404, Error(404)),
    case(POST, "/captions/<unknown>/stop", "", 404, Error(404)),
    case(GET, "/captions/<captions:started>", "", 404, Error(404)), // choice
    // Experience Composer.
    case(POST, "/render", RENDER, 202, Render("starting")),
    case(POST, "/render", RENDER, 409, Error(409)).given("<relayed>"), // divergence
    case(POST, "/render", RENDER, 400, Error(50008)).given("<unknown-sid>"),
    case(
        POST,
        "/render",
        r#"{"sessionId": "<live>", "token": "x", "url": "https://example.com/x"}"#,
        403,
        Error(10001),
    ),
    case(
        POST,
        "/render",
        r#"{"sessionId": "<live>", "token": "<token:publisher>", "url": "ftp://x"}"#,
        400,
        Error(50001),
    ),
    case(GET, "/render/<render:started>", "", 200, Render("started")),
    case(GET, "/render/<render:stopped>", "", 200, Render("stopped")),
    case(GET, "/render/<render:failed>", "", 200, Render("failed")),
    case(GET, "/render/<unknown>", "", 404, Error(404)),
    case(GET, "/render", "", 200, List),
    case(DELETE, "/render/<render:starting>", "", 204, Empty),
    case(DELETE, "/render/<render:started>", "", 204, Empty),
    case(DELETE, "/render/<render:stopped>", "", 404, Error(404)),
    case(DELETE, "/render/<render:failed>", "", 404, Error(404)),
    case(DELETE, "/render/<unknown>", "", 404, Error(404)),
    // Audio Connector.
    case(POST, "/connect", CONNECT, 200, Object(&["id", "connectionId"])), // divergence
    case(POST, "/connect", CONNECT, 409, Error(409)).given("<relayed>"),
    case(POST, "/connect", CONNECT, 400, Error(400)).given("<unknown-sid>"),
    case(
        POST,
        "/connect",
        r#"{"sessionId": "<live>", "token": "x", "websocket": {"uri": "wss://a.b/ws"}}"#,
        403,
        Error(10001),
    ),
    case(
        POST,
        "/connect",
        r#"{"sessionId": "<live>", "token": "<token:publisher>", "websocket": {"uri": "x"}}"#,
        400,
        Error(400),
    ),
    case(POST, "/connect/<unknown>/stop", "", 404, Error(404)),
];

#[tokio::test]
async fn every_operation_answers_as_documented_in_both_modes() {
    let mut failures = Vec::new();
    for account in [Account::Project(Api::new().await), Account::Application(App::start().await)] {
        for case in CASES {
            if let Err(failure) = run(&account, case).await {
                failures.push(format!("{} {} {}: {failure}", account.mode(), case.method, case.path));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} cases:\n{}", failures.len(), 2 * CASES.len(), failures.join("\n"));
}

/// Makes what the case names, calls, and checks the answer.
async fn run(account: &Account, case: &Case) -> Result<(), String> {
    let mut things = Things::default();
    things.fill(account, case.given).await;
    let path = things.fill(account, case.path).await;
    let body = things.fill(account, case.body).await;
    let body = (!body.is_empty()).then_some(body);
    let answer = account.send(case.method, &path, body.as_deref()).await;
    let seen = format!("{} {}", answer.status, answer.text);
    if answer.status != case.status {
        return Err(format!("expected {}, got {seen}", case.status));
    }
    let json = serde_json::from_str::<Value>(&answer.text).unwrap_or(Value::Null);
    let is_json = answer.content_type.starts_with("application/json");
    let ok = match case.answer {
        Error(code) => {
            is_json
                && json["code"] == json!(code)
                && json["message"].as_str().is_some_and(|m| !m.is_empty())
                && json["description"].is_string()
        }
        Empty => answer.text.is_empty(),
        Object(members) => {
            is_json
                && json
                    .as_object()
                    .is_some_and(|o| o.len() == members.len() && members.iter().all(|m| o.contains_key(*m)))
        }
        Owned(members) => is_json && members.iter().all(|m| json.get(m).is_some()) && account.owns(&json),
        Archive(status) | Broadcast(status) | Render(status) => {
            let event = match case.answer {
                Archive(_) => Some("archive"),
                Broadcast(_) => Some("broadcast"),
                _ => None,
            };
            let partner = event.is_none() || account.is_application() || json["partnerId"].is_u64();
            is_json
                && json["status"] == status
                && ["id", "sessionId", "createdAt"].iter().all(|m| json.get(m).is_some())
                && account.owns(&json)
                && json.get("event").and_then(Value::as_str) == event
                && partner
        }
        Connections => {
            let items = json["items"].as_array().map_or(&[][..], Vec::as_slice);
            is_json
                && account.owns(&json)
                && json["count"] == items.len()
                && json["sessionId"].is_string()
                && items.iter().all(|i| i["connectionState"] == "Connected" && i["createdAt"].is_i64())
        }
        List => is_json && json["count"].is_u64() && json["items"].is_array(),
        Details => {
            let (owner, other) =
                if account.is_application() { ("applicationId", "id") } else { ("id", "applicationId") };
            is_json
                && json[owner] == account.server().api_key()
                && json.get(other).is_none()
                && json["status"] == "ACTIVE"
        }
        Sessions => {
            let owner = if account.is_application() { "application_id" } else { "project_id" };
            is_json && json[0]["session_id"].is_string() && json[0][owner] == account.server().api_key()
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!("expected a body {:?}, got {seen} ({})", case.answer, answer.content_type))
    }
}

/// The two kinds of account, each with its own auth and its own owner members.
enum Account {
    Project(Api),
    Application(App),
}

struct Answer {
    status: u16,
    content_type: String,
    text: String,
}

impl Account {
    fn server(&self) -> &TestServer {
        match self {
            Account::Project(api) => &api.server,
            Account::Application(app) => &app.server,
        }
    }

    fn is_application(&self) -> bool {
        matches!(self, Account::Application(_))
    }

    fn mode(&self) -> &'static str {
        if self.is_application() {
            "application"
        } else {
            "project"
        }
    }

    /// Whether `object` carries this mode's owner member (`projectId`, or `applicationId`) and not the
    /// other mode's (an Experience Composer has no `partnerId`, so that one is not asked for).
    fn owns(&self, object: &Value) -> bool {
        let (owner, other) =
            if self.is_application() { ("applicationId", "projectId") } else { ("projectId", "applicationId") };
        object[owner] == self.server().api_key() && object.get(other).is_none()
    }

    fn token(&self, session_id: &str, role: &str) -> String {
        match self {
            Account::Project(api) => api.token(session_id, role),
            Account::Application(app) => app.client_token(session_id, role),
        }
    }

    /// A signed request: `/session/create` with a form body, anything else under the project's path with
    /// a JSON body.
    async fn send(&self, method: &str, path: &str, body: Option<&str>) -> Answer {
        let server = self.server();
        let (url, content_type) = if path.starts_with("/session/create") {
            (format!("{}{path}", server.url()), "application/x-www-form-urlencoded")
        } else {
            (format!("{}/v2/project/{}{path}", server.url(), server.api_key()), "application/json")
        };
        let (header, value) = match self {
            Account::Project(api) => ("X-OPENTOK-AUTH", rest_jwt(api.key(), api.secret())),
            Account::Application(app) => ("Authorization", format!("Bearer {}", app.jwt(&bearer_claims(app.id())))),
        };
        let mut request = reqwest::Client::new()
            .request(Method::from_bytes(method.as_bytes()).expect("a method"), url)
            .header(header, value)
            .header("Accept", "application/json")
            .header("Content-Type", content_type);
        if let Some(body) = body {
            request = request.body(body.to_string());
        }
        let response = request.send().await.expect("the test server answers");
        let status = response.status().as_u16();
        let content_type = response.headers().get("content-type").map_or("", |v| v.to_str().unwrap_or("")).to_string();
        Answer { status, content_type, text: response.text().await.unwrap_or_default() }
    }

    /// Calls `path` with a JSON body and returns the answer's JSON, which must be a success.
    async fn ok(&self, method: &str, path: &str, body: Value) -> Value {
        let answer = self.send(method, path, Some(&body.to_string())).await;
        assert!(answer.status < 300, "{path} {body}: {} {}", answer.status, answer.text);
        serde_json::from_str(&answer.text).unwrap_or(Value::Null)
    }

    async fn session(&self, fields: &str) -> String {
        let answer = self.send(POST, "/session/create", Some(fields)).await;
        assert_eq!(answer.status, 200, "{}", answer.text);
        serde_json::from_str::<Value>(&answer.text).unwrap()[0]["session_id"].as_str().unwrap().to_string()
    }
}

/// What one case has made, by name.
#[derive(Default)]
struct Things {
    made: HashMap<String, String>,
    /// `<session>`, the session that tokens and records are for: the first the case names.
    session: Option<String>,
    /// A counter for distinct multiArchiveTag and multiBroadcastTag values.
    tags: u32,
}

impl Things {
    /// `text` with each `<name>` replaced by the thing it names, made on first use.
    async fn fill(&mut self, account: &Account, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find('<') {
            let end = start + rest[start..].find('>').expect("a closed <name>");
            out.push_str(&rest[..start]);
            out.push_str(&self.get(account, &rest[start + 1..end]).await);
            rest = &rest[end + 1..];
        }
        out + rest
    }

    async fn get(&mut self, account: &Account, name: &str) -> String {
        if let Some(made) = self.made.get(name) {
            return made.clone();
        }
        let made = self.make(account, name).await;
        self.made.insert(name.to_string(), made.clone());
        made
    }

    /// A routed session with a connected publisher, whose connection and stream are `conn` and `stream`.
    async fn live(&mut self, account: &Account) -> String {
        if let Some(sid) = self.made.get("live") {
            return sid.clone();
        }
        let sid = self.with_client(account, "p2p.preference=disabled").await;
        self.made.insert("live".into(), sid.clone());
        sid
    }

    /// A new session of `fields` with a publisher connected; the first one becomes the case's session.
    async fn with_client(&mut self, account: &Account, fields: &str) -> String {
        let sid = account.session(fields).await;
        let client = account.server().connect_client(&sid, &account.token(&sid, "publisher")).unwrap();
        self.made.entry("conn".into()).or_insert(client.connection_id);
        self.made.entry("stream".into()).or_insert(client.stream_id);
        self.session.get_or_insert(sid.clone());
        sid
    }

    /// The case's session (a `<live>` one if it has named none yet).
    async fn session(&mut self, account: &Account) -> String {
        match self.session.clone() {
            Some(sid) => sid,
            None => self.live(account).await,
        }
    }

    fn tag(&mut self) -> String {
        self.tags += 1;
        format!("tag-{}", self.tags)
    }

    async fn make(&mut self, account: &Account, name: &str) -> String {
        let server = account.server();
        let (kind, state) = name.split_once(':').unwrap_or((name, ""));
        match kind {
            "live" => self.live(account).await,
            "empty" => {
                let sid = account.session("p2p.preference=disabled").await;
                self.session.get_or_insert(sid.clone());
                sid
            }
            "relayed" => self.with_client(account, "p2p.preference=enabled").await,
            "conn" | "stream" => {
                self.live(account).await;
                self.made[kind].clone()
            }
            "session" => self.session(account).await,
            "unknown-sid" | "bad-sid" => {
                let sid = if kind == "bad-sid" {
                    "not-a-session"
                } else {
                    "1_MX4xMjM0NTY3OH5-MTcwMDAwMDAwMDAwMH5ub3RoZXJlfn4"
                };
                self.session.get_or_insert(sid.to_string());
                sid.to_string()
            }
            "unknown" => "00000000-0000-0000-0000-000000000000".into(),
            "129 bytes" => "a".repeat(129),
            "token" => {
                let sid = self.session(account).await;
                account.token(&sid, state)
            }
            "archive" if state == "auto" => {
                let sid = self.with_client(account, "p2p.preference=disabled&archiveMode=always").await;
                let auto =
                    server.archive_ids().into_iter().find(|id| server.archive_json(id).unwrap()["sessionId"] == sid);
                auto.expect("the first client starts the automatic archive")
            }
            "archive" => {
                let sid = self.session(account).await;
                let mut body = json!({"sessionId": sid, "multiArchiveTag": self.tag()});
                match state {
                    "manual" => body["streamMode"] = json!("manual"),
                    "individual" => body["outputMode"] = json!("individual"),
                    _ => {}
                }
                let id = account.ok(POST, "/archive", body).await["id"].as_str().unwrap().to_string();
                if ["paused", "stopped", "available", "uploaded", "failed", "expired"].contains(&state) {
                    assert!(server.set_archive_status(&id, state), "{state}");
                }
                id
            }
            "broadcast" => {
                let sid = self.session(account).await;
                let mut body = json!({"sessionId": sid, "outputs": {"hls": {}}, "multiBroadcastTag": self.tag()});
                if state == "manual" {
                    body["streamMode"] = json!("manual");
                }
                let id = account.ok(POST, "/broadcast", body).await["id"].as_str().unwrap().to_string();
                match state {
                    "stopped" => _ = account.ok(POST, &format!("/broadcast/{id}/stop"), json!({})).await,
                    "failed" => assert!(server.fail_broadcast(&id, "forceDisconnected")),
                    _ => {}
                }
                id
            }
            "render" => {
                let sid = self.session(account).await;
                let token = account.token(&sid, "publisher");
                let body = json!({"sessionId": sid, "token": token, "url": "https://example.com/page"});
                let id = account.ok(POST, "/render", body).await["id"].as_str().unwrap().to_string();
                match state {
                    "started" => _ = account.send(GET, &format!("/render/{id}"), None).await,
                    "stopped" => _ = account.send(DELETE, &format!("/render/{id}"), None).await,
                    "failed" => assert!(server.fail_render(&id, "failure")),
                    _ => {}
                }
                id
            }
            "captions" => {
                let sid = self.session(account).await;
                let body = json!({"sessionId": sid, "token": account.token(&sid, "moderator")});
                let id = account.ok(POST, "/captions", body).await["captionsId"].as_str().unwrap().to_string();
                match state {
                    "stopped" => _ = account.send(POST, &format!("/captions/{id}/stop"), None).await,
                    "failed" => assert!(server.fail_captions(&id, "failure")),
                    _ => {}
                }
                id
            }
            other => panic!("no such thing: <{other}>"),
        }
    }
}
