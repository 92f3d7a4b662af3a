//! Every REST operation through the SDK against the test server, in both credential modes, with its error
//! paths; one module per area. One test binary for all of them: linked once, and its tests run in parallel.

#[path = "../common/mod.rs"]
mod common;

mod application;
mod archive;
mod audio_connector;
mod broadcast;
mod captions;
mod client;
mod errors_for_apps;
mod migrate;
mod moderation;
mod path_safety;
mod render;
mod session;
mod signal;
mod sip;
mod streams;
mod test_server_api;
mod token_server;
mod token_times;
mod transcription;
mod transport;
#[cfg(feature = "axum")]
#[path = "../../examples/video_rooms.rs"]
mod video_rooms;
#[cfg(feature = "axum")]
mod video_rooms_example;
