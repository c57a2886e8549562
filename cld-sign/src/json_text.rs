//! JSON text exactly as Cloudinary's signed values carry it (see `cld_sign::request::upload`): Python's
//! `json.dumps(v, separators=(",", ":"))`, written into any [`Sink`] without allocating.
//!
//! - no whitespace; `null`, `true`, `false`;
//! - integers with all their digits; other numbers as Python's `repr` of the double
//!   (`1.0`, `0.0001`, `1e-05`, `1e+16`, `-0.0`), `NaN`, `Infinity`, `-Infinity`;
//! - strings: `"` `\` and the five short escapes (`\b \t \n \f \r`); every other code point
//!   outside U+0020–U+007E as `\uXXXX` (lower-case hex, UTF-16 surrogate pairs above U+FFFF);
//!   `/` is not escaped;
//! - object members in the order the value serializes them: a struct's field order, a
//!   `serde_json::Value`'s insertion order (the crate enables `preserve_order`), or sorted by
//!   key with [`sorted`] (code points, at every level).

use std::fmt::Write as _;

use serde::ser::{self, Serialize};

use crate::error::Error;
use crate::number::{StackBuf, write_integer};
use crate::sink::Sink;

/// Writes `value` as the upload-value rule (`cld_sign::request::upload`) JSON text into `out`.
///
/// # Errors
/// [`Error::UnsupportedValue`] (named `name`) for what JSON cannot hold: a map whose keys are
/// not strings, integers or booleans, or a value whose `Serialize` impl fails.
pub(crate) fn write_json<T, S>(name: &str, value: &T, out: &mut S) -> Result<(), Error>
where
    T: Serialize + ?Sized,
    S: Sink + ?Sized,
{
    value
        .serialize(JsonWriter { out })
        .map_err(|JsonError(found)| Error::UnsupportedValue {
            name: name.to_owned(),
            found,
        })
}

/// [`write_json`] into a new `String`.
pub(crate) fn json_text<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<String, Error> {
    let mut text = String::new();
    write_json(name, value, &mut text)?;
    Ok(text)
}

