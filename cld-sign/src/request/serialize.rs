//! The serde side of the dynamic path: a serializer that turns a map or struct into
//! `(name, text)` pairs by the value rules of the request rule (`cld_sign::request`).

use std::fmt;

use serde::ser::{self, Impossible, Serialize};

use super::entries::Entries;
use crate::error::Error;
use crate::number::{write_js_f32, write_js_f64};

/// Serializes `params` (a map or struct) into unsorted `(name, text)` pairs.
///
/// The pairs are written in place, not handed back through serde's `Ok` values: a
/// returned `Entries` is copied at each return, each copy reading at once what the last
/// writes left in flight.
pub(crate) fn collect<T: Serialize + ?Sized>(params: &T) -> Result<Pairs, Error> {
    let mut pairs = Entries::default();
    params
        .serialize(Top { pairs: &mut pairs })
        .map_err(|e| e.0)?;
    Ok(pairs)
}

/// serde needs an error type of its own; it wraps the crate's.
#[derive(Debug)]
pub(crate) struct SerError(Error);

impl fmt::Display for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        unsupported("", format!("a value that failed to serialize ({msg})"))
    }
}

fn unsupported(name: &str, found: impl Into<String>) -> SerError {
    SerError(Error::UnsupportedValue {
        name: name.to_owned(),
        found: found.into(),
    })
}

/// serde_json's marker for a number kept as text (its `arbitrary_precision` feature).
const JSON_NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// The entries of the top-level map: each value's text, or what it was if unsupported.
type Pairs = Entries;

/// Bytes of name and value text reserved for each entry of a map of known length.
const TEXT_PER_ENTRY: usize = 48;

/// The most text reserved ahead, whatever the map's length says.
const MAX_TEXT_HINT: usize = 4096;

/// The top level: only a map or a struct is a set of parameters, collected into `pairs`.
struct Top<'a> {
    pairs: &'a mut Pairs,
}

macro_rules! refuse_top {
    ($($method:ident($($arg:ty),*) $what:literal;)*) => {$(
        fn $method(self $(, _: $arg)*) -> Result<(), SerError> {
            Err(unsupported("", $what))
        }
    )*};
}

impl<'a> ser::Serializer for Top<'a> {
    type Ok = ();
    type Error = SerError;
    type SerializeSeq = Impossible<(), SerError>;
    type SerializeTuple = Impossible<(), SerError>;
    type SerializeTupleStruct = Impossible<(), SerError>;
    type SerializeTupleVariant = Impossible<(), SerError>;
    type SerializeMap = TopMap<'a>;
    type SerializeStruct = TopMap<'a>;
    type SerializeStructVariant = Impossible<(), SerError>;

    refuse_top! {
        serialize_bool(bool) "a boolean";
        serialize_i8(i8) "a number";
        serialize_i16(i16) "a number";
        serialize_i32(i32) "a number";
        serialize_i64(i64) "a number";
        serialize_i128(i128) "a number";
        serialize_u8(u8) "a number";
        serialize_u16(u16) "a number";
        serialize_u32(u32) "a number";
        serialize_u64(u64) "a number";
        serialize_u128(u128) "a number";
        serialize_f32(f32) "a number";
        serialize_f64(f64) "a number";
        serialize_char(char) "a string";
        serialize_str(&str) "a string";
        serialize_bytes(&[u8]) "bytes";
        serialize_unit_variant(&'static str, u32, &'static str) "an enum";
    }

