//! JSON-valued upload parameters: `access_control`, `responsive_breakpoints` ([`JsonList`]),
//! `regions`, `auto_transcription` ([`Json`]), written as the upload-value rule (`cld_sign::request::upload`) JSON text.

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use super::eager::json_kind;
use crate::error::Error;
use crate::json_text::write_json;
use crate::number::{write_integer, write_js_f64};
use crate::request::value::{SignValue, ValueText};
use crate::request::value_writer::ValueWriter;
use crate::sink::Sink;

/// Writes a JSON scalar or list by the request rule (`cld_sign::request`) (the plain-value rule): text as is,
/// `true`/`false`, integers with all their digits, other numbers as JavaScript prints them,
/// lists flattened and joined with `,`, `null` items empty. `Err` names an object.
pub(crate) fn write_plain<S: Sink + ?Sized>(value: &Value, out: &mut S) -> Result<(), String> {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.write_str(if *b { "true" } else { "false" }),
        Value::String(text) => out.write_str(text),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                write_integer(false, u128::from(u), &mut |s| out.write_str(s));
            } else if let Some(i) = n.as_i64() {
                // An integer that is not a `u64` but is an `i64` is negative.
                write_integer(true, u128::from(i.unsigned_abs()), &mut |s| {
                    out.write_str(s)
                });
            } else {
                write_js_f64(n.as_f64().unwrap_or(f64::NAN), &mut |s| out.write_str(s));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_str(",");
                }
                write_plain(item, out)?;
            }
        }
        Value::Object(_) => return Err("an object".to_owned()),
    }
    Ok(())
}

/// [`write_plain`] into a new `String`.
pub(crate) fn plain_text(value: &Value) -> ValueText {
    let mut text = String::new();
    write_plain(value, &mut text)?;
    Ok(text)
}

/// A JSON value sent as JSON text (`regions`, `auto_transcription`).
///
/// An object or a list is signed and sent as the upload-value rule (`cld_sign::request::upload`) JSON text (compact, ASCII, members
/// in their given order); any other value by the plain rule of the request rule (`cld_sign::request`) (`true` stays
/// `true`). No allocation when signed. Parsing wire text keeps that exact text, so a
/// received form signs as it was received.
///
/// ```
/// use cld_sign::request::upload::Json;
///
/// let regions = Json::new(serde_json::json!({"box": [[1, 2], [3, 4]], "é": 1.0}));
/// assert_eq!(regions.to_string(), r#"{"box":[[1,2],[3,4]],"\u00e9":1.0}"#);
/// assert_eq!(Json::new(true.into()).to_string(), "true");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Json {
    value: Value,
    wire: Option<String>,
}

impl Json {
    /// A value to send as JSON text.
    pub fn new(value: Value) -> Self {
        Self { value, wire: None }
    }

    /// Any `Serialize` value, member order kept (a struct's field order).
    ///
    /// # Errors
    /// [`Error::UnsupportedValue`] when the value cannot be JSON (non-text map keys, or its
    /// `Serialize` fails).
    pub fn from_serialize<T: serde::Serialize + ?Sized>(value: &T) -> Result<Self, Error> {
        serde_json::to_value(value)
            .map(Self::new)
            .map_err(|e| Error::UnsupportedValue {
                name: String::new(),
                found: format!("a value that is not JSON ({e})"),
            })
    }

    /// The value.
    pub fn value(&self) -> &Value {
        &self.value
    }

    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        if let Some(wire) = &self.wire {
            out.write_str(wire);
        } else if matches!(self.value, Value::Object(_) | Value::Array(_)) {
            // A `Value` always serializes (its keys are text).
            let _ = write_json("", &self.value, out);
        } else {
            // Scalars cannot fail the plain rule.
            let _ = write_plain(&self.value, out);
        }
    }
}

impl From<Value> for Json {
    fn from(value: Value) -> Self {
        Self::new(value)
    }
}

impl SignValue for Json {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        self.write_to(out);
    }
}

impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.write_to(&mut text);
        f.write_str(&text)
    }
}

/// Reads wire text: JSON text is parsed (member order kept) and the text itself is kept
/// for signing; any other text is a JSON string.
impl FromStr for Json {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let value = serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()));
        Ok(Self {
            value,
            wire: Some(text.to_owned()),
        })
    }
}

/// A list of JSON objects sent as JSON text (`access_control`, `responsive_breakpoints`).
///
/// One object is a one-item list; an empty list is dropped (see `cld_sign::request::upload`). No allocation
/// when signed; parsing wire text keeps that exact text.
///
/// ```
/// use cld_sign::request::upload::JsonList;
///
/// let access = JsonList::new(serde_json::json!({"access_type": "anonymous"}))?;
/// assert_eq!(access.to_string(), r#"[{"access_type":"anonymous"}]"#);
/// assert_eq!(JsonList::new(serde_json::json!([]))?.to_string(), "");
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JsonList {
    items: Vec<Value>,
    wire: Option<String>,
}

impl JsonList {
    /// An object (one item) or a list of objects.
    ///
    /// # Errors
    /// [`Error::UnsupportedValue`] for anything else.
    pub fn new(value: Value) -> Result<Self, Error> {
        Self::from_value("", value).map_err(|(name, found)| Error::UnsupportedValue { name, found })
    }

    /// [`JsonList::new`] over any `Serialize` value (a struct is one object), member order
    /// kept.
    ///
    /// # Errors
    /// [`Error::UnsupportedValue`] when it is not JSON or not an object or list of objects.
    pub fn from_serialize<T: serde::Serialize + ?Sized>(value: &T) -> Result<Self, Error> {
        Self::new(Json::from_serialize(value)?.value)
    }

