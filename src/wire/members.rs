//! [`Members`]: a JSON object's members as received, for the generated client to hand a response model
//! over in.

use std::{borrow::Cow, fmt};

use serde::{
    de::{DeserializeSeed, MapAccess, Visitor},
    ser::SerializeMap,
    Deserialize, Deserializer, Serialize, Serializer,
};
use serde_json::Value;

/// A JSON object's members in the order received. What the generated client returns for a response
/// model (`build.rs`), which the model then takes apart ([`wire_model!`](crate::macros)): a list is
/// cheaper to build and to take apart than a `serde_json::Map`, which sorts every key into a tree only for
/// the model to move each value out again (about a twentieth of a REST call's instructions, measured by
/// `benches/rest.rs`). A repeated key is read as a `Map` reads it: the last one counts.
///
/// A key the platform's objects commonly have is a static string, not a copy (one allocation less per
/// member: a tenth of the reading).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Members(Vec<(Key, Value)>);

/// A member's name.
type Key = Cow<'static, str>;

/// The members the platform's response objects share (archives, broadcasts, streams, connections, SIP
/// calls, renders, lists), read as static strings.
fn known_key(key: &str) -> Option<&'static str> {
    const KNOWN: &[&str] = &[
        "id",
        "status",
        "name",
        "sessionId",
        "projectId",
        "partnerId",
        "applicationId",
        "createdAt",
        "updatedAt",
        "size",
        "duration",
        "url",
        "outputMode",
        "streamMode",
        "resolution",
        "hasAudio",
        "hasVideo",
        "reason",
        "streams",
        "event",
        "multiArchiveTag",
        "multiBroadcastTag",
        "maxBitrate",
        "quantizationParameter",
        "sha256sum",
        "password",
        "hasTranscription",
        "transcription",
        "streamId",
        "connectionId",
        "broadcastUrls",
        "settings",
        "maxDuration",
        "count",
        "items",
        "videoType",
        "layoutClassList",
        "connectionState",
        "data",
        "captionsId",
        "audioConnectorId",
    ];
    KNOWN.iter().find(|known| **known == key).copied()
}

/// Reads a member's name as a [`Key`].
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(KeySeed)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(known_key(key).map_or_else(|| Cow::Owned(key.to_owned()), Cow::Borrowed))
    }

    fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Key, E> {
        Ok(known_key(&key).map_or(Cow::Owned(key), Cow::Borrowed))
    }
}

impl Members {
    /// The value of `key` (the last one, if repeated).
    #[allow(dead_code)]
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl IntoIterator for Members {
    type Item = (Key, Value);
    type IntoIter = std::vec::IntoIter<(Key, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<(String, Value)> for Members {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(members: I) -> Self {
        Self(members.into_iter().map(|(k, v)| (Cow::Owned(k), v)).collect())
    }
}

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Object;
        impl<'de> Visitor<'de> for Object {
            type Value = Members;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                // JSON does not say how many members follow; the platform's objects have 10 to 20, so
                // room for 16 spares the growing (three reallocations) without holding much unused.
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(16).min(64));
                while let Some(key) = map.next_key_seed(KeySeed)? {
                    members.push((key, map.next_value::<Value>()?));
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(Object)
    }
}

impl Serialize for Members {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(&**key, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_object_in_order_and_nothing_else() {
        let members: Members = serde_json::from_str(r#"{"b": 1, "a": [true], "b": null}"#).unwrap();
        let keys: Vec<_> = members.clone().into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["b", "a", "b"]);
        let known: Members = serde_json::from_str(r#"{"id": "x", "sessionId": 1, "other\u0041": 2}"#).unwrap();
        let keys: Vec<_> = known.into_iter().map(|(k, _)| k).collect();
        assert!(
            matches!(keys[..], [Cow::Borrowed("id"), Cow::Borrowed("sessionId"), Cow::Owned(ref o)] if o == "otherA")
        );
        assert_eq!(members.get("b"), Some(&Value::Null), "the last of a repeated key counts, as in a Map");
        assert_eq!(members.get("c"), None);
        assert_eq!(serde_json::to_string(&members).unwrap(), r#"{"b":1,"a":[true],"b":null}"#);
        for not_an_object in ["[]", "1", "\"x\"", "null", "{\"a\":}"] {
            assert!(serde_json::from_str::<Members>(not_an_object).is_err(), "{not_an_object}");
        }
    }
}
