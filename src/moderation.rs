//! Moderation of a live session: listing its connections, forcing a client to disconnect, and forcing
//! streams to mute their audio.
//!
//! REST reference: <https://tokbox.com/developer/rest/#forceDisconnect> and
//! <https://tokbox.com/developer/rest/#force_mute_all>.

use chrono::{DateTime, Utc};

use crate::{
    client::OpenTok,
    error::Result,
    ids::{check_id, ConnectionId, SessionId, StreamId},
    macros::{open_enum, wire_model},
    raw,
    wire::{Dflt, LenientEpochMillis, Opt, Plain, Req},
};

impl OpenTok {
    /// Lists the connections of a session (clients and SIP calls), oldest first.
    ///
    /// Sends `GET /v2/project/{apiKey}/session/{sessionId}/connection`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming `session_id` if it is empty (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) with status 404 ([`Error::is_not_found`](crate::Error::is_not_found)) if the session does not exist; the usual
    /// transport, timeout and decode errors.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// for connection in ot.list_connections(&session_id).await? {
    ///     println!("{} is {:?}", connection.id, connection.state);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_connections(&self, session_id: &SessionId) -> Result<Vec<Connection>> {
        check_id("session_id", session_id.as_str())?;
        let list = self
            .call(self.raw().list_connections().api_key(self.account_id()).session_id(session_id.as_str()).send())
            .await?;
        list.items.into_iter().map(Connection::from_object).collect()
    }

    /// Forces a client (or a SIP call) to leave a session. Its stream, if it published one, goes with it.
    ///
    /// Sends `DELETE /v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming `session_id` or `connection_id` if one is empty (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) with status 404 ([`Error::is_not_found`](crate::Error::is_not_found)) if the session does not exist or the client
    /// is not connected; the usual transport and timeout errors.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// let connection_id = opentok_sdk::ConnectionId::from("f3b1cb3a-5d9c-4dd3-9b0b-1fbf4a0d5f32");
    /// ot.force_disconnect(&session_id, &connection_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn force_disconnect(&self, session_id: &SessionId, connection_id: &ConnectionId) -> Result<()> {
        check_id("session_id", session_id.as_str())?;
        check_id("connection_id", connection_id.as_str())?;
        self.call(
            self.raw()
                .force_disconnect()
                .api_key(self.account_id())
                .session_id(session_id.as_str())
                .connection_id(connection_id.as_str())
                .send(),
        )
        .await
    }

    /// Forces one stream to mute its audio. The publisher may unmute it again.
    ///
    /// Sends `POST /v2/project/{apiKey}/session/{sessionId}/stream/{streamId}/mute` (no body).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming `session_id` or `stream_id` if one is empty (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) with status 404 ([`Error::is_not_found`](crate::Error::is_not_found)) if the session or the stream does not exist;
    /// the usual transport and timeout errors.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// let stream_id = opentok_sdk::StreamId::from("8b732909-0a06-46a2-8ea8-074e64d43422");
    /// ot.force_mute_stream(&session_id, &stream_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn force_mute_stream(&self, session_id: &SessionId, stream_id: &StreamId) -> Result<()> {
        check_id("session_id", session_id.as_str())?;
        check_id("stream_id", stream_id.as_str())?;
        self.call(
            self.raw()
                .mute_stream()
                .api_key(self.account_id())
                .session_id(session_id.as_str())
                .stream_id(stream_id.as_str())
                .send(),
        )
        .await
    }

    /// Starts forcing every stream of a session to mute its audio, except the streams given to
    /// [`ForceMuteAll::excluding`]. Streams published later are muted too, until
    /// [`disable_force_mute`](Self::disable_force_mute).
    ///
    /// Finish with [`ForceMuteAll::send`], which sends
    /// `POST /v2/project/{apiKey}/session/{sessionId}/mute` with `{"active": true, "excludedStreamIds": [..]}`.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// let moderator = opentok_sdk::StreamId::from("8b732909-0a06-46a2-8ea8-074e64d43422");
    /// ot.force_mute_all(&session_id).excluding([&moderator]).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn force_mute_all(&self, session_id: &SessionId) -> ForceMuteAll<'_> {
        ForceMuteAll { client: self, session_id: session_id.clone(), excluded: Vec::new() }
    }

    /// Lifts a session's force-mute state: streams published from now on are no longer muted. Streams
    /// already muted stay muted until their publishers unmute them.
    ///
    /// Sends `POST /v2/project/{apiKey}/session/{sessionId}/mute` with `{"active": false}`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming `session_id` if it is empty (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) with status 404 ([`Error::is_not_found`](crate::Error::is_not_found)) if the session does not exist; the usual
    /// transport and timeout errors.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// ot.disable_force_mute(&session_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn disable_force_mute(&self, session_id: &SessionId) -> Result<()> {
        check_id("session_id", session_id.as_str())?;
        self.send_mute_session(session_id, mute_body(false, Vec::new())).await
    }

    async fn send_mute_session(&self, session_id: &SessionId, body: raw::types::MuteSession) -> Result<()> {
        self.call(
            self.raw().mute_session().api_key(self.account_id()).session_id(session_id.as_str()).body(body).send(),
        )
        .await
    }
}

