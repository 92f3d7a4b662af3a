//! The one value codec the callbacks need beyond `crate::wire`: an id sent as a string or a number.

use serde_json::Value;

use crate::wire::{self, ValueCodec, VerbatimText};

/// An identifier read from a JSON string or number (as its decimal text), written as a string. A number
/// is kept as received, so that serializing gives it back unchanged.
///
/// `T` keeps its text verbatim ([`VerbatimText`]), so that a string taken into the field is written back
/// exactly and need not be kept.
pub(crate) struct IdText;

impl<T: VerbatimText> ValueCodec<T> for IdText {
    fn read(value: &Value) -> Result<Option<T>, String> {
        match value {
            Value::String(s) => Ok(Some(T::from(s.clone()))),
            Value::Number(n) => Ok(Some(T::from(wire::number_text(n)))),
            _ => Err("must be a string or a number".to_owned()),
        }
    }

    fn write(field: &T) -> Value {
        Value::String(field.as_ref().to_owned())
    }

    fn take(value: Value) -> Result<(Option<T>, Option<Value>), String> {
        match value {
            Value::String(s) => Ok((Some(T::from(s)), None)),
            Value::Number(n) => Ok((Some(T::from(wire::number_text(&n))), Some(Value::Number(n)))),
            _ => Err("must be a string or a number".to_owned()),
        }
    }
}
