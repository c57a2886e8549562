//! The dynamic path for upload options (see `cld_sign::request::upload`): a JSON object of SDK-style options
//! (context as an object, tags as a list, eager as a list, …) → texts → fields + signature.

use std::collections::BTreeMap;

use serde_json::Value;

use super::context::write_escaped;
use super::eager::{eager_text, json_kind};
use super::json_value::{JsonList, plain_text, write_plain};
use crate::error::Error;
use crate::json_text::write_json;
use crate::request::canonical::is_excluded;
use crate::request::form::SignedUploadForm;
use crate::request::params::Params;
use crate::request::value::{SignValue, ValueText};
use crate::signer::Signer;
use crate::timestamp::Timestamp;

/// Upload options formatted by the upload-value rule (`cld_sign::request::upload`) and checked by the request rule (`cld_sign::request`): exactly what is signed, and
/// which fields are sent as `name[]` lists.
///
/// A plain list (`categorization`, or any name without a rule of its own) is signed as its
/// items joined with `,` and sent as one `name[]` per item, so the one item `a,b` signs
/// exactly as the two items `a` and `b`. When list items come from a user, refuse those
/// holding `,` before building the options. (`tags` and `allowed_formats` are sent as one
/// `,`-joined field, as they are signed, so the server reads what was signed.)
///
/// ```
/// use cld_sign::request::upload::UploadOptions;
/// use cld_sign::{ApiSecret, Signer, Timestamp};
///
/// let options = serde_json::json!({
///     "public_id": "sample_image",
///     "tags": ["a", "b"],
///     "context": {"alt": "x=y", "caption": "a|b"},
///     "eager": [{"transformation": "w_400,h_300,c_pad"},
///               {"transformation": "w_260,h_200,c_crop", "format": "png"}],
///     "face_coordinates": [[10, 20, 30, 40], [50, 60, 70, 80]],
///     "access_control": {"access_type": "anonymous", "start": "2024-01-01T00:00:00Z"},
///     "overwrite": true,
///     "categorization": ["google_tagging", "imagga_tagging"],
/// });
/// let options = UploadOptions::from_json(&options, Timestamp::from_secs(1315060510))?;
/// let form = options.sign(&Signer::new(ApiSecret::new("abcd")?), "1234");
/// assert_eq!(form.signature().to_string(), "da1b83fd281440a18aa439b3d88197c5400cfd71");
/// let fields: Vec<_> = form.fields().collect();
/// assert_eq!(fields[2], ("categorization[]", "google_tagging"));
/// assert_eq!(fields[4], ("context", r"alt=x\=y|caption=a\|b"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct UploadOptions {
    params: Params,
    /// Plain lists (the upload-value rule's last row): sent as one `name[]` field per item.
    lists: BTreeMap<String, Vec<String>>,
    timestamp: Timestamp,
}

