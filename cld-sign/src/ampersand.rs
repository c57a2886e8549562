//! Finding `&` in the short pieces of a string to sign, which signature version 2 writes
//! as `%26`: eight bytes a step, with no call (pieces are a handful of bytes, and
//! `memchr`'s call costs more than the scan).

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;
const AMPERSANDS: u64 = ONES * b'&' as u64;

/// Non-zero exactly when one of the word's eight bytes is `&` (the classic "has a zero
/// byte" test on the word XOR `&&&&&&&&`; exact as a whole, though a bit may be set above
/// a true `&` too).
#[inline(always)]
pub(crate) fn ampersand_bits(word: u64) -> u64 {
    let x = word ^ AMPERSANDS;
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// [`ampersand_bits`] of sixteen bytes.
#[inline(always)]
pub(crate) fn ampersand_bits_16(bytes: &[u8; 16]) -> u64 {
    let (low, high) = bytes.split_at(8);
    ampersand_bits(word(low)) | ampersand_bits(word(high))
}

/// [`ampersand_bits`] of two four-byte pieces, as one word.
#[inline(always)]
pub(crate) fn ampersand_bits_4_4(head: &[u8; 4], tail: &[u8; 4]) -> u64 {
    let mut word = [0; 8];
    word[..4].copy_from_slice(head);
    word[4..].copy_from_slice(tail);
    ampersand_bits(u64::from_le_bytes(word))
}

/// The first eight bytes of `bytes` (at least eight) as a little-endian word.
#[inline(always)]
pub(crate) fn word(bytes: &[u8]) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(w)
}

/// Whether `bytes` holds a `&`.
#[inline(always)]
pub(crate) fn contains_ampersand(bytes: &[u8]) -> bool {
    let n = bytes.len();
    // Overlapping fixed-size loads, as the hasher's copy does, instead of a byte loop over
    // the tail.
    if n >= 8 {
        let (words, _) = bytes.as_chunks::<8>();
        words
            .iter()
            .any(|w| ampersand_bits(u64::from_le_bytes(*w)) != 0)
            || ampersand_bits(word(&bytes[n - 8..])) != 0
    } else if n >= 4 {
        let (mut head, mut tail) = ([0; 4], [0; 4]);
        head.copy_from_slice(&bytes[..4]);
        tail.copy_from_slice(&bytes[n - 4..]);
        ampersand_bits_4_4(&head, &tail) != 0
    } else {
        bytes.contains(&b'&')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn word_bits_are_exact_for_every_byte_and_position() {
        for byte in 0..=255u8 {
            for at in 0..16 {
                let mut bytes = [b'a'; 16];
                bytes[at] = byte;
                let found = ampersand_bits_16(&bytes) != 0;
                assert_eq!(found, byte == b'&', "{byte} at {at}");
                if at < 8 {
                    assert_eq!(ampersand_bits(word(&bytes)) != 0, byte == b'&');
                }
            }
        }
        // Next to a `&`, every other byte value (0x25 and 0x27 borrow into it).
        for byte in 0..=255u8 {
            let mut bytes = [byte; 16];
            bytes[7] = b'&';
            assert_ne!(ampersand_bits_16(&bytes), 0, "{byte}");
        }
    }
}
