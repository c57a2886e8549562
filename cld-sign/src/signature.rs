//! A hex signature: shown in lower case, parsed in either case, compared in constant time.

use std::fmt;
use std::str::FromStr;

use subtle::ConstantTimeEq;

use crate::algorithm::Algorithm;
use crate::error::{Error, SignatureProblem};

/// A digest produced or received as a signature (SHA-1 or SHA-256).
///
/// `Display` is lower-case hex; [`Signature::from_hex`] accepts either case. Equality is
/// constant-time over the decoded bytes (via `subtle`), so comparing a received signature
/// with a computed one leaks nothing through timing.
///
/// ```
/// use cld_sign::{Algorithm, Signature};
/// let sig = Signature::from_hex(Algorithm::Sha1, "BFD09F95F331F558CBD1320E67AA8D488770583E")?;
/// assert_eq!(sig.to_string(), "bfd09f95f331f558cbd1320e67aa8d488770583e");
/// assert!(Signature::from_hex(Algorithm::Sha1, "bfd09f").is_err());
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Signature {
    algorithm: Algorithm,
    bytes: [u8; 32],
}

impl Signature {
    /// A signature from a raw digest. `None` unless `digest` has the algorithm's length.
    pub fn from_digest(algorithm: Algorithm, digest: &[u8]) -> Option<Self> {
        if digest.len() != algorithm.digest_len() {
            return None;
        }
        let mut bytes = [0; 32];
        bytes[..digest.len()].copy_from_slice(digest);
        Some(Self { algorithm, bytes })
    }

    /// A signature from a digest already laid out in a 32-byte array (20 bytes used for SHA-1).
    pub(crate) fn from_array(algorithm: Algorithm, bytes: [u8; 32]) -> Self {
        Self { algorithm, bytes }
    }

    /// Parses the hex of a signature made with `algorithm` (either case).
    ///
    /// # Errors
    /// [`Error::MalformedSignature`] if it is not hex or not 40 (SHA-1) / 64
    /// (SHA-256) characters long.
    pub fn from_hex(algorithm: Algorithm, hex: &str) -> Result<Self, Error> {
        let expected = algorithm.hex_len();
        if hex.len() != expected {
            // Count characters, not bytes, so the message matches what the user sees.
            let problem = if hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                SignatureProblem::WrongLength {
                    expected,
                    found: hex.chars().count(),
                }
            } else {
                SignatureProblem::NotHex
            };
            return Err(Error::MalformedSignature { reason: problem });
        }
        let mut bytes = [0; 32];
        hex::decode_to_slice(hex, &mut bytes[..algorithm.digest_len()]).map_err(|_| {
            Error::MalformedSignature {
                reason: SignatureProblem::NotHex,
            }
        })?;
        Ok(Self { algorithm, bytes })
    }

    /// The algorithm that made it.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The raw digest (20 or 32 bytes).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.algorithm.digest_len()]
    }

    /// The lower-case hex, on the stack (no allocation).
    ///
    /// ```
    /// # use cld_sign::{Algorithm, Signature};
    /// let sig = Signature::from_digest(Algorithm::Sha1, &[0xab; 20]).unwrap();
    /// assert_eq!(sig.hex().as_str(), "ab".repeat(20));
    /// ```
    #[inline]
    pub fn hex(&self) -> Hex {
        // A branch-free byte loop over the whole array that LLVM turns into a few SIMD
        // operations (nibble split, compare-select, interleave); it beat both a table
        // lookup and a u128 SWAR encoder. It stays rather than the `hex` crate's encoder,
        // which is about five times slower here (`cargo bench -p cld-sign-benches --bench
        // hex_and_escape`, `signature_hex`): every signature handed out is shown through it.
        let mut buf = [0u8; 64];
        for (out, byte) in buf.as_chunks_mut::<2>().0.iter_mut().zip(self.bytes) {
            *out = [hex_digit(byte >> 4), hex_digit(byte & 0xF)];
        }
        Hex {
            buf,
            len: self.algorithm.hex_len(),
        }
    }

    /// Compares with `other` in constant time (algorithm and bytes).
    pub fn ct_eq(&self, other: &Signature) -> bool {
        self.algorithm == other.algorithm && bool::from(self.as_bytes().ct_eq(other.as_bytes()))
    }
}

impl PartialEq for Signature {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other)
    }
}

impl Eq for Signature {}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.hex().as_str())
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({}:{})", self.algorithm, self.hex().as_str())
    }
}

/// Parses 40 hex characters as SHA-1 or 64 as SHA-256 (either case).
impl FromStr for Signature {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let algorithm = if s.len() == Algorithm::Sha256.hex_len() {
            Algorithm::Sha256
        } else {
            Algorithm::Sha1
        };
        Self::from_hex(algorithm, s)
    }
}

/// The lower-case hex digit of a nibble (`n` < 16).
#[inline(always)]
fn hex_digit(n: u8) -> u8 {
    n + if n < 10 { b'0' } else { b'a' - 10 }
}

/// The lower-case hex of a [`Signature`], held on the stack.
///
/// It compares with text (`assert_eq!(sig.hex(), "bfd0…")`), in constant time for texts of
/// its length; to verify a received signature prefer [`Signature::from_hex`] and
/// [`Signature::ct_eq`], which also accept upper-case hex.
///
/// ```
/// use cld_sign::{Algorithm, Signature};
/// let sig = Signature::from_hex(Algorithm::Sha1, "BFD09F95F331F558CBD1320E67AA8D488770583E")?;
/// assert_eq!(sig.hex(), "bfd09f95f331f558cbd1320e67aa8d488770583e");
/// assert_ne!(sig.hex(), "BFD09F95F331F558CBD1320E67AA8D488770583E");
/// assert_eq!(sig.hex().len(), 40);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Hex {
    buf: [u8; 64],
    len: usize,
}

