//! The enums users pick from configuration files and forms parse from text (with errors that list the accepted
//! values), display and serialize as the wire form; the platform's enums keep values they do not know.

use opentok_sdk::{
    archive::{ArchiveStatus, Layout, LayoutType, OutputMode, Resolution, ScreenshareLayout, StreamMode},
    moderation::ConnectionState,
    stream::VideoType,
    ParseEnumError,
};
use serde_json::json;

#[test]
fn the_crates_enums_parse_from_configuration() {
    assert_eq!("individual".parse::<OutputMode>().unwrap(), OutputMode::Individual);
    let err = "both".parse::<OutputMode>().unwrap_err().to_string();
    assert!(err.contains("composed, individual"), "{err}");
    assert_eq!("Manual".parse::<StreamMode>().unwrap(), StreamMode::Manual);
    assert_eq!("1920x1080".parse::<Resolution>().unwrap(), Resolution::Fhd1080Landscape);
    let err = "4k".parse::<Resolution>().unwrap_err().to_string();
    assert!(err.contains("640x480, 480x640, 1280x720, 720x1280, 1920x1080, 1080x1920"), "{err}");
    assert_eq!(serde_json::to_value(Resolution::Hd720Portrait).unwrap(), json!("720x1280"));
    assert_eq!("pip".parse::<ScreenshareLayout>().unwrap(), ScreenshareLayout::Pip);
    assert_eq!("screen".parse::<VideoType>().unwrap(), VideoType::Screen);
    assert_eq!(serde_json::from_value::<VideoType>(json!("hologram")).unwrap().as_str(), "hologram");
    assert_eq!(serde_json::from_value::<ConnectionState>(json!("connected")).unwrap(), ConnectionState::Connected);
    assert_eq!(ConnectionState::Connected.to_string(), "Connected");
}

#[test]
fn every_value_round_trips_through_text_and_json() {
    for r in Resolution::ALL {
        assert_eq!(r.to_string().parse::<Resolution>().unwrap(), *r);
        assert_eq!(serde_json::from_value::<Resolution>(serde_json::to_value(r).unwrap()).unwrap(), *r);
    }
    for t in LayoutType::ALL {
        assert_eq!(t.as_str().parse::<LayoutType>().unwrap(), *t);
    }
    for wire in ArchiveStatus::KNOWN.iter().chain(&["pending-review"]) {
        let status: ArchiveStatus = serde_json::from_value(json!(wire)).unwrap();
        assert_eq!(serde_json::to_value(&status).unwrap(), json!(wire));
        assert_eq!(status.to_string(), *wire);
    }
    let err: ParseEnumError = "pending-review".parse::<ArchiveStatus>().unwrap_err();
    assert_eq!(err.type_name(), "ArchiveStatus");
    assert!(err.accepted().contains(&"available"));
    assert_eq!("verticalPresentation".parse::<Layout>().unwrap(), Layout::VerticalPresentation);
}

/// One rule for every enum's `FromStr` error: a `ParseEnumError` listing the accepted values, which `?`
/// turns into `Error::InvalidArgument` naming the enum (issue 22, item 6: `Layout`'s did not convert while
/// `Role`'s did).
#[test]
fn every_enums_parse_error_converts_with_the_question_mark() {
    use opentok_sdk::{broadcast::BroadcastStatus, session::ArchiveMode, token::Role, webhook::CaptionsStatus, Error};

    /// Parses with `?` in a function returning the crate's `Result`: compiles only if the error converts.
    fn parse<T: std::str::FromStr>(text: &str) -> opentok_sdk::Result<T>
    where
        Error: From<T::Err>,
    {
        Ok(text.parse::<T>()?)
    }
    fn refused<T: std::str::FromStr + std::fmt::Debug>(text: &str, name: &str, accepted: &str)
    where
        Error: From<T::Err>,
    {
        match parse::<T>(text) {
            Err(Error::InvalidArgument { field, reason }) => {
                assert_eq!(field, name);
                assert!(reason.contains(accepted) && reason.contains(text), "{reason}");
            }
            other => panic!("{name}: {other:?}"),
        }
    }

    assert_eq!(parse::<Layout>("pip").unwrap(), Layout::Pip);
    refused::<Layout>("mosaic", "Layout", "bestFit, pip");
    refused::<ScreenshareLayout>("custom", "ScreenshareLayout", "bestFit, pip");
    refused::<LayoutType>("grid", "LayoutType", "custom");
    refused::<Resolution>("4k", "Resolution", "1280x720");
    refused::<StreamMode>("sometimes", "StreamMode", "auto, manual");
    refused::<OutputMode>("both", "OutputMode", "composed, individual");
    refused::<ArchiveStatus>("pending-review", "ArchiveStatus", "available");
    refused::<BroadcastStatus>("paused", "BroadcastStatus", "started");
    refused::<CaptionsStatus>("x", "CaptionsStatus", "started");
    refused::<ArchiveMode>("sometimes", "ArchiveMode", "always");
    refused::<ConnectionState>("gone", "ConnectionState", "Connected");
    refused::<VideoType>("hologram", "VideoType", "screen");
    assert_eq!(parse::<Role>("moderator").unwrap(), Role::Moderator);
    refused::<Role>("Moderator", "Role", "subscriber, publisher, publisheronly, moderator");
    // The same error type for all, so one `match` or `map_err` serves every enum.
    let _: ParseEnumError = "Moderator".parse::<Role>().unwrap_err();
    let _: ParseEnumError = "mosaic".parse::<Layout>().unwrap_err();
}
