//! The canonical writer: the one place that knows how a string to sign is laid out.
//!
//! The request rule (`cld_sign::request`), in the order applied:
//! 1. names in [`EXCLUDED_NAMES`] are never signed;
//! 2. each value is stringified ([`SignValue`], the request rule (`cld_sign::request`));
//! 3. a pair whose value writes nothing is dropped: the `name=` prefix is written lazily, on
//!    the value's first non-empty piece, so an empty value leaves no trace;
//! 4. pairs are sorted by the bytes of their bare names (before any escaping): callers hand
//!    them over in that order ([`Params`](crate::Params) sorts at run time, the derive at
//!    compile time);
//! 5. under [`SignatureVersion::V2`] every `&` inside `name=value` (name and value) becomes
//!    `%26`; nothing else is escaped;
//! 6. pairs are joined with `&`.

use super::value::SignValue;
use super::value_writer::{Key, ValueWriter};
use crate::algorithm::SignatureVersion;
use crate::sink::Sink;

/// The parameter names that are never signed (see `cld_sign::request`): `file`, `cloud_name`,
/// `resource_type`, `api_key`, `signature`.
pub const EXCLUDED_NAMES: [&str; 5] = [
    "file",
    "cloud_name",
    "resource_type",
    "api_key",
    "signature",
];

/// Whether `name` is one of the [`EXCLUDED_NAMES`].
pub fn is_excluded(name: &str) -> bool {
    is_excluded_bytes(name.as_bytes())
}

/// [`is_excluded`] over bytes (no character boundaries to check).
#[inline]
pub(crate) fn is_excluded_bytes(name: &[u8]) -> bool {
    // The five names have five lengths: one comparison of text at most.
    match name.len() {
        4 => name == b"file",
        7 => name == b"api_key",
        9 => name == b"signature",
        10 => name == b"cloud_name",
        13 => name == b"resource_type",
        _ => false,
    }
}

/// Whether `name` is a Cloudinary parameter name (step 2 of the request rule): one or more lower-case
/// ASCII letters, digits and `_`. Any other name is
/// [`Error::MalformedParameterName`](crate::Error::MalformedParameterName) at every request
/// entry point.
///
/// ```
/// use cld_sign::request::is_parameter_name;
/// assert!(is_parameter_name("public_id"));
/// assert!(is_parameter_name("h2"));
/// assert!(!is_parameter_name("Public_ID"));
/// assert!(!is_parameter_name("tags[]"));
/// assert!(!is_parameter_name(""));
/// ```
pub fn is_parameter_name(name: &str) -> bool {
    is_parameter_name_bytes(name.as_bytes())
}

/// [`is_parameter_name`] over bytes.
#[inline]
pub(crate) fn is_parameter_name_bytes(name: &[u8]) -> bool {
    // Every byte looked up, without an early exit: names are short, and a branch per byte
    // mispredicts at each name's end.
    !name.is_empty()
        && name
            .iter()
            .fold(true, |ok, &b| ok & NAME_BYTES[usize::from(b)])
}

/// The bytes of a parameter name: `a`–`z`, `0`–`9` and `_`, one table look-up each.
const NAME_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_';
        b += 1;
    }
    table
};

/// Writes `name=value` pairs, in the order given, as a string to sign.
///
/// It does not sort and does not exclude: [`Params`](crate::Params) and
/// `#[derive(Signable)]` hand pairs over already sorted and filtered. It drops empty values,
/// escapes `&` under signature version 2 and joins with `&`.
///
/// ```
/// use cld_sign::request::CanonicalWriter;
/// use cld_sign::SignatureVersion;
/// let mut text = String::new();
/// let mut w = CanonicalWriter::new(&mut text, SignatureVersion::V2);
/// w.param("public_id", "a&b");
/// w.param("tags", "");          // empty: dropped
/// w.param("timestamp", &1315060510u64);
/// assert_eq!(text, "public_id=a%26b&timestamp=1315060510");
/// ```
pub struct CanonicalWriter<'a, S: ?Sized> {
    sink: &'a mut S,
    escape: bool,
    started: bool,
}

impl<'a, S: Sink + ?Sized> CanonicalWriter<'a, S> {
    /// A writer into `sink` for the given signature version.
    #[inline]
    pub fn new(sink: &'a mut S, version: SignatureVersion) -> Self {
        Self {
            sink,
            escape: version == SignatureVersion::V2,
            started: false,
        }
    }

    /// Writes one pair with a run-time name (dropped if the value writes nothing).
    #[inline]
    pub fn param<V: SignValue + ?Sized>(&mut self, name: &str, value: &V) {
        let mut out = self.value_writer(Key::Name(name));
        value.write_value(&mut out);
    }

    /// Whether any pair has been written yet.
    #[inline]
    pub fn is_empty(&self) -> bool {
        !self.started
    }

    /// A value writer whose first non-empty piece is preceded by the key.
    #[doc(hidden)]
    #[inline]
    pub fn value_writer<'w>(&'w mut self, key: Key<'w>) -> ValueWriter<'w, S> {
        ValueWriter::new(&mut *self.sink, self.escape, Some(key), &mut self.started)
    }
}

impl<S: ?Sized> std::fmt::Debug for CanonicalWriter<'_, S> {
    /// The settings and state, not the text: the sink may be a hasher holding the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CanonicalWriter")
            .field("escape_ampersands", &self.escape)
            .field("started", &self.started)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The look-ups agree with the list and the rule, byte by byte.
    #[test]
    fn excluded_names_and_name_bytes() {
        for name in EXCLUDED_NAMES {
            assert!(is_excluded(name), "{name}");
            // A name of the same length, one byte off, is not excluded.
            let other = name.replace(['e', 'a'], "x");
            assert!(!is_excluded(&other), "{other}");
            assert!(!is_excluded(&format!("{name}s")));
            assert!(!is_excluded(&name[1..]));
        }
        for other in ["", "files", "api", "public_id", "timestamp", "FILE"] {
            assert!(!is_excluded(other), "{other}");
        }
        for byte in 0..=255u8 {
            let expected = byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_';
            assert_eq!(NAME_BYTES[usize::from(byte)], expected, "{byte}");
            if byte.is_ascii() {
                let name = format!("a{}", char::from(byte));
                assert_eq!(is_parameter_name(&name), expected, "{name:?}");
            }
        }
        assert!(!is_parameter_name("aé"));
    }

    #[test]
    fn is_empty_until_a_pair_is_written() {
        let mut text = String::new();
        let mut writer = CanonicalWriter::new(&mut text, SignatureVersion::V2);
        assert!(writer.is_empty());
        writer.param("tags", "");
        assert!(writer.is_empty(), "an empty value writes no pair");
        writer.param("public_id", "a");
        assert!(!writer.is_empty());
        writer.param("z", "");
        assert!(!writer.is_empty());
        assert_eq!(text, "public_id=a");
    }

    /// The settings and the state only: the sink may be a hasher holding the secret.
    #[test]
    fn debug_shows_settings_not_text() {
        let mut text = String::new();
        let mut writer = CanonicalWriter::new(&mut text, SignatureVersion::V1);
        writer.param("secret_looking", "s3cr3t");
        assert_eq!(
            format!("{writer:?}"),
            "CanonicalWriter { escape_ampersands: false, started: true, .. }"
        );
        let mut text = String::new();
        let writer = CanonicalWriter::new(&mut text, SignatureVersion::V2);
        assert_eq!(
            format!("{writer:?}"),
            "CanonicalWriter { escape_ampersands: true, started: false, .. }"
        );
    }
}
