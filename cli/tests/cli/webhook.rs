//! `opentok webhook verify|parse`: all local.

use super::*;

/// Webhook test vectors, signed here with `hmac` and `sha2` directly (not with the SDK).
mod vectors {
    use std::time::{SystemTime, UNIX_EPOCH};

    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
    use hmac::{Hmac, KeyInit, Mac as _};
    use sha2::{Digest as _, Sha256};

    pub const SECRET: &str = "whsec-test-0123456789abcdef";
    pub const BODY: &[u8] = br#"{"sessionId":"2_MX4xMjM0NTZ-","projectId":"12345678","event":"connectionCreated","timestamp":1470257688309,"connection":{"id":"c053fcc8-c681-41d5-8ec2-7a9e1434a21e","createdAt":1470257688143,"data":"name=Ann"}}"#;

    pub fn now() -> i64 {
        i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()).unwrap()
    }

    pub fn sha256_hex(body: &[u8]) -> String {
        Sha256::digest(body).iter().map(|b| format!("{b:02x}")).collect()
    }

    /// A compact JWS over `claims` with `header`, signed with `secret`.
    pub fn sign(header: &str, claims: &serde_json::Value, secret: &str) -> String {
        let signing_input =
            format!("{}.{}", URL_SAFE_NO_PAD.encode(header), URL_SAFE_NO_PAD.encode(claims.to_string()));
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(signing_input.as_bytes());
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
    }

    /// The `Authorization` value the platform would send for `body` at `iat`.
    pub fn authorization(body: &[u8], iat: i64, secret: &str) -> String {
        let claims = serde_json::json!({
            "iss": "Vonage",
            "iat": iat,
            "jti": format!("jti-{iat}-{}", body.len()),
            "payload_hash": sha256_hex(body),
            "api_key": "12345678",
        });
        format!("Bearer {}", sign(r#"{"alg":"HS256","typ":"JWT"}"#, &claims, secret))
    }
}

/// A file holding `body`, unique to the test.
fn body_file(name: &str, body: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("opentok-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path
}

#[test]
fn webhook_verify_accepts_a_genuine_callback_and_names_the_failed_check() {
    let now = vectors::now();
    let file = body_file("callback.json", vectors::BODY);
    let body = file.to_str().unwrap();
    let auth = vectors::authorization(vectors::BODY, now, vectors::SECRET);
    let env = [("OPENTOK_SIGNATURE_SECRET", vectors::SECRET)];

    let ok = opentok(&["webhook", "verify", body, "--authorization", &auth, "--api-key", "12345678", "--json"], &env);
    let ok = ok.expect(0).json();
    assert_eq!((ok["valid"].as_bool(), ok["kind"].as_str()), (Some(true), Some("connection_created")));
    assert_eq!(ok["event"]["connection"]["data"], "name=Ann");
    assert_eq!((ok["claims"]["iat"].as_i64(), ok["claims"]["api_key"].as_str()), (Some(now), Some("12345678")));
    let human = opentok(&["webhook", "verify", body, "--authorization", &auth], &env).expect(0).stdout;
    assert!(
        human.starts_with("signature:") && human.contains("connection_created") && human.contains("\"name=Ann\""),
        "{human}"
    );
    // From standard input, with the secret as a flag.
    let piped = opentok_with_input::<&str>(
        &["webhook", "verify", "-", "--authorization", &auth, "--signature-secret", vectors::SECRET],
        &[],
        Some(vectors::BODY),
    );
    assert!(piped.expect(0).stdout.contains("connection_created"));

    // Each check, with the SDK's reason, exit code 6 and what to answer the platform.
    let tampered = body_file(
        "tampered.json",
        &vectors::BODY.iter().map(|&b| if b == b'A' { b'B' } else { b }).collect::<Vec<u8>>(),
    );
    let stale = vectors::authorization(vectors::BODY, now - 3600, vectors::SECRET);
    let forged = vectors::authorization(vectors::BODY, now, "another-secret");
    let unsigned = vectors::sign(r#"{"alg":"none"}"#, &serde_json::json!({"iss": "Vonage"}), vectors::SECRET);
    let cases: [(Vec<&str>, &str, u64, &str); 7] = [
        (vec![body], "header", 503, "no Authorization header"),
        (vec![body, "--authorization", &forged], "signature", 401, "signature does not match"),
        (
            vec![tampered.to_str().unwrap(), "--authorization", &auth],
            "payload_hash",
            401,
            "does not match the JWT's payload_hash",
        ),
        (vec![body, "--authorization", &stale], "iat", 401, "outside the 300 s window"),
        (
            vec![body, "--authorization", &auth, "--application-id", "7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4a"],
            "account",
            401,
            "`application_id` claim",
        ),
        (vec![body, "--authorization", &auth, "--api-key", "87654321"], "account", 401, "`api_key` claim"),
        (vec![body, "--authorization", &unsigned], "alg", 401, "only HS256 is accepted"),
    ];
    for (args, check, status, reason) in cases {
        let args = [&["webhook", "verify"][..], &args].concat();
        let run = opentok(&args, &env).expect(6);
        assert!(
            run.stderr.starts_with("opentok: callback refused: ") && run.stderr.contains(reason),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(&format!("(check `{check}`)")), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
        let json = opentok(&[&args[..], &["--json"]].concat(), &env).expect(6).json_error();
        assert_eq!(
            (json["kind"].as_str(), json["check"].as_str(), json["status"].as_u64()),
            (Some("webhook_refused"), Some(check), Some(status))
        );
        assert!(!run.stderr.contains(vectors::SECRET), "the secret is never shown");
    }
    // A former secret passes while it is given as the previous one, from the flag or the environment.
    let rotated = vectors::authorization(vectors::BODY, now, "the-old-secret");
    let args = ["webhook", "verify", body, "--authorization", &rotated];
    opentok(&args, &env).expect(6);
    opentok(&[&args[..], &["--previous-secret", "the-old-secret"]].concat(), &env).expect(0);
    opentok(&args, &[env[0], ("OPENTOK_PREVIOUS_SIGNATURE_SECRET", "the-old-secret")]).expect(0);
    // A stale capture replays with --now (and a wider window works too).
    let then = (now - 3600).to_string();
    opentok(&["webhook", "verify", body, "--authorization", &stale, "--now", &then], &env).expect(0);
    opentok(&["webhook", "verify", body, "--authorization", &stale, "--max-age", "2h"], &env).expect(0);
    // Not a JWT, no secret, no body file, a genuine signature over a body that is not a callback.
    let garbage = opentok(&["webhook", "verify", body, "--authorization", "Bearer abc"], &env).expect(6);
    assert!(garbage.stderr.contains("(check `format`)"), "{}", garbage.stderr);
    let no_secret = opentok::<&str>(&["webhook", "verify", body, "--authorization", &auth], &[]).expect(3);
    assert!(
        no_secret.stderr.contains("set OPENTOK_SIGNATURE_SECRET or pass --signature-secret"),
        "{}",
        no_secret.stderr
    );
    let missing = opentok(&["webhook", "verify", "/no/such/body.json", "--authorization", &auth], &env).expect(3);
    assert!(missing.stderr.contains("/no/such/body.json: cannot be read"), "{}", missing.stderr);
    let not_json = body_file("not-json.txt", b"hello");
    let signed = vectors::authorization(b"hello", now, vectors::SECRET);
    let unreadable =
        opentok(&["webhook", "verify", not_json.to_str().unwrap(), "--authorization", &signed], &env).expect(3);
    assert!(
        unreadable.stderr.contains("the signature is valid, but the callback's body does not read"),
        "{}",
        unreadable.stderr
    );
    let bad_now = opentok(&["webhook", "verify", body, "--now", "yesterday"], &env).expect(2);
    assert!(bad_now.stderr.contains("neither Unix seconds nor an RFC 3339 time"), "{}", bad_now.stderr);
}

#[test]
fn webhook_parse_reads_and_types_a_body() {
    let file = body_file("parse.json", vectors::BODY);
    let parsed = opentok::<&str>(&["webhook", "parse", file.to_str().unwrap(), "--json"], &[]).expect(0).json();
    assert_eq!(
        (parsed["kind"].as_str(), parsed["event"]["sessionId"].as_str()),
        (Some("connection_created"), Some("2_MX4xMjM0NTZ-"))
    );
    assert!(parsed.get("valid").is_none(), "nothing was verified: {parsed}");
    let archive = br#"{"id":"b40ef09b-3811-4726-b508-e41a0f96c68f","event":"archive","status":"available","createdAt":1470257688143}"#;
    let human = opentok_with_input::<&str>(&["webhook", "parse", "-"], &[], Some(archive)).expect(0).stdout;
    assert!(
        human.starts_with("kind:") && human.contains("archive_status") && human.contains("\"available\""),
        "{human}"
    );
    let unknown =
        opentok_with_input::<&str>(&["webhook", "parse", "-", "--json"], &[], Some(br#"{"event":"somethingNew"}"#));
    assert_eq!(unknown.expect(0).json()["kind"], "unknown");
    let broken = opentok_with_input::<&str>(&["webhook", "parse", "-"], &[], Some(b"{not json"));
    assert!(broken.expect(3).stderr.contains("the callback's body does not read"));
    let wrong_type =
        opentok_with_input::<&str>(&["webhook", "parse", "-"], &[], Some(br#"{"event":"archive","id":true}"#));
    assert!(wrong_type.expect(3).stderr.contains("id"));
}
