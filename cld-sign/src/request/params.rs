//! The dynamic path: parameters known only at run time, sorted and checked once.

use std::fmt;

use super::canonical::CanonicalWriter;
use super::canonical::{is_excluded_bytes, is_parameter_name_bytes};
use super::entries::{Entries, Span};
#[cfg(feature = "serde")]
use super::received::ReceivedParams;
use super::signable::Signable;
use super::value::SignValue;
use super::value_writer::ValueWriter;
use crate::error::Error;
use crate::same_text::same_text;
use crate::signature::Signature;
use crate::sink::Sink;
use crate::timestamp::Timestamp;

/// Parameters known at run time (a JSON object from the Upload Widget, a form, a map),
/// stringified, filtered, sorted and checked once, ready to sign.
///
/// Construction applies the request rule (`cld_sign::request`): excluded names are left out, values are stringified
/// (see `cld_sign::request`), duplicate names are an error, empty values are dropped, and pairs are sorted
/// by the bytes of their names. What is left is exactly what is signed, and what is sent
/// (see `cld_sign::request`).
///
/// ```
/// use cld_sign::{ApiSecret, Params, Signer};
///
/// // The Upload Widget's `paramsToSign`, as received by a backend.
/// let body: serde_json::Value = serde_json::from_str(
///     r#"{"paramsToSign": {"timestamp": 1315060510, "public_id": "sample_image",
///         "eager": "w_400,h_300,c_pad|w_260,h_200,c_crop", "source": "uw", "tags": []}}"#,
/// )?;
/// let params = Params::from_serialize(&body["paramsToSign"])?;
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// assert_eq!(
///     signer.string_to_sign(&params),
///     "eager=w_400,h_300,c_pad|w_260,h_200,c_crop&public_id=sample_image&source=uw&timestamp=1315060510"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct Params {
    /// The names and values, back to back (with the text of dropped entries left in).
    text: String,
    /// Spans of `text`: sorted by name, unique names, no excluded names, no empty values.
    pairs: Vec<Span>,
    /// The bytes of names and values that `pairs` span: summed once, where they are
    /// checked, so that a signing policy's size check does not walk them again.
    signed_len: usize,
}

impl Params {
    /// Builds parameters from `(name, value)` pairs in any order.
    ///
    /// # Errors
    /// [`Error::MalformedParameterName`] for a name outside `[a-z0-9_]+`, then
    /// [`Error::DuplicateParameter`] if a (non-excluded) name appears twice (the request rule's
    /// order).
    ///
    /// ```
    /// use cld_sign::{Params, ErrorKind};
    /// let params = Params::from_pairs([("b", "2"), ("a", "1"), ("file", "x.jpg"), ("c", "")])?;
    /// assert_eq!(params.iter().collect::<Vec<_>>(), [("a", "1"), ("b", "2")]);
    ///
    /// let dup = Params::from_pairs([("a", "1"), ("a", "2")]).unwrap_err();
    /// assert_eq!(dup.kind(), ErrorKind::DuplicateParameter);
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn from_pairs<I, K, V>(pairs: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: SignValue,
    {
        let pairs = pairs.into_iter();
        let mut entries = Entries::with_capacity(pairs.size_hint().0, 0);
        for (name, value) in pairs {
            let pending = entries.begin(name.as_ref());
            let mut started = false;
            value.write_value(&mut ValueWriter::plain(entries.value(), &mut started));
            entries.finish(pending, Ok(()));
        }
        Self::from_entries(entries)
    }

    /// Builds parameters from any value that serializes as a map or struct:
    /// `serde_json::Value`, `HashMap`, `BTreeMap`, your own `#[derive(Serialize)]` structs.
    ///
    /// Values follow the request rule (`cld_sign::request`): strings as they are, booleans, integers with all their
    /// digits, floats as JavaScript prints them, `null`/`None` dropped, sequences joined
    /// with `,` (nested ones flattened, `null` items empty).
    ///
    /// # Errors
    /// In the request rule's order: [`Error::MalformedParameterName`], [`Error::DuplicateParameter`],
    /// [`Error::UnsupportedValue`] for a nested map or object (naming its key); also
    /// [`Error::UnsupportedValue`] if the input is not a map or struct.
    #[cfg(feature = "serde")]
    #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
    pub fn from_serialize<T: serde::Serialize + ?Sized>(params: &T) -> Result<Self, Error> {
        Self::from_entries(super::serialize::collect(params)?)
    }

    /// Leaves out the excluded names, then checks in the request rule's order: names, duplicates,
    /// values; sorts and drops empties.
    pub(crate) fn from_entries(entries: Entries) -> Result<Self, Error> {
        let (text, mut pairs, mut found) = entries.parts();
        let name = |span: &Span| span.name(&text);
        let bytes = text.as_bytes();
        // The first malformed name (in the caller's order, excluded names aside), and
        // whether any name is excluded: read first, so the common set (none excluded) is
        // not rewritten.
        let mut excluded = false;
        for span in &pairs {
            let name_bytes = span.name_bytes(bytes);
            if is_excluded_bytes(name_bytes) {
                excluded = true;
            } else if !is_parameter_name_bytes(name_bytes) {
                return Err(Error::MalformedParameterName {
                    name: name(span).to_owned(),
                });
            }
        }
        if excluded {
            pairs.retain(|span| !is_excluded_bytes(span.name_bytes(bytes)));
        }
        // Byte order of the bare names (step 4 of the request rule); `str`'s `Ord` is exactly that.
        // The sort is stable, so the first unsupported value below is the caller's first.
        sort_by_name(&mut pairs, bytes);
        // One pass for the rest: the first repeated name, the first value that cannot be
        // signed (reported in that order), and whether any value is empty.
        let mut unsupported = None;
        let mut empty = false;
        let mut signed_len = 0;
        for (i, span) in pairs.iter().enumerate() {
            if i > 0 && same_text(pairs[i - 1].name_bytes(bytes), span.name_bytes(bytes)) {
                return Err(Error::DuplicateParameter {
                    name: name(span).to_owned(),
                });
            }
            if unsupported.is_none() {
                unsupported = span.found().map(|found| (span, found));
            }
            let value_empty = span.value(&text).is_empty();
            empty |= value_empty;
            // An entry with an empty value is dropped below, so not signed.
            signed_len += if value_empty { 0 } else { span.len() };
        }
        if let Some((span, i)) = unsupported {
            return Err(Error::UnsupportedValue {
                name: name(span).to_owned(),
                found: std::mem::take(&mut found[i]),
            });
        }
        if empty {
            pairs.retain(|span| !span.value(&text).is_empty());
        }
        Ok(Self {
            text,
            pairs,
            signed_len,
        })
    }

    /// The signed pairs, sorted by name, as they are signed and sent (unescaped).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> {
        self.pairs
            .iter()
            .map(|span| (span.name(&self.text), span.value(&self.text)))
    }

