//! The assembly of a chunked upload: `Content-Range` headers read, and the parts kept until
//! they cover the whole file exactly.

use bytes::Bytes;

/// The largest file uploaded in chunks, in bytes (1 GiB).
pub const CHUNKED_LIMIT: u64 = 1024 * 1024 * 1024;

/// Why a chunk's range was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RangeRefusal {
    /// Not `bytes <first>-<last>/<total>`, or not the chunk's size, or overlapping a part
    /// already received, or against the total already known.
    Invalid,
    /// The file would be larger than [`CHUNKED_LIMIT`].
    TooLarge,
}

/// `bytes <first>-<last>/<total>`, the total `-1` or `*` while unknown.
pub fn parse_range(range: &str) -> Option<(u64, u64, Option<u64>)> {
    let range = range.trim().strip_prefix("bytes")?.trim_start();
    let (span, total) = range.split_once('/')?;
    let (first, last) = span.split_once('-')?;
    let (first, last): (u64, u64) = (first.parse().ok()?, last.parse().ok()?);
    let total = match total {
        "-1" | "*" => None,
        digits => Some(digits.parse().ok()?),
    };
    (first <= last && total.is_none_or(|total| last < total)).then_some((first, last, total))
}

/// A chunk's range, checked against its size and [`CHUNKED_LIMIT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    first: u64,
    last: u64,
    total: Option<u64>,
}

impl Range {
    /// Reads the `Content-Range` of a chunk of `len` bytes.
    ///
    /// # Errors
    /// [`RangeRefusal::Invalid`] for a malformed range or one of another size,
    /// [`RangeRefusal::TooLarge`] for a file larger than [`CHUNKED_LIMIT`].
    pub fn parse(range: &str, len: usize) -> Result<Self, RangeRefusal> {
        let (first, last, total) = parse_range(range).ok_or(RangeRefusal::Invalid)?;
        if last - first + 1 != len as u64 {
            return Err(RangeRefusal::Invalid);
        }
        if total.unwrap_or(last + 1) > CHUNKED_LIMIT {
            return Err(RangeRefusal::TooLarge);
        }
        Ok(Self { first, last, total })
    }
}

/// The parts of one chunked upload received so far.
#[derive(Debug, Default)]
pub struct Parts {
    parts: Vec<(u64, Bytes)>,
    received: u64,
    /// One past the last byte received.
    end: u64,
    total: Option<u64>,
}

impl Parts {
    /// No part yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The bytes received so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Adds the chunk `bytes` at `range` (from [`Range::parse`] with its length): the whole
    /// file once the parts cover it, else `None`.
    ///
    /// # Errors
    /// [`RangeRefusal::Invalid`] for a range that overlaps a part already received, or
    /// whose total differs from the one known, or lies past it, or that gives a total
    /// some part already received lies past; the parts are then unchanged.
    pub fn add(&mut self, range: Range, bytes: Bytes) -> Result<Option<Bytes>, RangeRefusal> {
        let Range { first, last, total } = range;
        let overlaps = self
            .parts
            .iter()
            .any(|(start, part)| first < start + part.len() as u64 && *start <= last);
        let total_conflict = match (self.total, total) {
            (Some(known), Some(new)) => known != new,
            _ => false,
        };
        // A total learned now must hold every part already received.
        let short_total = total.is_some_and(|t| self.end > t);
        if overlaps || total_conflict || short_total || self.total.is_some_and(|t| last >= t) {
            return Err(RangeRefusal::Invalid);
        }
        self.total = self.total.or(total);
        self.received += bytes.len() as u64;
        self.end = self.end.max(last + 1);
        self.parts.push((first, bytes));
        if self.total != Some(self.received) {
            return Ok(None);
        }
        self.parts.sort_by_key(|(start, _)| *start);
        let mut whole = bytes::BytesMut::with_capacity(self.received as usize);
        for (_, part) in self.parts.drain(..) {
            whole.extend_from_slice(&part);
        }
        self.received = 0;
        self.end = 0;
        self.total = None;
        Ok(Some(whole.freeze()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(
        parts: &mut Parts,
        range: &str,
        bytes: &'static [u8],
    ) -> Result<Option<Bytes>, RangeRefusal> {
        parts.add(Range::parse(range, bytes.len())?, Bytes::from_static(bytes))
    }

    #[test]
    fn parts_in_any_order_give_the_file() {
        let mut parts = Parts::new();
        assert_eq!(add(&mut parts, "bytes 5-9/*", b"56789"), Ok(None));
        assert_eq!(
            add(&mut parts, "bytes 0-4/10", b"01234"),
            Ok(Some(Bytes::from_static(b"0123456789")))
        );
    }

    /// A total learned after a part past it was received: the parts could add up to the
    /// total with a gap, and the file would be assembled from the wrong bytes.
    #[test]
    fn a_total_short_of_a_part_received_is_refused() {
        let mut parts = Parts::new();
        assert_eq!(add(&mut parts, "bytes 10-14/*", b"abcde"), Ok(None));
        assert_eq!(
            add(&mut parts, "bytes 0-4/10", b"01234"),
            Err(RangeRefusal::Invalid)
        );
        assert_eq!(parts.received(), 5);
    }

    #[test]
    fn overlaps_and_other_totals_are_refused() {
        let mut parts = Parts::new();
        assert_eq!(add(&mut parts, "bytes 0-4/10", b"01234"), Ok(None));
        assert_eq!(
            add(&mut parts, "bytes 4-8/10", b"45678"),
            Err(RangeRefusal::Invalid)
        );
        assert_eq!(
            add(&mut parts, "bytes 5-9/11", b"56789"),
            Err(RangeRefusal::Invalid)
        );
        assert_eq!(Range::parse("bytes 5-9/10", 4), Err(RangeRefusal::Invalid));
        assert_eq!(
            Range::parse(&format!("bytes 0-0/{}", CHUNKED_LIMIT + 1), 1),
            Err(RangeRefusal::TooLarge)
        );
    }

    #[test]
    fn the_chunked_limit_is_one_gibibyte() {
        let gib: u64 = 1 << 30;
        assert!(Range::parse(&format!("bytes 0-0/{gib}"), 1).is_ok());
        assert_eq!(
            Range::parse(&format!("bytes 0-0/{}", gib + 1), 1),
            Err(RangeRefusal::TooLarge)
        );
        // With the total unknown, the bytes up to the chunk's end count.
        let before = gib - 1;
        assert!(Range::parse(&format!("bytes {before}-{before}/*"), 1).is_ok());
        assert_eq!(
            Range::parse(&format!("bytes {gib}-{gib}/*"), 1),
            Err(RangeRefusal::TooLarge)
        );
    }

    #[test]
    fn a_total_learned_late_must_hold_the_furthest_part() {
        let mut parts = Parts::new();
        assert_eq!(add(&mut parts, "bytes 5-9/*", b"56789"), Ok(None));
        // Byte 9 was received: a total of 9 bytes cannot hold it.
        assert_eq!(
            add(&mut parts, "bytes 0-4/9", b"01234"),
            Err(RangeRefusal::Invalid)
        );
        assert_eq!(
            add(&mut parts, "bytes 0-4/10", b"01234"),
            Ok(Some(Bytes::from_static(b"0123456789")))
        );
    }
}
