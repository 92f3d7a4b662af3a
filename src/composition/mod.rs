//! What archives and broadcasts (compositions of a session's streams) share, on a floor of its own below
//! both, so that neither imports the other: [`Layout`] and its parts, [`Resolution`], [`StreamMode`], the
//! bitrate bounds and the start builders' shared setters and checks ([`options`]), and changing the
//! layout and the streams while one runs ([`change`]). `archive` and `broadcast` re-export the public
//! types, where users name them (`opentok_sdk::archive::Layout`, `opentok_sdk::broadcast::Layout`).

mod change;
mod layout;
mod options;

pub(crate) use change::{remove_stream, set_layout};
pub use change::{AddStream, Composition};
pub use layout::{Layout, LayoutType, ScreenshareLayout};
pub(crate) use options::{check_audio_or_video, check_max_bitrate, check_tag, media_setters, stream_mode_wire};
pub use options::{Resolution, StreamMode, MAX_MAX_BITRATE, MIN_MAX_BITRATE};
