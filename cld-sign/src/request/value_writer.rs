//! The value writer: receives one value's text, writes its key lazily and escapes `&`.

use crate::number::{Decimal, IntegerText};
use crate::sink::{Sealed, Sink};

/// The key a value writer emits before the value's first non-empty piece.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum Key<'a> {
    /// A bare name, written as `[&]name=`.
    Name(&'a str),
    /// A precomputed `&name=` (the `&` is skipped for the first pair). Only names without
    /// `&` are precomputed (the derive refuses others), so no escaping is needed.
    Static(&'static str),
}

/// Receives the text of one value (see [`SignValue`](super::SignValue)).
///
/// Empty pieces are ignored; the first non-empty piece writes the pending `name=` first, so
/// a value that writes nothing (or only empty strings) is dropped. Under signature version 2
/// every `&` is written as `%26`.
pub struct ValueWriter<'a, S: ?Sized> {
    sink: &'a mut S,
    escape: bool,
    pending: Option<Key<'a>>,
    started: &'a mut bool,
}

impl<'a, S: ?Sized> ValueWriter<'a, S> {
    /// A writer into `sink` that writes `pending` before the first non-empty piece and
    /// then marks `started` (the canonical writer's "a pair was written" flag).
    #[inline]
    pub(crate) fn new(
        sink: &'a mut S,
        escape: bool,
        pending: Option<Key<'a>>,
        started: &'a mut bool,
    ) -> Self {
        Self {
            sink,
            escape,
            pending,
            started,
        }
    }
}

impl<'a> ValueWriter<'a, String> {
    /// A writer that appends a value's plain text to `text`, with no key and no escaping.
    pub(crate) fn plain(text: &'a mut String, started: &'a mut bool) -> Self {
        ValueWriter {
            sink: text,
            escape: false,
            pending: None,
            started,
        }
    }
}

impl<S: Sink + ?Sized> ValueWriter<'_, S> {
    /// Appends a piece of the value's text.
    #[inline(always)]
    pub fn write_str(&mut self, s: &str) {
        if self.begin_piece(s.len()) {
            self.write_escaped(s);
        }
    }

    /// Appends the separator between two items of a list ([`SignSeq`](super::SignSeq)):
    /// signed as [`write_str`](Self::write_str) signs it, but where a `#[sign(array)]`
    /// field is laid out as a form, each item between separators is sent as its own
    /// `name[]` field. A sequence that writes its separators with `write_str` is sent as
    /// one item holding the whole text, which signs the same.
    #[inline(always)]
    pub fn write_separator(&mut self, separator: &str) {
        if self.begin_piece(separator.len()) && !self.sink.next_item(Sealed) {
            self.write_escaped(separator);
        }
    }

    /// [`write_str`](Self::write_str) for text that cannot hold a `&` (the digits, signs
    /// and letters of a formatted number): no escape scan.
    #[inline(always)]
    pub(crate) fn write_number(&mut self, s: &str) {
        self.write_ascii_number(s.as_bytes());
    }

    /// Writes an integer (`-` for negatives) in decimal, every digit kept.
    #[inline(always)]
    pub(crate) fn write_integer(&mut self, negative: bool, magnitude: u128) {
        self.write_integer_text(IntegerText::new(negative, magnitude));
    }

    /// Writes an integer's text formatted earlier.
    #[inline(always)]
    pub(crate) fn write_integer_text(&mut self, text: IntegerText) {
        match text {
            IntegerText::Packed(text, len) => {
                if self.begin_piece(len) {
                    self.sink.write_packed_ascii(text, len, Sealed);
                }
            }
            IntegerText::Wide(negative, magnitude) => {
                self.write_ascii_number(Decimal::wide(negative, magnitude).as_bytes());
            }
        }
    }

    /// Writes a number's ASCII text (digits, `-`, `.`, `e`, `+`): never an `&`, so never
    /// escaped, and handed to the sink as bytes.
    #[inline(always)]
    pub(crate) fn write_ascii_number(&mut self, text: &[u8]) {
        debug_assert!(!text.contains(&b'&'));
        if self.begin_piece(text.len()) {
            self.sink.write_ascii(text, Sealed);
        }
    }

    /// Whether a piece of `len` bytes is to be written: an empty piece is skipped; the first non-empty one
    /// writes the pending key first.
    #[inline(always)]
    fn begin_piece(&mut self, len: usize) -> bool {
        if len == 0 {
            return false;
        }
        if let Some(key) = self.pending.take() {
            self.write_key(key);
        }
        true
    }

    /// Whether anything has been written for this value yet.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.pending.is_some()
    }

    #[inline(always)]
    fn write_key(&mut self, key: Key<'_>) {
        let first = !*self.started;
        *self.started = true;
        match key {
            Key::Static(prefix) => {
                let prefix = if first {
                    prefix.get(1..).unwrap_or_default()
                } else {
                    prefix
                };
                self.sink.write_str(prefix);
            }
            Key::Name(name) => {
                if !first {
                    self.sink.write_str("&");
                }
                self.write_escaped(name);
                self.sink.write_str("=");
            }
        }
    }

    #[inline(always)]
    fn write_escaped(&mut self, s: &str) {
        if !self.escape {
            self.sink.write_str(s);
        } else if !self.sink.write_str_without_ampersand(s, Sealed) {
            self.sink.write_str_escaping_ampersands(s, Sealed);
        }
    }
}

