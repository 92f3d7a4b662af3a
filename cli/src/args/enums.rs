//! Flags parsed straight into the SDK's enums: one generic clap value parser over the enum's wire names,
//! so that the CLI keeps no copy of the SDK's enums and `--help` lists the values the SDK accepts.
//!
//! A value matches a name in any ASCII case and with `-` or `_` anywhere (`bestFit`, `bestfit`,
//! `best-fit`; `publisheronly`, `publisher-only`); it is then handed to the SDK's own parser as the
//! canonical name.

use std::{ffi::OsStr, marker::PhantomData, str::FromStr};

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

/// A clap value parser for an SDK enum, given its wire names.
pub struct SdkEnum<T> {
    names: &'static [&'static str],
    parse: fn(&str) -> Option<T>,
    marker: PhantomData<fn() -> T>,
}

// Not derived: a derive would ask `T: Clone`, which the parser itself does not need.
impl<T> Clone for SdkEnum<T> {
    fn clone(&self) -> Self {
        Self { names: self.names, parse: self.parse, marker: PhantomData }
    }
}

/// The parser for an enum with `FromStr` (the SDK's `open_enum!`/`closed_enum!` types, `Role`, `AudioRate`), over
/// `names` (such as `LayoutType::WIRE` or `StreamMode::KNOWN`).
pub fn sdk_enum<T: FromStr>(names: &'static [&'static str]) -> SdkEnum<T> {
    SdkEnum { names, parse: |name| name.parse().ok(), marker: PhantomData }
}

/// `text` without `-` and `_`, for comparing spellings.
fn squeezed(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.bytes().filter(|b| *b != b'-' && *b != b'_').map(|b| b.to_ascii_lowercase())
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for SdkEnum<T> {
    type Value = T;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<T, clap::Error> {
        let text = value.to_str().unwrap_or_default().trim();
        let name = self.names.iter().find(|name| !text.is_empty() && squeezed(name).eq(squeezed(text)));
        match name.and_then(|name| (self.parse)(name)) {
            Some(parsed) => Ok(parsed),
            // clap's own message for a value not in the list: "invalid value 'x' for '--flag <TYPE>'" and the
            // possible values.
            None => match PossibleValuesParser::new(self.names.iter().copied()).parse_ref(cmd, arg, value) {
                Err(e) => Err(e),
                // A listed name that the SDK refuses: a bug, but still a message rather than a panic.
                Ok(_) => Err(clap::Error::raw(
                    clap::error::ErrorKind::InvalidValue,
                    format!("the SDK does not accept {text:?}; please report it\n"),
                )
                .with_cmd(cmd)),
            },
        }
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.names.iter().map(|name| PossibleValue::new(*name))))
    }
}
