//! Reading the upload value types from SDK-style JSON (`serde::Deserialize`): the typed
//! shapes of the upload-value rule's rows, or the wire text.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde_json::Value;

use super::context::{Context, Metadata, MetadataValue};
use super::coordinates::{Coordinates, Rect};
use super::eager::{Eager, eager_item, json_kind};
use super::json_value::{Json, JsonList};

fn text_or<'de, D, T>(
    deserializer: D,
    what: &str,
    from_value: impl FnOnce(Value) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr<Err = crate::error::Error>,
{
    match Value::deserialize(deserializer)? {
        Value::String(text) => text.parse().map_err(D::Error::custom),
        other => from_value(other).map_err(|found| D::Error::custom(format!("{what}: {found}"))),
    }
}

/// Text (the wire form) or an object of texts.
impl<'de> Deserialize<'de> for Context {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        text_or(deserializer, "context", |value| match value {
            Value::Object(members) => members
                .into_iter()
                .map(|(k, v)| match v {
                    Value::String(v) => Ok((k, v)),
                    other => Err(format!("`{k}` holding {}", json_kind(&other))),
                })
                .collect(),
            other => Err(format!(
                "{} (expected an object of texts)",
                json_kind(&other)
            )),
        })
    }
}

/// Text (the wire form) or an object of texts and lists of texts.
impl<'de> Deserialize<'de> for Metadata {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        text_or(deserializer, "metadata", |value| match value {
            Value::Object(members) => members
                .into_iter()
                .map(|(k, v)| {
                    let value = match v {
                        Value::String(v) => MetadataValue::Text(v),
                        Value::Array(items) => MetadataValue::List(
                            items
                                .into_iter()
                                .map(|i| match i {
                                    Value::String(i) => Ok(i),
                                    other => Err(format!("`{k}` listing {}", json_kind(&other))),
                                })
                                .collect::<Result<_, _>>()?,
                        ),
                        other => return Err(format!("`{k}` holding {}", json_kind(&other))),
                    };
                    Ok((k, value))
                })
                .collect(),
            other => Err(format!("{} (expected an object)", json_kind(&other))),
        })
    }
}

/// Text (the wire form), an object `{"transformation", "format"}`, or a list of those.
impl<'de> Deserialize<'de> for Eager {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        text_or(deserializer, "eager", |value| match value {
            Value::Object(_) => Ok(Eager::from_iter([eager_item(&value)?])),
            Value::Array(items) => items.iter().map(eager_item).collect(),
            other => Err(format!(
                "{} (expected text, an object or a list)",
                json_kind(&other)
            )),
        })
    }
}

/// Text (the wire form), a list of `[x, y, w, h]` lists, or one flat `[x, y, w, h]`.
impl<'de> Deserialize<'de> for Coordinates {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        fn rect(items: &[Value]) -> Result<Rect, String> {
            let n: Vec<u32> = items
                .iter()
                .map(|n| n.as_u64().and_then(|n| u32::try_from(n).ok()))
                .collect::<Option<_>>()
                .ok_or("a coordinate that is not an unsigned integer")?;
            match n[..] {
                [x, y, w, h] => Ok(Rect::new(x, y, w, h)),
                _ => Err("a rectangle that is not four numbers".to_owned()),
            }
        }
        text_or(deserializer, "coordinates", |value| match value {
            Value::Array(items) if items.iter().all(Value::is_array) => items
                .iter()
                .map(|r| rect(r.as_array().map(Vec::as_slice).unwrap_or_default()))
                .collect(),
            // Not all lists (so not empty either): one flat rectangle.
            Value::Array(items) => Ok(Coordinates::from(rect(&items)?)),
            other => Err(format!(
                "{} (expected a list of rectangles)",
                json_kind(&other)
            )),
        })
    }
}

/// Any JSON value.
impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(Json::new)
    }
}

/// Text (the caller's JSON, kept as is), an object, or a list of objects.
impl<'de> Deserialize<'de> for JsonList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        text_or(deserializer, "JSON list", |value| {
            JsonList::from_value("", value).map_err(|(_, found)| found)
        })
    }
}