    /// The text of the parameter `name`, if it is signed.
    pub fn get(&self, name: &str) -> Option<&str> {
        let name_of = |span: &Span| span.name(&self.text);
        let found = if self.pairs.len() <= LINEAR_LOOKUP {
            // Few pairs: `==` compares lengths first, which skips most comparisons of text.
            self.pairs.iter().find(|span| name_of(span) == name)
        } else {
            self.pairs
                .binary_search_by(|span| {
                    cmp_names(span.name_bytes(self.text.as_bytes()), name.as_bytes())
                })
                .ok()
                .map(|i| &self.pairs[i])
        };
        found.map(|span| span.value(&self.text))
    }

    /// The bytes of the signed names and values.
    pub(crate) fn text_len(&self) -> usize {
        self.signed_len
    }

    /// The number of signed pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there is nothing to sign.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The `timestamp` parameter, required by request-level signatures (see `cld_sign::request`).
    ///
    /// # Errors
    /// [`Error::MissingTimestamp`]; [`Error::MalformedTimestamp`] if it is not
    /// whole seconds.
    pub fn timestamp(&self) -> Result<Timestamp, Error> {
        self.get("timestamp")
            .ok_or(Error::MissingTimestamp)?
            .parse()
    }

    /// The form to POST to the Upload API (see `cld_sign::request`): every signed pair exactly as signed,
    /// then `api_key` and `signature`. Add `file` yourself (it is a file, or a URL).
    ///
    /// ```
    /// use cld_sign::{ApiSecret, Params, Signer};
    /// let params = Params::from_pairs([("timestamp", "1315060510"), ("public_id", "sample")])?;
    /// let signature = Signer::new(ApiSecret::new("abcd")?).sign(&params);
    /// let form = params.form_fields("1234", &signature);
    /// assert_eq!(form[0], ("public_id", "sample".to_owned()));
    /// assert_eq!(form[2], ("api_key", "1234".to_owned()));
    /// assert_eq!(form[3], ("signature", signature.to_string()));
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn form_fields<'a>(
        &'a self,
        api_key: &'a str,
        signature: &Signature,
    ) -> Vec<(&'a str, String)> {
        self.iter()
            .map(|(n, v)| (n, v.to_owned()))
            .chain([
                ("api_key", api_key.to_owned()),
                ("signature", signature.to_string()),
            ])
            .collect()
    }
}

