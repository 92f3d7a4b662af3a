use opentok_test_server::verify_rest_jwt;
use serde_json::json;

use crate::common::{now, rest_jwt, sign_jwt, sign_jwt_with_header, Api};

const KEY: &str = "12345678";
const SECRET: &str = "0123456789abcdef0123456789abcdef01234567";

fn claims(iat: i64, exp: i64) -> serde_json::Value {
    json!({"iss": KEY, "ist": "project", "iat": iat, "exp": exp})
}

#[test]
fn verify_accepts_sdk_style_tokens() {
    let t = 1_700_000_000;
    let claims_out = verify_rest_jwt(&sign_jwt(&claims(t, t + 300), SECRET), KEY, SECRET, t).unwrap();
    assert_eq!(claims_out["iss"], KEY);
    // The Ruby SDK's `ist` in the header.
    let ruby = sign_jwt_with_header(
        &json!({"ist": "project", "alg": "HS256"}),
        &json!({"iss": KEY, "iat": t, "exp": t + 300}),
        SECRET,
    );
    assert!(verify_rest_jwt(&ruby, KEY, SECRET, t).is_ok());
}

#[test]
fn verify_rejects_with_specific_reasons() {
    let t = 1_700_000_000;
    let check = |token: &str| verify_rest_jwt(token, KEY, SECRET, t).unwrap_err();
    let other_secret = "f".repeat(40);
    assert_eq!(check(&sign_jwt(&claims(t, t + 300), &other_secret)), "Invalid signature");
    assert!(check(&sign_jwt(&json!({"iss": "999", "ist": "project", "iat": t, "exp": t + 60}), SECRET))
        .starts_with("Invalid issuer"));
    assert!(check(&sign_jwt(&json!({"iss": [1], "ist": "project", "iat": t, "exp": t + 60}), SECRET))
        .starts_with("Invalid issuer format"));
    assert!(check(&sign_jwt(&json!({"iss": KEY, "ist": "account", "iat": t, "exp": t + 60}), SECRET))
        .starts_with("Invalid issuer type"));
    assert_eq!(check(&sign_jwt(&claims(t - 400, t - 100), SECRET)), "Token expired");
    assert_eq!(check(&sign_jwt(&claims(t - 300, t), SECRET)), "Token expired");
    assert!(check(&sign_jwt(&claims(t, t + 3600), SECRET)).starts_with("Token lifetime too long"));
    assert!(check(&sign_jwt(&claims(t + 1000, t + 1100), SECRET)).contains("future"));
    assert!(check(&sign_jwt(&json!({"iss": KEY, "ist": "project", "exp": t + 60}), SECRET)).contains("iat"));
    let none_alg = sign_jwt_with_header(&json!({"alg": "none"}), &claims(t, t + 60), SECRET);
    assert!(check(&none_alg).starts_with("Unsupported algorithm"));
    assert!(check("not a jwt").starts_with("Invalid token format"));
    assert!(check("a.b.c").starts_with("Invalid token format"));
    // Tampering with the claims breaks the signature.
    let good = sign_jwt(&claims(t, t + 300), SECRET);
    let mut parts: Vec<&str> = good.split('.').collect();
    let forged = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        json!({"iss": KEY, "ist": "project", "iat": t, "exp": t + 299}).to_string(),
    );
    parts[1] = &forged;
    assert_eq!(check(&parts.join(".")), "Invalid signature");
}

#[tokio::test]
async fn http_403_bodies() {
    let api = Api::new().await;
    let url = format!("{}{}", api.server.url(), api.p("/archive"));

    let ok = api.get(&api.p("/archive")).await;
    assert_eq!(ok.status, 200);

    let missing = Api::reply(api.http.get(&url).send().await.unwrap()).await;
    assert_eq!(missing.status, 403);
    assert_eq!(missing.content_type.as_deref(), Some("application/json"));
    assert_eq!(missing.json["code"], -1);
    assert_eq!(missing.json["message"], "Missing X-OPENTOK-AUTH header");
    assert!(missing.json["description"].is_string());

    let bad_sig = rest_jwt(api.key(), &"0".repeat(40));
    let reply = Api::reply(api.http.get(&url).header("X-OPENTOK-AUTH", bad_sig).send().await.unwrap()).await;
    assert_eq!((reply.status, reply.json["message"].as_str()), (403, Some("Invalid signature")));

    let wrong_iss = rest_jwt("87654321", api.secret());
    let reply = Api::reply(api.http.get(&url).header("X-OPENTOK-AUTH", wrong_iss).send().await.unwrap()).await;
    assert_eq!(reply.status, 403);
    assert!(reply.json["message"].as_str().unwrap().starts_with("Invalid issuer"));

    let t = now();
    let expired = sign_jwt(&json!({"iss": api.key(), "ist": "project", "iat": t - 400, "exp": t - 100}), api.secret());
    let reply = Api::reply(api.http.get(&url).header("X-OPENTOK-AUTH", expired).send().await.unwrap()).await;
    assert_eq!((reply.status, reply.json["message"].as_str()), (403, Some("Token expired")));

    // A valid token for this project, but another project id in the path.
    let other = format!("{}/v2/project/11111111/archive", api.server.url());
    let reply = Api::reply(
        api.http.get(&other).header("X-OPENTOK-AUTH", rest_jwt(api.key(), api.secret())).send().await.unwrap(),
    )
    .await;
    assert_eq!(reply.status, 403);

    // Session creation is guarded too, and nothing was created.
    let reply = Api::reply(api.http.post(format!("{}/session/create", api.server.url())).send().await.unwrap()).await;
    assert_eq!(reply.status, 403);
}
