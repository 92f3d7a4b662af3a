//! The credential of a recorded request, decoded for display and never trusted: which kind it is and
//! the claims a reader wants (`iss`, `ist`, `iat`, `exp`, the header's `alg`). Whether it verified is
//! what the auth check said when the request was served (see `state/request_log.rs`), not this file.

use base64::Engine as _;
use serde_json::{json, Map, Value};

use crate::state::request_log::RecordedRequest;
use crate::verify::base64::URL_SAFE_LENIENT;

/// The longest token this decodes: a longer header is shown as kind and length only.
const MAX_TOKEN_BYTES: usize = 8 * 1024;

/// `{kind, alg?, iss?, ist?, iat?, exp?, error?}` for the request's credential; `kind` is `none` when
/// it carries none.
pub(crate) fn describe(request: &RecordedRequest) -> Value {
    let opentok = request.header("x-opentok-auth");
    let bearer = request.header("authorization");
    let (kind, token) = match (opentok, bearer) {
        (Some(_), Some(_)) => return json!({"kind": "both X-OPENTOK-AUTH and Authorization"}),
        (Some(token), None) => ("X-OPENTOK-AUTH JWT", token.trim()),
        (None, Some(value)) => match value.strip_prefix("Bearer ") {
            Some(token) => ("Authorization: Bearer JWT", token.trim()),
            None => return json!({"kind": "Authorization (not Bearer)"}),
        },
        (None, None) => return json!({"kind": "none"}),
    };
    let mut out = Map::new();
    out.insert("kind".into(), json!(kind));
    match decode(token) {
        Ok((header, claims)) => {
            if let Some(alg) = header.get("alg") {
                out.insert("alg".into(), alg.clone());
            }
            for name in ["iss", "ist", "iat", "exp", "application_id"] {
                if let Some(value) = claims.get(name).or_else(|| (name == "ist").then(|| header.get(name)).flatten()) {
                    out.insert(name.into(), value.clone());
                }
            }
        }
        Err(error) => {
            out.insert("error".into(), json!(error));
        }
    }
    Value::Object(out)
}

/// A JSON object: a JWT's header or claims.
type Object = Map<String, Value>;

/// The JSON header and claims of a JWT, without checking its signature.
fn decode(token: &str) -> Result<(Object, Object), String> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(format!("token of {} bytes, over {MAX_TOKEN_BYTES}: not decoded", token.len()));
    }
    let mut parts = token.split('.');
    let (Some(header), Some(claims), Some(_), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err("not a JWT: expected three dot-separated parts".into());
    };
    Ok((segment(header, "header")?, segment(claims, "claims")?))
}

fn segment(text: &str, name: &str) -> Result<Object, String> {
    let bytes = URL_SAFE_LENIENT.decode(text).map_err(|_| format!("the {name} is not base64url"))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(format!("the {name} is not a JSON object")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(headers: &[(&str, &str)]) -> RecordedRequest {
        RecordedRequest {
            method: "GET".into(),
            path: "/".into(),
            query: None,
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            body: vec![],
        }
    }

    fn b64(value: &Value) -> String {
        URL_SAFE_LENIENT.encode(value.to_string())
    }

    #[test]
    fn decodes_claims_without_trusting_them() {
        let token = format!(
            "{}.{}.not-a-signature",
            b64(&json!({"alg": "HS256", "typ": "JWT"})),
            b64(&json!({"iss": "123", "ist": "project", "iat": 10, "exp": 20}))
        );
        let seen = describe(&with(&[("x-opentok-auth", &token)]));
        assert_eq!(
            seen,
            json!({"kind": "X-OPENTOK-AUTH JWT", "alg": "HS256", "iss": "123", "ist": "project", "iat": 10, "exp": 20})
        );
        let bearer = format!("Bearer {token}");
        assert_eq!(describe(&with(&[("authorization", &bearer)]))["kind"], "Authorization: Bearer JWT");
    }

    #[test]
    fn says_what_is_wrong_with_a_bad_credential() {
        assert_eq!(describe(&with(&[]))["kind"], "none");
        assert_eq!(
            describe(&with(&[("x-opentok-auth", "a.b")]))["error"],
            "not a JWT: expected three dot-separated parts"
        );
        assert_eq!(describe(&with(&[("x-opentok-auth", "!!.e30.x")]))["error"], "the header is not base64url");
        assert_eq!(describe(&with(&[("authorization", "Basic x")]))["kind"], "Authorization (not Bearer)");
        let long = "a".repeat(MAX_TOKEN_BYTES + 1);
        assert!(describe(&with(&[("x-opentok-auth", &long)]))["error"].as_str().unwrap().contains("not decoded"));
    }
}
