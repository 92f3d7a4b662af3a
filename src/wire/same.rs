//! [`writes_as`]: whether serializing a value gives exactly a given JSON value, found without building that
//! JSON (no allocation for strings, numbers, booleans and arrays or objects of them).
//!
//! It answers as `serde_json::to_value(field) == Ok(json)` would, except that a float must have the same
//! bits (`-0.0` is not `0.0`, as they are not written the same), and that some rare shapes answer `false`
//! (bytes, tuple and struct variants, map keys other than strings): `false` only ever means "keep the
//! received value", never a loss.

use serde::ser::{self, Serialize};
use serde_json::{Map, Value};

/// Whether `serde_json::to_value(field)` would be exactly `json`.
pub(crate) fn writes_as<T: Serialize + ?Sized>(field: &T, json: &Value) -> bool {
    field.serialize(Same(json)).is_ok()
}

/// A serializer that succeeds when what it is given serializes to its JSON value.
struct Same<'a>(&'a Value);

/// "Not the same": the only error [`Same`] returns.
#[derive(Debug)]
struct Differs;

impl std::fmt::Display for Differs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("differs")
    }
}

impl std::error::Error for Differs {}

impl ser::Error for Differs {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Differs
    }
}

fn check(same: bool) -> Result<(), Differs> {
    if same {
        Ok(())
    } else {
        Err(Differs)
    }
}

/// `a == b`, eight bytes at a time in line: the strings compared here are short (ids, enum values), and
/// a call to `memcmp` for each cost more than the comparison itself.
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let (a_words, a_rest) = a.split_at(a.len() / 8 * 8);
    let (b_words, b_rest) = b.split_at(a_words.len());
    let word = |chunk: &[u8]| chunk.try_into().map_or(0, u64::from_ne_bytes);
    let mut differ = 0u64;
    for (x, y) in a_words.chunks_exact(8).zip(b_words.chunks_exact(8)) {
        differ |= word(x) ^ word(y);
    }
    for (x, y) in a_rest.iter().zip(b_rest) {
        differ |= u64::from(x ^ y);
    }
    differ == 0
}

/// An integer compares as serde_json writes it (`Value::from` allocates nothing for numbers).
fn integer(json: &Value, value: impl Into<Value>) -> Result<(), Differs> {
    check(json.is_number() && *json == value.into())
}

/// A float compares by its bits (serde_json writes a non-finite float as `null`).
fn float(json: &Value, value: f64) -> Result<(), Differs> {
    match json {
        Value::Number(n) if n.is_f64() && value.is_finite() => {
            check(n.as_f64().map(f64::to_bits) == Some(value.to_bits()))
        }
        _ => Err(Differs),
    }
}

impl<'a> ser::Serializer for Same<'a> {
    type Ok = ();
    type Error = Differs;
    type SerializeSeq = SameSeq<'a>;
    type SerializeTuple = SameSeq<'a>;
    type SerializeTupleStruct = SameSeq<'a>;
    type SerializeTupleVariant = ser::Impossible<(), Differs>;
    type SerializeMap = SameMap<'a>;
    type SerializeStruct = SameMap<'a>;
    type SerializeStructVariant = ser::Impossible<(), Differs>;

