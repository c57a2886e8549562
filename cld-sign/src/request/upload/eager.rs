//! `eager`: transformations joined with `|`, each optionally followed by `/format`
//! (see `cld_sign::request`).

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use crate::error::Error;
use crate::request::value::{SignValue, ValueText};
use crate::request::value_writer::ValueWriter;
use crate::sink::Sink;

/// One eager transformation: a raw transformation and an optional format.
///
/// `format: Some("")` gives a trailing `/` ("keep the original format").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EagerTransformation {
    /// The raw transformation text, e.g. `w_400,h_300,c_pad`.
    pub transformation: String,
    /// The format of the derived asset, written after a `/`.
    pub format: Option<String>,
}

impl EagerTransformation {
    /// A transformation without a format.
    pub fn new(transformation: impl Into<String>) -> Self {
        Self {
            transformation: transformation.into(),
            format: None,
        }
    }

    /// Sets the format (`png`, or `""` for the original format).
    #[must_use]
    pub fn with_format(mut self, format: impl Into<String>) -> Self {
        self.format = Some(format.into());
        self
    }

    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        out.write_str(&self.transformation);
        if let Some(format) = &self.format {
            out.write_str("/");
            out.write_str(format);
        }
    }
}

impl From<&str> for EagerTransformation {
    fn from(transformation: &str) -> Self {
        Self::new(transformation)
    }
}

/// Eager transformations (`eager`), generated on upload.
///
/// Signed and sent as the transformations joined with `|`, each followed by `/format` when
/// it has one; no allocation when signed. [`FromStr`] reads the wire text back: a last
/// `/` segment without `_`, `,` or `:` and after some text is read as the format
/// (transformations always hold one of them), so printing what was parsed gives the same
/// text.
///
/// ```
/// use cld_sign::request::upload::{Eager, EagerTransformation};
///
/// let eager = Eager::new()
///     .with("w_400,h_300,c_pad")
///     .with(EagerTransformation::new("w_260,h_200,c_crop").with_format("png"));
/// assert_eq!(eager.to_string(), "w_400,h_300,c_pad|w_260,h_200,c_crop/png");
/// assert_eq!(eager.to_string().parse::<Eager>()?, eager);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Eager {
    items: Vec<EagerTransformation>,
}

impl Eager {
    /// No transformations (signed as nothing: the pair is dropped).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a transformation at the end.
    pub fn push(&mut self, item: impl Into<EagerTransformation>) {
        self.items.push(item.into());
    }

    /// [`push`](Self::push), by value.
    #[must_use]
    pub fn with(mut self, item: impl Into<EagerTransformation>) -> Self {
        self.push(item);
        self
    }

    /// The transformations, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, EagerTransformation> {
        self.items.iter()
    }

    /// The number of transformations.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                out.write_str("|");
            }
            item.write_to(out);
        }
    }
}

impl<T: Into<EagerTransformation>> FromIterator<T> for Eager {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self {
            items: iter.into_iter().map(Into::into).collect(),
        }
    }
}

impl SignValue for Eager {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        self.write_to(out);
    }
}

impl fmt::Display for Eager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.write_to(&mut text);
        f.write_str(&text)
    }
}

/// Reads the wire text (`w_400|w_260,c_crop/png`). Never fails: any text is a list of
/// transformations.
impl FromStr for Eager {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        if text.is_empty() {
            return Ok(Self::new());
        }
        Ok(text
            .split('|')
            .map(|item| match item.rsplit_once('/') {
                Some((transformation, format))
                    if !format.contains(['_', ',', ':']) && !transformation.is_empty() =>
                {
                    EagerTransformation::new(transformation).with_format(format)
                }
                _ => EagerTransformation::new(item),
            })
            .collect())
    }
}

/// the upload-value rule's `eager` row over a JSON value: text as is; an object is a one-item list;
/// list items are text, or an object with exactly `transformation` (text) and an optional
/// `format` (text or null); items joined with `|`. `Err` says what the value was.
///
/// Shared with the download URLs' `transformations` (see `cld_sign::download`), formatted the same way.
pub(crate) fn eager_text(value: &Value) -> ValueText {
    match value {
        Value::Null => Ok(String::new()),
        Value::String(text) => Ok(text.clone()),
        Value::Object(_) => eager_text(&Value::Array(vec![value.clone()])),
        Value::Array(items) => {
            let mut text = String::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    text.push('|');
                }
                eager_item(item)?.write_to(&mut text);
            }
            Ok(text)
        }
        other => Err(format!(
            "{} (eager takes text, an object or a list)",
            json_kind(other)
        )),
    }
}

