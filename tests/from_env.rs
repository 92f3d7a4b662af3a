//! `OpenTok::from_env`. Its own test binary, because environment variables are process-wide: no other test
//! runs beside it while it changes them.

use opentok_sdk::{Error, OpenTok};
use opentok_test_server::TestServer;

#[tokio::test]
async fn from_env_reads_the_three_variables() {
    let server = TestServer::start().await;
    std::env::set_var("OPENTOK_API_KEY", server.api_key());
    std::env::set_var("OPENTOK_API_SECRET", server.api_secret());
    std::env::set_var("OPENTOK_API_URL", format!("{}/", server.url()));
    let ot = OpenTok::from_env().unwrap();
    assert_eq!(ot.api_url(), server.url());
    ot.create_session().send().await.unwrap();
    std::env::remove_var("OPENTOK_API_SECRET");
    assert!(matches!(OpenTok::from_env(), Err(Error::InvalidArgument { field: "OPENTOK_API_SECRET", .. })));
}
