//! Tokens and the REST auth JWT checked by an independent implementation: the test server's verifiers
//! (`opentok_test_server::verify_client_token`, `verify_rest_jwt`) and its simulated client connections.

use std::time::Duration;

use chrono::{DateTime, Utc};
use opentok_sdk::{
    token::{self, Role, TokenBuilder, TokenError},
    OpenTok,
};
use opentok_test_server::{verify_client_token, verify_rest_jwt, TestServer, TokenFormat};

async fn setup() -> (TestServer, OpenTok, String) {
    let server = TestServer::start().await;
    let ot = OpenTok::builder(server.api_key(), server.api_secret()).with_api_url(server.url()).build().unwrap();
    let session = ot.create_session().send().await.unwrap();
    let session_id = session.id().as_str().to_owned();
    (server, ot, session_id)
}

fn now() -> i64 {
    Utc::now().timestamp()
}

#[tokio::test]
async fn jwt_and_t1_tokens_are_accepted_by_the_test_server() {
    let (server, ot, sid) = setup().await;
    for t1 in [false, true] {
        let mut b = ot
            .generate_token(&sid)
            .role(Role::Moderator)
            .expires_in(Duration::from_secs(3600))
            .data("userId=12345&name=Johnny Appleseed ✓")
            .initial_layout_class_list(["focus", "inactive", "full"]);
        if t1 {
            b = b.legacy_t1();
        }
        let token = b.build().unwrap();
        let info = verify_client_token(token.as_str(), server.api_key(), server.api_secret(), now())
            .unwrap_or_else(|e| panic!("t1={t1}: refused: {e}"));
        assert_eq!(info.format, if t1 { TokenFormat::T1 } else { TokenFormat::Jwt });
        assert_eq!(info.session_id, sid);
        assert_eq!(info.role, "moderator");
        assert_eq!(info.connection_data.as_deref(), Some("userId=12345&name=Johnny Appleseed ✓"));
        assert_eq!(info.initial_layout_class_list.as_deref(), Some("focus inactive full"));
        let claims = token::decode(token.as_str()).unwrap();
        assert_eq!(info.expire_time, claims.expire_time);
        assert_eq!(info.create_time, claims.create_time);
        assert_eq!(info.nonce, claims.nonce);

        let connection = server.connect_client(&sid, token.as_str()).unwrap();
        assert!(!connection.stream_id.is_empty(), "a moderator publishes");
        let sub = ot.generate_token(&sid).role(Role::Subscriber);
        let sub = if t1 { sub.legacy_t1() } else { sub }.build().unwrap();
        let connection = server.connect_client(&sid, sub.as_str()).unwrap();
        assert!(connection.stream_id.is_empty(), "a subscriber does not publish");
        // Our own verifier agrees.
        ot.verify_token(token.as_str()).unwrap();
    }
}

#[tokio::test]
async fn the_test_server_refuses_what_it_should() {
    fn fmt(b: TokenBuilder<'_>, t1: bool) -> TokenBuilder<'_> {
        if t1 {
            b.legacy_t1()
        } else {
            b
        }
    }
    let (server, ot, sid) = setup().await;
    let stranger = OpenTok::new(server.api_key(), "a-different-secret").unwrap();
    for t1 in [false, true] {
        let forged = fmt(stranger.generate_token(&sid), t1).build().unwrap();
        let err = server.connect_client(&sid, forged.as_str()).unwrap_err();
        assert_eq!(err.status, 403, "t1={t1}: {err:?}");

        // Issued two hours ago, valid for one: authentic but expired, for both verifiers.
        let past = DateTime::from_timestamp(now() - 7200, 0).unwrap();
        let old =
            fmt(ot.generate_token(&sid), t1).issued_at(past).expires_in(Duration::from_secs(3600)).build().unwrap();
        let err = server.connect_client(&sid, old.as_str()).unwrap_err();
        assert_eq!(err.status, 403, "t1={t1}: {err:?}");
        assert!(matches!(ot.verify_token(old.as_str()), Err(TokenError::Expired { .. })));

        let other = ot.create_session().send().await.unwrap();
        let token = fmt(ot.generate_token(other.id()), t1).build().unwrap();
        let err = server.connect_client(&sid, token.as_str()).unwrap_err();
        assert_eq!(err.status, 403, "t1={t1}: a token for another session: {err:?}");
        server.connect_client(other.id().as_str(), token.as_str()).unwrap();
    }
}

#[tokio::test]
async fn the_rest_auth_jwt_verifies_independently() {
    let (server, _ot, _sid) = setup().await;
    let requests = server.requests();
    assert!(!requests.is_empty());
    for request in requests {
        let jwt = request.header("x-opentok-auth").expect("every REST call carries X-OPENTOK-AUTH");
        let claims = verify_rest_jwt(jwt, server.api_key(), server.api_secret(), now())
            .unwrap_or_else(|e| panic!("refused: {e}"));
        assert_eq!(claims["iss"], server.api_key());
        assert_eq!(claims["ist"], "project");
        let iat = claims["iat"].as_i64().unwrap();
        assert_eq!(claims["exp"].as_i64().unwrap(), iat + 300);
        assert!((iat - now()).abs() <= 5, "iat {iat} is the current time");
        let jti = claims["jti"].as_str().unwrap();
        assert!(jti.len() == 16 && jti.bytes().all(|b| b.is_ascii_hexdigit()), "{jti}");
        // A wrong secret or an expired time is refused by the same verifier.
        assert!(verify_rest_jwt(jwt, server.api_key(), "not-the-secret", now()).is_err());
        assert!(verify_rest_jwt(jwt, server.api_key(), server.api_secret(), iat + 301).is_err());
    }
}
