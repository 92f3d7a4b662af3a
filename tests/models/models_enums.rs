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