pub(crate) fn eager_item(item: &Value) -> Result<EagerTransformation, String> {
    match item {
        Value::String(text) => Ok(EagerTransformation::new(text.as_str())),
        Value::Object(members) => {
            let Some(Value::String(transformation)) = members.get("transformation") else {
                return Err("an eager object without a text `transformation` member".to_owned());
            };
            let format = match members.get("format") {
                None | Some(Value::Null) => None,
                Some(Value::String(format)) => Some(format.clone()),
                Some(other) => {
                    return Err(format!("an eager `format` that is {}", json_kind(other)));
                }
            };
            if let Some(other) = members
                .keys()
                .find(|k| *k != "transformation" && *k != "format")
            {
                return Err(format!("an eager object with a `{other}` member"));
            }
            Ok(EagerTransformation {
                transformation: transformation.clone(),
                format,
            })
        }
        other => Err(format!("an eager item that is {}", json_kind(other))),
    }
}

/// What a JSON value is, for error messages.
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn built_every_way_the_items_are_kept_in_order() {
        let mut pushed = Eager::new();
        assert!(pushed.is_empty());
        assert_eq!(pushed.len(), 0);
        pushed.push("w_400");
        assert!(!pushed.is_empty());
        assert_eq!(pushed.len(), 1);
        pushed.push(EagerTransformation::new("c_crop").with_format("png"));
        pushed.push(EagerTransformation::new("e_sepia").with_format(""));
        assert_eq!(pushed.len(), 3);
        let texts: Vec<_> = pushed.iter().map(|t| t.transformation.as_str()).collect();
        assert_eq!(texts, ["w_400", "c_crop", "e_sepia"]);
        assert_eq!(pushed.to_string(), "w_400|c_crop/png|e_sepia/");

        let chained = Eager::new()
            .with("w_400")
            .with(EagerTransformation::new("c_crop").with_format("png"))
            .with(EagerTransformation::new("e_sepia").with_format(""));
        assert_eq!(chained, pushed);
        let collected: Eager = pushed.iter().cloned().collect();
        assert_eq!(collected, pushed);
        assert_eq!(Eager::new().to_string(), "");
    }

    /// Parsing splits off a last `/` segment as the format only when it cannot be a
    /// transformation and something comes before it: printing alone cannot tell.
    #[test]
    fn parsing_reads_a_format_only_from_a_last_plain_segment() {
        let t = EagerTransformation::new;
        for (text, items) in [
            (
                "w_400|w_260,c_crop/png",
                vec![t("w_400"), t("w_260,c_crop").with_format("png")],
            ),
            ("e_sepia/", vec![t("e_sepia").with_format("")]),
            ("/png", vec![t("/png")]),
            ("w_100/c_crop,h_50", vec![t("w_100/c_crop,h_50")]),
            ("w_100/l_text", vec![t("w_100/l_text")]),
            ("w_100/l:x", vec![t("w_100/l:x")]),
            ("", vec![]),
        ] {
            let parsed: Eager = text.parse().unwrap();
            assert_eq!(parsed.iter().cloned().collect::<Vec<_>>(), items, "{text}");
            assert_eq!(parsed.to_string(), text);
        }
    }

    #[test]
    fn json_values_that_are_not_eager_are_named_by_their_kind() {
        for (value, kind) in [(json!(true), "a boolean"), (json!(1), "a number")] {
            assert_eq!(
                eager_text(&value).unwrap_err(),
                format!("{kind} (eager takes text, an object or a list)")
            );
        }
        for (item, kind) in [
            (json!(null), "null"),
            (json!(false), "a boolean"),
            (json!(2.5), "a number"),
            (json!([]), "a list"),
        ] {
            assert_eq!(
                eager_text(&json!([item])).unwrap_err(),
                format!("an eager item that is {kind}")
            );
        }
        assert_eq!(
            eager_text(&json!([{"transformation": "w_1", "format": {}}])).unwrap_err(),
            "an eager `format` that is an object"
        );
        assert_eq!(
            eager_text(&json!({"transformation": "w_1", "format": ["png"]})).unwrap_err(),
            "an eager `format` that is a list"
        );
        assert_eq!(
            eager_text(&json!({"transformation": "w_1", "format": "text"})).unwrap(),
            "w_1/text"
        );
        assert_eq!(json_kind(&json!("x")), "text");
        assert_eq!(eager_text(&json!(null)).unwrap(), "");
    }
}
