//! Shared set-up for the integration tests: a fresh test server and a client pointed at it.
#![allow(dead_code)]

pub mod fixtures;
pub mod json_props;
pub mod keys;
pub mod node;
pub mod oracle_tools;

use opentok_sdk::{OpenTok, Session};
use opentok_test_server::{ClientConnection, TestServer};

/// The two kinds of credentials every operation must work with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An OpenTok project: API key and secret.
    Project,
    /// A Vonage application: application id and RSA private key.
    Application,
}

/// A running test server and an SDK client for its account.
pub struct Env {
    pub kind: Kind,
    pub server: TestServer,
    pub ot: OpenTok,
}

/// The application the application-mode servers emulate (a fixed key, so that no test pays for RSA key
/// generation).
pub const APPLICATION_ID: &str = "7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4a";
pub const APPLICATION_KEY: &str = include_str!("../fixtures/app_pkcs1.pem");
pub const APPLICATION_PUBLIC_KEY: &str = include_str!("../fixtures/app_pkcs1.pub.pem");

/// A project-mode server and a key-and-secret client.
pub async fn env() -> Env {
    env_for(Kind::Project).await
}

/// A server and a client for the given kind of credentials.
pub async fn env_for(kind: Kind) -> Env {
    let (server, builder) = match kind {
        Kind::Project => {
            let server = TestServer::start().await;
            let builder = OpenTok::builder(server.api_key(), server.api_secret());
            (server, builder)
        }
        Kind::Application => {
            let server = TestServer::builder()
                .application(APPLICATION_ID, APPLICATION_PUBLIC_KEY)
                .start()
                .await
                .expect("application-mode test server");
            (server, OpenTok::application_builder(APPLICATION_ID, APPLICATION_KEY))
        }
    };
    let ot = builder.with_api_url(format!("{}/", server.url())).build().expect("client for the test server");
    Env { kind, server, ot }
}

/// One environment per kind of credentials: the operation tests run their body in each, so that every
/// operation is checked with both (`for env in common::envs().await { .. }`).
pub async fn envs() -> [Env; 2] {
    let project = env_for(Kind::Project).await;
    let application = env_for(Kind::Application).await;
    eprintln!("(running with project credentials, then with application credentials)");
    [project, application]
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