    fn serialize_bool(self, v: bool) -> Result<(), Differs> {
        check(*self.0 == Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<(), Differs> {
        integer(self.0, v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Differs> {
        integer(self.0, v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Differs> {
        integer(self.0, v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Differs> {
        integer(self.0, v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Differs> {
        match (u64::try_from(v), i64::try_from(v)) {
            (Ok(v), _) => integer(self.0, v),
            (_, Ok(v)) => integer(self.0, v),
            _ => Err(Differs),
        }
    }
    fn serialize_u8(self, v: u8) -> Result<(), Differs> {
        integer(self.0, v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Differs> {
        integer(self.0, v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Differs> {
        integer(self.0, v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Differs> {
        integer(self.0, v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Differs> {
        u64::try_from(v).map_err(|_| Differs).and_then(|v| integer(self.0, v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), Differs> {
        float(self.0, f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Differs> {
        float(self.0, v)
    }
    fn serialize_char(self, v: char) -> Result<(), Differs> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Differs> {
        check(matches!(self.0, Value::String(s) if same_text(s, v)))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Differs> {
        Err(Differs)
    }
    fn serialize_none(self) -> Result<(), Differs> {
        check(self.0.is_null())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Differs> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Differs> {
        check(self.0.is_null())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Differs> {
        check(self.0.is_null())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Differs> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Differs> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Differs> {
        match self.0 {
            Value::Object(object) if object.len() == 1 => match object.get(variant) {
                Some(json) => value.serialize(Same(json)),
                None => Err(Differs),
            },
            _ => Err(Differs),
        }
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SameSeq<'a>, Differs> {
        match self.0 {
            Value::Array(items) if len.is_none_or(|len| len == items.len()) => Ok(SameSeq { items, at: 0 }),
            _ => Err(Differs),
        }
    }
    fn serialize_tuple(self, len: usize) -> Result<SameSeq<'a>, Differs> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<SameSeq<'a>, Differs> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Differs> {
        Err(Differs)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<SameMap<'a>, Differs> {
        match self.0 {
            Value::Object(object) => Ok(SameMap { object, key: None, count: 0 }),
            _ => Err(Differs),
        }
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<SameMap<'a>, Differs> {
        // serde_json's `RawValue` serializes as a struct with a private name: not compared.
        if name.starts_with("$serde_json") {
            return Err(Differs);
        }
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Differs> {
        Err(Differs)
    }
}

/// Compares a sequence item by item with a JSON array.
struct SameSeq<'a> {
    items: &'a [Value],
    at: usize,
}

impl SameSeq<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Differs> {
        let json = self.items.get(self.at).ok_or(Differs)?;
        self.at += 1;
        value.serialize(Same(json))
    }

    fn done(self) -> Result<(), Differs> {
        check(self.at == self.items.len())
    }
}

/// The three sequence-like serializers are one: each element is the next item.
macro_rules! same_seq {
    ($($kind:ident :: $method:ident),*) => {$(
        impl ser::$kind for SameSeq<'_> {
            type Ok = ();
            type Error = Differs;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Differs> {
                self.item(value)
            }
            fn end(self) -> Result<(), Differs> {
                self.done()
            }
        }
    )*};
}

same_seq!(SerializeSeq::serialize_element, SerializeTuple::serialize_element, SerializeTupleStruct::serialize_field);

/// Compares a map or struct entry by entry with a JSON object: every entry written must be a member with
/// the same value, and there must be as many entries as members (a key written twice counts twice, and
/// so answers `false`).
struct SameMap<'a> {
    object: &'a Map<String, Value>,
    key: Option<&'a Value>,
    count: usize,
}

impl<'a> SameMap<'a> {
    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Differs> {
        let json = self.object.get(key).ok_or(Differs)?;
        self.count += 1;
        value.serialize(Same(json))
    }

    fn done(self) -> Result<(), Differs> {
        check(self.count == self.object.len())
    }
}

impl ser::SerializeMap for SameMap<'_> {
    type Ok = ();
    type Error = Differs;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Differs> {
        let object = self.object;
        let key = key.serialize(KeyOf(object))?;
        self.key = Some(key);
        self.count += 1;
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Differs> {
        let json = self.key.take().ok_or(Differs)?;
        value.serialize(Same(json))
    }
    fn end(self) -> Result<(), Differs> {
        check(self.key.is_none() && self.count == self.object.len())
    }
}

impl ser::SerializeStruct for SameMap<'_> {
    type Ok = ();
    type Error = Differs;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Differs> {
        self.entry(key, value)
    }
    fn end(self) -> Result<(), Differs> {
        self.done()
    }
}

/// Finds the member a map key names (string keys only: any other answers [`Differs`]).
struct KeyOf<'a>(&'a Map<String, Value>);

impl<'a> KeyOf<'a> {
    fn member(self, key: &str) -> Result<&'a Value, Differs> {
        self.0.get(key).ok_or(Differs)
    }
}

macro_rules! differs {
    ($($method:ident($($arg:ty),*);)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<&'a Value, Differs> {
            Err(Differs)
        })*
    };
}

impl<'a> ser::Serializer for KeyOf<'a> {
    type Ok = &'a Value;
    type Error = Differs;
    type SerializeSeq = ser::Impossible<&'a Value, Differs>;
    type SerializeTuple = ser::Impossible<&'a Value, Differs>;
    type SerializeTupleStruct = ser::Impossible<&'a Value, Differs>;
    type SerializeTupleVariant = ser::Impossible<&'a Value, Differs>;
    type SerializeMap = ser::Impossible<&'a Value, Differs>;
    type SerializeStruct = ser::Impossible<&'a Value, Differs>;
    type SerializeStructVariant = ser::Impossible<&'a Value, Differs>;

    fn serialize_str(self, v: &str) -> Result<&'a Value, Differs> {
        self.member(v)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<&'a Value, Differs> {
        self.member(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<&'a Value, Differs> {
        value.serialize(self)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<&'a Value, Differs> {
        Err(Differs)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<&'a Value, Differs> {
        Err(Differs)
    }
    differs! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32); serialize_i64(i64);
        serialize_u8(u8); serialize_u16(u16); serialize_u32(u32); serialize_u64(u64); serialize_f32(f32);
        serialize_f64(f64); serialize_char(char); serialize_bytes(&[u8]); serialize_none(); serialize_unit();
        serialize_unit_struct(&'static str);
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Differs> {
        Err(Differs)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Differs> {
        Err(Differs)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Differs> {
        Err(Differs)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Differs> {
        Err(Differs)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Differs> {
        Err(Differs)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Differs> {
        Err(Differs)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Differs> {
        Err(Differs)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;

    /// `writes_as` must agree with `to_value` (floats aside, compared by bits).
    fn agrees<T: Serialize>(field: T, json: Value) {
        let expected = serde_json::to_value(&field).ok() == Some(json.clone());
        assert_eq!(writes_as(&field, &json), expected, "{json}");
    }

    #[test]
    fn agrees_with_to_value() {
        agrees("a", json!("a"));
        agrees("a", json!("b"));
        agrees("a", json!(null));
        agrees(3u64, json!(3));
        agrees(3i64, json!(3));
        agrees(-3i64, json!(-3));
        agrees(3u64, json!(3.0));
        agrees(3.0f64, json!(3));
        agrees(3.5f64, json!(3.5));
        agrees(true, json!(true));
        agrees(true, json!("true"));
        agrees(Some(1), json!(1));
        agrees(None::<i32>, json!(null));
        agrees(vec![1, 2], json!([1, 2]));
        agrees(vec![1, 2], json!([1, 2, 3]));
        agrees(vec![1, 2, 3], json!([1, 2]));
        agrees(BTreeMap::from([("a", 1), ("b", 2)]), json!({"a": 1, "b": 2}));
        agrees(BTreeMap::from([("a", 1)]), json!({"a": 1, "b": 2}));
        agrees(BTreeMap::from([("a", 1), ("c", 2)]), json!({"a": 1, "b": 2}));
        agrees(json!({"x": [1, "y", null, {"z": 1.5}]}), json!({"x": [1, "y", null, {"z": 1.5}]}));
        agrees(json!({"x": [1, "y", null, {"z": 1.5}]}), json!({"x": [1, "y", null, {"z": 2.5}]}));
        agrees('c', json!("c"));
        for (a, b) in
            [("", ""), ("abcdefgh", "abcdefgh"), ("abcdefghi", "abcdefghj"), ("abcdefghi", "bbcdefghi"), ("ab", "abc")]
        {
            assert_eq!(same_text(a, b), a == b, "{a} {b}");
        }
        agrees((), json!(null));
    }

    #[test]
    fn floats_compare_by_bits() {
        assert!(writes_as(&-0.0f64, &json!(-0.0)));
        assert!(!writes_as(&0.0f64, &json!(-0.0)));
        assert!(!writes_as(&f64::NAN, &json!(null)), "a NaN is not written back as the null received");
    }

    #[test]
    fn structs_and_variants() {
        #[derive(serde::Serialize)]
        struct S {
            a: u8,
            #[serde(skip_serializing_if = "Option::is_none")]
            b: Option<u8>,
        }
        #[derive(serde::Serialize)]
        enum E {
            Unit,
            New(u8),
        }
        agrees(S { a: 1, b: None }, json!({"a": 1}));
        agrees(S { a: 1, b: None }, json!({"a": 1, "b": null}));
        agrees(S { a: 1, b: Some(2) }, json!({"a": 1, "b": 2}));
        agrees(E::Unit, json!("Unit"));
        agrees(E::New(1), json!({"New": 1}));
        agrees(E::New(1), json!({"New": 1, "x": 1}));
    }
}
