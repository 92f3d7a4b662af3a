//! Live-streaming broadcasts: a session streamed to HLS viewers and to RTMP servers (YouTube, Twitch, a
//! CDN).
//!
//! [`OpenTok::start_broadcast`] returns a [`StartBroadcast`] builder in the [`WantsOutput`] state, which
//! has no `.send()`: choosing HLS ([`StartBroadcast::hls`], [`hls_dvr`](StartBroadcast::hls_dvr),
//! [`hls_low_latency`](StartBroadcast::hls_low_latency), [`hls_mode`](StartBroadcast::hls_mode); one of
//! them, once) or an RTMP target ([`StartBroadcast::rtmp`]) opens it. Layouts, resolutions and stream
//! modes are the types archives use too ([`Layout`], [`Resolution`], [`StreamMode`]), with the same rules. The rest
//! of the life cycle is plain calls: [`OpenTok::get_broadcast`], [`OpenTok::stop_broadcast`],
//! [`OpenTok::list_broadcasts`], [`OpenTok::set_broadcast_layout`], [`OpenTok::add_broadcast_stream`] and
//! [`OpenTok::remove_broadcast_stream`], and the same from a [`Broadcast`] (`broadcast.stop(&ot)`).

mod list;
mod start;
mod types;

/// The types broadcasts share with archives (`crate::composition`), where users name them.
pub use crate::composition::{AddStream, Layout, LayoutType, Resolution, ScreenshareLayout, StreamMode};
pub use list::{BroadcastPage, ListBroadcasts};
pub use start::{
    BroadcastState, HasOutput, Hls, HlsChosenAtRunTime, HlsDvr, HlsLowLatency, HlsNotChosen, RtmpOnly, StartBroadcast,
    WantsOutput, MAX_MAX_BITRATE, MAX_MAX_DURATION, MAX_RTMP_TARGETS, MIN_MAX_BITRATE, MIN_MAX_DURATION,
};
pub use types::{
    Broadcast, BroadcastId, BroadcastSettings, BroadcastStatus, BroadcastStream, BroadcastUrls, HlsMode, HlsSettings,
    HlsStatus, RtmpStatus, RtmpStream, RtmpTarget, StreamName,
};

use crate::{
    composition::{self, Composition},
    error::Result,
    ids::{check_id, StreamId},
    raw, OpenTok,
};

impl OpenTok {
    /// Gets a broadcast (running or stopped). [`Broadcast::refresh`] does the same from a broadcast.
    ///
    /// Sends `GET /v2/project/{apiKey}/broadcast/{broadcastId}`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming `broadcast_id` if it is empty
    /// (nothing is sent); [`Error::Api`](crate::Error::Api): 404 unknown broadcast.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok) -> opentok_sdk::Result<()> {
    /// let broadcast_id = opentok_sdk::broadcast::BroadcastId::from("1748b7070a81464c9759c46ad10d3734");
    /// let broadcast = ot.get_broadcast(&broadcast_id).await?;
    /// println!("{} is {}; HLS {:?}", broadcast.id, broadcast.status, broadcast.hls_status());
    /// # Ok(()) }
    /// ```
    pub async fn get_broadcast(&self, broadcast_id: &BroadcastId) -> Result<Broadcast> {
        check_id("broadcast_id", broadcast_id.as_str())?;
        let raw = self.raw().get_broadcast().api_key(self.account_id()).broadcast_id(broadcast_id.as_str());
        self.call(raw.send()).await.and_then(Broadcast::from_object)
    }

    /// Stops a broadcast. [`Broadcast::stop`] does the same from a broadcast.
    ///
    /// Sends `POST /v2/project/{apiKey}/broadcast/{broadcastId}/stop` (no body).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming `broadcast_id` if it is empty
    /// (nothing is sent); [`Error::Api`](crate::Error::Api): 404 unknown or already stopped broadcast.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok) -> opentok_sdk::Result<()> {
    /// let broadcast_id = opentok_sdk::broadcast::BroadcastId::from("1748b7070a81464c9759c46ad10d3734");
    /// let stopped = ot.stop_broadcast(&broadcast_id).await?;
    /// println!("{} is {}", stopped.id, stopped.status);
    /// # Ok(()) }
    /// ```
    pub async fn stop_broadcast(&self, broadcast_id: &BroadcastId) -> Result<Broadcast> {
        check_id("broadcast_id", broadcast_id.as_str())?;
        let raw = self.raw().stop_broadcast().api_key(self.account_id()).broadcast_id(broadcast_id.as_str());
        self.call(raw.send()).await.and_then(Broadcast::from_object)
    }

