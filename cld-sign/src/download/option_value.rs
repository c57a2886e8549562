//! One download option's value as it is signed and sent: a text, or a list of texts
//! (the download URL rule (`cld_sign::download`): values as the request rule writes them, nested lists flattened, null items empty).

use crate::request::value::SignValue;
use crate::request::value_writer::ValueWriter;

/// A download option after stringification (see `cld_sign::request`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OptionValue {
    /// A single value's text (empty: dropped).
    Text(String),
    /// A list's items, each sent as `name[]`; signed as their `,` join (empty join: dropped).
    List(Vec<String>),
    /// A value that cannot be signed (an object): what it was, reported when signing. Only
    /// JSON options can hold one.
    #[cfg_attr(not(feature = "serde"), allow(dead_code))]
    Unsupported(String),
}

impl OptionValue {
    /// The text signed, or what the value was if it cannot be signed.
    pub(crate) fn signed_text(&self) -> Result<String, String> {
        match self {
            Self::Text(text) => Ok(text.clone()),
            Self::List(items) => Ok(items.join(",")),
            Self::Unsupported(found) => Err(found.clone()),
        }
    }

    /// As a list parameter: a single value is a one-item list.
    pub(crate) fn into_list(self) -> Self {
        match self {
            Self::Text(text) => Self::List(vec![text]),
            other => other,
        }
    }
}

/// A typed value's plain text (the request rule (`cld_sign::request`): no key, no escaping).
pub(crate) fn text_of<V: SignValue + ?Sized>(value: &V) -> String {
    let mut text = String::new();
    let mut started = false;
    value.write_value(&mut ValueWriter::plain(&mut text, &mut started));
    text
}

/// A JSON value as an option (see `cld_sign::request`); `None` for `null` (the option is absent).
#[cfg(feature = "serde")]
pub(crate) fn from_json(value: &serde_json::Value) -> Option<OptionValue> {
    use serde_json::Value;
    match value {
        Value::Null => None,
        Value::Array(items) => {
            let mut texts = Vec::with_capacity(items.len());
            Some(match flatten(items, &mut texts) {
                Ok(()) => OptionValue::List(texts),
                Err(found) => OptionValue::Unsupported(found),
            })
        }
        Value::Object(_) => Some(OptionValue::Unsupported("an object".to_owned())),
        scalar => scalar_text(scalar).map(OptionValue::Text),
    }
}

/// List items, nested lists flattened, `null` items empty; an object item cannot be signed.
#[cfg(feature = "serde")]
fn flatten(items: &[serde_json::Value], out: &mut Vec<String>) -> Result<(), String> {
    use serde_json::Value;
    for item in items {
        match item {
            Value::Null => out.push(String::new()),
            Value::Array(inner) => flatten(inner, out)?,
            Value::Object(_) => return Err("a list holding an object".to_owned()),
            scalar => out.push(scalar_text(scalar).unwrap_or_default()),
        }
    }
    Ok(())
}

/// The text of a string, boolean or number (integers with all their digits, other numbers as
/// JavaScript prints them); `None` for anything else.
#[cfg(feature = "serde")]
pub(crate) fn scalar_text(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(text_of(b)),
        Value::Number(n) => Some(if let Some(u) = n.as_u64() {
            text_of(&u)
        } else if let Some(i) = n.as_i64() {
            text_of(&i)
        } else {
            text_of(&n.as_f64().unwrap_or(f64::NAN))
        }),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}
