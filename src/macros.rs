//! The crate's declarative macros: [`id_type!`] for identifier newtypes, [`open_enum!`] for enums the
//! platform may extend, [`closed_enum!`] for enums the crate sends and the user picks from, and
//! [`wire_model!`] for response models that round-trip the platform's JSON.
//!
//! This is the bottom floor of the crate: it imports nothing from the crate. What the macros expand to
//! names `$crate::macros` (this file) and, for [`wire_model!`], `$crate::wire`.

use std::fmt;

/// The error of `FromStr` on the crate's enums: the text is not one of the values the enum accepts.
///
/// Its `Display` names the type, the value given and every accepted value, so that it can be shown as is to
/// whoever wrote the configuration file or filled in the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseEnumError {
    type_name: &'static str,
    value: String,
    accepted: &'static [&'static str],
}

impl ParseEnumError {
    #[doc(hidden)]
    pub fn new(type_name: &'static str, value: &str, accepted: &'static [&'static str]) -> Self {
        Self { type_name, value: value.to_owned(), accepted }
    }

    /// The name of the enum, such as `OutputMode`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The text that did not parse.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The values that parse, in their wire form.
    pub fn accepted(&self) -> &'static [&'static str] {
        self.accepted
    }
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a valid {}: expected one of ", self.value, self.type_name)?;
        for (i, accepted) in self.accepted.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(accepted)?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseEnumError {}

/// An identifier newtype: an opaque string with `Display` (the id itself), a `Debug` that names the type,
/// serde as a plain string, `FromStr`, and conversions from strings.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps an id.
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The id as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The id as an owned string.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self(s.to_owned()))
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl From<&$name> for $name {
            fn from(id: &$name) -> Self {
                id.clone()
            }
        }

        impl $crate::wire::VerbatimText for $name {}

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

/// `Display` (the wire form), `FromStr` (known values only, through `Self::$lookup`, with an error that
/// lists `Self::$list`) and serde as the wire string, for [`open_enum!`] and [`closed_enum!`]; `$read`
/// turns the deserialized text `s` (a `&str`) into the value (leniently for open enums, strictly for
/// closed ones), and `$take` the same from an owned `String` (so that an unknown value is not copied).
macro_rules! enum_text {
    ($name:ident, $lookup:ident, $list:ident, |$s:ident| $read:expr, |$owned:ident| $take:expr) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::macros::ParseEnumError;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Self::$lookup(s.trim())
                    .ok_or_else(|| $crate::macros::ParseEnumError::new(stringify!($name), s, Self::$list))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct Text;
                impl ::serde::de::Visitor<'_> for Text {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: ::serde::de::Error>(self, $s: &str) -> ::std::result::Result<$name, E> {
                        $read
                    }
                    fn visit_string<E: ::serde::de::Error>(self, $owned: String) -> ::std::result::Result<$name, E> {
                        $take
                    }
                    // As `String` reads them: UTF-8 bytes are text.
                    fn visit_bytes<E: ::serde::de::Error>(self, v: &[u8]) -> ::std::result::Result<$name, E> {
                        match ::std::str::from_utf8(v) {
                            Ok(s) => self.visit_str(s),
                            Err(_) => Err(E::invalid_value(::serde::de::Unexpected::Bytes(v), &self)),
                        }
                    }
                }
                deserializer.deserialize_string(Text)
            }
        }
    };
}

/// An enum the platform may extend: the known values, plus `Unknown(String)` that keeps any other value
/// verbatim, so that an answer with a value added after this release still parses and serializes back
/// unchanged.
///
/// - Parsing the platform's text ([`serde::Deserialize`], `from_wire`) never fails: the exact wire form
///   first, then the same ignoring ASCII case, else `Unknown`.
/// - `FromStr` (for configuration files and forms) accepts only the known values, in any ASCII case, and
///   fails with a [`ParseEnumError`] that lists them.
/// - `Display` and [`serde::Serialize`] write the wire form (an unknown value as it was received).
macro_rules! open_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// A value this version of the SDK does not know, kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// The known values' wire forms.
            pub const KNOWN: &'static [&'static str] = &[$($wire),*];

            /// The wire form.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(s) => s,
                }
            }

            /// The known value with this wire form (exactly, or else ignoring ASCII case).
            fn known(s: &str) -> Option<Self> {
                match s {
                    $($wire => return Some(Self::$variant),)*
                    _ => {}
                }
                $(if s.eq_ignore_ascii_case($wire) {
                    return Some(Self::$variant);
                })*
                None
            }

            /// Reads the platform's text: a known value, or `Unknown` with the text as it is.
            pub fn from_wire(s: impl Into<String>) -> Self {
                let s = s.into();
                Self::known(&s).unwrap_or(Self::Unknown(s))
            }

            /// True for `Unknown`.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        $crate::macros::enum_text!(
            $name, known, KNOWN,
            |s| Ok($name::known(s).unwrap_or_else(|| $name::Unknown(s.to_owned()))),
            |s| Ok($name::from_wire(s))
        );
    };
}