/// A copy of `value` with the members of every object sorted by key (code points, which is
/// the keys' UTF-8 byte order and `str`'s `Ord`), at every level.
pub(crate) fn sorted(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut members: Vec<_> = map.iter().collect();
            members.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                members
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sorted(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// What a JSON value is, for error messages (`a number`, `an object`, ...).
pub(crate) fn json_kind(value: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// What could not be written as JSON (becomes [`Error::UnsupportedValue`]).
#[derive(Debug)]
struct JsonError(String);

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JsonError {}

impl ser::Error for JsonError {
    fn custom<M: std::fmt::Display>(msg: M) -> Self {
        Self(format!("a value that failed to serialize ({msg})"))
    }
}

/// Writes a Python-style `repr` of a double (see `cld_sign::request::upload`): the shortest round-trip digits,
/// fixed notation when the decimal exponent *e* is −4 ≤ *e* < 16 (with at least one digit
/// after the point), otherwise `d[.ddd]e±XX`.
fn write_python_float<S: Sink + ?Sized>(v: f64, out: &mut S) {
    if v.is_nan() {
        return out.write_str("NaN");
    }
    if v.is_infinite() {
        return out.write_str(if v.is_sign_positive() {
            "Infinity"
        } else {
            "-Infinity"
        });
    }
    if v.is_sign_negative() {
        out.write_str("-");
    }
    if v == 0.0 {
        return out.write_str("0.0");
    }
    // Rust's `{:e}` gives the shortest round-trip digits as `d.ddde-7`, as Python's repr.
    let mut sci = StackBuf::<40>::new();
    if write!(sci, "{:e}", v.abs()).is_err() {
        return;
    }
    let Some((mantissa, exp)) = sci.as_str().split_once('e') else {
        return;
    };
    let Ok(exp) = exp.parse::<i32>() else {
        return;
    };
    let (lead, rest) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.write_str("0.");
            for _ in 0..(-exp - 1) {
                out.write_str("0");
            }
            out.write_str(lead);
            out.write_str(rest);
        } else {
            // `exp` digits after the lead go before the point; pad with zeros if short.
            let after = exp as usize;
            out.write_str(lead);
            let (int, frac) = rest.split_at(after.min(rest.len()));
            out.write_str(int);
            for _ in rest.len()..after {
                out.write_str("0");
            }
            out.write_str(".");
            out.write_str(if frac.is_empty() { "0" } else { frac });
        }
    } else {
        out.write_str(lead);
        if !rest.is_empty() {
            out.write_str(".");
            out.write_str(rest);
        }
        out.write_str(if exp.is_negative() { "e-" } else { "e+" });
        if exp.unsigned_abs() < 10 {
            out.write_str("0");
        }
        write_integer(false, u128::from(exp.unsigned_abs()), &mut |s| {
            out.write_str(s)
        });
    }
}

/// Writes a JSON string literal with the upload-value rule's escapes (ASCII output only).
fn write_json_string<S: Sink + ?Sized>(s: &str, out: &mut S) {
    out.write_str("\"");
    let mut plain_from = 0;
    for (at, c) in s.char_indices() {
        let short = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\u{8}' => Some("\\b"),
            '\t' => Some("\\t"),
            '\n' => Some("\\n"),
            '\u{c}' => Some("\\f"),
            '\r' => Some("\\r"),
            ' '..='~' => continue,
            _ => None,
        };
        out.write_str(&s[plain_from..at]);
        plain_from = at + c.len_utf8();
        match short {
            Some(escape) => out.write_str(escape),
            None => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let mut hex = StackBuf::<6>::new();
                    let _ = write!(hex, "\\u{unit:04x}");
                    out.write_str(hex.as_str());
                }
            }
        }
    }
    out.write_str(&s[plain_from..]);
    out.write_str("\"");
}

/// A serde serializer writing the upload-value rule (`cld_sign::request::upload`) JSON text.
struct JsonWriter<'a, S: ?Sized> {
    out: &'a mut S,
}

/// The state of an array or object being written: whether a comma is due.
struct Compound<'a, S: ?Sized> {
    out: &'a mut S,
    first: bool,
    /// The closing text: `]`, `}`, or `}}` for an enum variant wrapped in an object.
    close: &'static str,
}

impl<'a, S: Sink + ?Sized> Compound<'a, S> {
    fn open(out: &'a mut S, open: &str, close: &'static str) -> Self {
        out.write_str(open);
        Self {
            out,
            first: true,
            close,
        }
    }

    fn comma(&mut self) {
        if !self.first {
            self.out.write_str(",");
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        self.comma();
        value.serialize(JsonWriter { out: self.out })
    }

    fn member<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), JsonError> {
        self.comma();
        write_json_string(key, self.out);
        self.out.write_str(":");
        value.serialize(JsonWriter { out: self.out })
    }

    fn close(self) -> Result<(), JsonError> {
        self.out.write_str(self.close);
        Ok(())
    }
}

impl<'a, S: Sink + ?Sized> ser::Serializer for JsonWriter<'a, S> {
    type Ok = ();
    type Error = JsonError;
    type SerializeSeq = Compound<'a, S>;
    type SerializeTuple = Compound<'a, S>;
    type SerializeTupleStruct = Compound<'a, S>;
    type SerializeTupleVariant = Compound<'a, S>;
    type SerializeMap = Compound<'a, S>;
    type SerializeStruct = Compound<'a, S>;
    type SerializeStructVariant = Compound<'a, S>;

