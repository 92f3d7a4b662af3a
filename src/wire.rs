//! Codecs between a JSON member and a typed model field, for [`wire_model!`](crate::macros).
//!
//! A primitive floor next to the macros: it imports nothing from the crate.
//!
//! A field's codec is one of [`Req`] (must be present and not null), [`Opt`] (`None` when absent or null)
//! or [`Dflt`] (the type's default when absent or null), around a value codec: [`Plain`] (serde),
//! [`EpochMillis`] (a time as epoch milliseconds), [`LenientEpochMillis`] (the same, also read from a
//! string; anything unreadable is `None`), [`Text`] (a string or a number, as text) or [`Seconds`] (a
//! duration in seconds).
//!
//! Reading a member takes it ([`Codec::take`]): the codec moves what it can into the field, and gives the
//! member back only when writing the field would not give it back identically (an explicit `null`, `328.0`
//! for 328 s, a number sent as a string, an unknown enum value in another case...). The model keeps only
//! those, so that it does not hold its data twice.

use std::{any::Any, marker::PhantomData, time::Duration};

use chrono::{DateTime, Utc};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

mod members;
mod same;

pub use members::Members;
pub(crate) use same::{same_text, writes_as};

/// Parses JSON from bytes: the bytes are checked to be UTF-8 once, then parsed as text, which spares
/// `serde_json` checking every string it reads (about a seventh of the parse on the platform's callbacks).
/// Bytes that are not UTF-8 are parsed as bytes, so that the error is the one `serde_json::from_slice`
/// gives.
///
/// # Errors
/// As [`serde_json::from_slice`].
pub(crate) fn json_from_slice<T: DeserializeOwned>(json: &[u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(json) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(json),
    }
}

/// Reads a field from its JSON member (`None`: the member is absent) and writes it back (`None`: leave
/// the member out).
pub(crate) trait Codec<T> {
    /// Reads the member. The error says what is wrong, without the member's name.
    fn decode(value: Option<&Value>) -> Result<T, String>;
    /// Writes the field.
    fn encode(field: &T) -> Option<Value>;
    /// Reads the member, taking it: the field, and the member again when `encode` of the field would not
    /// give it back exactly (to be kept and written back while the field is unchanged).
    fn take(value: Option<Value>) -> Result<(T, Option<Value>), String>;
}

/// Reads a non-null JSON value. `Ok(None)` means "readable as nothing" (a lenient codec's answer to
/// something it cannot make sense of).
pub(crate) trait ValueCodec<T> {
    fn read(value: &Value) -> Result<Option<T>, String>;
    fn write(field: &T) -> Value;
    /// Reads a value, taking it: what `read` gives, and the value again unless `write` gives it back
    /// exactly. By default `read`, then `write` compared with the value: exact, and cheap for anything
    /// but strings; a codec overrides it to move a string into the field instead of copying it.
    fn take(value: Value) -> Result<(Option<T>, Option<Value>), String> {
        let field = Self::read(&value)?;
        let kept = match &field {
            Some(field) if Self::write(field) == value => None,
            _ => Some(value),
        };
        Ok((field, kept))
    }
}

/// Text that a type keeps exactly as it is given: `From<String>` keeps the string and `AsRef<str>` gives
/// it back. `String` and the crate's id newtypes (`id_type!`).
pub(crate) trait VerbatimText: From<String> + AsRef<str> {}

impl VerbatimText for String {}

/// A required member: absent or null is an error.
pub(crate) struct Req<C>(PhantomData<C>);
/// An optional member: `None` when absent or null (or unreadable, for a lenient codec).
pub(crate) struct Opt<C>(PhantomData<C>);
/// A member read as the type's default when absent or null; the default is written by leaving it out.
pub(crate) struct Dflt<C>(PhantomData<C>);

impl<T, C: ValueCodec<T>> Codec<T> for Req<C> {
    fn decode(value: Option<&Value>) -> Result<T, String> {
        match value {
            None | Some(Value::Null) => Err("is missing".to_owned()),
            Some(value) => C::read(value)?.ok_or_else(|| "is not readable".to_owned()),
        }
    }