impl Hex {
    /// The hex text.
    pub fn as_str(&self) -> &str {
        // `hex` writes only ASCII hex digits.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

impl Hex {
    /// The number of hex characters: 40 (SHA-1) or 64 (SHA-256).
    #[allow(clippy::len_without_is_empty)] // A signature is never empty.
    pub fn len(&self) -> usize {
        self.len
    }
}

impl PartialEq for Hex {
    fn eq(&self, other: &Self) -> bool {
        *self == *other.as_str()
    }
}

impl Eq for Hex {}

/// Equal when `other` is exactly this hex text; compared in constant time when the
/// lengths are equal (the length of a signature is public).
impl PartialEq<str> for Hex {
    fn eq(&self, other: &str) -> bool {
        bool::from(self.as_str().as_bytes().ct_eq(other.as_bytes()))
    }
}

impl PartialEq<&str> for Hex {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<Hex> for str {
    fn eq(&self, other: &Hex) -> bool {
        *other == *self
    }
}

impl PartialEq<Hex> for &str {
    fn eq(&self, other: &Hex) -> bool {
        *other == **self
    }
}

impl std::hash::Hash for Hex {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl AsRef<str> for Hex {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// Serialized as its lower-case hex (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for Signature {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.hex().as_str())
    }
}

/// Deserialized from hex of either case, the algorithm told by the length, as [`FromStr`]
/// reads it (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> serde::Deserialize<'de> for Signature {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let hex = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        hex.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn hex_matches_byte_by_byte_formatting() {
        let mut bytes = [0u8; 32];
        for seed in 0..2000u32 {
            for (i, b) in bytes.iter_mut().enumerate() {
                *b = (seed.wrapping_mul(2_654_435_761).rotate_left(i as u32) >> 7) as u8 ^ i as u8;
            }
            for algorithm in [Algorithm::Sha1, Algorithm::Sha256] {
                let sig =
                    Signature::from_digest(algorithm, &bytes[..algorithm.digest_len()]).unwrap();
                assert_eq!(sig.hex().as_str(), reference(sig.as_bytes()));
            }
        }
        let all: Vec<u8> = (0..=255).collect();
        for chunk in all.chunks(32) {
            let sig = Signature::from_digest(Algorithm::Sha256, chunk).unwrap();
            assert_eq!(sig.hex().as_str(), reference(chunk));
        }
    }

    const DOCS: &str = "bfd09f95f331f558cbd1320e67aa8d488770583e";
    const LONG: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn parsing_picks_the_algorithm_by_length() {
        let short: Signature = DOCS.parse().unwrap();
        assert_eq!(short.algorithm(), Algorithm::Sha1);
        assert_eq!(short.to_string(), DOCS);
        let long: Signature = LONG.to_uppercase().parse().unwrap();
        assert_eq!(long.algorithm(), Algorithm::Sha256);
        assert_eq!(long.to_string(), LONG);
        for bad in ["", "bfd0", &DOCS[1..], &LONG[1..], "zz"] {
            assert!(bad.parse::<Signature>().is_err(), "{bad:?}");
        }
        assert_eq!(format!("{short:?}"), format!("Signature(sha1:{DOCS})"));
    }

    #[test]
    fn signatures_are_equal_only_with_the_same_algorithm_and_bytes() {
        let a: Signature = DOCS.parse().unwrap();
        let b: Signature = DOCS.parse().unwrap();
        let other: Signature = DOCS.replace('b', "c").parse().unwrap();
        assert_eq!(a, b);
        assert_ne!(a, other);
        let padded = Signature::from_digest(Algorithm::Sha256, &[0; 32]).unwrap();
        let zeros = Signature::from_digest(Algorithm::Sha1, &[0; 20]).unwrap();
        assert_ne!(padded, zeros);
    }

    #[test]
    fn hex_compares_hashes_and_reads_as_its_text() {
        use std::collections::hash_map::DefaultHasher;
        use std::hash::{Hash, Hasher};

        let short: Signature = DOCS.parse().unwrap();
        let long: Signature = LONG.parse().unwrap();
        let (hex, long_hex) = (short.hex(), long.hex());
        assert_eq!((hex.len(), long_hex.len()), (40, 64));
        assert_eq!(hex.as_ref(), DOCS);
        assert_eq!(long_hex.as_ref(), LONG);
        assert_eq!(hex.to_string(), DOCS);
        assert_eq!(format!("{hex:?}"), format!("{DOCS:?}"));

        assert!(hex == short.hex());
        assert!(hex != long_hex);
        assert!(hex == *DOCS && hex == DOCS);
        assert!(*DOCS == hex && DOCS == hex);
        let wrong = DOCS.replace('b', "c");
        assert!(hex != *wrong.as_str() && hex != wrong.as_str());
        assert!(*wrong.as_str() != hex && wrong.as_str() != hex);

        let hash = |v: &dyn Fn(&mut DefaultHasher)| {
            let mut h = DefaultHasher::new();
            v(&mut h);
            h.finish()
        };
        assert_eq!(hash(&|h| hex.hash(h)), hash(&|h| DOCS.hash(h)));
        assert_ne!(hash(&|h| hex.hash(h)), hash(&|h| LONG.hash(h)));
    }
}
