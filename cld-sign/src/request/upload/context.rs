//! `context` and `metadata`: ordered `key=value` entries joined with `|`, with `=` and `|`
//! backslash-escaped in keys and values (see `cld_sign::request`).

use std::fmt;
use std::str::FromStr;

use crate::error::Error;
use crate::request::value::SignValue;
use crate::request::value_writer::ValueWriter;
use crate::sink::Sink;

/// Writes `s` with one backslash before every `=` and `|` (a backslash itself is not
/// escaped, the upload-value rule (`cld_sign::request::upload`)), in pieces, without allocating.
pub(crate) fn write_escaped<S: Sink + ?Sized>(s: &str, out: &mut S) {
    let mut from = 0;
    for (at, b) in s.bytes().enumerate() {
        if b == b'=' || b == b'|' {
            out.write_str(&s[from..at]);
            out.write_str("\\");
            from = at;
        }
    }
    out.write_str(&s[from..]);
}

/// A sink that escapes what passes through it (for JSON text inside a metadata value).
struct Escaping<'a, S: ?Sized>(&'a mut S);

impl<S: Sink + ?Sized> Sink for Escaping<'_, S> {
    #[inline]
    fn write_str(&mut self, s: &str) {
        write_escaped(s, self.0);
    }
}

/// Splits wire text into `(key, value)` entries: `|` separates entries and the first `=`
/// separates key from value, unless preceded by a backslash; `\=` and `\|` are unescaped,
/// any other backslash is kept.
fn parse_entries(name: &str, text: &str) -> Result<Vec<(String, String)>, Error> {
    let mut entries = Vec::new();
    if text.is_empty() {
        return Ok(entries);
    }
    let mut key: Option<String> = None;
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    let finish = |key: Option<String>, current: String| -> Result<(String, String), Error> {
        key.map(|k| (k, current.clone()))
            .ok_or_else(|| Error::UnsupportedValue {
                name: name.to_owned(),
                found: format!("an entry without `=` (`{current}`)"),
            })
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some('=' | '|')) => {
                current.push(chars.next().unwrap_or('\\'));
            }
            '=' if key.is_none() => key = Some(std::mem::take(&mut current)),
            '|' => {
                entries.push(finish(key.take(), std::mem::take(&mut current))?);
            }
            c => current.push(c),
        }
    }
    entries.push(finish(key, current)?);
    Ok(entries)
}

/// Contextual metadata (`context`): ordered `key=value` text entries.
///
/// Signed and sent as `esc(key)=esc(value)` joined with `|`, where `esc` puts a backslash
/// before every `=` and `|` (see `cld_sign::request`). Entries keep the order they were added in; no
/// allocation when signed. [`FromStr`] reads the wire text back and [`Display`](fmt::Display)
/// prints it.
///
/// ```
/// use cld_sign::request::upload::Context;
///
/// let context = Context::new().with("alt", "x=y").with("caption", "a|b");
/// assert_eq!(context.to_string(), r"alt=x\=y|caption=a\|b");
/// assert_eq!(context.to_string().parse::<Context>()?, context);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    entries: Vec<(String, String)>,
}

impl Context {
    /// An empty context (signed as nothing: the pair is dropped).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an entry at the end.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.entries.push((key.into(), value.into()));
    }

    /// [`insert`](Self::insert), by value.
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.insert(key, value);
        self
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The value of the first entry named `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        for (i, (key, value)) in self.entries.iter().enumerate() {
            if i > 0 {
                out.write_str("|");
            }
            write_escaped(key, out);
            out.write_str("=");
            write_escaped(value, out);
        }
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Context {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self {
            entries: iter
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }
}

impl SignValue for Context {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        self.write_to(out);
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.write_to(&mut text);
        f.write_str(&text)
    }
}

/// Reads the wire text (`alt=x\=y|caption=a\|b`).
///
/// # Errors
/// [`Error::UnsupportedValue`] for an entry without an unescaped `=`.
impl FromStr for Context {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        Ok(Self {
            entries: parse_entries("context", text)?,
        })
    }
}

/// One structured-metadata value: text, or a list (for multi-select fields), sent as JSON
/// text (see `cld_sign::request::upload`), e.g. `["red","green"]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetadataValue {
    /// Text, sent as is (escaped).
    Text(String),
    /// A list of external IDs (or values), sent as a JSON array of strings.
    List(Vec<String>),
}

impl From<&str> for MetadataValue {
    fn from(text: &str) -> Self {
        MetadataValue::Text(text.to_owned())
    }
}

impl From<String> for MetadataValue {
    fn from(text: String) -> Self {
        MetadataValue::Text(text)
    }
}