/// An enum the crate sends and the user picks from, closed over the values the platform accepts. `Copy`,
/// with `ALL`, `as_str`, `parse`, `Display` (the wire form), `FromStr` (any ASCII case; a
/// [`ParseEnumError`] listing the accepted values otherwise) and serde as the wire form (strict).
macro_rules! closed_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$(Self::$variant),*];

            /// Every value's wire form, in declaration order.
            pub const WIRE: &'static [&'static str] = &[$($wire),*];

            /// The wire form.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)*
                }
            }

            /// The value with this wire form (exactly, or else ignoring ASCII case).
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($wire => return Some(Self::$variant),)*
                    _ => {}
                }
                $(if s.eq_ignore_ascii_case($wire) {
                    return Some(Self::$variant);
                })*
                None
            }
        }

        $crate::macros::enum_text!(
            $name, parse, WIRE,
            |s| s.parse().map_err(<E as ::serde::de::Error>::custom),
            |s| s.parse().map_err(<E as ::serde::de::Error>::custom)
        );
    };
}

/// A response model that keeps everything the platform sent and serializes back to the same JSON.
///
/// Each field names its JSON key and a codec from `$crate::wire` (`Req<C>`, `Opt<C>`, `Dflt<C>` around
/// `Plain`, `EpochMillis`, `Seconds`, ...). The model gets:
/// - the typed public fields;
/// - `extra`: every member the model does not know, as received;
/// - a private record of the received values that the typed fields cannot reproduce exactly (an explicit
///   `null`, `328.0` for 328 s, a time or a number sent as a string, a value too odd to read): while a
///   typed field still holds what was read from its value, serializing writes the received value back;
///   once the field is changed, its own wire form is written. A value the field writes back exactly (a
///   string into a text field, an integer into an integer field, a known enum value in its own case) is
///   moved into the field and not kept: the model holds its data once;
/// - `Serialize`, `Deserialize`, `from_json`/`to_json`, and a `PartialEq` that compares the typed fields
///   and `extra` (not how a number was spelled).
///
/// Serde derive cannot do this: it cannot tell an explicit `null` from an absent member, and
/// `#[serde(flatten)]` with typed fields that fail to read would lose the value.
macro_rules! wire_model {
    (
        $(#[$doc:meta])*
        pub struct $name:ident ($what:literal) {
            $(
                $(#[$fdoc:meta])*
                $wire:literal => pub $field:ident : $ty:ty as $codec:ty,
            )*
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fdoc])*
                pub $field: $ty,
            )*
            /// Members of the platform's JSON that this version of the SDK does not model, kept as received
            /// and written back by serialization.
            pub extra: ::serde_json::Map<String, ::serde_json::Value>,
            /// The received values that the typed fields do not write back exactly, by their index in
            /// `FIELDS`, in that order (see `wire_model!`).
            received: Vec<(usize, ::serde_json::Value)>,
        }

        impl $name {
            /// The JSON keys this model reads into typed fields.
            pub const FIELDS: &'static [&'static str] = &[$($wire),*];

            /// Reads the model from a JSON object.
            fn from_wire_object<K: AsRef<str> + Into<String>>(
                object: impl IntoIterator<Item = (K, ::serde_json::Value)>,
            ) -> ::std::result::Result<Self, String> {
                // One pass over the members: each known one to its field's slot (moved, not copied), any
                // other to `extra`.
                $(let mut $field: Option<::serde_json::Value> = None;)*
                let mut extra = ::serde_json::Map::new();
                for (key, value) in object {
                    match key.as_ref() {
                        $($wire => $field = Some(value),)*
                        _ => {
                            extra.insert(key.into(), value);
                        }
                    }
                }
                // Each slot's value is moved into its field, and kept only if the field would not write
                // it back exactly.
                let mut received = Vec::new();
                let mut at = 0usize;
                $(
                    let $field: $ty = {
                        let (field, kept) = <$codec as $crate::wire::Codec<$ty>>::take($field)
                            .map_err(|why| format!("{}: `{}` {}", $what, $wire, why))?;
                        if let Some(kept) = kept {
                            received.push((at, kept));
                        }
                        field
                    };
                    at += 1;
                )*
                let _ = at;
                Ok(Self { $($field,)* extra, received })
            }

            /// Writes the model as a JSON object (see `wire_model!` for what is written).
            fn to_wire_object(&self) -> ::serde_json::Map<String, ::serde_json::Value> {
                let mut object = self.extra.clone();
                let mut received = self.received.iter().peekable();
                let mut at = 0usize;
                $(
                    let kept = received.next_if(|(index, _)| *index == at).map(|(_, value)| value).filter(|value| {
                        <$codec as $crate::wire::Codec<$ty>>::decode(Some(value)).ok().as_ref() == Some(&self.$field)
                    });
                    at += 1;
                    match kept {
                        Some(value) => {
                            object.insert($wire.to_owned(), value.clone());
                        }
                        None => {
                            if let Some(value) = <$codec as $crate::wire::Codec<$ty>>::encode(&self.$field) {
                                object.insert($wire.to_owned(), value);
                            }
                        }
                    }
                )*
                let _ = (at, received);
                object
            }

            #[doc = concat!("Parses ", $what, " from the platform's JSON. Unknown members are kept in `extra`,")]
            /// unknown enum values in their `Unknown` variant.
            ///
            /// # Errors
            /// [`Error::Decode`]($crate::Error::Decode), naming the member, if the JSON is not an object or
            /// a member has the wrong type.
            pub fn from_json(json: &[u8]) -> $crate::error::Result<Self> {
                $crate::wire::json_from_slice(json).map_err(|e| {
                    $crate::error::Error::Decode($crate::error::DecodeError::new(format!("not {}: {e}", $what)))
                })
            }

            /// Reads the model from the JSON object (the generated client's `wire::Members`, or a
            /// `serde_json::Map`).
            #[allow(dead_code)]
            pub(crate) fn from_object<K: AsRef<str> + Into<String>>(
                object: impl IntoIterator<Item = (K, ::serde_json::Value)>,
            ) -> $crate::error::Result<Self> {
                Self::from_wire_object(object).map_err(|e| {
                    $crate::error::Error::Decode($crate::error::DecodeError::new(e))
                })
            }

            /// The platform's JSON form: what was received, with the changes made to the typed fields.
            pub fn to_json(&self) -> ::serde_json::Value {
                ::serde_json::Value::Object(self.to_wire_object())
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field(stringify!($field), &self.$field))*
                    .field("extra", &self.extra)
                    .finish()
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                $(self.$field == other.$field &&)* self.extra == other.extra
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.to_wire_object(), serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let object = <$crate::wire::Members as ::serde::Deserialize>::deserialize(deserializer)
                .map_err(|e| <D::Error as ::serde::de::Error>::custom(format!("{} must be a JSON object: {e}", $what)))?;
                Self::from_wire_object(object).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}

