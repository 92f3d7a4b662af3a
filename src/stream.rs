//! Streams of a session: reading them, and setting their layout class lists (which composed archives and
//! broadcasts use to place them).
//!
//! REST reference: <https://tokbox.com/developer/rest/#get-stream-info> and
//! <https://tokbox.com/developer/rest/#change-stream-layout-classes-composed>.

use crate::{
    client::OpenTok,
    error::{Error, Result},
    ids::{check_id, SessionId, StreamId},
    macros::{open_enum, wire_model},
    raw,
    wire::{Dflt, Opt, Plain, Req},
};

impl OpenTok {
    /// Gets one stream of a session.
    ///
    /// Sends `GET /v2/project/{apiKey}/session/{sessionId}/stream/{streamId}`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `session_id` or `stream_id` if one is empty (nothing is sent);
    /// [`Error::Api`] with status 404 ([`Error::is_not_found`]) if the session or the stream does not exist
    /// (the platform may also answer 400 or 408 for a malformed stream id); the usual transport, timeout
    /// and decode errors.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// let stream_id = opentok_sdk::StreamId::from("8b732909-0a06-46a2-8ea8-074e64d43422");
    /// let stream = ot.get_stream(&session_id, &stream_id).await?;
    /// println!("{:?} {:?} {:?}", stream.video_type, stream.name, stream.layout_class_list);
    /// # Ok(()) }
    /// ```
    pub async fn get_stream(&self, session_id: &SessionId, stream_id: &StreamId) -> Result<Stream> {
        check_id("session_id", session_id.as_str())?;
        check_id("stream_id", stream_id.as_str())?;
        let stream = self
            .call(
                self.raw()
                    .get_stream()
                    .api_key(self.account_id())
                    .session_id(session_id.as_str())
                    .stream_id(stream_id.as_str())
                    .send(),
            )
            .await?;
        Stream::from_object(stream)
    }

    /// Lists the streams published in a session.
    ///
    /// Sends `GET /v2/project/{apiKey}/session/{sessionId}/stream`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `session_id` if it is empty (nothing is sent);
    /// [`Error::Api`] with status 404 ([`Error::is_not_found`]) if the session does not exist (the
    /// platform has also been seen to answer 404 for a session in which nothing was ever published);
    /// the usual transport, timeout and decode errors.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// for stream in ot.list_streams(&session_id).await? {
    ///     println!("{} {:?}", stream.id, stream.video_type);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_streams(&self, session_id: &SessionId) -> Result<Vec<Stream>> {
        check_id("session_id", session_id.as_str())?;
        let list = self
            .call(self.raw().list_streams().api_key(self.account_id()).session_id(session_id.as_str()).send())
            .await?;
        list.items.into_iter().map(Stream::from_object).collect()
    }

    /// Starts setting the layout class lists of several streams of a session at once. Add streams with
    /// [`SetStreamClassLists::stream`] and finish with [`SetStreamClassLists::send`], which sends
    /// `PUT /v2/project/{apiKey}/session/{sessionId}/stream` with `{"items": [{"id", "layoutClassList"}, ..]}`.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// let speaker = opentok_sdk::StreamId::from("8b732909-0a06-46a2-8ea8-074e64d43422");
    /// let slides = opentok_sdk::StreamId::from("a4a3ecbc-3e0b-4a3d-8a4b-3d5f2e6b9c11");
    /// ot.set_stream_class_lists(&session_id)
    ///     .stream(&speaker, ["full", "focus"])
    ///     .stream(&slides, Vec::<String>::new()) // clears its classes
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn set_stream_class_lists(&self, session_id: &SessionId) -> SetStreamClassLists<'_> {
        SetStreamClassLists { client: self, session_id: session_id.clone(), items: Vec::new() }
    }
}

wire_model! {
    /// A stream published in a session. Keeps every member the platform sends (see
    /// [`Archive`](crate::archive::Archive) for the rules) and serializes back to the same JSON.
    pub struct Stream("a stream") {
        /// The stream's id.
        "id" => pub id: StreamId as Req<Plain>,
        /// What the stream's video shows; `None` for an audio-only stream.
        "videoType" => pub video_type: Option<VideoType> as Opt<Plain>,
        /// The name the publisher gave the stream, if any.
        "name" => pub name: Option<String> as Opt<Plain>,
        /// The stream's layout classes (empty when it has none).
        "layoutClassList" => pub layout_class_list: Vec<String> as Dflt<Plain>,
    }
}

open_enum!(
    /// What a stream's video shows.
    VideoType {
        /// A camera.
        Camera = "camera",
        /// A shared screen.
        Screen = "screen",
        /// A custom video source.
        Custom = "custom",
    }
);

/// Builder for [`OpenTok::set_stream_class_lists`].
#[derive(Debug)]
#[must_use = "call .send().await"]
pub struct SetStreamClassLists<'c> {
    client: &'c OpenTok,
    session_id: SessionId,
    items: Vec<(StreamId, Vec<String>)>,
}

