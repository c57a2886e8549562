//! Where canonical text goes: a hasher (no allocation) or a `String` (to show it).

/// A destination for canonical text.
///
/// The canonical writer only ever writes whole `&str` pieces, so a sink sees valid UTF-8.
/// cld-sign implements it for `String` (the human-readable string to sign) and for its
/// hashers; implement it to count, log or tee what is signed.
pub trait Sink {
    /// Appends `s`.
    fn write_str(&mut self, s: &str);
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
}