    fn encode(field: &T) -> Option<Value> {
        Some(C::write(field))
    }

    #[inline]
    fn take(value: Option<Value>) -> Result<(T, Option<Value>), String> {
        match value {
            None | Some(Value::Null) => Err("is missing".to_owned()),
            Some(value) => match C::take(value)? {
                (Some(field), kept) => Ok((field, kept)),
                (None, _) => Err("is not readable".to_owned()),
            },
        }
    }
}

impl<T, C: ValueCodec<T>> Codec<Option<T>> for Opt<C> {
    fn decode(value: Option<&Value>) -> Result<Option<T>, String> {
        match value {
            None | Some(Value::Null) => Ok(None),
            Some(value) => C::read(value),
        }
    }

    fn encode(field: &Option<T>) -> Option<Value> {
        field.as_ref().map(C::write)
    }

    #[inline]
    fn take(value: Option<Value>) -> Result<(Option<T>, Option<Value>), String> {
        match value {
            None => Ok((None, None)),
            // `None` is written by leaving the member out: an explicit `null` is kept.
            Some(Value::Null) => Ok((None, Some(Value::Null))),
            Some(value) => C::take(value),
        }
    }
}

impl<T: Default + PartialEq, C: ValueCodec<T>> Codec<T> for Dflt<C> {
    fn decode(value: Option<&Value>) -> Result<T, String> {
        match value {
            None | Some(Value::Null) => Ok(T::default()),
            Some(value) => Ok(C::read(value)?.unwrap_or_default()),
        }
    }

    fn encode(field: &T) -> Option<Value> {
        (*field != T::default()).then(|| C::write(field))
    }

    #[inline]
    fn take(value: Option<Value>) -> Result<(T, Option<Value>), String> {
        match value {
            None => Ok((T::default(), None)),
            Some(Value::Null) => Ok((T::default(), Some(Value::Null))),
            Some(value) => {
                let (field, kept) = C::take(value)?;
                let field = field.unwrap_or_default();
                // The default is written by leaving the member out: a member that reads as the default
                // (`[]`, `0`, ...) is kept. `C` gave it back unless `write` gives it exactly.
                let kept = match kept {
                    None if field == T::default() => Some(C::write(&field)),
                    kept => kept,
                };
                Ok((field, kept))
            }
        }
    }
}

/// The type's own serde form.
pub(crate) struct Plain;

impl<T: Serialize + DeserializeOwned + 'static> ValueCodec<T> for Plain {
    fn read(value: &Value) -> Result<Option<T>, String> {
        T::deserialize(value).map(Some).map_err(|e| format!("has the wrong type: {e}"))
    }

    fn write(field: &T) -> Value {
        // Serializing the crate's field types (strings, numbers, ids, enums, JSON values) cannot fail.
        serde_json::to_value(field).unwrap_or(Value::Null)
    }

    fn take(value: Value) -> Result<(Option<T>, Option<Value>), String> {
        // A JSON value field takes the value as it is, and a `String` field the string: each writes it
        // back exactly.
        let mut whole = Some(value);
        if let Some(field) = (&mut whole as &mut dyn Any).downcast_mut::<Option<T>>() {
            return Ok((field.take(), None));
        }
        let value = match whole.unwrap_or_default() {
            Value::String(s) => {
                let mut text = Some(s);
                if let Some(field) = (&mut text as &mut dyn Any).downcast_mut::<Option<T>>() {
                    return Ok((field.take(), None));
                }
                Value::String(text.unwrap_or_default())
            }
            value => value,
        };
        // Any other type is read from the value, then compared with it without building its JSON.
        let field: T = T::deserialize(&value).map_err(|e| format!("has the wrong type: {e}"))?;
        let kept = (!writes_as(&field, &value)).then_some(value);
        Ok((Some(field), kept))
    }
}

/// `C`, with a value `C` cannot read taken as `None` (and kept as received) instead of an error.
pub(crate) struct Lenient<C>(PhantomData<C>);

