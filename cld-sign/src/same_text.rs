//! Equality of short texts (parameter names, a policy's values) compared in line.
//!
//! `==` on two slices of run-time length calls `memcmp`; for the few bytes of a name the
//! call costs more than the comparison. This one reads both slices whole, without an early
//! exit, so it has no branch per byte to mispredict and vectorises for longer texts.

/// Whether `a` and `b` hold the same bytes (a `str` or a byte slice each).
#[inline]
pub(crate) fn same_text(a: impl AsRef<[u8]>, b: impl AsRef<[u8]>) -> bool {
    let (a, b) = (a.as_ref(), b.as_ref());
    a.len() == b.len() && a.iter().zip(b).fold(0, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::same_text;

    #[test]
    fn equal_exactly_when_the_bytes_are() {
        let texts: [&[u8]; 7] = [b"", b"a", b"b", b"ab", b"ba", b"public_id", b"public_ie"];
        for a in texts {
            for b in texts {
                assert_eq!(same_text(a, b), a == b, "{a:?} {b:?}");
            }
        }
        // A difference in any one bit of any byte is seen.
        let base = *b"timestamp=1315060510&eager=w_400,h_300,c_pad|w_260,h_200,c_crop";
        for i in 0..base.len() {
            for bit in 0..8 {
                let mut other = base;
                other[i] ^= 1 << bit;
                assert!(!same_text(base, other), "byte {i} bit {bit}");
            }
        }
        assert!(same_text(base, base));
    }
}
