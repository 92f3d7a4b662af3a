//! Signals: short messages from the server to every client of a session, or to one client.
//!
//! REST reference: <https://tokbox.com/developer/rest/#send_signal>.

use crate::{
    client::OpenTok,
    error::{Error, Result},
    ids::{check_id, ConnectionId, SessionId},
    raw,
};

/// The longest signal type, in characters.
pub const MAX_TYPE_CHARS: usize = 128;
/// The largest signal data, in bytes (8 kB).
pub const MAX_DATA_BYTES: usize = 8192;

impl OpenTok {
    /// Starts a signal to every client connected to a session, or to one with
    /// [`SendSignal::to_connection`].
    ///
    /// Finish with [`SendSignal::send`], which sends `POST /v2/project/{apiKey}/session/{sessionId}/signal`,
    /// or `POST /v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}/signal` for one client,
    /// with `{"type", "data"}`.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// ot.signal(&session_id).signal_type("chat").data("Hello, everyone").send().await?;
    ///
    /// let connection_id = opentok_sdk::ConnectionId::from("f3b1cb3a-5d9c-4dd3-9b0b-1fbf4a0d5f32");
    /// ot.signal(&session_id).to_connection(&connection_id).signal_type("chat").data("Hello, you").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn signal(&self, session_id: &SessionId) -> SendSignal<'_> {
        SendSignal { client: self, session_id: session_id.clone(), connection_id: None, r#type: None, data: None }
    }
}

/// Builder for [`OpenTok::signal`].
#[derive(Debug)]
#[must_use = "call .send().await"]
pub struct SendSignal<'c> {
    client: &'c OpenTok,
    session_id: SessionId,
    connection_id: Option<ConnectionId>,
    r#type: Option<String>,
    data: Option<String>,
}

impl SendSignal<'_> {
    /// Sends the signal to this connection only, instead of to every client of the session.
    pub fn to_connection(mut self, connection_id: &ConnectionId) -> Self {
        self.connection_id = Some(connection_id.clone());
        self
    }

    /// The signal's type, which clients use to pick a handler: at most 128 characters. Sent as `""` when
    /// not set, since the platform requires the field (a client sees a signal without a type).
    pub fn signal_type(mut self, signal_type: impl Into<String>) -> Self {
        self.r#type = Some(signal_type.into());
        self
    }

    /// The signal's data: at most 8 kB (8192 bytes) of UTF-8. Sent as `""` when not set, since the
    /// platform requires the field.
    pub fn data(mut self, data: impl Into<String>) -> Self {
        self.data = Some(data.into());
        self
    }

    /// Checks the limits and sends the signal.
    ///
    /// Sends `POST /v2/project/{apiKey}/session/{sessionId}/signal`, or
    /// `POST /v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}/signal`, with
    /// `{"type": .., "data": ..}`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `type` if the type is longer than 128 characters, `data` if the
    /// data is larger than 8192 bytes, or `session_id` / `connection_id` if one is empty; nothing is sent
    /// then. [`Error::Api`] with status 404 ([`Error::is_not_found`]) if the session does not exist or the
    /// client is not connected, 413 if the platform finds the signal too large; the usual transport and
    /// timeout errors.
    pub async fn send(self) -> Result<()> {
        let body = self.body()?;
        let Self { client, session_id, connection_id, .. } = self;
        check_id("session_id", session_id.as_str())?;
        let api_key = client.account_id();
        match connection_id {
            None => {
                let raw = client.raw().signal_session().api_key(api_key).session_id(session_id.as_str());
                client.call(raw.body(body).send()).await
            }
            Some(connection_id) => {
                check_id("connection_id", connection_id.as_str())?;
                let raw = client.raw().signal_connection().api_key(api_key).session_id(session_id.as_str());
                client.call(raw.connection_id(connection_id.as_str()).body(body).send()).await
            }
        }
    }

    fn body(&self) -> Result<raw::types::Signal> {
        if let Some(kind) = &self.r#type {
            let chars = kind.chars().count();
            if chars > MAX_TYPE_CHARS {
                return Err(Error::invalid(
                    "type",
                    format!("must be at most {MAX_TYPE_CHARS} characters long, not {chars}"),
                ));
            }
        }
        let data = self.data.clone().unwrap_or_default();
        if data.len() > MAX_DATA_BYTES {
            return Err(Error::invalid(
                "data",
                format!("must be at most {MAX_DATA_BYTES} bytes (8 kB) long, not {}", data.len()),
            ));
        }
        Ok(raw::types::Signal { type_: self.r#type.clone().unwrap_or_default(), data })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn client() -> OpenTok {
        OpenTok::builder("123456", "secret").with_api_url("http://127.0.0.1:9").build().unwrap()
    }

    #[test]
    fn body_has_type_and_data() {
        let ot = client();
        let sid = SessionId::from("1_MX4");
        let body = ot.signal(&sid).signal_type("chat").data("hello").body().unwrap();
        assert_eq!(serde_json::to_value(&body).unwrap(), json!({"type": "chat", "data": "hello"}));
        let body = ot.signal(&sid).signal_type("refresh").body().unwrap();
        assert_eq!(serde_json::to_value(&body).unwrap(), json!({"type": "refresh", "data": ""}));
        let body = ot.signal(&sid).data("x").body().unwrap();
        assert_eq!(serde_json::to_value(&body).unwrap(), json!({"type": "", "data": "x"}));
    }

    #[test]
    fn limits_are_inclusive() {
        let ot = client();
        let sid = SessionId::from("1_MX4");
        // 128 multi-byte characters are fine: the limit counts characters.
        ot.signal(&sid).signal_type("é".repeat(128)).data("d".repeat(8192)).body().unwrap();
        let err = ot.signal(&sid).signal_type("t".repeat(129)).body().unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "type", .. }), "{err}");
        // 4097 two-byte characters are 8194 bytes.
        let err = ot.signal(&sid).data("é".repeat(4097)).body().unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "data", .. }), "{err}");
    }
}
