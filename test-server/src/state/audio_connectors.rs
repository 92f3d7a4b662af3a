//! Audio Connectors: each one is a connection of its session (publishing a stream when
//! bidirectional), which force-disconnect removes.

use super::streams::NewStream;
use super::World;

/// An Audio Connector as started.
pub(crate) struct AudioConnector {
    pub id: String,
    pub session_id: String,
    pub connection_id: String,
    pub uri: String,
    pub audio_rate: i64,
    pub bidirectional: bool,
}

/// An Audio Connector, as [`crate::TestServer::audio_connectors`] shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AudioConnectorInfo {
    /// The connector's id.
    pub id: String,
    /// Its session.
    pub session_id: String,
    /// The connection it joined as.
    pub connection_id: String,
    /// The WebSocket URI.
    pub uri: String,
    /// The sample rate (8000 by default).
    pub audio_rate: i64,
    /// Whether it publishes what the WebSocket server sends back.
    pub bidirectional: bool,
    /// Whether its connection is still in the session.
    pub connected: bool,
}

impl World {
    /// Adds the connector's connection (and, when bidirectional, its stream); returns the connection id.
    pub fn add_audio_connector_connection(
        &mut self,
        session_id: &str,
        data: Option<String>,
        role: String,
        bidirectional: bool,
    ) -> String {
        let now = self.now();
        let stream = bidirectional.then(|| NewStream {
            video_type: None,
            name: "Audio Connector".into(),
            layout_class_list: Vec::new(),
            observes_force_mute: true,
            sip: false,
        });
        self.add_connection(session_id, now, data, role, stream).0
    }

    pub fn audio_connector_info(&self, connector: &AudioConnector) -> AudioConnectorInfo {
        let connected =
            self.sessions.get(&connector.session_id).is_some_and(|s| s.has_connection(&connector.connection_id));
        AudioConnectorInfo {
            id: connector.id.clone(),
            session_id: connector.session_id.clone(),
            connection_id: connector.connection_id.clone(),
            uri: connector.uri.clone(),
            audio_rate: connector.audio_rate,
            bidirectional: connector.bidirectional,
            connected,
        }
    }
}