    pub(crate) fn from_value(name: &str, value: Value) -> Result<Self, (String, String)> {
        let items = match value {
            Value::Object(_) => vec![value],
            Value::Array(items) => items,
            other => {
                return Err((
                    name.to_owned(),
                    format!(
                        "{} (expected an object or a list of objects)",
                        json_kind(&other)
                    ),
                ));
            }
        };
        if let Some(bad) = items.iter().find(|i| !i.is_object()) {
            return Err((
                name.to_owned(),
                format!("a list item that is {}", json_kind(bad)),
            ));
        }
        Ok(Self { items, wire: None })
    }

    /// The objects, in order.
    pub fn items(&self) -> &[Value] {
        &self.items
    }

    /// Adds an object at the end.
    pub fn push(&mut self, object: serde_json::Map<String, Value>) {
        self.items.push(Value::Object(object));
        self.wire = None;
    }

    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        if let Some(wire) = &self.wire {
            out.write_str(wire);
        } else if !self.items.is_empty() {
            let _ = write_json("", &self.items, out);
        }
    }
}

impl SignValue for JsonList {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        self.write_to(out);
    }
}

impl fmt::Display for JsonList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.write_to(&mut text);
        f.write_str(&text)
    }
}

/// Reads wire text (JSON of an object or a list of objects), keeping the text for signing.
///
/// # Errors
/// [`Error::UnsupportedValue`] for text that is not such JSON.
impl FromStr for JsonList {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let value: Value = serde_json::from_str(text).map_err(|_| Error::UnsupportedValue {
            name: String::new(),
            found: "text that is not JSON".to_owned(),
        })?;
        let mut list = Self::new(value)?;
        list.wire = Some(text.to_owned());
        Ok(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plain_rule_for_scalars_and_lists() {
        for (value, text) in [
            (json!(null), ""),
            (json!(true), "true"),
            (json!(false), "false"),
            (json!("a&b"), "a&b"),
            (json!(0), "0"),
            (json!(-5), "-5"),
            (json!(i64::MIN), "-9223372036854775808"),
            (json!(u64::MAX), "18446744073709551615"),
            (json!(1.5), "1.5"),
            (json!(-0.25), "-0.25"),
            (json!([1, null, "x", [true, -2]]), "1,,x,true,-2"),
        ] {
            assert_eq!(plain_text(&value).unwrap(), text, "{value}");
            if !value.is_array() {
                // `Json` writes scalars by the plain rule, lists as JSON text.
                assert_eq!(Json::new(value.clone()).to_string(), text, "{value}");
            }
        }
        assert_eq!(plain_text(&json!([1, {"a": 1}])).unwrap_err(), "an object");
    }

    #[test]
    fn json_keeps_its_value_and_prints_json_text() {
        let value = json!({"b": [1, -2], "a": "é"});
        let json = Json::new(value.clone());
        assert_eq!(json.value(), &value);
        assert_eq!(json.to_string(), r#"{"b":[1,-2],"a":"\u00e9"}"#);
        assert_eq!(Json::from(json!([1, "x"])).to_string(), r#"[1,"x"]"#);

        #[derive(serde::Serialize)]
        struct Region {
            z: u8,
            a: [i8; 2],
        }
        let region = Json::from_serialize(&Region { z: 1, a: [-1, 2] }).unwrap();
        assert_eq!(region.value(), &json!({"z": 1, "a": [-1, 2]}));
        assert_eq!(region.to_string(), r#"{"z":1,"a":[-1,2]}"#);
    }

    #[test]
    fn parsed_json_keeps_the_wire_text() {
        let parsed: Json = r#"{ "b" : 1,"a":2 }"#.parse().unwrap();
        assert_eq!(parsed.value(), &json!({"b": 1, "a": 2}));
        assert_eq!(parsed.to_string(), r#"{ "b" : 1,"a":2 }"#);
        let text: Json = "not json".parse().unwrap();
        assert_eq!(text.value(), &json!("not json"));
        assert_eq!(text.to_string(), "not json");
    }

    #[test]
    fn json_list_items_push_and_serialize() {
        #[derive(serde::Serialize)]
        struct Access {
            access_type: &'static str,
            start: u32,
        }
        let mut list = JsonList::from_serialize(&Access {
            access_type: "token",
            start: 1,
        })
        .unwrap();
        assert_eq!(list.items(), &[json!({"access_type": "token", "start": 1})]);
        assert_eq!(list.to_string(), r#"[{"access_type":"token","start":1}]"#);

        let mut object = serde_json::Map::new();
        object.insert("access_type".into(), json!("anonymous"));
        list.push(object);
        assert_eq!(list.items().len(), 2);
        assert_eq!(list.items()[1], json!({"access_type": "anonymous"}));
        assert_eq!(
            list.to_string(),
            r#"[{"access_type":"token","start":1},{"access_type":"anonymous"}]"#
        );

        // Pushing onto a parsed list drops the received text: the new item is signed.
        let mut parsed: JsonList = r#"[ {"a": 1} ]"#.parse().unwrap();
        assert_eq!(parsed.to_string(), r#"[ {"a": 1} ]"#);
        parsed.push(serde_json::Map::new());
        assert_eq!(parsed.to_string(), r#"[{"a":1},{}]"#);

        assert!(JsonList::from_serialize(&1).is_err());
        assert!(JsonList::from_serialize(&[1]).is_err());
        assert_eq!(JsonList::default().to_string(), "");
    }
}
