//! Differential test: client tokens minted by this crate against the official Node SDK (`opentok@2.23.2`,
//! pinned in `tests/oracle/package-lock.json`), both with the same fixed clock and nonce. Accepted tokens
//! must be byte-identical in both formats; where this crate is deliberately stricter (30-day expiry cap,
//! 1000-character data and layout lists, expiry strictly after issue, well-formed layout classes), the
//! test asserts that Node accepts and this crate refuses, naming the field.
//!
//! Needs `node` and `npm` on the PATH; the oracle's packages are installed on first use (`tests/common/node.rs`).

use crate::common;

use base64::{
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
    Engine as _,
};
use chrono::DateTime;
use opentok_sdk::{token::Role, Error, OpenTok};
use serde_json::{json, Value};

const DAY: i64 = 86_400;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// Both accept; the tokens must be byte-identical.
    Same,
    /// Node accepts, this crate refuses, naming the field.
    Stricter(&'static str),
    /// Both refuse; this crate names the field, Node's message contains the text.
    BothReject(&'static str, &'static str),
}

#[derive(Clone, Debug)]
struct Case {
    name: String,
    project: usize,
    session: String,
    now_ms: i64,
    nonce: f64,
    role: Option<Role>,
    expire: Option<i64>,
    data: Option<String>,
    layout: Option<Vec<String>>,
    expect: Expect,
}

/// (API key, secret).
const PROJECTS: [(&str, &str); 3] = [
    ("123456", "secret"),
    ("46000000", "a3f1c2e4b5d6a7f8091a2b3c4d5e6f7081920a1b"),
    ("47000001", "s3cr3t with spaces & ünïcode"),
];

/// The Node SDK tests' own session id for key 123456 (official-node-sdk.md §3.1).
const NODE_SESSION: &str = "1_MX4xMjM0NTZ-MTI3LjAuMC4xflNhdCBNYXIgMTUgMTQ6NDI6MjMgUERUIDIwMTR-MC40OTAxMzAyNX4";

fn url_safe_session(key: &str) -> String {
    // A record whose base64url has both `-` and `_`.
    let id = format!("1_{}", URL_SAFE_NO_PAD.encode(format!("1~{key}~~1622028079808~>>>???~~")));
    assert!(id[2..].contains('-') && id[2..].contains('_'), "{id}");
    id
}

fn padded_session(key: &str) -> String {
    format!("2_{}", STANDARD.encode(format!("2~{key}~10.1.2.3~1700000000000~0.25~")))
}