    fn serialize_bool(self, v: bool) -> Result<(), JsonError> {
        self.out.write_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), JsonError> {
        self.serialize_i128(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), JsonError> {
        self.serialize_i128(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), JsonError> {
        self.serialize_i128(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), JsonError> {
        self.serialize_i128(v.into())
    }
    fn serialize_i128(self, v: i128) -> Result<(), JsonError> {
        let out = self.out;
        write_integer(v < 0, v.unsigned_abs(), &mut |s| out.write_str(s));
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), JsonError> {
        self.serialize_u128(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), JsonError> {
        self.serialize_u128(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), JsonError> {
        self.serialize_u128(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), JsonError> {
        self.serialize_u128(v.into())
    }
    fn serialize_u128(self, v: u128) -> Result<(), JsonError> {
        let out = self.out;
        write_integer(false, v, &mut |s| out.write_str(s));
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), JsonError> {
        // Python has only doubles: an `f32` is written as the double it widens to.
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), JsonError> {
        write_python_float(v, self.out);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), JsonError> {
        write_json_string(v.encode_utf8(&mut [0; 4]), self.out);
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), JsonError> {
        write_json_string(v, self.out);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), JsonError> {
        use ser::SerializeSeq as _;
        let mut seq = Compound::open(self.out, "[", "]");
        for byte in v {
            seq.serialize_element(byte)?;
        }
        seq.close()
    }
    fn serialize_none(self) -> Result<(), JsonError> {
        self.out.write_str("null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), JsonError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), JsonError> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), JsonError> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), JsonError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        let mut object = Compound::open(self.out, "{", "}");
        object.member(variant, value)?;
        object.close()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a, S>, JsonError> {
        Ok(Compound::open(self.out, "[", "]"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a, S>, JsonError> {
        Ok(Compound::open(self.out, "[", "]"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'a, S>, JsonError> {
        Ok(Compound::open(self.out, "[", "]"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, S>, JsonError> {
        self.out.write_str("{");
        write_json_string(variant, self.out);
        self.out.write_str(":");
        Ok(Compound::open(self.out, "[", "]}"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a, S>, JsonError> {
        Ok(Compound::open(self.out, "{", "}"))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a, S>, JsonError> {
        Ok(Compound::open(self.out, "{", "}"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, S>, JsonError> {
        self.out.write_str("{");
        write_json_string(variant, self.out);
        self.out.write_str(":");
        Ok(Compound::open(self.out, "{", "}}"))
    }
}

macro_rules! sequence_impl {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<S: Sink + ?Sized> ser::$trait for Compound<'_, S> {
            type Ok = ();
            type Error = JsonError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
                self.element(value)
            }
            fn end(self) -> Result<(), JsonError> {
                self.close()
            }
        }
    )*};
}
sequence_impl!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

macro_rules! struct_impl {
    ($($trait:ident),*) => {$(
        impl<S: Sink + ?Sized> ser::$trait for Compound<'_, S> {
            type Ok = ();
            type Error = JsonError;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), JsonError> {
                self.member(key, value)
            }
            fn end(self) -> Result<(), JsonError> {
                self.close()
            }
        }
    )*};
}
struct_impl!(SerializeStruct, SerializeStructVariant);

impl<S: Sink + ?Sized> ser::SerializeMap for Compound<'_, S> {
    type Ok = ();
    type Error = JsonError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), JsonError> {
        self.comma();
        key.serialize(KeyWriter { out: self.out })?;
        self.out.write_str(":");
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        value.serialize(JsonWriter { out: self.out })
    }

    fn end(self) -> Result<(), JsonError> {
        self.close()
    }
}

/// An object key: text, or an integer or boolean written as Python writes such keys
/// (`{1: "a"}` → `{"1":"a"}`). Anything else cannot be a key.
struct KeyWriter<'a, S: ?Sized> {
    out: &'a mut S,
}

macro_rules! key_refused {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {$(
        fn $method(self $(, _: $arg)*) -> Result<$ok, JsonError> {
            Err(JsonError("a map whose keys are not strings".to_owned()))
        }
    )*};
}

impl<S: Sink + ?Sized> ser::Serializer for KeyWriter<'_, S> {
    type Ok = ();
    type Error = JsonError;
    type SerializeSeq = ser::Impossible<(), JsonError>;
    type SerializeTuple = ser::Impossible<(), JsonError>;
    type SerializeTupleStruct = ser::Impossible<(), JsonError>;
    type SerializeTupleVariant = ser::Impossible<(), JsonError>;
    type SerializeMap = ser::Impossible<(), JsonError>;
    type SerializeStruct = ser::Impossible<(), JsonError>;
    type SerializeStructVariant = ser::Impossible<(), JsonError>;

    fn serialize_str(self, v: &str) -> Result<(), JsonError> {
        write_json_string(v, self.out);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), JsonError> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_bool(self, v: bool) -> Result<(), JsonError> {
        self.serialize_str(if v { "true" } else { "false" })
    }
    fn serialize_i64(self, v: i64) -> Result<(), JsonError> {
        self.serialize_i128(v.into())
    }
    fn serialize_i128(self, v: i128) -> Result<(), JsonError> {
        self.out.write_str("\"");
        JsonWriter {
            out: &mut *self.out,
        }
        .serialize_i128(v)?;
        self.out.write_str("\"");
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), JsonError> {
        self.serialize_u128(v.into())
    }
    fn serialize_u128(self, v: u128) -> Result<(), JsonError> {
        self.out.write_str("\"");
        JsonWriter {
            out: &mut *self.out,
        }
        .serialize_u128(v)?;
        self.out.write_str("\"");
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), JsonError> {
        self.serialize_i128(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), JsonError> {
        self.serialize_i128(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), JsonError> {
        self.serialize_i128(v.into())
    }
    fn serialize_u8(self, v: u8) -> Result<(), JsonError> {
        self.serialize_u128(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), JsonError> {
        self.serialize_u128(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), JsonError> {
        self.serialize_u128(v.into())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        value.serialize(self)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), JsonError> {
        self.serialize_str(variant)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), JsonError> {
        Err(JsonError("a map whose keys are not strings".to_owned()))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), JsonError> {
        Err(JsonError("a map whose keys are not strings".to_owned()))
    }
    key_refused! {
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{json_text, sorted};

    fn text(v: &serde_json::Value) -> String {
        json_text("v", v).unwrap()
    }

    #[test]
    fn compact_with_python_escapes() {
        assert_eq!(
            text(&json!({"expression": "tags=café 😀"})),
            r#"{"expression":"tags=caf\u00e9 \ud83d\ude00"}"#
        );
        assert_eq!(
            text(&json!([
                "\"\\/\u{8}\t\n\u{c}\r",
                "\u{1}\u{1f}\u{7f}\u{80}\u{ffff}",
                null,
                true,
                false
            ])),
            r#"["\"\\/\b\t\n\f\r","\u0001\u001f\u007f\u0080\uffff",null,true,false]"#
        );
    }

    #[test]
    fn numbers_as_python_prints_them() {
        let cases: [(serde_json::Value, &str); 16] = [
            (json!(123456789012345678u64), "123456789012345678"),
            (json!(-5), "-5"),
            (json!(1.0), "1.0"),
            (json!(0.0), "0.0"),
            (json!(-0.0), "-0.0"),
            (json!(0.0001), "0.0001"),
            (json!(0.00001), "1e-05"),
            (json!(123.456), "123.456"),
            (json!(1e16), "1e+16"),
            (json!(1e15), "1000000000000000.0"),
            (json!(1.5e300), "1.5e+300"),
            (json!(2.5e-300), "2.5e-300"),
            (json!(0.1), "0.1"),
            (json!(1234.5e10), "12345000000000.0"),
            (json!(9999999999999998.0), "9999999999999998.0"),
            (json!(1.7976931348623157e308), "1.7976931348623157e+308"),
        ];
        for (value, expected) in cases {
            assert_eq!(text(&value), expected, "{value:?}");
        }
        assert_eq!(json_text("v", &f64::NAN).unwrap(), "NaN");
        assert_eq!(json_text("v", &f64::NEG_INFINITY).unwrap(), "-Infinity");
    }

    /// Over many doubles: the text reads back to the same value, and its layout is the one
    /// Python's repr picks for the decimal exponent.
    #[test]
    fn floats_round_trip_in_python_layout() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let v = f64::from_bits(state);
            if !v.is_finite() {
                continue;
            }
            let t = json_text("v", &v).unwrap();
            assert_eq!(t.parse::<f64>().unwrap().to_bits(), v.to_bits(), "{t}");
            let exp = if v == 0.0 {
                0
            } else {
                v.abs().log10().floor() as i32
            };
            // `log10` can be off by one at exact powers of ten; accept either layout there.
            let fixed = t.contains('.') && !t.contains('e');
            if (-3..15).contains(&exp) {
                assert!(fixed, "{v:e} -> {t}");
            } else if !(-5..=16).contains(&exp) {
                assert!(t.contains("e+") || t.contains("e-"), "{v:e} -> {t}");
                let digits = t.rsplit(['+', '-']).next().unwrap();
                assert!(digits.len() >= 2, "{t}");
            }
        }
    }

    #[test]
    fn members_in_given_or_sorted_order() {
        let query = json!({"z": 1, "a": {"y": [ {"b": 1, "a": 2} ], "x": null}, "é": 0, "😀": 0, "\u{ffff}": 0});
        assert_eq!(
            text(&query),
            "{\"z\":1,\"a\":{\"y\":[{\"b\":1,\"a\":2}],\"x\":null},\"\\u00e9\":0,\"\\ud83d\\ude00\":0,\"\\uffff\":0}"
        );
        // Code-point order: U+FFFF before U+1F600 (UTF-16 order would swap them).
        assert_eq!(
            text(&sorted(&query)),
            "{\"a\":{\"x\":null,\"y\":[{\"a\":2,\"b\":1}]},\"z\":1,\"\\u00e9\":0,\"\\uffff\":0,\"\\ud83d\\ude00\":0}"
        );
    }

    #[test]
    fn rust_values_serialize_like_json() {
        #[derive(serde::Serialize)]
        enum E {
            Unit,
            New(u8),
            Tuple(u8, u8),
            Struct { a: u8 },
        }
        #[derive(serde::Serialize)]
        struct S<'a> {
            b: Option<u8>,
            a: &'a [u8],
            e: [E; 4],
            m: std::collections::BTreeMap<i32, char>,
        }
        let s = S {
            b: None,
            a: &[1, 2],
            e: [E::Unit, E::New(1), E::Tuple(1, 2), E::Struct { a: 3 }],
            m: [(-1, 'x'), (2, 'é')].into(),
        };
        assert_eq!(
            json_text("v", &s).unwrap(),
            r#"{"b":null,"a":[1,2],"e":["Unit",{"New":1},{"Tuple":[1,2]},{"Struct":{"a":3}}],"m":{"-1":"x","2":"\u00e9"}}"#
        );
        let bad: std::collections::BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        let err = json_text("access_control", &bad).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::UnsupportedValue);
        assert!(err.to_string().contains("access_control"), "{err}");
    }

    #[test]
    fn integers_of_every_width_and_floats_of_every_layout() {
        #[derive(serde::Serialize)]
        struct Ints {
            a: i8,
            b: i16,
            c: i32,
            d: i64,
            e: i128,
            f: u16,
            g: i32,
            h: u32,
            i: f32,
        }
        let ints = Ints {
            a: -8,
            b: -16,
            c: -32,
            d: -64,
            e: i128::MIN,
            f: 16,
            g: 0,
            h: 32,
            i: 0.5,
        };
        assert_eq!(
            json_text("v", &ints).unwrap(),
            format!(
                r#"{{"a":-8,"b":-16,"c":-32,"d":-64,"e":{},"f":16,"g":0,"h":32,"i":0.5}}"#,
                i128::MIN
            )
        );
        for (v, want) in [
            (0.5, "0.5"),
            (-0.25, "-0.25"),
            (1e-10, "1e-10"),
            (1.5e-7, "1.5e-07"),
            (-1e-9, "-1e-09"),
            (1e22, "1e+22"),
            (f64::INFINITY, "Infinity"),
        ] {
            assert_eq!(json_text("v", &v).unwrap(), want, "{v:?}");
        }
    }

    #[test]
    fn a_value_that_fails_to_serialize_says_why() {
        struct Refuses;
        impl serde::Serialize for Refuses {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("boom"))
            }
        }
        let err = json_text("regions", &Refuses).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::UnsupportedValue);
        let message = err.to_string();
        assert!(message.contains("regions"), "{message}");
        assert!(
            message.contains("a value that failed to serialize (boom)"),
            "{message}"
        );
        let direct = <super::JsonError as serde::ser::Error>::custom("boom");
        assert_eq!(
            direct.to_string(),
            "a value that failed to serialize (boom)"
        );
    }

    /// Every kind of map key serde can give: numbers, chars, bools, newtypes and unit
    /// variants become strings (as serde_json writes them); anything else is refused.
    #[test]
    fn map_keys_of_every_kind() {
        use std::collections::BTreeMap;

        fn same_as_serde_json<K: serde::Serialize + Ord>(key: K) {
            let map: BTreeMap<K, u8> = [(key, 1)].into();
            let want = serde_json::to_string(&map).unwrap();
            assert_eq!(json_text("v", &map).unwrap(), want);
        }
        #[derive(serde::Serialize, PartialEq, Eq, PartialOrd, Ord)]
        struct Newtype(u8);
        #[derive(serde::Serialize, PartialEq, Eq, PartialOrd, Ord)]
        enum Unit {
            Variant,
        }
        #[derive(serde::Serialize, PartialEq, Eq, PartialOrd, Ord)]
        enum Carrying {
            Variant(u8),
        }
        same_as_serde_json('k');
        same_as_serde_json(true);
        same_as_serde_json(false);
        same_as_serde_json(-5i8);
        same_as_serde_json(-300i16);
        same_as_serde_json(-70_000i32);
        same_as_serde_json(i64::MIN);
        same_as_serde_json(200u8);
        same_as_serde_json(60_000u16);
        same_as_serde_json(u32::MAX);
        same_as_serde_json(u64::MAX);
        same_as_serde_json(u128::MAX);
        same_as_serde_json(Newtype(7));
        same_as_serde_json(Unit::Variant);
        assert_eq!(
            json_text("v", &BTreeMap::from([(Newtype(7), 1)])).unwrap(),
            r#"{"7":1}"#
        );
        for refused in [
            json_text("v", &BTreeMap::from([(Some(1u8), 1)])),
            json_text("v", &BTreeMap::from([(Carrying::Variant(1), 1)])),
        ] {
            let message = refused.unwrap_err().to_string();
            assert!(
                message.contains("a map whose keys are not strings"),
                "{message}"
            );
        }
    }

    #[test]
    fn bytes_options_and_newtypes_as_serde_json_writes_them() {
        struct Bytes;
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&[1, 2, 255])
            }
        }
        #[derive(serde::Serialize)]
        struct UnitStruct;
        #[derive(serde::Serialize)]
        struct Newtype(u8);
        #[derive(serde::Serialize)]
        struct All {
            bytes: Bytes,
            some: Option<u8>,
            none: Option<u8>,
            unit: UnitStruct,
            newtype: Newtype,
        }
        let all = All {
            bytes: Bytes,
            some: Some(3),
            none: None,
            unit: UnitStruct,
            newtype: Newtype(5),
        };
        assert_eq!(
            json_text("v", &all).unwrap(),
            r#"{"bytes":[1,2,255],"some":3,"none":null,"unit":null,"newtype":5}"#
        );
    }
}