impl<T, C: ValueCodec<T>> ValueCodec<T> for Lenient<C> {
    fn read(value: &Value) -> Result<Option<T>, String> {
        Ok(C::read(value).unwrap_or(None))
    }

    fn write(field: &T) -> Value {
        C::write(field)
    }
}

/// `C`, with an empty string taken as `None` (and kept as received).
pub(crate) struct NonEmpty<C>(PhantomData<C>);

impl<T, C: ValueCodec<T>> ValueCodec<T> for NonEmpty<C> {
    fn read(value: &Value) -> Result<Option<T>, String> {
        match value {
            Value::String(s) if s.is_empty() => Ok(None),
            _ => C::read(value),
        }
    }

    fn write(field: &T) -> Value {
        C::write(field)
    }

    fn take(value: Value) -> Result<(Option<T>, Option<Value>), String> {
        match value {
            Value::String(s) if s.is_empty() => Ok((None, Some(Value::String(s)))),
            value => C::take(value),
        }
    }
}

/// A time as an integer number of milliseconds since the epoch, also read from a string of digits or an
/// RFC 3339 string (callbacks may send times as strings); any other value is an error. A number out of
/// `DateTime`'s range reads as `None`. A time not sent as an integer is kept as received.
pub(crate) struct EpochMillis;

impl ValueCodec<DateTime<Utc>> for EpochMillis {
    fn read(value: &Value) -> Result<Option<DateTime<Utc>>, String> {
        let millis = match value {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => Some(time_text_millis(s).ok_or_else(|| {
                "must be epoch milliseconds (a number, or a string of digits) or an RFC 3339 time".to_owned()
            })?),
            _ => return Err("must be epoch milliseconds (a number)".to_owned()),
        };
        Ok(millis.and_then(DateTime::from_timestamp_millis))
    }

    fn write(field: &DateTime<Utc>) -> Value {
        Value::from(field.timestamp_millis())
    }
}

/// A time in epoch milliseconds given as a JSON number or a string of digits, or an RFC 3339 string (the
/// platform has sent each). Anything else reads as `None`, and is kept as received.
pub(crate) struct LenientEpochMillis;

impl ValueCodec<DateTime<Utc>> for LenientEpochMillis {
    fn read(value: &Value) -> Result<Option<DateTime<Utc>>, String> {
        let millis = match value {
            Value::Number(n) => {
                n.as_i64().or_else(|| n.as_f64().filter(|f| f.is_finite() && f.abs() < 9.0e15).map(|f| f as i64))
            }
            Value::String(s) => time_text_millis(s),
            _ => None,
        };
        Ok(millis.and_then(DateTime::from_timestamp_millis))
    }

    fn write(field: &DateTime<Utc>) -> Value {
        Value::from(field.timestamp_millis())
    }
}

/// Epoch milliseconds from a time sent as text: a string of digits, or an RFC 3339 time.
fn time_text_millis(text: &str) -> Option<i64> {
    let text = text.trim();
    text.parse::<i64>().ok().or_else(|| DateTime::parse_from_rfc3339(text).ok().map(|t| t.timestamp_millis()))
}

/// A string the platform sends sometimes as a JSON string and sometimes as a number (a project id is
/// `"123456"` in one answer and `123456` in another). Read as text; the received number is kept.
pub(crate) struct Text;

impl ValueCodec<String> for Text {
    fn read(value: &Value) -> Result<Option<String>, String> {
        match value {
            Value::String(s) => Ok(Some(s.clone())),
            Value::Number(n) => Ok(Some(number_text(n))),
            _ => Err("must be a string or a number".to_owned()),
        }
    }

    fn write(field: &String) -> Value {
        Value::String(field.clone())
    }

    fn take(value: Value) -> Result<(Option<String>, Option<Value>), String> {
        match value {
            Value::String(s) => Ok((Some(s), None)),
            Value::Number(n) => Ok((Some(number_text(&n)), Some(Value::Number(n)))),
            _ => Err("must be a string or a number".to_owned()),
        }
    }
}