/// Up to this many pairs, [`Params::get`] looks through them in order.
const LINEAR_LOOKUP: usize = 16;

/// Up to this many pairs, [`sort_by_name`] inserts each in place.
const INSERTION_SORT: usize = 16;

/// Sorts `pairs` by the bytes of their names in `text`, stably. A few pairs (the usual
/// set) are sorted by insertion in line: the library sort's set-up costs more than the
/// handful of comparisons.
fn sort_by_name(pairs: &mut [Span], text: &[u8]) {
    if pairs.len() > INSERTION_SORT {
        pairs.sort_by(|a, b| cmp_names(a.name_bytes(text), b.name_bytes(text)));
        return;
    }
    for i in 1..pairs.len() {
        let mut j = i;
        while j > 0 && cmp_names(pairs[j - 1].name_bytes(text), pairs[j].name_bytes(text)).is_gt() {
            pairs.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// The byte order of two names (as `str`'s `Ord`), compared in line: names are a few bytes
/// long, where a call to `memcmp` costs more than the comparison.
#[inline]
fn cmp_names(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

impl Signable for Params {
    fn write_params<S: Sink + ?Sized>(&self, out: &mut CanonicalWriter<'_, S>) {
        for span in &self.pairs {
            out.param(span.name(&self.text), span.value(&self.text));
        }
    }
}

impl PartialEq for Params {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Params {}

impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Params")
            .field("pairs", &self.iter().collect::<Vec<_>>())
            .finish()
    }
}

/// Checks parameters read from a request body: excluded names left out, nested objects and
/// repeated names refused (see [`ReceivedParams`](crate::request::ReceivedParams)).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl TryFrom<ReceivedParams> for Params {
    type Error = Error;

    fn try_from(received: ReceivedParams) -> Result<Self, Error> {
        Self::from_entries(received.entries)
    }
}

/// Serialized as a map of the signed pairs, sorted by name (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for Params {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// Deserialized from a map of parameters with every check of [`ReceivedParams`] and
/// [`Params::try_from`]: a repeated name, a malformed name or a nested object is an error
/// (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> serde::Deserialize<'de> for Params {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let received = <ReceivedParams as serde::Deserialize>::deserialize(deserializer)?;
        Self::try_from(received).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Equality and `Debug` are over the signed pairs, not over how the buffer is laid out.
    #[test]
    fn equality_and_debug_read_the_pairs() {
        let a = Params::from_pairs([("b", "2"), ("a", "1")]).unwrap();
        let same = Params::from_pairs([("file", "x"), ("a", "1"), ("c", ""), ("b", "2")]).unwrap();
        assert_eq!(a, same);
        assert_ne!(a, Params::from_pairs([("a", "1"), ("b", "3")]).unwrap());
        assert_ne!(a, Params::from_pairs([("a", "1")]).unwrap());
        assert_eq!(
            format!("{a:?}"),
            r#"Params { pairs: [("a", "1"), ("b", "2")] }"#
        );
    }

    /// The signed size counts the names and values signed, nothing dropped: not an
    /// excluded name, not a name whose value is empty.
    #[test]
    fn text_len_counts_the_signed_pairs() {
        let params = Params::from_pairs([
            ("public_id", "ab"),
            ("file", "data:,xyz"),
            ("tags", ""),
            ("timestamp", "12"),
        ])
        .unwrap();
        assert_eq!(params.text_len(), "public_idab".len() + "timestamp12".len());
        let iterated: usize = params.iter().map(|(n, v)| n.len() + v.len()).sum();
        assert_eq!(params.text_len(), iterated);
        assert_eq!(Params::from_pairs([("tags", "")]).unwrap().text_len(), 0);
    }

    /// Both look-ups of `get`, in order for a few pairs and by halves for many, find every
    /// name and nothing else.
    #[test]
    fn get_finds_names_among_few_and_many() {
        for count in [1, LINEAR_LOOKUP, LINEAR_LOOKUP + 1, 3 * LINEAR_LOOKUP] {
            let pairs: Vec<(String, String)> = (0..count)
                .map(|i| (format!("p{i:03}"), format!("v{i}")))
                .collect();
            let params = Params::from_pairs(pairs).unwrap();
            for i in 0..count {
                assert_eq!(
                    params.get(&format!("p{i:03}")),
                    Some(format!("v{i}").as_str())
                );
            }
            assert_eq!(params.get("p"), None);
            assert_eq!(params.get("q000"), None);
            assert_eq!(params.get(""), None);
        }
    }
}