impl SetStreamClassLists<'_> {
    /// Sets the layout classes of one stream, replacing the ones it has; an empty list clears them.
    pub fn stream<I>(mut self, stream_id: &StreamId, classes: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.items.push((stream_id.clone(), classes.into_iter().map(Into::into).collect()));
        self
    }

    fn body(&self) -> Result<raw::types::StreamClassListUpdate> {
        if self.items.is_empty() {
            return Err(Error::invalid("streams", "give at least one stream with .stream(..)"));
        }
        let mut items = Vec::with_capacity(self.items.len());
        for (stream_id, classes) in &self.items {
            check_id("stream_id", stream_id.as_str())?;
            if let Some(bad) = classes.iter().find(|c| c.is_empty() || c.chars().any(char::is_whitespace)) {
                return Err(Error::invalid(
                    "layout_class_list",
                    format!("class names must be non-empty and without whitespace, not {bad:?}"),
                ));
            }
            items.push(raw::types::StreamClassList {
                id: stream_id.as_str().to_owned(),
                layout_class_list: classes.clone(),
            });
        }
        Ok(raw::types::StreamClassListUpdate { items })
    }

    /// Checks the classes and sends the request. The platform applies all the changes or none.
    ///
    /// Sends `PUT /v2/project/{apiKey}/session/{sessionId}/stream` with
    /// `{"items": [{"id": .., "layoutClassList": [..]}, ..]}`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] (nothing is sent) naming `streams` if no stream was given,
    /// `layout_class_list` if a class name is empty or contains whitespace, or `session_id` / `stream_id`
    /// if an id is empty; [`Error::Api`] with status 404 ([`Error::is_not_found`]) if the session or one of
    /// the streams does not exist, 400 if the platform rejects the request; the usual transport and
    /// timeout errors.
    pub async fn send(self) -> Result<()> {
        check_id("session_id", self.session_id.as_str())?;
        let body = self.body()?;
        let client = self.client;
        client
            .call(
                client
                    .raw()
                    .set_stream_class_lists()
                    .api_key(client.account_id())
                    .session_id(self.session_id.as_str())
                    .body(body)
                    .send(),
            )
            .await
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
    fn class_list_body() {
        let ot = client();
        let sid = SessionId::from("1_MX4");
        let body = ot
            .set_stream_class_lists(&sid)
            .stream(&StreamId::from("s1"), ["full", "focus"])
            .stream(&StreamId::from("s2"), Vec::<String>::new())
            .body()
            .unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"items": [
                {"id": "s1", "layoutClassList": ["full", "focus"]},
                {"id": "s2", "layoutClassList": []}
            ]})
        );
    }

    #[test]
    fn class_list_checks() {
        let ot = client();
        let sid = SessionId::from("1_MX4");
        let err = ot.set_stream_class_lists(&sid).body().unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "streams", .. }), "{err}");
        for bad in ["", "two words", "tab\there"] {
            let err = ot.set_stream_class_lists(&sid).stream(&StreamId::from("s1"), ["ok", bad]).body().unwrap_err();
            assert!(matches!(err, Error::InvalidArgument { field: "layout_class_list", .. }), "{bad:?}: {err}");
        }
        let err = ot.set_stream_class_lists(&sid).stream(&StreamId::from(""), ["full"]).body().unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "stream_id", .. }), "{err}");
    }

    #[derive(serde::Deserialize)]
    struct StreamList {
        items: Vec<serde_json::Map<String, serde_json::Value>>,
    }

    #[test]
    fn streams_parse_leniently() {
        let list: StreamList = serde_json::from_value(json!({
            "count": 4,
            "items": [
                {"id": "a", "videoType": "camera", "name": "Alice", "layoutClassList": ["full"]},
                {"id": "b", "videoType": "screen", "name": "", "layoutClassList": []},
                {"id": "c", "videoType": "hologram"},
                {"id": "d", "videoType": null, "name": null, "layoutClassList": null}
            ]
        }))
        .unwrap();
        let streams: Vec<Stream> = list.items.into_iter().map(|s| Stream::from_object(s).unwrap()).collect();
        assert_eq!(streams[0].video_type, Some(VideoType::Camera));
        assert_eq!(streams[0].name.as_deref(), Some("Alice"));
        assert_eq!(streams[0].layout_class_list, ["full"]);
        assert_eq!(streams[1].video_type, Some(VideoType::Screen));
        assert_eq!(streams[2].video_type, Some(VideoType::Unknown("hologram".into())));
        assert_eq!(streams[2].video_type.as_ref().map(VideoType::as_str), Some("hologram"));
        assert_eq!(streams[3].video_type, None);
        assert!(streams[3].layout_class_list.is_empty());
    }
}