pub(crate) use {closed_enum, enum_text, id_type, open_enum, wire_model};

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use serde_json::json;

    open_enum!(
        /// A test enum.
        Fruit {
            /// An apple.
            Apple = "apple",
            /// A pear.
            Pear = "bigPear",
        }
    );

    closed_enum!(
        /// A test enum.
        Size {
            /// Small.
            Small = "s",
            /// Large.
            Large = "xl",
        }
    );

    #[test]
    fn open_enums_keep_unknown_values_and_parse_strictly_from_text() {
        assert_eq!(Fruit::from_wire("bigPear"), Fruit::Pear);
        assert_eq!(Fruit::from_wire("BIGPEAR"), Fruit::Pear, "the platform's case is not relied on");
        assert_eq!(Fruit::from_wire("kiwi"), Fruit::Unknown("kiwi".into()));
        assert!(Fruit::from_wire("kiwi").is_unknown() && !Fruit::Apple.is_unknown());
        assert_eq!(serde_json::from_value::<Fruit>(json!("kiwi")).unwrap(), Fruit::Unknown("kiwi".into()));
        assert_eq!(serde_json::to_value(Fruit::Unknown("kiwi".into())).unwrap(), json!("kiwi"));
        assert_eq!(serde_json::to_value(Fruit::Pear).unwrap(), json!("bigPear"));
        assert_eq!(Fruit::Pear.to_string(), "bigPear");
        let not_text = serde_json::from_value::<Fruit>(json!(3)).unwrap_err().to_string();
        assert_eq!(not_text, "invalid type: integer `3`, expected a string");
        // Read from borrowed text, owned text and bytes alike.
        let wire = json!("BigPear");
        assert_eq!(<Fruit as serde::Deserialize>::deserialize(&wire).unwrap(), Fruit::Pear);
        assert_eq!(<Fruit as serde::Deserialize>::deserialize(json!("kiwi")).unwrap(), Fruit::Unknown("kiwi".into()));
        let bytes = serde::de::value::BytesDeserializer::<serde::de::value::Error>::new(b"apple");
        assert_eq!(<Fruit as serde::Deserialize>::deserialize(bytes).unwrap(), Fruit::Apple);
        let bytes = serde::de::value::BytesDeserializer::<serde::de::value::Error>::new(b"\xff");
        assert!(<Size as serde::Deserialize>::deserialize(bytes).is_err());
        assert_eq!(Fruit::from_str(" apple ").unwrap(), Fruit::Apple);
        let err = Fruit::from_str("kiwi").unwrap_err();
        assert_eq!(err.to_string(), "\"kiwi\" is not a valid Fruit: expected one of apple, bigPear");
        assert_eq!((err.type_name(), err.value(), err.accepted()), ("Fruit", "kiwi", &["apple", "bigPear"][..]));
    }

    #[test]
    fn closed_enums_are_strict_everywhere() {
        assert_eq!(Size::from_str("XL").unwrap(), Size::Large);
        assert_eq!(Size::parse("s"), Some(Size::Small));
        assert_eq!(Size::ALL, &[Size::Small, Size::Large]);
        assert_eq!(serde_json::to_value(Size::Large).unwrap(), json!("xl"));
        assert_eq!(serde_json::from_value::<Size>(json!("s")).unwrap(), Size::Small);
        let err = serde_json::from_value::<Size>(json!("m")).unwrap_err().to_string();
        assert!(err.contains("expected one of s, xl"), "{err}");
        assert_eq!(Size::Large.to_string(), "xl");
    }

    id_type!(
        /// A test id.
        ThingId
    );

    use std::time::Duration;

    use chrono::{DateTime, Utc};
    use proptest::prelude::*;
    use serde_json::Value;

    use crate::wire::{Dflt, Lenient, LenientEpochMillis, NonEmpty, Opt, Plain, Req, Seconds, Text};

    wire_model! {
        /// A test model with every kind of codec.
        pub struct Thing("a thing") {
            /// An id.
            "id" => pub id: ThingId as Req<Plain>,
            /// Text.
            "name" => pub name: Option<String> as Opt<Plain>,
            /// An open enum.
            "fruit" => pub fruit: Option<Fruit> as Opt<Plain>,
            /// A closed enum.
            "size" => pub size: Option<Size> as Opt<Plain>,
            /// An integer.
            "count" => pub count: Option<u64> as Opt<Plain>,
            /// A float.
            "ratio" => pub ratio: Option<f64> as Opt<Plain>,
            /// Text or a number.
            "project" => pub project: Option<String> as Opt<Text>,
            /// Seconds.
            "took" => pub took: Option<Duration> as Opt<Seconds>,
            /// A time.
            "at" => pub at: Option<DateTime<Utc>> as Opt<LenientEpochMillis>,
            /// A list.
            "tags" => pub tags: Vec<String> as Dflt<Plain>,
            /// Any JSON.
            "data" => pub data: Option<Value> as Opt<Plain>,
            /// A flag.
            "flag" => pub flag: bool as Dflt<Plain>,
            /// Non-empty text.
            "label" => pub label: Option<String> as Opt<NonEmpty<Plain>>,
            /// A lenient integer.
            "lenient" => pub lenient: Option<u32> as Opt<Lenient<Plain>>,
        }
    }

    fn thing(json: &Value) -> Thing {
        Thing::from_json(json.to_string().as_bytes()).unwrap()
    }

    /// The members whose received value the model keeps.
    fn kept(thing: &Thing) -> Vec<&'static str> {
        thing.received.iter().map(|(at, _)| Thing::FIELDS[*at]).collect()
    }

    #[test]
    fn values_written_back_exactly_are_moved_not_kept() {
        let json = json!({"id": "a1", "name": "n", "fruit": "apple", "size": "xl", "count": 3, "ratio": 2.0,
            "project": "123", "took": 328, "at": 1_622_028_079_808_i64, "tags": ["x"], "data": {"k": [1, null, 1.5]},
            "flag": true, "label": "l", "lenient": 7, "other": "kept in extra"});
        let thing = thing(&json);
        assert_eq!(kept(&thing), Vec::<&str>::new(), "the model holds its data once");
        assert_eq!(thing.to_json(), json);
        assert_eq!(thing.ratio, Some(2.0));
        assert_eq!(thing.id, ThingId::new("a1"));
        assert_eq!((thing.id.as_str(), thing.id.clone().into_string()), ("a1", "a1".to_owned()));
        assert_eq!(thing.extra["other"], "kept in extra");
    }

    #[test]
    fn values_written_back_otherwise_are_kept_and_given_back() {
        // A null, an enum value in another case, a number given as text and text given as a number, a whole
        // duration as a float, an empty list, a default flag, empty text and an unreadable integer.
        let json = json!({"id": "a1", "name": null, "fruit": "APPLE", "size": "XL", "project": 123, "took": 328.0,
            "at": "1622028079808", "tags": [], "flag": false, "label": "", "lenient": "seven", "data": null});
        let thing = thing(&json);
        assert_eq!(
            kept(&thing),
            ["name", "fruit", "size", "project", "took", "at", "tags", "data", "flag", "label", "lenient"]
        );
        assert_eq!(thing.to_json(), json);
        assert_eq!(thing.fruit, Some(Fruit::Apple));
        assert_eq!(thing.took, Some(Duration::from_secs(328)));
        assert_eq!(thing.project.as_deref(), Some("123"));
        assert_eq!(thing.at.map(|t| t.timestamp_millis()), Some(1_622_028_079_808));
    }

    #[test]
    fn a_changed_field_writes_its_new_value() {
        let json = json!({"id": "a1", "fruit": "APPLE", "project": 123, "took": 328.0, "at": "1622028079808",
            "name": "n", "count": 3});
        let mut thing = thing(&json);
        thing.fruit = Some(Fruit::Pear);
        thing.project = Some("9".into());
        thing.took = Some(Duration::from_millis(1500));
        thing.at = DateTime::from_timestamp_millis(5);
        thing.name = Some("m".into());
        thing.count = None;
        thing.flag = true;
        assert_eq!(
            thing.to_json(),
            json!({"id": "a1", "fruit": "bigPear", "project": "9", "took": 1.5, "at": 5, "name": "m", "flag": true})
        );
    }

    /// Member values of every shape, including the odd spellings of the codecs' types.
    fn member_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-1.0e6f64..1.0e6).prop_map(Value::from),
            (0u32..1000).prop_map(|n| Value::from(f64::from(n))),
            prop::sample::select(vec!["", "apple", "APPLE", "bigPear", "kiwi", "s", "XL", " xl", "7", "1622028079808"])
                .prop_map(Value::from),
            "[a-z0-9 ]{0,8}".prop_map(Value::from),
        ];
        leaf.prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
                prop::collection::btree_map("[a-c]", inner, 0..3).prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Whatever reads writes back exactly, and every value kept is needed: without it, the JSON written
        /// would differ.
        #[test]
        fn keeps_exactly_what_it_needs(members in prop::collection::btree_map(
            prop::sample::select(Thing::FIELDS.to_vec()), member_value(), 0..10))
        {
            let mut object: serde_json::Map<String, Value> =
                members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            object.insert("id".into(), json!("a1"));
            let json = Value::Object(object);
            if let Ok(thing) = serde_json::from_value::<Thing>(json.clone()) {
                prop_assert_eq!(thing.to_json(), json.clone());
                for at in 0..thing.received.len() {
                    let mut without = thing.clone();
                    without.received.remove(at);
                    prop_assert_ne!(without.to_json(), json.clone(), "{} need not be kept", Thing::FIELDS[thing.received[at].0]);
                }
            }
        }
    }
}
