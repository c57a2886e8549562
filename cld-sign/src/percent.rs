//! Strict percent-decoding: every `%` starts an escape of two hex digits (either case), and
//! what the escapes decode to is UTF-8. `CLOUDINARY_URL`'s credentials and settings (see
//! `cld_sign::Config`) and a verified delivery URL's public ID (see `cld_sign::delivery`)
//! are read so.
//!
//! The decoding is the `percent-encoding` crate's; this adds the refusal the crate lacks:
//! it keeps a `%` that starts no escape as a literal `%`.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// `text` with every `%XX` decoded, borrowed when it has no `%`; `None` for a `%` not
/// followed by two hex digits, or escapes that decode to bytes that are not UTF-8.
///
/// The decoded bytes go into one buffer as long as `text`, which never grows (decoding
/// only shortens), so a secret decoded here leaves no copy behind in a reallocation.
pub(crate) fn decode_strict(text: &str) -> Option<Cow<'_, str>> {
    if !text.contains('%') {
        return Some(Cow::Borrowed(text));
    }
    let every_escape_complete = text.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|digits| digits.iter().all(u8::is_ascii_hexdigit))
    });
    if !every_escape_complete {
        return None;
    }
    let mut bytes = Vec::with_capacity(text.len());
    bytes.extend(percent_decode_str(text));
    String::from_utf8(bytes).ok().map(Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_decode_or_are_refused() {
        for (text, want) in [
            ("sample", Some("sample")),
            ("a%20b", Some("a b")),
            ("caf%C3%A9", Some("café")),
            ("caf%c3%a9", Some("café")),
            ("%25", Some("%")),
            ("%2541", Some("%41")),
            ("%2", None),
            ("%", None),
            ("a%zz", None),
            ("a%+1", None),
            ("%%41", None),
            ("%C3", None),
            ("%FF", None),
            ("%20%", None),
        ] {
            assert_eq!(decode_strict(text).as_deref(), want, "{text:?}");
        }
        assert!(matches!(
            decode_strict("plain"),
            Some(Cow::Borrowed("plain"))
        ));
    }

    /// The buffer is allocated once, at the input's length: decoding never grows it.
    #[test]
    fn decodes_into_one_buffer_of_the_input_length() {
        let text = "p%40ss%20w%C3%B6rd";
        let Some(Cow::Owned(decoded)) = decode_strict(text) else {
            panic!("escapes decode to an owned text")
        };
        assert_eq!(decoded, "p@ss wörd");
        assert_eq!(decoded.capacity(), text.len());
    }
}