impl UploadOptions {
    /// Formats `options` (a JSON object, members in the caller's order) and adds
    /// `timestamp`.
    ///
    /// # Errors
    /// [`Error::UnsupportedValue`] if `options` is not an object; then in the request rule's order:
    /// [`Error::MalformedParameterName`], [`Error::DuplicateParameter`] (also for a
    /// `timestamp` member), [`Error::UnsupportedValue`] for a value of the wrong shape.
    pub fn from_json(options: &Value, timestamp: Timestamp) -> Result<Self, Error> {
        let Value::Object(members) = options else {
            return Err(Error::UnsupportedValue {
                name: String::new(),
                found: format!("{} (upload options are an object)", json_kind(options)),
            });
        };
        let mut entries: Vec<(String, ValueText)> = Vec::with_capacity(members.len() + 1);
        let mut lists = BTreeMap::new();
        for (name, value) in members {
            if is_excluded(name) {
                continue;
            }
            let text = match name.as_str() {
                "tags" | "allowed_formats" => plain_text(value),
                "context" | "metadata" => pipe_map_text(value),
                "eager" => eager_text(value),
                "face_coordinates" | "custom_coordinates" => coordinates_text(value),
                "access_control" | "responsive_breakpoints" => json_list_text(name, value),
                "regions" | "auto_transcription" => match value {
                    Value::Object(_) | Value::Array(_) => json_text(value),
                    other => plain_text(other),
                },
                "transformation" => match value {
                    Value::Null => Ok(String::new()),
                    Value::String(text) => Ok(text.clone()),
                    other => Err(format!("{} (transformation is text)", json_kind(other))),
                },
                _ => {
                    if let Value::Array(items) = value {
                        // Items flattened as the request rule's value text does; each becomes one `name[]` field.
                        let items: Result<Vec<String>, String> =
                            items.iter().map(plain_text).collect();
                        if let Ok(items) = &items {
                            lists.insert(name.clone(), items.clone());
                        }
                        items.map(|items| items.join(","))
                    } else {
                        plain_text(value)
                    }
                }
            };
            entries.push((name.clone(), text));
        }
        let mut ts = String::new();
        let mut started = false;
        timestamp.write_value(&mut crate::request::value_writer::ValueWriter::plain(
            &mut ts,
            &mut started,
        ));
        entries.push(("timestamp".to_owned(), Ok(ts)));
        let params = Params::from_entries(entries.into_iter().collect())?;
        lists.retain(|name, _| params.get(name).is_some());
        Ok(Self {
            params,
            lists,
            timestamp,
        })
    }

    /// What is signed: the pairs, sorted by name, `timestamp` included.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Signs and lays out the form (see `cld_sign::request::upload`).
    pub fn sign(&self, signer: &Signer, api_key: &str) -> SignedUploadForm {
        let signature = signer.sign(&self.params);
        let mut fields = Vec::with_capacity(self.params.len() + 1);
        // `timestamp` is among the params, as signed.
        for (name, text) in self.params.iter() {
            match self.lists.get(name) {
                Some(items) => {
                    let field = format!("{name}[]");
                    fields.extend(items.iter().map(|i| (field.clone(), i.clone())));
                }
                None => fields.push((name.to_owned(), text.to_owned())),
            }
        }
        SignedUploadForm::new(
            fields,
            api_key,
            self.timestamp,
            signer.string_to_sign(&self.params),
            signature,
        )
    }
}

/// `context` / `metadata`: text as is, a number or boolean as the request rule writes it, an object as escaped
/// `key=value` entries (values: text, number, boolean, or a list as JSON text).
fn pipe_map_text(value: &Value) -> ValueText {
    let members = match value {
        Value::Object(members) => members,
        Value::Array(_) => return Err("a list (expected an object or text)".to_owned()),
        other => return plain_text(other),
    };
    let mut text = String::new();
    for (i, (key, member)) in members.iter().enumerate() {
        if i > 0 {
            text.push('|');
        }
        write_escaped(key, &mut text);
        text.push('=');
        match member {
            Value::Null | Value::Object(_) => {
                return Err(format!("`{key}` holding {}", json_kind(member)));
            }
            Value::Array(_) => {
                let json = json_text(member)?;
                write_escaped(&json, &mut text);
            }
            scalar => {
                let mut plain = String::new();
                write_plain(scalar, &mut plain)?;
                write_escaped(&plain, &mut text);
            }
        }
    }
    Ok(text)
}

/// `face_coordinates` / `custom_coordinates`: text as is, a list of lists (rectangles
/// joined with `|`) or a flat list (one rectangle).
fn coordinates_text(value: &Value) -> ValueText {
    match value {
        Value::Null => Ok(String::new()),
        Value::String(text) => Ok(text.clone()),
        Value::Array(items) if items.iter().all(Value::is_array) => {
            let rects: Result<Vec<String>, String> = items
                .iter()
                .map(|rect| {
                    let Value::Array(ns) = rect else {
                        unreachable!("checked above")
                    };
                    scalar_join(ns)
                })
                .collect();
            Ok(rects?.join("|"))
        }
        Value::Array(items) if !items.iter().any(Value::is_array) => scalar_join(items),
        Value::Array(_) => Err("a list mixing rectangles and numbers".to_owned()),
        other => Err(format!("{} (expected text or a list)", json_kind(other))),
    }
}

