//! Parameters as they are collected: every name and value text in one buffer, each entry a
//! span of it. Two allocations for a whole set, however many entries it has.

use super::value::ValueText;

/// One entry of [`Entries`]: its name is `text[start..mid]`, its value `text[mid..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    start: usize,
    mid: usize,
    end: usize,
    /// 1 + the index in `found` of what the value was, if it cannot be signed; 0 if it can.
    bad: usize,
}

impl Span {
    /// Its name in `text`, the buffer it indexes.
    pub(crate) fn name<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.mid]
    }

    /// Its name's bytes in `text`: for comparing, without a check of character boundaries.
    pub(crate) fn name_bytes<'t>(&self, text: &'t [u8]) -> &'t [u8] {
        &text[self.start..self.mid]
    }

    /// Its value text in `text`.
    pub(crate) fn value<'t>(&self, text: &'t str) -> &'t str {
        &text[self.mid..self.end]
    }

    /// The bytes of its name and value.
    pub(crate) fn len(&self) -> usize {
        self.end - self.start
    }

    /// The index in the `found` list of what its value was, if it cannot be signed.
    pub(crate) fn found(&self) -> Option<usize> {
        self.bad.checked_sub(1)
    }
}

/// Names and value texts, in the order received (the reading methods serve the serde-side
/// collectors, the serializer and the body reader, so they exist with feature `serde`), repeated names kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Entries {
    text: String,
    spans: Vec<Span>,
    /// What each value that cannot be signed was (`"an object (map)"`, ...).
    found: Vec<String>,
}

/// An entry being written: its name is in, its value follows ([`Entries::finish`]).
#[derive(Debug, Clone, Copy)]
#[must_use]
pub(crate) struct Pending {
    start: usize,
    mid: usize,
}

impl Entries {
    /// Room for `entries` entries of `text` bytes in all.
    pub(crate) fn with_capacity(entries: usize, text: usize) -> Self {
        Self {
            text: String::with_capacity(text),
            spans: Vec::with_capacity(entries),
            found: Vec::new(),
        }
    }

    /// The number of entries.
    #[cfg(feature = "serde")]
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// The bytes of names and values written so far.
    #[cfg(feature = "serde")]
    pub(crate) fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Starts an entry named `name`; write its value into [`value`](Self::value).
    #[inline]
    pub(crate) fn begin(&mut self, name: &str) -> Pending {
        let start = self.text.len();
        self.text.push_str(name);
        Pending {
            start,
            mid: self.text.len(),
        }
    }

    /// Ends the name of an entry begun with an empty name and then written into
    /// [`value`](Self::value): what was written since is its name.
    #[cfg(feature = "serde")]
    #[inline]
    pub(crate) fn name_written(&self, pending: Pending) -> Pending {
        Pending {
            start: pending.start,
            mid: self.text.len(),
        }
    }

    /// Where the value of the pending entry is written.
    pub(crate) fn value(&mut self) -> &mut String {
        &mut self.text
    }

    /// Ends the pending entry: its value is what was written since [`begin`](Self::begin),
    /// or, for `Err(found)`, a value that cannot be signed (what was written is dropped).
    #[inline]
    pub(crate) fn finish(&mut self, pending: Pending, result: Result<(), String>) {
        let bad = match result {
            Ok(()) => 0,
            Err(found) => {
                self.text.truncate(pending.mid);
                self.found.push(found);
                self.found.len()
            }
        };
        self.spans.push(Span {
            start: pending.start,
            mid: pending.mid,
            end: self.text.len(),
            bad,
        });
    }

    /// Adds an entry whose value text is already made.
    pub(crate) fn push(&mut self, name: &str, text: ValueText) {
        let pending = self.begin(name);
        let result = text.map(|text| self.text.push_str(&text));
        self.finish(pending, result);
    }

    /// The name of `span`.
    #[cfg(feature = "serde")]
    pub(crate) fn name(&self, span: &Span) -> &str {
        span.name(&self.text)
    }

    /// The spans, to filter and sort, and the text they index.
    pub(crate) fn parts(self) -> (String, Vec<Span>, Vec<String>) {
        (self.text, self.spans, self.found)
    }

    /// The spans, in order.
    #[cfg(feature = "serde")]
    pub(crate) fn spans(&self) -> &[Span] {
        &self.spans
    }
}

impl FromIterator<(String, ValueText)> for Entries {
    fn from_iter<I: IntoIterator<Item = (String, ValueText)>>(iter: I) -> Self {
        let mut entries = Self::default();
        for (name, text) in iter {
            entries.push(&name, text);
        }
        entries
    }
}

#[cfg(all(test, feature = "serde"))]
mod tests {
    use super::*;

    #[test]
    fn entries_share_one_buffer() {
        let mut entries = Entries::with_capacity(4, 64);
        entries.push("a", Ok("1".into()));
        let pending = entries.begin("b");
        entries.value().push_str("partial");
        entries.finish(pending, Err("a map".into()));
        entries.push("c", Ok(String::new()));
        assert_eq!(entries.len(), 3);
        assert_eq!(entries.text_len(), 4);
        let spans = entries.spans().to_vec();
        let read: Vec<_> = spans
            .iter()
            .map(|s| (entries.name(s), s.value(&entries.text), s.found()))
            .collect();
        assert_eq!(
            read,
            [("a", "1", None), ("b", "", Some(0)), ("c", "", None)]
        );
        assert_eq!(entries.found, ["a map"]);
        let collected: Entries = [("x".to_owned(), Ok("y".to_owned()))].into_iter().collect();
        assert_eq!(collected.name(&collected.spans()[0]), "x");
        let (text, spans, found) = collected.parts();
        assert_eq!((text.as_str(), spans.len(), found.len()), ("xy", 1, 0));
    }
}
