//! Structured values as Cloudinary answers them: the signed text of `context`,
//! `metadata`, `eager` and `responsive_breakpoints` read back into the documented upload
//! response shapes.

use serde_json::{Map, Value, json};

/// Splits `text` at each `sep` not escaped with a backslash.
fn split_unescaped(text: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let last = parts.last_mut().expect("one part at least");
                last.push('\\');
                if let Some(next) = chars.next() {
                    last.push(next);
                }
            }
            c if c == sep => parts.push(String::new()),
            c => parts.last_mut().expect("one part at least").push(c),
        }
    }
    parts
}

/// Removes the backslash before `=` and `|` (how SDKs escape them in context values).
fn unescape(text: &str) -> String {
    text.replace("\\=", "=").replace("\\|", "|")
}

/// `key=value|key2=value2` (`\=` and `\|` escaped) as a JSON object of strings; a value
/// that is a JSON array (a `set` field of `metadata`) as that array.
pub(crate) fn key_values(text: &str) -> Map<String, Value> {
    let mut map = Map::new();
    for pair in split_unescaped(text, '|') {
        if pair.is_empty() {
            continue;
        }
        let mut halves = split_unescaped(&pair, '=').into_iter();
        let key = unescape(&halves.next().unwrap_or_default());
        let rest: Vec<String> = halves.collect();
        let value = unescape(&rest.join("="));
        let value = match serde_json::from_str::<Value>(&value) {
            Ok(list @ Value::Array(_)) => list,
            _ => Value::from(value),
        };
        map.insert(key, value);
    }
    map
}

/// `context` as answered: `{"custom": {...}}`.
pub(crate) fn context(text: &str) -> Value {
    json!({ "custom": key_values(text) })
}

/// One eager transformation: its text and the format it asks for, if any
/// (`c_pad,w_400/png`).
pub(crate) fn eager_item(text: &str) -> (String, Option<String>) {
    if let Some((transformation, format)) = text.rsplit_once('/') {
        let plain = !format.is_empty()
            && format.len() <= 8
            && format.bytes().all(|b| b.is_ascii_alphanumeric());
        if plain && !transformation.is_empty() {
            return (transformation.to_owned(), Some(format.to_ascii_lowercase()));
        }
    }
    (text.to_owned(), None)
}

/// `eager`'s items (`|`-separated).
pub(crate) fn eager_items(text: &str) -> Vec<(String, Option<String>)> {
    text.split('|')
        .filter(|t| !t.is_empty())
        .map(eager_item)
        .collect()
}

/// One setting of `responsive_breakpoints`: its `transformation`, `format` and
/// `max_width` (default 1000).
pub(crate) type BreakpointSetting = (Option<String>, Option<String>, u64);

/// The settings of `responsive_breakpoints` (JSON: one object or a list of them); each as
/// (`transformation`, `format`, `max_width`).
pub(crate) fn breakpoint_settings(text: &str) -> Option<Vec<BreakpointSetting>> {
    let value: Value = serde_json::from_str(text).ok()?;
    let items = match value {
        Value::Array(items) => items,
        item @ Value::Object(_) => vec![item],
        _ => return None,
    };
    items
        .into_iter()
        .map(|item| {
            let item = item.as_object()?;
            let text = |name: &str| item.get(name).and_then(Value::as_str).map(str::to_owned);
            let max_width = item
                .get("max_width")
                .and_then(Value::as_u64)
                .unwrap_or(1000);
            Some((text("transformation"), text("format"), max_width))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_and_metadata_read_back() {
        assert_eq!(
            context("alt=a cat|caption=x\\=y\\|z"),
            json!({"custom": {"alt": "a cat", "caption": "x=y|z"}})
        );
        assert_eq!(
            Value::Object(key_values("color=[\"red\",\"blue\"]|size=10")),
            json!({"color": ["red", "blue"], "size": "10"})
        );
        assert_eq!(Value::Object(key_values("")), json!({}));
    }

    #[test]
    fn eager_items_and_formats() {
        assert_eq!(
            eager_items("c_pad,h_300,w_400|c_crop,h_200,w_260/png"),
            [
                ("c_pad,h_300,w_400".to_owned(), None),
                ("c_crop,h_200,w_260".to_owned(), Some("png".to_owned()))
            ]
        );
        assert_eq!(
            eager_item("w_100/c_crop,h_50"),
            ("w_100/c_crop,h_50".to_owned(), None)
        );
        // A format is a short run of letters and digits after the last `/`.
        assert_eq!(eager_item("w_100/"), ("w_100/".to_owned(), None));
        assert_eq!(
            eager_item("w_100/abcdefghi"),
            ("w_100/abcdefghi".to_owned(), None)
        );
        assert_eq!(eager_item("/png"), ("/png".to_owned(), None));
    }

    #[test]
    fn breakpoint_settings_read() {
        let settings = breakpoint_settings(
            r#"[{"create_derived":true,"max_width":500,"transformation":"c_fill"}]"#,
        )
        .unwrap();
        assert_eq!(settings, [(Some("c_fill".to_owned()), None, 500)]);
        assert_eq!(
            breakpoint_settings(r#"{"format":"png"}"#).unwrap(),
            [(None, Some("png".to_owned()), 1000)]
        );
        assert!(breakpoint_settings("[1]").is_none());
        assert!(breakpoint_settings("nope").is_none());
    }
}
