//! Where canonical text goes: a hasher (no allocation) or a `String` (to show it).

/// A destination for canonical text.
///
/// The canonical writer only ever writes whole `&str` pieces, so a sink sees valid UTF-8.
/// cld-sign implements it for `String` (the human-readable string to sign) and for its
/// hashers; implement it to count, log or tee what is signed.
pub trait Sink {
    /// Appends `s`.
    fn write_str(&mut self, s: &str);

    /// Appends ASCII text given as bytes (a number's digits), so the hasher takes them
    /// without a UTF-8 check. cld-sign only passes ASCII here; the default writes the
    /// bytes' valid UTF-8 through [`write_str`](Sink::write_str).
    #[doc(hidden)]
    #[inline]
    fn write_ascii(&mut self, ascii: &[u8]) {
        for chunk in ascii.utf8_chunks() {
            self.write_str(chunk.valid());
        }
    }

    /// Appends the first `len` (at most 16) bytes of `text.to_le_bytes()`: ASCII packed
    /// in a register (a number's text), its bytes past `len` zero. The hasher stores it
    /// with one write; the default goes through [`write_ascii`](Sink::write_ascii).
    #[doc(hidden)]
    #[inline]
    fn write_packed_ascii(&mut self, text: u128, len: usize) {
        let bytes = text.to_le_bytes();
        self.write_ascii(&bytes[..len.min(16)]);
    }
}

impl Sink for String {
    #[inline]
    fn write_str(&mut self, s: &str) {
        self.push_str(s);
    }
}

impl<S: Sink + ?Sized> Sink for &mut S {
    #[inline]
    fn write_str(&mut self, s: &str) {
        (**self).write_str(s);
    }

    #[inline]
    fn write_ascii(&mut self, ascii: &[u8]) {
        (**self).write_ascii(ascii);
    }

    #[inline]
    fn write_packed_ascii(&mut self, text: u128, len: usize) {
        (**self).write_packed_ascii(text, len);
    }
}