fn corpus() -> Vec<Case> {
    let t0 = 1_700_000_000_000_i64;
    let base = Case {
        name: String::new(),
        project: 0,
        session: NODE_SESSION.into(),
        now_ms: t0,
        nonce: 0.5,
        role: None,
        expire: None,
        data: None,
        layout: None,
        expect: Expect::Same,
    };
    let now = t0 / 1000;
    let with = |name: &str, f: &dyn Fn(&mut Case)| {
        let mut c = base.clone();
        c.name = name.into();
        f(&mut c);
        c
    };
    let s = |v: &str| Some(v.to_owned());
    let classes = |v: &[&str]| Some(v.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>());
    let mut cases = vec![
        with("defaults", &|_| {}),
        with("subscriber", &|c| c.role = Some(Role::Subscriber)),
        with("publisher", &|c| c.role = Some(Role::Publisher)),
        with("publisheronly", &|c| c.role = Some(Role::PublisherOnly)),
        with("moderator data layout", &|c| {
            c.role = Some(Role::Moderator);
            c.data = s("userId=12345&name=Johnny Appleseed");
            c.layout = classes(&["focus", "inactive", "full"]);
        }),
        with("issue time rounds up (create_time) and down (iat)", &|c| c.now_ms = t0 + 500),
        with("issue time just below the half second", &|c| c.now_ms = t0 + 499),
        with("another clock", &|c| c.now_ms = 1_795_559_631_123),
        with("nonce 0", &|c| c.nonce = 0.0),
        with("nonce 1.5e-7 (exponent form)", &|c| c.nonce = 1.5e-7),
        with("nonce 1e-7", &|c| c.nonce = 1e-7),
        with("nonce 0.000001 (plain form)", &|c| c.nonce = 0.000001),
        with("nonce 0.1+0.2", &|c| c.nonce = 0.1 + 0.2),
        with("nonce just below 1", &|c| c.nonce = 0.9999999999999999),
        with("nonce smallest subnormal", &|c| c.nonce = 5e-324),
        with("nonce 15 digits", &|c| c.nonce = 0.123456789012345),
        with("nonce 1e21 (escaped + in T1)", &|c| c.nonce = 1e21),
        with("nonce 123.456", &|c| c.nonce = 123.456),
        with("expire in one hour", &|c| c.expire = Some(now + 3600)),
        with("expire in exactly 30 days", &|c| c.expire = Some(now + 30 * DAY)),
        with("expire one second after issue", &|c| c.expire = Some(now + 1)),
        with("data: unicode and unreserved marks", &|c| c.data = s("héllo wörld 😀 ~!*'() ünïcödé")),
        with("data: form and URL specials", &|c| c.data = s("a&b=c%d+e:f/g?h#i[j]k@l$m,n;o")),
        with("data: JSON specials", &|c| {
            c.data = s("quote\" backslash\\ nl\n cr\r tab\t bs\u{8} ff\u{c} ctl\u{1}\u{1f} del\u{7f} ls\u{2028} /")
        }),
        with("data: empty means none", &|c| c.data = s("")),
        with("data: 1000 characters", &|c| c.data = Some("x".repeat(1000))),
        with("data: 500 emoji = 1000 UTF-16 units", &|c| c.data = Some("😀".repeat(500))),
        with("layout: none given", &|c| c.layout = classes(&[])),
        with("layout: one class", &|c| c.layout = classes(&["focus"])),
        with("layout: unicode classes", &|c| c.layout = classes(&["höhe", "😀", "日本"])),
        with("layout: specials", &|c| c.layout = classes(&["a&b", "c=d", "e%f", "g+h", "i~j", "k:l"])),
        with("layout: 1000 characters joined", &|c| c.layout = Some(vec!["y".repeat(499), "z".repeat(500)])),
        with("url-safe session id with - and _", &|c| {
            c.project = 1;
            c.session = url_safe_session(PROJECTS[1].0);
        }),
        with("padded standard session id, prefix 2_", &|c| {
            c.project = 2;
            c.session = padded_session(PROJECTS[2].0);
            c.role = Some(Role::Moderator);
            c.data = s("name=Zoë");
        }),
        // Deliberately stricter than the Node SDK.
        with("expire 30 days + 1 s", &|c| {
            c.expire = Some(now + 30 * DAY + 1);
            c.expect = Expect::Stricter("expire_time");
        }),
        with("expire in 31 days", &|c| {
            c.expire = Some(now + 31 * DAY);
            c.expect = Expect::Stricter("expire_time");
        }),
        with("expire at the issue second", &|c| {
            c.expire = Some(now);
            c.expect = Expect::Stricter("expire_time");
        }),
        with("data: 1001 characters", &|c| {
            c.data = Some("x".repeat(1001));
            c.expect = Expect::Stricter("data");
        }),
        with("data: 1024 characters", &|c| {
            c.data = Some("x".repeat(1024));
            c.expect = Expect::Stricter("data");
        }),
        with("data: 501 emoji = 1002 UTF-16 units", &|c| {
            c.data = Some("😀".repeat(501));
            c.expect = Expect::Stricter("data");
        }),
        with("layout: 1001 characters joined", &|c| {
            c.layout = Some(vec!["y".repeat(500), "z".repeat(500)]);
            c.expect = Expect::Stricter("initial_layout_class_list");
        }),
        with("layout: 1024 characters joined", &|c| {
            c.layout = Some(vec!["y".repeat(1024)]);
            c.expect = Expect::Stricter("initial_layout_class_list");
        }),
        with("layout: an empty class", &|c| {
            c.layout = classes(&["focus", ""]);
            c.expect = Expect::Stricter("initial_layout_class_list");
        }),
        with("layout: a class with a space", &|c| {
            c.layout = classes(&["focus inactive"]);
            c.expect = Expect::Stricter("initial_layout_class_list");
        }),
        // Both refuse.
        with("expire in the past", &|c| {
            c.expire = Some(now - 1);
            c.expect = Expect::BothReject("expire_time", "cannot be in the past");
        }),
        with("data: 1025 characters", &|c| {
            c.data = Some("x".repeat(1025));
            c.expect = Expect::BothReject("data", "Invalid data");
        }),
        with("layout: 1025 characters", &|c| {
            c.layout = Some(vec!["y".repeat(1025)]);
            c.expect = Expect::BothReject("initial_layout_class_list", "Invalid initial layout class list");
        }),
        with("session of another API key", &|c| {
            c.session = url_safe_session("999999");
            c.expect = Expect::BothReject("session_id", "belongs to the API Key");
        }),
    ];
    // Every case in both formats.
    let mut all = Vec::new();
    for c in cases.drain(..) {
        for format in ["JWT", "T1"] {
            let mut c = c.clone();
            c.name = format!("{} [{format}]", c.name);
            all.push(c);
        }
    }
    all
}

fn is_t1(case: &Case) -> bool {
    case.name.ends_with("[T1]")
}