fn mute_body(active: bool, excluded: Vec<StreamId>) -> raw::types::MuteSession {
    raw::types::MuteSession { active, excluded_stream_ids: excluded.into_iter().map(StreamId::into_string).collect() }
}

/// Builder for [`OpenTok::force_mute_all`].
#[derive(Debug)]
#[must_use = "call .send().await"]
pub struct ForceMuteAll<'c> {
    client: &'c OpenTok,
    session_id: SessionId,
    excluded: Vec<StreamId>,
}

impl ForceMuteAll<'_> {
    /// Streams to leave unmuted (a moderator's, say). Adds to the streams given before.
    pub fn excluding<I>(mut self, stream_ids: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<StreamId>,
    {
        self.excluded.extend(stream_ids.into_iter().map(Into::into));
        self
    }

    /// Sends the request.
    ///
    /// Sends `POST /v2/project/{apiKey}/session/{sessionId}/mute` with
    /// `{"active": true, "excludedStreamIds": [..]}` (the list is left out when empty).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming `session_id` if it is empty, or `excluding` if an excluded stream
    /// id is empty (nothing is sent); [`Error::Api`](crate::Error::Api) with status 404 ([`Error::is_not_found`](crate::Error::is_not_found)) if the
    /// session does not exist; the usual transport and timeout errors.
    pub async fn send(self) -> Result<()> {
        check_id("session_id", self.session_id.as_str())?;
        for id in &self.excluded {
            check_id("excluding", id.as_str())?;
        }
        self.client.send_mute_session(&self.session_id, mute_body(true, self.excluded)).await
    }
}

wire_model! {
    /// A client's (or a SIP call's) connection to a session, as [`OpenTok::list_connections`] returns it.
    /// Keeps every member the platform sends (see [`Archive`](crate::archive::Archive) for the rules) and
    /// serializes back to the same JSON.
    pub struct Connection("a connection") {
        /// The connection's id.
        "connectionId" => pub id: ConnectionId as Req<Plain>,
        /// Whether the client is still connecting or connected (`Unknown("")` if the platform sent none).
        "connectionState" => pub state: ConnectionState as Dflt<Plain>,
        /// When the client connected; `None` if the platform did not say or said something unreadable
        /// (epoch milliseconds are read from a number or a string, as the platform has sent both).
        "createdAt" => pub created_at: Option<DateTime<Utc>> as Opt<LenientEpochMillis>,
    }
}

open_enum!(
    /// The state of a [`Connection`]. Read ignoring ASCII case.
    ConnectionState {
        /// The client is connecting.
        Connecting = "Connecting",
        /// The client is connected.
        Connected = "Connected",
        /// The client has disconnected.
        Disconnected = "Disconnected",
    }
);

/// A connection whose answer had no state: `Unknown("")`.
impl Default for ConnectionState {
    fn default() -> Self {
        Self::Unknown(String::new())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn mute_all_body_names_excluded_stream_ids() {
        let body = mute_body(true, vec!["a".into(), "b".into()]);
        assert_eq!(serde_json::to_value(&body).unwrap(), json!({"active": true, "excludedStreamIds": ["a", "b"]}));
        let body = mute_body(true, Vec::new());
        assert_eq!(serde_json::to_value(&body).unwrap(), json!({"active": true}));
    }

    #[test]
    fn disable_force_mute_body() {
        let body = mute_body(false, Vec::new());
        assert_eq!(serde_json::to_value(&body).unwrap(), json!({"active": false}));
    }

    #[derive(serde::Deserialize)]
    struct ConnectionList {
        items: Vec<serde_json::Map<String, serde_json::Value>>,
    }

    #[test]
    fn connections_parse_leniently() {
        let list: ConnectionList = serde_json::from_value(json!({
            "count": 3,
            "projectId": "123456",
            "sessionId": "1_MX4",
            "items": [
                {"connectionId": "a", "connectionState": "Connected", "createdAt": 1_622_028_079_808_i64},
                {"connectionId": "b", "connectionState": "Connecting", "createdAt": "1622028079808"},
                {"connectionId": "c", "connectionState": "Reconnecting"},
                {"connectionId": "d"}
            ]
        }))
        .unwrap();
        let connections: Vec<Connection> =
            list.items.into_iter().map(|c| Connection::from_object(c).unwrap()).collect();
        assert_eq!(connections[0].state, ConnectionState::Connected);
        assert_eq!(connections[0].created_at, connections[1].created_at);
        assert!(connections[0].created_at.is_some());
        assert_eq!(connections[1].state, ConnectionState::Connecting);
        assert_eq!(connections[2].state, ConnectionState::Unknown("Reconnecting".into()));
        assert_eq!(connections[2].state.as_str(), "Reconnecting");
        assert_eq!(connections[3].state, ConnectionState::Unknown(String::new()));
        assert_eq!(connections[3].created_at, None);
    }
}