/// A JSON number's text, as `serde_json` writes it (an integer through `itoa`, which is quicker than
/// `Display`).
pub(crate) fn number_text(n: &serde_json::Number) -> String {
    match (n.as_u64(), n.as_i64()) {
        (Some(n), _) => itoa::Buffer::new().format(n).to_owned(),
        (None, Some(n)) => itoa::Buffer::new().format(n).to_owned(),
        _ => n.to_string(),
    }
}

/// A duration in seconds: written as an integer when it is whole (as the platform sends it), else as a
/// fraction. A negative, infinite or huge number reads as `None` (and is kept as received).
pub(crate) struct Seconds;

impl ValueCodec<Duration> for Seconds {
    fn read(value: &Value) -> Result<Option<Duration>, String> {
        match value {
            Value::Number(n) => Ok(match n.as_u64() {
                Some(secs) => Some(Duration::from_secs(secs)),
                None => n.as_f64().and_then(|f| Duration::try_from_secs_f64(f).ok()),
            }),
            _ => Err("must be a number of seconds".to_owned()),
        }
    }

    fn write(field: &Duration) -> Value {
        if field.subsec_nanos() == 0 {
            Value::from(field.as_secs())
        } else {
            Value::from(field.as_secs_f64())
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn presence_rules() {
        assert!(<Req<Plain> as Codec<String>>::decode(None).is_err());
        assert!(<Req<Plain> as Codec<String>>::decode(Some(&Value::Null)).is_err());
        assert_eq!(<Opt<Plain> as Codec<Option<String>>>::decode(Some(&Value::Null)), Ok(None));
        assert_eq!(<Dflt<Plain> as Codec<Vec<String>>>::decode(None), Ok(Vec::new()));
        assert_eq!(<Dflt<Plain> as Codec<Vec<String>>>::encode(&Vec::new()), None);
        assert_eq!(<Opt<Plain> as Codec<Option<i64>>>::encode(&Some(3)), Some(json!(3)));
        assert!(<Opt<Plain> as Codec<Option<i64>>>::decode(Some(&json!("3"))).is_err());
    }

    #[test]
    fn seconds_stay_integers() {
        let read = |v: Value| <Seconds as ValueCodec<Duration>>::read(&v).unwrap();
        assert_eq!(read(json!(328)), Some(Duration::from_secs(328)));
        assert_eq!(Seconds::write(&Duration::from_secs(328)), json!(328));
        assert_eq!(read(json!(1.5)), Some(Duration::from_millis(1500)));
        assert_eq!(Seconds::write(&Duration::from_millis(1500)), json!(1.5));
        assert_eq!(read(json!(-1)), None);
        assert_eq!(read(json!(1e300)), None);
        assert!(<Seconds as ValueCodec<Duration>>::read(&json!("328")).is_err());
    }

    #[test]
    fn epoch_millis() {
        let t = DateTime::from_timestamp_millis(1_622_028_079_808).unwrap();
        let lenient = |v: Value| LenientEpochMillis::read(&v).unwrap();
        assert_eq!(lenient(json!(1_622_028_079_808_i64)), Some(t));
        assert_eq!(lenient(json!("1622028079808")), Some(t));
        assert_eq!(lenient(json!(1_622_028_079_808.0)), Some(t));
        assert_eq!(lenient(json!("2021-05-26T11:21:19.808Z")), Some(t));
        for odd in [json!(true), json!("soon"), json!([1]), json!(i64::MAX), json!(1e300)] {
            assert_eq!(lenient(odd.clone()), None, "{odd}");
        }
        assert_eq!(EpochMillis::read(&json!(1_622_028_079_808_i64)).unwrap(), Some(t));
        assert_eq!(EpochMillis::read(&json!(i64::MAX)).unwrap(), None);
        assert_eq!(EpochMillis::read(&json!("1622028079808")).unwrap(), Some(t));
        assert_eq!(EpochMillis::read(&json!("2021-05-26T11:21:19.808Z")).unwrap(), Some(t));
        assert!(EpochMillis::read(&json!("yesterday")).is_err());
        assert!(EpochMillis::read(&json!(true)).is_err());
        assert_eq!(EpochMillis::write(&t), json!(1_622_028_079_808_i64));
    }
}