    // `None`, `()` and a unit struct are no parameters: `pairs` stays empty.
    fn serialize_none(self) -> Result<(), SerError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), SerError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), SerError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), SerError> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), SerError> {
        Err(unsupported("", "an enum"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, SerError> {
        Err(unsupported("", "a sequence"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, SerError> {
        Err(unsupported("", "a tuple"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, SerError> {
        Err(unsupported("", "a tuple struct"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        Err(unsupported("", "an enum"))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<TopMap<'a>, SerError> {
        let len = len.unwrap_or(0);
        // Room for typical names and values, so the text is seldom moved as it grows.
        let text = len.saturating_mul(TEXT_PER_ENTRY).min(MAX_TEXT_HINT);
        *self.pairs = Entries::with_capacity(len, text);
        Ok(TopMap {
            pairs: self.pairs,
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<TopMap<'a>, SerError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        Err(unsupported("", "an enum"))
    }
}

/// Collects the pairs of the top-level map or struct.
struct TopMap<'a> {
    pairs: &'a mut Pairs,
    /// The entry whose key is written and whose value is next.
    key: Option<super::entries::Pending>,
}

impl TopMap<'_> {
    /// Writes the value of the entry `pending` (its name written).
    fn push<T: Serialize + ?Sized>(
        &mut self,
        pending: super::entries::Pending,
        value: &T,
    ) -> Result<(), SerError> {
        let result = value.serialize(Text {
            name: "",
            out: self.pairs.value(),
        });
        // An unsupported value is reported only after every name is checked (see `cld_sign::request`).
        let result = match result {
            Ok(()) => Ok(()),
            Err(SerError(Error::UnsupportedValue { found, .. })) => Err(found),
            Err(e) => {
                self.pairs.finish(pending, Ok(()));
                let name = self
                    .pairs
                    .name(self.pairs.spans().last().expect("just pushed"));
                return Err(name_error(e, name));
            }
        };
        self.pairs.finish(pending, result);
        Ok(())
    }

    /// Begins an entry whose name is `key`'s text.
    fn write_key<T: Serialize + ?Sized>(
        &mut self,
        key: &T,
    ) -> Result<super::entries::Pending, SerError> {
        let pending = self.pairs.begin("");
        key.serialize(Text {
            name: "",
            out: self.pairs.value(),
        })
        .map_err(|_| unsupported("", "a map whose keys are not strings"))?;
        Ok(self.pairs.name_written(pending))
    }
}

/// Puts the parameter's name into an error raised without one (`serde`'s `custom`).
fn name_error(mut e: SerError, name: &str) -> SerError {
    if let Error::UnsupportedValue { name: n, .. } = &mut e.0
        && n.is_empty()
    {
        name.clone_into(n);
    }
    e
}

impl ser::SerializeMap for TopMap<'_> {
    type Ok = ();
    type Error = SerError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), SerError> {
        self.key = Some(self.write_key(key)?);
        Ok(())
    }

    // Key and value together (serde_json's maps and most others): no key kept between calls.
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), SerError> {
        let pending = self.write_key(key)?;
        self.push(pending, value)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        let pending = self
            .key
            .take()
            .ok_or_else(|| unsupported("", "a map value without a key"))?;
        self.push(pending, value)
    }

    fn end(self) -> Result<(), SerError> {
        Ok(())
    }
}

impl ser::SerializeStruct for TopMap<'_> {
    type Ok = ();
    type Error = SerError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        let pending = self.pairs.begin(key);
        self.push(pending, value)
    }

    fn end(self) -> Result<(), SerError> {
        Ok(())
    }
}

/// Writes one value's text (see `cld_sign::request`) into `out`; `name` is for errors.
struct Text<'a> {
    name: &'a str,
    out: &'a mut String,
}

impl Text<'_> {
    fn int(self, negative: bool, magnitude: u128) -> Result<(), SerError> {
        // Into a `String`: `itoa` hands over its `&str` without the UTF-8 check that a
        // text of our own would need.
        if negative {
            self.out.push('-');
        }
        let mut digits = itoa::Buffer::new();
        self.out.push_str(match u64::try_from(magnitude) {
            Ok(small) => digits.format(small),
            Err(_) => digits.format(magnitude),
        });
        Ok(())
    }
}

impl<'a> ser::Serializer for Text<'a> {
    type Ok = ();
    type Error = SerError;
    type SerializeSeq = List<'a>;
    type SerializeTuple = List<'a>;
    type SerializeTupleStruct = List<'a>;
    type SerializeTupleVariant = Impossible<(), SerError>;
    type SerializeMap = Impossible<(), SerError>;
    type SerializeStruct = JsonNumber<'a>;
    type SerializeStructVariant = Impossible<(), SerError>;

    fn serialize_bool(self, v: bool) -> Result<(), SerError> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), SerError> {
        self.serialize_i128(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), SerError> {
        self.serialize_i128(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), SerError> {
        self.serialize_i128(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), SerError> {
        self.serialize_i128(v.into())
    }
    fn serialize_i128(self, v: i128) -> Result<(), SerError> {
        self.int(v < 0, v.unsigned_abs())
    }
    fn serialize_u8(self, v: u8) -> Result<(), SerError> {
        self.int(false, v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), SerError> {
        self.int(false, v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), SerError> {
        self.int(false, v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), SerError> {
        self.int(false, v.into())
    }
    fn serialize_u128(self, v: u128) -> Result<(), SerError> {
        self.int(false, v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), SerError> {
        write_js_f32(v, &mut |s| self.out.push_str(s));
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), SerError> {
        write_js_f64(v, &mut |s| self.out.push_str(s));
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), SerError> {
        self.out.push(v);
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), SerError> {
        self.out.push_str(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), SerError> {
        Err(unsupported(self.name, "bytes"))
    }
    fn serialize_none(self) -> Result<(), SerError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), SerError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), SerError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), SerError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), SerError> {
        self.out.push_str(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), SerError> {
        Err(unsupported(self.name, "an enum variant with data"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<List<'a>, SerError> {
        Ok(List {
            name: self.name,
            out: self.out,
            first: true,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<List<'a>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<List<'a>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        Err(unsupported(self.name, "an enum variant with data"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, SerError> {
        Err(unsupported(self.name, "an object (map)"))
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<JsonNumber<'a>, SerError> {
        if name == JSON_NUMBER_TOKEN {
            Ok(JsonNumber {
                name: self.name,
                out: self.out,
            })
        } else {
            Err(unsupported(self.name, "an object (struct)"))
        }
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        Err(unsupported(self.name, "an enum variant with data"))
    }
}

/// A sequence: items joined with `,`, nested sequences flattened into it.
struct List<'a> {
    name: &'a str,
    out: &'a mut String,
    first: bool,
}

impl List<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        value.serialize(Text {
            name: self.name,
            out: self.out,
        })
    }
}

macro_rules! list_impl {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for List<'_> {
            type Ok = ();
            type Error = SerError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
                self.item(value)
            }
            fn end(self) -> Result<(), SerError> {
                Ok(())
            }
        }
    )*};
}
list_impl!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

/// A number serde_json kept as its original text (feature `arbitrary_precision`):
/// integers keep every digit, other numbers are formatted as JavaScript would.
struct JsonNumber<'a> {
    name: &'a str,
    out: &'a mut String,
}

impl ser::SerializeStruct for JsonNumber<'_> {
    type Ok = ();
    type Error = SerError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        let mut text = String::new();
        value.serialize(Text {
            name: self.name,
            out: &mut text,
        })?;
        let digits = text.strip_prefix('-').unwrap_or(&text);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            self.out.push_str(if text == "-0" { "0" } else { &text });
        } else {
            let v: f64 = text
                .parse()
                .map_err(|_| unsupported(self.name, "a number that is not a number"))?;
            write_js_f64(v, &mut |s| self.out.push_str(s));
        }
        Ok(())
    }

    fn end(self) -> Result<(), SerError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::SerError;
    use crate::Error;

    /// serde shows the wrapped error's own message.
    #[test]
    fn the_wrapper_prints_the_error() {
        let wrapped = SerError(Error::MissingTimestamp);
        assert_eq!(wrapped.to_string(), Error::MissingTimestamp.to_string());
    }

    /// A map whose `Serialize` hands keys and values over one call each (not
    /// `serialize_entry`) gives the same pairs as one that hands them over together.
    #[test]
    fn keys_and_values_handed_over_apart_make_the_same_pairs() {
        use serde::ser::{Serialize, SerializeMap, Serializer};

        struct Apart;
        impl Serialize for Apart {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(None)?;
                map.serialize_key("public_id")?;
                map.serialize_value("sample")?;
                map.serialize_key("timestamp")?;
                map.serialize_value(&1315060510u64)?;
                map.end()
            }
        }
        let apart = crate::request::Params::from_serialize(&Apart).unwrap();
        let together = crate::request::Params::from_serialize(&serde_json::json!({
            "timestamp": 1315060510u64,
            "public_id": "sample",
        }))
        .unwrap();
        assert_eq!(apart, together);
        assert_eq!(apart.get("public_id"), Some("sample"));
    }

    /// Every kind of Rust value a parameter can hold, through `Params::from_serialize`.
    #[test]
    fn rust_values_of_every_kind() {
        use serde::Serialize;

        #[derive(Serialize)]
        struct Newtype(u8);
        #[derive(Serialize)]
        struct Unit;
        #[derive(Serialize)]
        enum Mode {
            Fast,
        }
        #[derive(Serialize)]
        struct Request {
            a: i8,
            b: i16,
            c: i32,
            d: i128,
            e: u8,
            f: u16,
            g: u32,
            h: u128,
            i: f32,
            j: char,
            k: Option<u8>,
            l: Newtype,
            m: Mode,
            n: Unit,
            o: (),
            z: i128,
        }
        let request = Request {
            a: -1,
            b: -2,
            c: -3,
            d: i128::MIN,
            e: 5,
            f: 6,
            g: 7,
            h: u128::MAX,
            i: 0.5,
            j: 'x',
            k: Some(9),
            l: Newtype(10),
            m: Mode::Fast,
            n: Unit,
            o: (),
            z: 0,
        };
        let params = crate::Params::from_serialize(&request).unwrap();
        let text = crate::Signer::new(crate::ApiSecret::new("abcd").unwrap())
            .with_signature_version(crate::SignatureVersion::V2)
            .string_to_sign(&params);
        assert_eq!(
            text,
            format!(
                "a=-1&b=-2&c=-3&d={}&e=5&f=6&g=7&h={}&i=0.5&j=x&k=9&l=10&m=Fast&z=0",
                i128::MIN,
                u128::MAX
            )
        );
    }

    /// A top-level `Option`, unit or newtype holds the parameters inside, or none.
    #[test]
    fn wrappers_at_the_top() {
        use serde::Serialize;

        #[derive(Serialize)]
        struct Inner {
            public_id: &'static str,
        }
        #[derive(Serialize)]
        struct Wrapper(Inner);
        let some = crate::Params::from_serialize(&Some(Inner { public_id: "x" })).unwrap();
        assert_eq!(some.len(), 1);
        let newtype = crate::Params::from_serialize(&Wrapper(Inner { public_id: "x" })).unwrap();
        assert_eq!(newtype.len(), 1);
        #[derive(Serialize)]
        struct UnitStruct;
        for empty in [
            crate::Params::from_serialize(&()).unwrap(),
            crate::Params::from_serialize(&UnitStruct).unwrap(),
        ] {
            assert!(empty.is_empty());
        }
        #[derive(Serialize)]
        enum Carrying {
            Variant(Inner),
        }
        assert!(
            crate::Params::from_serialize(&Carrying::Variant(Inner { public_id: "x" })).is_err()
        );
    }

    /// Bytes and enum variants with data are not parameter values.
    #[test]
    fn bytes_and_data_variants_are_refused() {
        use serde::Serialize;

        struct Bytes;
        impl Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(b"x")
            }
        }
        #[derive(Serialize)]
        enum Data {
            Some(u8),
        }
        #[derive(Serialize)]
        struct WithBytes {
            v: Bytes,
        }
        #[derive(Serialize)]
        struct WithData {
            v: Data,
        }
        let bytes = crate::Params::from_serialize(&WithBytes { v: Bytes }).unwrap_err();
        assert!(bytes.to_string().contains("bytes"), "{bytes}");
        let data = crate::Params::from_serialize(&WithData { v: Data::Some(1) }).unwrap_err();
        assert!(
            data.to_string().contains("an enum variant with data"),
            "{data}"
        );
    }

    /// serde_json's arbitrary-precision numbers arrive as a struct with one field: integers
    /// keep every digit, `-0` is `0`, other numbers are written as JavaScript would.
    #[test]
    fn arbitrary_precision_numbers() {
        use serde::ser::{SerializeStruct, Serializer};

        struct Number(&'static str);
        impl serde::Serialize for Number {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut st = s.serialize_struct(super::JSON_NUMBER_TOKEN, 1)?;
                st.serialize_field(super::JSON_NUMBER_TOKEN, self.0)?;
                st.end()
            }
        }
        #[derive(serde::Serialize)]
        struct Request {
            v: Number,
        }
        let text = |n| {
            let params = crate::Params::from_serialize(&Request { v: Number(n) }).unwrap();
            crate::Signer::new(crate::ApiSecret::new("abcd").unwrap()).string_to_sign(&params)
        };
        assert_eq!(
            text("123456789012345678901234567890"),
            "v=123456789012345678901234567890"
        );
        assert_eq!(text("-5"), "v=-5");
        assert_eq!(text("-0"), "v=0");
        assert_eq!(text("1.50"), "v=1.5");
        assert_eq!(text("1e3"), "v=1000");
        assert!(crate::Params::from_serialize(&Request { v: Number("x") }).is_err());
        assert!(crate::Params::from_serialize(&Request { v: Number("-") }).is_err());
    }
}
