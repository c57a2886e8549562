//! The value writer: receives one value's text, writes its key lazily and escapes `&`.

use crate::number::{Decimal, packed_decimal};
use crate::sink::Sink;

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

    /// [`write_str`](Self::write_str) for text that cannot hold a `&` (the digits, signs
    /// and letters of a formatted number): no escape scan.
    #[inline(always)]
    pub(crate) fn write_number(&mut self, s: &str) {
        self.write_ascii_number(s.as_bytes());
    }

    /// Writes an integer (`-` for negatives) in decimal, every digit kept.
    #[inline(always)]
    pub(crate) fn write_integer(&mut self, negative: bool, magnitude: u128) {
        match packed_decimal(negative, magnitude) {
            Some((text, len)) => {
                if self.begin_piece(len) {
                    self.sink.write_packed_ascii(text, len);
                }
            }
            None => self.write_ascii_number(Decimal::new(negative, magnitude).as_bytes()),
        }
    }

    /// Writes a number's ASCII text (digits, `-`, `.`, `e`, `+`): never an `&`, so never
    /// escaped, and handed to the sink as bytes.
    #[inline(always)]
    pub(crate) fn write_ascii_number(&mut self, text: &[u8]) {
        debug_assert!(!text.contains(&b'&'));
        if self.begin_piece(text.len()) {
            self.sink.write_ascii(text);
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
        if !self.escape || !contains_ampersand(s.as_bytes()) {
            self.sink.write_str(s);
        } else {
            self.write_with_ampersands(s);
        }
    }

    /// Out of line: values with `&` are rare, and the split loop bloated every piece's write.
    #[inline(never)]
    fn write_with_ampersands(&mut self, s: &str) {
        let mut parts = s.split('&');
        if let Some(first) = parts.next() {
            self.sink.write_str(first);
        }
        for part in parts {
            self.sink.write_str("%26");
            self.sink.write_str(part);
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

/// Whether `bytes` holds a `&`, eight bytes a step (pieces are short: `memchr`'s call
/// costs more than the scan).
#[inline(always)]
fn contains_ampersand(bytes: &[u8]) -> bool {
    /// The classic "has a zero byte" test on the word XOR `&&&&&&&&`.
    #[inline(always)]
    fn has_ampersand(word: u64) -> bool {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        const AMPS: u64 = ONES * b'&' as u64;
        let x = word ^ AMPS;
        x.wrapping_sub(ONES) & !x & HIGHS != 0
    }
    let n = bytes.len();
    // Overlapping fixed-size loads, as `copy_short` does, instead of a byte loop over the
    // tail: a value is mostly a handful of bytes.
    if n >= 8 {
        let (words, _) = bytes.as_chunks::<8>();
        let (_, last) = bytes.as_rchunks::<8>();
        words.iter().any(|w| has_ampersand(u64::from_le_bytes(*w)))
            || last
                .last()
                .is_some_and(|w| has_ampersand(u64::from_le_bytes(*w)))
    } else if n >= 4 {
        let (head, _) = bytes.as_chunks::<4>();
        let (_, tail) = bytes.as_rchunks::<4>();
        let word = |w: Option<&[u8; 4]>| u64::from(w.map_or(0, |w| u32::from_le_bytes(*w)));
        has_ampersand(word(head.first()) | word(tail.last()) << 32)
    } else {
        bytes.contains(&b'&')
    }
}

#[cfg(test)]
mod tests {
    use super::contains_ampersand;

    #[test]
    fn finds_an_ampersand_anywhere() {
        for len in 0..40 {
            let clean = vec![b'a'; len];
            assert!(!contains_ampersand(&clean));
            for at in 0..len {
                let mut v = clean.clone();
                v[at] = b'&';
                assert!(contains_ampersand(&v), "{len} {at}");
            }
        }
        // Bytes next to `&` (0x26) and high bytes do not count.
        assert!(!contains_ampersand("%'\u{a6}é😀€\u{2626}".as_bytes()));
    }
}
