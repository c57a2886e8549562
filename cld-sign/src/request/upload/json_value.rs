//! JSON-valued upload parameters: `access_control`, `responsive_breakpoints` ([`JsonList`]),
//! `regions`, `auto_transcription` ([`Json`]), written as SPEC §1.6.1 JSON text.

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

/// Writes a JSON scalar or list by SPEC §1.2 (the plain-value rule): text as is,
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
                write_integer(i < 0, u128::from(i.unsigned_abs()), &mut |s| {
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
/// An object or a list is signed and sent as SPEC §1.6.1 JSON text (compact, ASCII, members
/// in their given order); any other value by the plain rule of SPEC §1.2 (`true` stays
/// `true`). No allocation when signed. Parsing wire text keeps that exact text, so a
/// received form signs as it was received.
///
/// ```
/// use cld_sign::upload::Json;
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
/// One object is a one-item list; an empty list is dropped (SPEC §1.6.2). No allocation
/// when signed; parsing wire text keeps that exact text.
///
/// ```
/// use cld_sign::upload::JsonList;
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
