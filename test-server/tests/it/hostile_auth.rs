//! Auth as strict as the platform's: checked time arithmetic, a string `iss`, exactly one
//! unpadded `X-OPENTOK-AUTH` header. Every refusal is 403 with the platform's body.

use opentok_test_server::verify_rest_jwt;
use serde_json::json;

use crate::common::{now, raw, rest_jwt, sign_jwt, Api};

const KEY: &str = "12345678";
const SECRET: &str = "0123456789abcdef0123456789abcdef01234567";

#[test]
fn extreme_iat_and_exp_are_refused_never_wrapped() {
    let t = 1_700_000_000;
    for (iat, exp) in [
        (json!(i64::MIN), json!(t + 100)),
        (json!(i64::MIN), json!(i64::MAX)),
        (json!(i64::MIN + 1), json!(t + 60)),
        (json!(-9.0e14), json!(t + 60)),
        (json!(t), json!(i64::MAX)),
        (json!(u64::MAX), json!(u64::MAX)),
    ] {
        let token = sign_jwt(&json!({"iss": KEY, "ist": "project", "iat": iat, "exp": exp}), SECRET);
        assert!(verify_rest_jwt(&token, KEY, SECRET, t).is_err(), "iat {iat}, exp {exp} accepted");
    }
}

#[tokio::test]
async fn i64_min_iat_is_403_over_http_and_the_server_lives_on() {
    let api = Api::new().await;
    let url = format!("{}{}", api.server.url(), api.p("/archive"));
    let token = sign_jwt(
        &json!({"iss": api.key(), "ist": "project", "iat": i64::MIN, "exp": now() + 100_000_000}),
        api.secret(),
    );
    let reply = Api::reply(api.http.get(&url).header("X-OPENTOK-AUTH", token).send().await.unwrap()).await;
    assert_eq!((reply.status, reply.json["code"].as_i64()), (403, Some(-1)), "{}", reply.text);
    assert!(reply.json["message"].as_str().unwrap().contains("lifetime"), "{}", reply.text);
    assert_eq!(api.get(api.p("/archive")).await.status, 200);
}

#[test]
fn iss_must_be_a_json_string() {
    let t = 1_700_000_000;
    let numeric = sign_jwt(&json!({"iss": 12345678, "ist": "project", "iat": t, "exp": t + 180}), SECRET);
    let err = verify_rest_jwt(&numeric, KEY, SECRET, t).unwrap_err();
    assert!(err.starts_with("Invalid issuer format"), "{err}");
}

#[tokio::test]
async fn numeric_iss_over_http_is_403() {
    let api = Api::new().await;
    let t = now();
    let key: u64 = api.key().parse().unwrap();
    let token = sign_jwt(&json!({"iss": key, "ist": "project", "iat": t, "exp": t + 180}), api.secret());
    let url = format!("{}{}", api.server.url(), api.p("/archive"));
    let reply = Api::reply(api.http.get(&url).header("X-OPENTOK-AUTH", token).send().await.unwrap()).await;
    assert_eq!((reply.status, reply.json["code"].as_i64()), (403, Some(-1)), "{}", reply.text);
}

/// A raw GET of the archive list with these extra header lines.
fn get_with(api: &Api, header_lines: &str) -> Vec<u8> {
    format!("GET {} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{header_lines}\r\n", api.p("/archive")).into_bytes()
}

#[tokio::test]
async fn exactly_one_auth_header() {
    let api = Api::new().await;
    let good = rest_jwt(api.key(), api.secret());
    let addr = api.server.addr();
    // The control case: one good header is served.
    let ok = raw(addr, &get_with(&api, &format!("X-OPENTOK-AUTH: {good}\r\n"))).await.unwrap();
    assert_eq!(ok.status, 200, "{}", ok.body);
    // A bad first header and a good second one; two good ones.
    for lines in [
        format!("X-OPENTOK-AUTH: nonsense\r\nX-OPENTOK-AUTH: {good}\r\n"),
        format!("X-OPENTOK-AUTH: {good}\r\nx-opentok-auth: {good}\r\n"),
        // A good project credential with a Bearer header beside it: two credentials, refused as the
        // application mode refuses the mirror case.
        format!("X-OPENTOK-AUTH: {good}\r\nAuthorization: Bearer {good}\r\n"),
        format!("Authorization: Basic dXNlcjpwYXNz\r\nX-OPENTOK-AUTH: {good}\r\n"),
    ] {
        let reply = raw(addr, &get_with(&api, &lines)).await.unwrap();
        reply.assert_platform_error(403);
        assert_eq!(reply.json["code"], -1);
    }
}

#[tokio::test]
async fn padded_or_spaced_auth_header_is_403() {
    let api = Api::new().await;
    let good = rest_jwt(api.key(), api.secret());
    let addr = api.server.addr();
    for value in [format!("{good}\u{b}"), format!("\u{c}{good}"), format!("{good} {good}"), format!("Bearer {good}")] {
        let reply = raw(addr, &get_with(&api, &format!("X-OPENTOK-AUTH: {value}\r\n"))).await.unwrap();
        assert!(reply.status == 403 || reply.status == 400, "{value:?} gave {}: {}", reply.status, reply.body);
        // A control character is not allowed in a header value: hyper refuses the head itself.
        if !(value.contains(['\u{b}', '\u{c}']) && reply.is_http_refusal()) {
            reply.assert_platform_error(reply.status);
        }
    }
}