fn scalar_join(items: &[Value]) -> ValueText {
    if let Some(bad) = items.iter().find(|i| i.is_object() || i.is_array()) {
        return Err(format!("a coordinate that is {}", json_kind(bad)));
    }
    plain_text(&Value::Array(items.to_vec()))
}

/// `access_control` / `responsive_breakpoints`: text as is, an object or a list of objects
/// as JSON text of a list (`[]` dropped).
fn json_list_text(name: &str, value: &Value) -> ValueText {
    match value {
        Value::Null => Ok(String::new()),
        Value::String(text) => Ok(text.clone()),
        other => Ok(JsonList::from_value(name, other.clone())
            .map_err(|(_, found)| found)?
            .to_string()),
    }
}

fn json_text(value: &Value) -> ValueText {
    let mut text = String::new();
    write_json("", value, &mut text).map_err(|e| e.to_string())?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn options(value: Value) -> Result<UploadOptions, Error> {
        UploadOptions::from_json(&value, Timestamp::from_secs(1_315_060_510))
    }

    /// The `found` of an `UnsupportedValue` for `name`.
    fn refused(value: Value, name: &str) -> String {
        match options(value) {
            Err(Error::UnsupportedValue { name: n, found }) if n == name => found,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn params_are_what_is_signed_timestamp_included() {
        let options = options(json!({"public_id": "a", "tags": ["x", "y"], "file": "f"})).unwrap();
        let pairs: Vec<_> = options.params().iter().collect();
        assert_eq!(
            pairs,
            [
                ("public_id", "a"),
                ("tags", "x,y"),
                ("timestamp", "1315060510")
            ]
        );
    }

    #[test]
    fn transformation_is_text_only() {
        let signed = options(json!({"transformation": "w_100", "eager": null})).unwrap();
        assert_eq!(signed.params().get("transformation"), Some("w_100"));
        assert!(
            options(json!({"transformation": null}))
                .unwrap()
                .params()
                .get("transformation")
                .is_none()
        );
        for (value, kind) in [
            (json!(5), "a number"),
            (json!(["w_100"]), "a list"),
            (json!(true), "a boolean"),
        ] {
            assert_eq!(
                refused(json!({"transformation": value}), "transformation"),
                format!("{kind} (transformation is text)")
            );
        }
    }

    #[test]
    fn coordinates_are_rectangles_of_scalars() {
        let signed = options(json!({"face_coordinates": [[1, 2, 3, 4], [5, 6, 7, 8]],
                                    "custom_coordinates": [1, 2, 3, 4]}))
        .unwrap();
        assert_eq!(
            signed.params().get("face_coordinates"),
            Some("1,2,3,4|5,6,7,8")
        );
        assert_eq!(signed.params().get("custom_coordinates"), Some("1,2,3,4"));
        for (value, found) in [
            (
                json!([[1, 2, 3, 4], 5]),
                "a list mixing rectangles and numbers",
            ),
            (
                json!([1, [2], 3, 4]),
                "a list mixing rectangles and numbers",
            ),
            (json!([[1, [2], 3, 4]]), "a coordinate that is a list"),
            (json!([[1, {}, 3, 4]]), "a coordinate that is an object"),
            (json!([1, {}, 3, 4]), "a coordinate that is an object"),
            (json!(7), "a number (expected text or a list)"),
        ] {
            assert_eq!(
                refused(json!({"face_coordinates": value}), "face_coordinates"),
                found
            );
        }
    }
}