    /// Changes the layout of a running broadcast.
    ///
    /// Sends `PUT /v2/project/{apiKey}/broadcast/{broadcastId}/layout` with `{"type", "stylesheet"?,
    /// "screenshareType"?}`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) (`broadcast_id` if empty, `layout` for an
    /// empty custom stylesheet) before sending; [`Error::Api`](crate::Error::Api): 404 unknown broadcast,
    /// 400 for a layout the platform refuses.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, broadcast: opentok_sdk::broadcast::Broadcast) -> opentok_sdk::Result<()> {
    /// use opentok_sdk::broadcast::{Layout, ScreenshareLayout};
    /// ot.set_broadcast_layout(&broadcast.id, &Layout::BestFitWithScreenshare(ScreenshareLayout::Pip)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_broadcast_layout(&self, broadcast_id: &BroadcastId, layout: &Layout) -> Result<()> {
        composition::set_layout::<Broadcast>(self, broadcast_id, layout).await
    }

    /// Starts adding a stream to a broadcast in manual stream mode (or changing whether its audio and video
    /// are broadcast).
    ///
    /// Finish with [`AddBroadcastStream::send`], which sends
    /// `PATCH /v2/project/{apiKey}/broadcast/{broadcastId}/streams` with `{"addStream", "hasAudio",
    /// "hasVideo"}`.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, broadcast: opentok_sdk::broadcast::Broadcast) -> opentok_sdk::Result<()> {
    /// let stream_id = opentok_sdk::StreamId::from("8b732909-0a06-46a2-8ea8-074e64d43422");
    /// ot.add_broadcast_stream(&broadcast.id, &stream_id).has_video(false).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn add_broadcast_stream(&self, broadcast_id: &BroadcastId, stream_id: &StreamId) -> AddBroadcastStream<'_> {
        AddStream::new(self, broadcast_id, stream_id)
    }

    /// Removes a stream from a broadcast in manual stream mode.
    ///
    /// Sends `PATCH /v2/project/{apiKey}/broadcast/{broadcastId}/streams` with `{"removeStream"}`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming `broadcast_id` or `stream_id` if one
    /// is empty (nothing is sent); [`Error::Api`](crate::Error::Api): 404 unknown broadcast or stream, 400
    /// (or 405) in automatic stream mode.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, broadcast: opentok_sdk::broadcast::Broadcast) -> opentok_sdk::Result<()> {
    /// let stream_id = opentok_sdk::StreamId::from("8b732909-0a06-46a2-8ea8-074e64d43422");
    /// ot.remove_broadcast_stream(&broadcast.id, &stream_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_broadcast_stream(&self, broadcast_id: &BroadcastId, stream_id: &StreamId) -> Result<()> {
        composition::remove_stream::<Broadcast>(self, broadcast_id, stream_id).await
    }
}

/// Builder for [`OpenTok::add_broadcast_stream`]: [`has_audio`](AddStream::has_audio),
/// [`has_video`](AddStream::has_video), then [`send`](AddStream::send).
pub type AddBroadcastStream<'c> = AddStream<'c, Broadcast>;

impl Composition for Broadcast {
    type Id = BroadcastId;
    const ID_FIELD: &'static str = "broadcast_id";

    fn id_str(id: &BroadcastId) -> &str {
        id.as_str()
    }

    async fn send_layout(client: &OpenTok, id: &str, body: raw::types::Layout) -> Result<()> {
        let raw = client.raw().set_broadcast_layout().api_key(client.account_id()).broadcast_id(id);
        client.call(raw.body(body).send()).await
    }

    async fn send_streams(client: &OpenTok, id: &str, body: raw::types::StreamChange) -> Result<()> {
        let raw = client.raw().change_broadcast_streams().api_key(client.account_id()).broadcast_id(id);
        client.call(raw.body(body).send()).await
    }
}

impl Broadcast {
    /// Stops this broadcast; see [`OpenTok::stop_broadcast`].
    ///
    /// # Errors
    /// As [`OpenTok::stop_broadcast`].
    pub async fn stop(&self, client: &OpenTok) -> Result<Broadcast> {
        client.stop_broadcast(&self.id).await
    }

    /// Fetches this broadcast's current state; see [`OpenTok::get_broadcast`].
    ///
    /// # Errors
    /// As [`OpenTok::get_broadcast`].
    pub async fn refresh(&self, client: &OpenTok) -> Result<Broadcast> {
        client.get_broadcast(&self.id).await
    }

    /// Changes this broadcast's layout; see [`OpenTok::set_broadcast_layout`].
    ///
    /// # Errors
    /// As [`OpenTok::set_broadcast_layout`].
    pub async fn set_layout(&self, client: &OpenTok, layout: &Layout) -> Result<()> {
        client.set_broadcast_layout(&self.id, layout).await
    }

    /// Starts adding a stream to this broadcast; see [`OpenTok::add_broadcast_stream`].
    pub fn add_stream<'c>(&self, client: &'c OpenTok, stream_id: &StreamId) -> AddBroadcastStream<'c> {
        client.add_broadcast_stream(&self.id, stream_id)
    }

    /// Removes a stream from this broadcast; see [`OpenTok::remove_broadcast_stream`].
    ///
    /// # Errors
    /// As [`OpenTok::remove_broadcast_stream`].
    pub async fn remove_stream(&self, client: &OpenTok, stream_id: &StreamId) -> Result<()> {
        client.remove_broadcast_stream(&self.id, stream_id).await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::Error;

    #[test]
    fn stream_change_bodies() {
        let ot = OpenTok::new("1", "secret").unwrap();
        let (b, s) = (BroadcastId::from("b"), StreamId::from("s"));
        let body = ot.add_broadcast_stream(&b, &s).has_audio(false).body().unwrap();
        assert_eq!(serde_json::to_value(body).unwrap(), json!({"addStream": "s", "hasAudio": false, "hasVideo": true}));
        assert!(matches!(
            ot.add_broadcast_stream(&b, &s).has_audio(false).has_video(false).body(),
            Err(Error::InvalidArgument { field: "has_video", .. })
        ));
        assert!(matches!(
            ot.add_broadcast_stream(&BroadcastId::from(""), &s).body(),
            Err(Error::InvalidArgument { field: "broadcast_id", .. })
        ));
    }
}
