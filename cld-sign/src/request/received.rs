//! Parameters read straight from a deserializer (a JSON request body), every entry kept.

use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use super::entries::Entries;
use crate::number::{write_integer, write_js_f64};

/// A parameters object as received: every entry in order, repeated names kept, each
/// value already stringified by the request rule (`cld_sign::request`) (or marked as unsupported).
///
/// `serde_json::Value` keeps only the last of two entries with the same name, which would
/// sign something other than what the sender meant. Deserialize the body into
/// `ReceivedParams` instead, then convert with [`Params::try_from`](crate::Params), which
/// reports a repeated name ([`Error::DuplicateParameter`](crate::Error)) and a nested
/// object ([`Error::UnsupportedValue`](crate::Error), naming its key) as typed errors.
///
/// ```
/// use cld_sign::request::ReceivedParams;
/// use cld_sign::{ErrorKind, Params};
///
/// let body = r#"{"timestamp": 1315060510, "tags": ["a", "b"], "file": "x.jpg"}"#;
/// let received: ReceivedParams = serde_json::from_str(body)?;
/// let params = Params::try_from(received)?;
/// assert_eq!(params.iter().collect::<Vec<_>>(), [("tags", "a,b"), ("timestamp", "1315060510")]);
///
/// let twice: ReceivedParams = serde_json::from_str(r#"{"tags": "a", "tags": "b"}"#)?;
/// assert_eq!(Params::try_from(twice).unwrap_err().kind(), ErrorKind::DuplicateParameter);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceivedParams {
    pub(crate) entries: Entries,
}

impl ReceivedParams {
    /// The number of entries received (repeated and excluded names included).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the object was empty.
    pub fn is_empty(&self) -> bool {
        self.entries.len() == 0
    }
}

impl<'de> Deserialize<'de> for ReceivedParams {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Object;

        impl<'de> Visitor<'de> for Object {
            type Value = ReceivedParams;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of parameters")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ReceivedParams, A::Error> {
                let mut entries = Entries::with_capacity(map.size_hint().unwrap_or(0), 0);
                while let Some(name) = map.next_key::<Cow<'de, str>>()? {
                    let pending = entries.begin(&name);
                    let value = map.next_value_seed(Text(entries.value()))?;
                    entries.finish(pending, value);
                }
                Ok(ReceivedParams { entries })
            }
        }

        deserializer.deserialize_map(Object)
    }
}

/// Writes a value's signed text (the value rules of the `request` module, as `serialize.rs` writes them) into its buffer;
/// `Err` says what the value was if it cannot be signed.
pub(crate) struct Text<'a>(pub(crate) &'a mut String);

impl<'de> DeserializeSeed<'de> for Text<'_> {
    type Value = Result<(), String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(TextVisitor(self.0))
    }
}

struct TextVisitor<'a>(&'a mut String);

impl TextVisitor<'_> {
    fn integer<E>(self, negative: bool, magnitude: u128) -> Result<Result<(), String>, E> {
        write_integer(negative, magnitude, &mut |s| self.0.push_str(s));
        Ok(Ok(()))
    }

    fn text<E>(self, text: &str) -> Result<Result<(), String>, E> {
        self.0.push_str(text);
        Ok(Ok(()))
    }
}

impl<'de> Visitor<'de> for TextVisitor<'_> {
    type Value = Result<(), String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a parameter value (string, number, boolean, null or array)")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.text(if v { "true" } else { "false" })
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.integer(v < 0, v.unsigned_abs().into())
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        self.integer(v < 0, v.unsigned_abs())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.integer(false, v.into())
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        self.integer(false, v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        write_js_f64(v, &mut |s| self.0.push_str(s));
        Ok(Ok(()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.text(v)
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Self::Value, E> {
        Ok(Err("bytes".to_owned()))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Ok(()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Ok(()))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Text(self.0).deserialize(d)
    }

    /// Items joined with `,`, nested arrays flattened, `null` items empty.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut unsupported = None;
        let mut first = true;
        loop {
            let separator = self.0.len();
            if !first {
                self.0.push(',');
            }
            let Some(item) = seq.next_element_seed(Text(self.0))? else {
                self.0.truncate(separator);
                break;
            };
            first = false;
            if let Err(found) = item {
                unsupported = unsupported.or(Some(found));
            }
        }
        Ok(unsupported.map_or(Ok(()), Err))
    }

    /// Refused (see `cld_sign::request`), but read to its end so the rest of the body still parses.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Err("an object (map)".to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use serde::de::Visitor;
    use serde::de::value::{Error as ValueError, StrDeserializer};

    use super::{ReceivedParams, TextVisitor};
    use crate::Params;

    #[test]
    fn sizes_and_what_is_expected() {
        let empty: ReceivedParams = serde_json::from_str("{}").unwrap();
        assert!(empty.is_empty());
        assert_eq!(empty.len(), 0);
        let two: ReceivedParams = serde_json::from_str(r#"{"a":1,"a":2}"#).unwrap();
        assert!(!two.is_empty());
        assert_eq!(two.len(), 2);

        let not_an_object = serde_json::from_str::<ReceivedParams>("5").unwrap_err();
        assert!(
            not_an_object
                .to_string()
                .contains("an object of parameters"),
            "{not_an_object}"
        );
        // An enum is not a parameter value: serde's message says what was expected.
        let mut out = String::new();
        let variant = TextVisitor(&mut out)
            .visit_enum(StrDeserializer::<ValueError>::new("x"))
            .unwrap_err();
        assert!(
            variant
                .to_string()
                .contains("a parameter value (string, number, boolean, null or array)"),
            "{variant}"
        );
    }

    #[test]
    fn signed_integers_keep_their_sign_and_zero_has_none() {
        type Visit<'a> = &'a dyn Fn(TextVisitor<'_>) -> Result<Result<(), String>, ValueError>;
        let text = |visit: Visit<'_>| {
            let mut out = String::new();
            visit(TextVisitor(&mut out)).unwrap().unwrap();
            out
        };
        assert_eq!(text(&|v| v.visit_i64(0)), "0");
        assert_eq!(text(&|v| v.visit_i64(-5)), "-5");
        assert_eq!(text(&|v| v.visit_i128(0)), "0");
        assert_eq!(text(&|v| v.visit_i128(-5)), "-5");
        assert_eq!(text(&|v| v.visit_i128(5)), "5");
    }

    #[test]
    fn params_deserialize_with_every_check() {
        let params: Params = serde_json::from_str(r#"{"public_id":"x","timestamp":1}"#).unwrap();
        assert!(!params.is_empty());
        assert_eq!(params.len(), 2);
        assert!(Params::from_pairs([("file", "x")]).unwrap().is_empty());
        assert!(serde_json::from_str::<Params>(r#"{"a":1,"a":2}"#).is_err());
        assert!(serde_json::from_str::<Params>(r#"{"Bad":1}"#).is_err());
    }
}
