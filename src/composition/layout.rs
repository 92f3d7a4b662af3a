//! Layouts of composed archives and broadcasts: the platform's layout object, checked and read back.

use std::{fmt, str::FromStr};

use crate::{
    error::{Error, Result},
    macros::{closed_enum, ParseEnumError},
    raw,
};

/// The layout of a composed archive or a broadcast. A screen-sharing layout can only be chosen with best fit, so the
/// type only offers it there.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Layout {
    /// A tiled grid (the default).
    BestFit,
    /// Best fit, switching to `screenshare` while a screen is shared.
    BestFitWithScreenshare(ScreenshareLayout),
    /// One large stream with a small one on top.
    Pip,
    /// One large stream on top, the others below it.
    VerticalPresentation,
    /// One large stream on the left, the others beside it.
    HorizontalPresentation,
    /// A layout of your own, as a CSS stylesheet.
    Custom(String),
}

closed_enum!(
    /// The layout used while a screen is shared (see [`Layout::BestFitWithScreenshare`]). `FromStr`,
    /// `Display` and serde use the wire form (`"pip"`).
    ScreenshareLayout {
        /// A tiled grid.
        BestFit = "bestFit",
        /// Picture in picture.
        Pip = "pip",
        /// The shared screen on top.
        VerticalPresentation = "verticalPresentation",
        /// The shared screen on the left.
        HorizontalPresentation = "horizontalPresentation",
    }
);

closed_enum!(
    /// The kind of a [`Layout`], as the platform names it (its `type`).
    LayoutType {
        /// [`Layout::BestFit`] (or [`Layout::BestFitWithScreenshare`]).
        BestFit = "bestFit",
        /// [`Layout::Pip`].
        Pip = "pip",
        /// [`Layout::VerticalPresentation`].
        VerticalPresentation = "verticalPresentation",
        /// [`Layout::HorizontalPresentation`].
        HorizontalPresentation = "horizontalPresentation",
        /// [`Layout::Custom`].
        Custom = "custom",
    }
);

/// The layout types that name a whole layout (all but `custom`, which needs a stylesheet).
const NAMED_LAYOUTS: &[&str] = &["bestFit", "pip", "verticalPresentation", "horizontalPresentation"];

impl Layout {
    /// The layout's type.
    pub fn layout_type(&self) -> LayoutType {
        match self {
            Self::BestFit | Self::BestFitWithScreenshare(_) => LayoutType::BestFit,
            Self::Pip => LayoutType::Pip,
            Self::VerticalPresentation => LayoutType::VerticalPresentation,
            Self::HorizontalPresentation => LayoutType::HorizontalPresentation,
            Self::Custom(_) => LayoutType::Custom,
        }
    }

    /// The platform's JSON object for this layout (`{"type": .., "stylesheet"?: .., "screenshareType"?: ..}`),
    /// without checks.
    fn wire(&self) -> raw::types::Layout {
        let simple = |t: LayoutType| raw::types::Layout {
            type_: t.as_str().to_owned(),
            stylesheet: None,
            screenshare_type: None,
        };
        match self {
            Self::BestFitWithScreenshare(s) => {
                raw::types::Layout { screenshare_type: Some(s.as_str().to_owned()), ..simple(LayoutType::BestFit) }
            }
            Self::Custom(css) => raw::types::Layout { stylesheet: Some(css.clone()), ..simple(LayoutType::Custom) },
            other => simple(other.layout_type()),
        }
    }

    /// Reads the platform's layout object.
    fn from_wire(wire: raw::types::Layout) -> std::result::Result<Self, String> {
        let kind: LayoutType = wire.type_.parse().map_err(|e: ParseEnumError| e.to_string())?;
        let layout = match (kind, wire.stylesheet, wire.screenshare_type) {
            (LayoutType::Custom, Some(css), None) => Self::Custom(css),
            (LayoutType::Custom, None, _) => return Err("a custom layout needs a stylesheet".to_owned()),
            (LayoutType::Custom, Some(_), Some(_)) => {
                return Err("only a bestFit layout has a screenshareType".to_owned())
            }
            (_, Some(_), _) => return Err("only a custom layout has a stylesheet".to_owned()),
            (LayoutType::BestFit, None, Some(s)) => {
                Self::BestFitWithScreenshare(s.parse().map_err(|e: ParseEnumError| e.to_string())?)
            }
            (_, None, Some(_)) => return Err("only a bestFit layout has a screenshareType".to_owned()),
            (LayoutType::BestFit, None, None) => Self::BestFit,
            (LayoutType::Pip, None, None) => Self::Pip,
            (LayoutType::VerticalPresentation, None, None) => Self::VerticalPresentation,
            (LayoutType::HorizontalPresentation, None, None) => Self::HorizontalPresentation,
        };
        Ok(layout)
    }
}