impl From<Vec<String>> for MetadataValue {
    fn from(list: Vec<String>) -> Self {
        MetadataValue::List(list)
    }
}

impl<const N: usize> From<[&str; N]> for MetadataValue {
    fn from(list: [&str; N]) -> Self {
        MetadataValue::List(list.iter().map(|s| (*s).to_owned()).collect())
    }
}

/// Structured metadata (`metadata`): ordered `external_id=value` entries, written like
/// [`Context`]; a list value is JSON text (`["a","b"]`), escaped like any value.
///
/// Parsing the wire text reads every value as [`MetadataValue::Text`] (a list's JSON text
/// signs and prints the same either way).
///
/// ```
/// use cld_sign::request::upload::Metadata;
///
/// let metadata = Metadata::new().with("color_id", ["red", "gr|een"]).with("sku", "a=1");
/// assert_eq!(metadata.to_string(), r#"color_id=["red","gr\|een"]|sku=a\=1"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    entries: Vec<(String, MetadataValue)>,
}

impl Metadata {
    /// Empty metadata (signed as nothing: the pair is dropped).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an entry at the end.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<MetadataValue>) {
        self.entries.push((key.into(), value.into()));
    }

    /// [`insert`](Self::insert), by value.
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<MetadataValue>) -> Self {
        self.insert(key, value);
        self
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &MetadataValue)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        for (i, (key, value)) in self.entries.iter().enumerate() {
            if i > 0 {
                out.write_str("|");
            }
            write_escaped(key, out);
            out.write_str("=");
            match value {
                MetadataValue::Text(text) => write_escaped(text, out),
                MetadataValue::List(items) => {
                    // A list of strings always serializes; the name is only for errors.
                    let _ = crate::json_text::write_json("metadata", items, &mut Escaping(out));
                }
            }
        }
    }
}

impl<K: Into<String>, V: Into<MetadataValue>> FromIterator<(K, V)> for Metadata {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self {
            entries: iter
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }
}

impl SignValue for Metadata {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        self.write_to(out);
    }
}

impl fmt::Display for Metadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.write_to(&mut text);
        f.write_str(&text)
    }
}

/// Reads the wire text; every value is read as text.
///
/// # Errors
/// [`Error::UnsupportedValue`] for an entry without an unescaped `=`.
impl FromStr for Metadata {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        Ok(Self {
            entries: parse_entries("metadata", text)?
                .into_iter()
                .map(|(k, v)| (k, MetadataValue::Text(v)))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Context, Metadata};

    #[test]
    fn context_builds_reads_and_prints_its_wire_text() {
        let empty = Context::new();
        assert!(empty.is_empty());
        assert_eq!(empty.len(), 0);
        let mut context = Context::new().with("alt", "a=b|c");
        context.insert("caption", "x");
        assert!(!context.is_empty());
        assert_eq!(context.len(), 2);
        assert_eq!(context.get("alt"), Some("a=b|c"));
        assert_eq!(context.get("caption"), Some("x"));
        assert_eq!(context.get("missing"), None);
        let text = context.to_string();
        assert_eq!(text, "alt=a\\=b\\|c|caption=x");
        assert_eq!(text.parse::<Context>().unwrap(), context);
    }

    /// `\` escapes only `=` and `|`; the first unescaped `=` ends the key.
    #[test]
    fn parsing_escapes_and_the_first_equals_sign() {
        let parsed: Context = "k\\x=v=w|\\=k=\\|".parse().unwrap();
        assert_eq!(parsed.get("k\\x"), Some("v=w"));
        assert_eq!(parsed.get("=k"), Some("|"));
        assert_eq!(parsed.len(), 2);
        assert!("novalue".parse::<Context>().is_err());
    }

    /// A list value's JSON text is escaped like any value: `=` and `|` inside an item
    /// would otherwise end the entry.
    #[test]
    fn metadata_list_values_are_escaped_json() {
        let metadata = Metadata::new().with("ids", ["a|b", "c=d"]).with("k", "v");
        assert_eq!(metadata.to_string(), r#"ids=["a\|b","c\=d"]|k=v"#);
    }

    #[test]
    fn metadata_sizes() {
        let empty = Metadata::new();
        assert!(empty.is_empty());
        assert_eq!(empty.len(), 0);
        let metadata = Metadata::new().with("a", "1").with("b", "2");
        assert!(!metadata.is_empty());
        assert_eq!(metadata.len(), 2);
        assert_eq!(metadata.to_string(), "a=1|b=2");
        assert_eq!(metadata.to_string().parse::<Metadata>().unwrap(), metadata);
    }
}