impl<S: ?Sized> std::fmt::Debug for ValueWriter<'_, S> {
    /// The settings and state, not the text: the sink may be a hasher holding the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ValueWriter")
            .field("escape_ampersands", &self.escape)
            .field("pending_key", &self.pending)
            .finish_non_exhaustive()
    }
}

/// A value writer is itself a sink, so structured values (JSON text, for instance) stream
/// into it, with the same dropping of empty pieces and `&` escaping.
impl<S: Sink + ?Sized> Sink for ValueWriter<'_, S> {
    #[inline]
    fn write_str(&mut self, s: &str) {
        ValueWriter::write_str(self, s);
    }
}

impl<S: Sink + ?Sized> std::fmt::Write for ValueWriter<'_, S> {
    #[inline]
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        ValueWriter::write_str(self, s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_empty_until_a_non_empty_piece_is_written() {
        let (mut text, mut started) = (String::new(), false);
        let mut writer = ValueWriter::new(&mut text, true, Some(Key::Name("k")), &mut started);
        assert!(writer.is_empty());
        writer.write_str("");
        assert!(writer.is_empty());
        writer.write_str("v&");
        assert!(!writer.is_empty());
        writer.write_str("");
        assert!(!writer.is_empty());
        assert_eq!(text, "k=v%26");
        assert!(started);
    }

    /// The settings and the pending key only: the sink may be a hasher holding the secret.
    #[test]
    fn debug_shows_settings_not_text() {
        let (mut text, mut started) = (String::from("s3cr3t"), false);
        let mut writer = ValueWriter::new(&mut text, false, Some(Key::Name("k")), &mut started);
        assert_eq!(
            format!("{writer:?}"),
            r#"ValueWriter { escape_ampersands: false, pending_key: Some(Name("k")), .. }"#
        );
        writer.write_str("v");
        assert_eq!(
            format!("{writer:?}"),
            "ValueWriter { escape_ampersands: false, pending_key: None, .. }"
        );
    }

    /// `write!` into a value writer: the same empty-piece dropping and escaping.
    #[test]
    fn formats_through_fmt_write() {
        use std::fmt::Write as _;
        let (mut text, mut started) = (String::new(), true);
        let mut writer = ValueWriter::new(&mut text, true, Some(Key::Name("k")), &mut started);
        let (empty, ampersand) = ("", "a&");
        write!(writer, "{empty}").unwrap();
        assert!(writer.is_empty());
        write!(writer, "{}-{ampersand}", 12).unwrap();
        assert_eq!(text, "&k=12-a%26");
    }
}