/// The layout's type (`bestFit`, `pip`, ..., `custom`); a screenshare layout or stylesheet is not shown.
impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.layout_type().as_str())
    }
}

/// Parses a layout that a name says in full: `bestFit`, `pip`, `verticalPresentation` or
/// `horizontalPresentation` (any ASCII case). A custom layout needs its stylesheet: build
/// [`Layout::Custom`] instead.
impl FromStr for Layout {
    type Err = ParseEnumError;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match LayoutType::parse(s.trim()) {
            Some(LayoutType::BestFit) => Ok(Self::BestFit),
            Some(LayoutType::Pip) => Ok(Self::Pip),
            Some(LayoutType::VerticalPresentation) => Ok(Self::VerticalPresentation),
            Some(LayoutType::HorizontalPresentation) => Ok(Self::HorizontalPresentation),
            _ => Err(ParseEnumError::new("Layout", s, NAMED_LAYOUTS)),
        }
    }
}

/// The platform's layout object: `{"type": "bestFit", "screenshareType": "pip"}`,
/// `{"type": "custom", "stylesheet": ".."}`.
impl serde::Serialize for Layout {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.wire().serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Layout {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let wire = raw::types::Layout::deserialize(deserializer)?;
        Self::from_wire(wire).map_err(serde::de::Error::custom)
    }
}

impl Layout {
    /// The request body, after checking that a custom stylesheet is not empty.
    pub(crate) fn to_raw(&self, field: &'static str) -> Result<raw::types::Layout> {
        match self {
            Self::Custom(css) if css.trim().is_empty() => {
                Err(Error::invalid(field, "a custom layout needs a non-empty stylesheet"))
            }
            other => Ok(other.wire()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn layout_bodies() {
        let v = |l: Layout| serde_json::to_value(l.to_raw("layout").unwrap()).unwrap();
        assert_eq!(v(Layout::BestFit), json!({"type": "bestFit"}));
        assert_eq!(
            v(Layout::BestFitWithScreenshare(ScreenshareLayout::Pip)),
            json!({"type": "bestFit", "screenshareType": "pip"})
        );
        assert_eq!(v(Layout::Custom("stream { }".into())), json!({"type": "custom", "stylesheet": "stream { }"}));
        assert_eq!(v(Layout::HorizontalPresentation), json!({"type": "horizontalPresentation"}));
        assert!(matches!(
            Layout::Custom(" ".into()).to_raw("layout"),
            Err(Error::InvalidArgument { field: "layout", .. })
        ));
    }

    #[test]
    fn layouts_from_text_and_json() {
        assert_eq!("pip".parse::<Layout>().unwrap(), Layout::Pip);
        assert_eq!(" BestFit ".parse::<Layout>().unwrap(), Layout::BestFit);
        let err = "custom".parse::<Layout>().unwrap_err().to_string();
        assert!(err.contains("bestFit, pip, verticalPresentation, horizontalPresentation"), "{err}");
        assert_eq!(
            "verticalpresentation".parse::<ScreenshareLayout>().unwrap(),
            ScreenshareLayout::VerticalPresentation
        );
        assert!("custom".parse::<ScreenshareLayout>().is_err());
        for layout in [
            Layout::BestFit,
            Layout::BestFitWithScreenshare(ScreenshareLayout::HorizontalPresentation),
            Layout::Pip,
            Layout::VerticalPresentation,
            Layout::HorizontalPresentation,
            Layout::Custom("stream.focus { width: 100% }".into()),
        ] {
            let json = serde_json::to_value(&layout).unwrap();
            assert_eq!(json, serde_json::to_value(layout.to_raw("layout").unwrap()).unwrap());
            assert_eq!(serde_json::from_value::<Layout>(json).unwrap(), layout);
            assert_eq!(layout.to_string(), layout.layout_type().as_str());
        }
        for bad in [
            json!({"type": "custom"}),
            json!({"type": "pip", "stylesheet": "x"}),
            json!({"type": "pip", "screenshareType": "pip"}),
            json!({"type": "bestFit", "screenshareType": "custom"}),
            json!({"type": "mosaic"}),
        ] {
            assert!(serde_json::from_value::<Layout>(bad.clone()).is_err(), "{bad}");
        }
    }
}
