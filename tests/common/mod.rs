//! Shared set-up for the integration tests: a fresh test server and a client pointed at it.
#![allow(dead_code)]

pub mod keys;
pub mod node;

use opentok_sdk::{OpenTok, Session};
use opentok_test_server::{ClientConnection, TestServer};

/// A running test server and an SDK client for its project.
pub struct Env {
    pub server: TestServer,
    pub ot: OpenTok,
}

pub async fn env() -> Env {
    let server = TestServer::start().await;
    let ot = OpenTok::builder(server.api_key(), server.api_secret())
        .with_api_url(format!("{}/", server.url()))
        .build()
        .expect("client for the test server");
    Env { server, ot }
}

impl Env {
    pub async fn routed_session(&self) -> Session {
        self.ot.create_session().routed().send().await.expect("routed session")
    }

    pub async fn relayed_session(&self) -> Session {
        self.ot.create_session().send().await.expect("relayed session")
    }

    /// Connects a simulated publisher to the session with a token minted by the SDK.
    pub fn connect(&self, session: &Session) -> ClientConnection {
        let token = session.generate_token().build().expect("token");
        self.server.connect_client(session.id().as_str(), token.as_str()).expect("client connects")
    }

    /// A routed session with one connected client: ready to be archived.
    pub async fn live_session(&self) -> (Session, ClientConnection) {
        let session = self.routed_session().await;
        let connection = self.connect(&session);
        (session, connection)
    }
}
