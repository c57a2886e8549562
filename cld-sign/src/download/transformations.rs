//! The archive's `transformations` parameter, formatted as `eager` (SPEC §1.6.2): text as
//! is; an object is a one-item list; list items are texts or `{"transformation", "format"}`
//! objects, joined with `|`.
//!
//! This is a local copy of the §1.6.2 `eager` rule for the download module, to be unified
//! with the upload options' `eager` formatting.

/// One eager item: the transformation, then `/format` when a format is given (`""` gives a
/// trailing `/`: "original format").
pub(crate) fn eager_item(transformation: &str, format: Option<&str>) -> String {
    match format {
        Some(format) => format!("{transformation}/{format}"),
        None => transformation.to_owned(),
    }
}

/// A JSON `transformations` value as text, `None` for `null`; `Err` says what the value was
/// when it is not a text, an item object or a list of them.
#[cfg(feature = "serde")]
pub(crate) fn from_json(value: &serde_json::Value) -> Result<Option<String>, String> {
    use serde_json::Value;
    match value {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(text.clone())),
        Value::Object(_) => item(value).map(Some),
        Value::Array(items) => {
            let items = items.iter().map(item).collect::<Result<Vec<_>, _>>()?;
            Ok(Some(items.join("|")))
        }
        Value::Bool(_) => Err("a boolean (use a text, an object or a list)".to_owned()),
        Value::Number(_) => Err("a number (use a text, an object or a list)".to_owned()),
    }
}

/// A list item: a text, or an object with exactly `transformation` (text) and an optional
/// `format` (text or null).
#[cfg(feature = "serde")]
fn item(value: &serde_json::Value) -> Result<String, String> {
    use serde_json::Value;
    match value {
        Value::String(text) => Ok(text.clone()),
        Value::Object(members) => {
            if let Some(other) = members
                .keys()
                .find(|k| *k != "transformation" && *k != "format")
            {
                return Err(format!(
                    "an item with the member {other:?} (only `transformation` and `format`)"
                ));
            }
            let Some(Value::String(transformation)) = members.get("transformation") else {
                return Err("an item without a text `transformation`".to_owned());
            };
            match members.get("format") {
                None | Some(Value::Null) => Ok(eager_item(transformation, None)),
                Some(Value::String(format)) => Ok(eager_item(transformation, Some(format))),
                Some(_) => Err("an item whose `format` is not a text".to_owned()),
            }
        }
        _ => Err("a list item that is neither a text nor an object".to_owned()),
    }
}
