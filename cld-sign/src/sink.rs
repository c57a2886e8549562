//! Where canonical text goes: a hasher (no allocation) or a `String` (to show it).

pub(crate) use self::sealed::Sealed;

/// The seal of [`Sink`]'s hooks: a type public in a private module, so that it appears in
/// the hooks' signatures but no other crate can name it, write a hook that takes it, or
/// make one to call a hook with.
mod sealed {
    /// Proof that the caller is this crate.
    #[derive(Clone, Copy, Debug)]
    pub struct Sealed;
}

/// A destination for canonical text.
///
/// The canonical writer only ever writes whole `&str` pieces, so a sink sees valid UTF-8.
/// cld-sign implements it for `String` (the human-readable string to sign) and for its
/// hashers; implement it to count, log or tee what is signed: [`write_str`](Sink::write_str)
/// is the one method to write, and every piece of text reaches it.
///
/// The trait's other methods are hooks the crate's own sinks (its hasher, the form's
/// layout) use to take text faster or in items. They are sealed: their last parameter is a
/// token only this crate can name, so another crate can neither call nor override them, and
/// a sink of yours always gets their provided behaviour, which writes through `write_str`.
pub trait Sink {
    /// Appends `s`.
    fn write_str(&mut self, s: &str);

    /// Appends ASCII text given as bytes (a number's digits), so the hasher takes them
    /// without a UTF-8 check. cld-sign only passes ASCII here; the default writes the
    /// bytes' valid UTF-8 through [`write_str`](Sink::write_str). Sealed.
    #[doc(hidden)]
    #[inline]
    fn write_ascii(&mut self, ascii: &[u8], _: Sealed) {
        for chunk in ascii.utf8_chunks() {
            self.write_str(chunk.valid());
        }
    }

    /// Appends `s` and returns `true`, or returns `false` and appends nothing when `s`
    /// holds a `&` (which signature version 2 escapes). The hasher looks for `&` in the
    /// bytes it copies, instead of a scan ahead of the copy; the default scans, then
    /// writes. Sealed.
    #[doc(hidden)]
    #[inline]
    fn write_str_without_ampersand(&mut self, s: &str, _: Sealed) -> bool {
        let clean = !crate::ampersand::contains_ampersand(s.as_bytes());
        if clean {
            self.write_str(s);
        }
        clean
    }

    /// Appends `s` with every `&` written as `%26` (signature version 2). The hasher
    /// overrides it to keep its write position out of the (rare, out-of-line) call. Sealed.
    #[doc(hidden)]
    #[inline]
    fn write_str_escaping_ampersands(&mut self, s: &str, _: Sealed) {
        write_escaping_ampersands(self, s);
    }

    /// Starts the next item of a list at a separator, and returns `true`; or returns
    /// `false` and the separator is written as text (the default: every sink but the one
    /// that lays out a `#[sign(array)]` field's `name[]` form fields). Sealed.
    #[doc(hidden)]
    #[inline(always)]
    fn next_item(&mut self, _: Sealed) -> bool {
        false
    }

    /// Appends the first `len` (at most 16) bytes of `text.to_le_bytes()`: ASCII packed
    /// in a register (a number's text), its bytes past `len` zero. The hasher stores it
    /// with one write; the default goes through [`write_ascii`](Sink::write_ascii). Sealed.
    #[doc(hidden)]
    #[inline]
    fn write_packed_ascii(&mut self, text: u128, len: usize, _: Sealed) {
        let bytes = text.to_le_bytes();
        self.write_ascii(&bytes[..len.min(16)], Sealed);
    }
}

/// `s` into `sink` with every `&` as `%26`. Out of line: values with `&` are rare, and the
/// split loop would bloat every piece's write.
#[inline(never)]
pub(crate) fn write_escaping_ampersands<S: Sink + ?Sized>(sink: &mut S, s: &str) {
    let mut parts = s.split('&');
    if let Some(first) = parts.next() {
        sink.write_str(first);
    }
    for part in parts {
        sink.write_str("%26");
        sink.write_str(part);
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
    fn write_ascii(&mut self, ascii: &[u8], sealed: Sealed) {
        (**self).write_ascii(ascii, sealed);
    }

    #[inline]
    fn write_str_without_ampersand(&mut self, s: &str, sealed: Sealed) -> bool {
        (**self).write_str_without_ampersand(s, sealed)
    }

    #[inline]
    fn write_str_escaping_ampersands(&mut self, s: &str, sealed: Sealed) {
        (**self).write_str_escaping_ampersands(s, sealed);
    }

    #[inline]
    fn write_packed_ascii(&mut self, text: u128, len: usize, sealed: Sealed) {
        (**self).write_packed_ascii(text, len, sealed);
    }

    #[inline]
    fn next_item(&mut self, sealed: Sealed) -> bool {
        (**self).next_item(sealed)
    }
}

#[cfg(test)]
mod tests {
    use super::{Sealed, Sink};

    /// A sink that starts a new item at each separator, as the form's array sink does.
    #[derive(Default)]
    struct Items(Vec<String>);

    impl Sink for Items {
        fn write_str(&mut self, s: &str) {
            match self.0.last_mut() {
                Some(item) => item.push_str(s),
                None => self.0.push(s.to_owned()),
            }
        }

        fn next_item(&mut self, _: Sealed) -> bool {
            self.0.push(String::new());
            true
        }
    }

    /// A sink behind `&mut` starts items as the sink itself does; a text sink writes the
    /// separator.
    #[test]
    fn next_item_goes_through_references() {
        let mut items = Items::default();
        let mut by_ref = &mut items;
        by_ref.write_str("a");
        assert!(Sink::next_item(&mut by_ref, Sealed));
        by_ref.write_str("b");
        assert_eq!(items.0, ["a", "b"]);

        let mut text = String::new();
        assert!(!Sink::next_item(&mut &mut text, Sealed));
        assert!(!Sink::next_item(&mut text, Sealed));
    }
}