fn node_tokens(cases: &[Case]) -> Vec<Value> {
    let input: Vec<Value> = cases
        .iter()
        .map(|c| {
            let (key, secret) = PROJECTS[c.project];
            let mut opts = serde_json::Map::new();
            if let Some(role) = c.role {
                opts.insert("role".into(), json!(role.as_str()));
            }
            if let Some(expire) = c.expire {
                opts.insert("expireTime".into(), json!(expire));
            }
            if let Some(data) = &c.data {
                opts.insert("data".into(), json!(data));
            }
            if let Some(layout) = &c.layout {
                opts.insert("initialLayoutClassList".into(), json!(layout));
            }
            json!({"apiKey": key, "apiSecret": secret, "sessionId": c.session, "nowMs": c.now_ms,
                   "nonce": c.nonce, "t1": is_t1(c), "opts": opts})
        })
        .collect();
    let output = common::node::run("tokens.js", &[], &serde_json::to_string(&input).unwrap());
    let out: Vec<Value> = serde_json::from_str(&output).expect("the oracle prints a JSON array");
    assert_eq!(out.len(), cases.len());
    out
}

fn ours(case: &Case) -> Result<String, Error> {
    let (key, secret) = PROJECTS[case.project];
    let ot = OpenTok::new(key, secret).unwrap();
    let mut b = ot
        .generate_token(&case.session)
        .issued_at(DateTime::from_timestamp_millis(case.now_ms).unwrap())
        .nonce(case.nonce);
    if let Some(role) = case.role {
        b = b.role(role);
    }
    if let Some(expire) = case.expire {
        b = b.expire_time(DateTime::from_timestamp(expire, 0).unwrap());
    }
    if let Some(data) = &case.data {
        b = b.data(data.as_str());
    }
    if let Some(layout) = &case.layout {
        b = b.initial_layout_class_list(layout);
    }
    if is_t1(case) {
        b = b.legacy_t1();
    }
    b.build().map(String::from)
}

/// The readable part of a token, to show what differs.
fn explain(token: &str) -> String {
    match token.strip_prefix("T1==") {
        Some(body) => String::from_utf8_lossy(&STANDARD.decode(body).unwrap_or_default()).into_owned(),
        None => token
            .split('.')
            .nth(1)
            .and_then(|p| URL_SAFE_NO_PAD.decode(p).ok())
            .map(|p| String::from_utf8_lossy(&p).into_owned())
            .unwrap_or_default(),
    }
}

#[test]
fn tokens_match_the_official_node_sdk_byte_for_byte() {
    if !common::node::available() {
        return;
    }
    let cases = corpus();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let node = node_tokens(&cases);
    let (mut same, mut stricter, mut both) = (0, 0, 0);
    for (case, node) in cases.iter().zip(&node) {
        let ours = ours(case);
        match case.expect {
            Expect::Same => {
                let node = node["token"].as_str().unwrap_or_else(|| panic!("{}: Node refused: {node}", case.name));
                let ours = ours.unwrap_or_else(|e| panic!("{}: we refused: {e}", case.name));
                assert!(
                    ours == node,
                    "{}: tokens differ\n ours: {ours}\n node: {node}\n ours: {}\n node: {}",
                    case.name,
                    explain(&ours),
                    explain(node)
                );
                same += 1;
            }
            Expect::Stricter(field) => {
                assert!(node["token"].is_string(), "{}: Node was expected to accept: {node}", case.name);
                match ours {
                    Err(Error::InvalidArgument { field: f, .. }) if f == field => {}
                    other => panic!("{}: expected InvalidArgument({field}), got {other:?}", case.name),
                }
                stricter += 1;
            }
            Expect::BothReject(field, node_text) => {
                let message = node["error"].as_str().unwrap_or_else(|| panic!("{}: Node accepted", case.name));
                assert!(message.contains(node_text), "{}: Node said {message:?}", case.name);
                match ours {
                    Err(Error::InvalidArgument { field: f, .. }) if f == field => {}
                    other => panic!("{}: expected InvalidArgument({field}), got {other:?}", case.name),
                }
                both += 1;
            }
        }
    }
    assert!(same >= 40, "only {same} byte-identical cases");
    eprintln!("{same} byte-identical, {stricter} deliberately stricter, {both} refused by both");
}

#[test]
fn a_fixed_clock_and_nonce_reproduce_a_token_and_the_defaults_do_not() {
    let ot = OpenTok::new(PROJECTS[0].0, PROJECTS[0].1).unwrap();
    let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    for t1 in [false, true] {
        let mint = || {
            let b = ot.generate_token(NODE_SESSION).issued_at(at).nonce(0.25);
            if t1 { b.legacy_t1() } else { b }.build().unwrap()
        };
        assert_eq!(mint(), mint());
        let fresh = || {
            let b = ot.generate_token(NODE_SESSION);
            if t1 { b.legacy_t1() } else { b }.build().unwrap()
        };
        assert_ne!(fresh(), fresh(), "the default nonce is random");
    }
}
