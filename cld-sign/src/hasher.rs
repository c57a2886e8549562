//! A streaming SHA-1 / SHA-256 over RustCrypto's compression functions (which use SHA-NI
//! by themselves), with a two-block buffer of our own.
//!
//! Why not `Digest::update`: a derived request reaches the hasher as a dozen short pieces
//! (`&public_id=`, a value, `&timestamp=`, digits...), and the generic wrapper's per-call
//! and finalisation costs were larger than the compression itself. Here a piece is one
//! bounds-checked copy into the block, a full block is compressed in place, and
//! finalisation writes the digest straight into a [`Signature`]. Checked against
//! `sha1::Sha1` / `sha2::Sha256` by the tests below and by every spec vector.

use crate::algorithm::Algorithm;
use crate::signature::Signature;
use crate::sink::Sink;

/// A hash function's compression state, 64-byte blocks, big-endian length padding.
pub(crate) trait BlockCore {
    /// The algorithm it computes.
    const ALGORITHM: Algorithm;
    /// The initial state.
    fn init() -> Self;
    /// Compresses whole blocks into the state.
    fn compress(&mut self, blocks: &[[u8; 64]]);
    /// Writes the state as the big-endian digest into `out` (20 or 32 bytes used).
    fn output(&self, out: &mut [u8; 32]);
}

/// The state words as the big-endian digest (both hashes lay out their output so).
#[inline]
fn words_to_bytes(words: &[u32], out: &mut [u8; 32]) {
    for (chunk, word) in out.chunks_exact_mut(4).zip(words) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
}

pub(crate) struct Sha1State([u32; 5]);

impl BlockCore for Sha1State {
    const ALGORITHM: Algorithm = Algorithm::Sha1;

    #[inline]
    fn init() -> Self {
        Self([
            0x6745_2301,
            0xEFCD_AB89,
            0x98BA_DCFE,
            0x1032_5476,
            0xC3D2_E1F0,
        ])
    }

    #[inline]
    fn compress(&mut self, blocks: &[[u8; 64]]) {
        sha1::block_api::compress(&mut self.0, blocks);
    }

    #[inline]
    fn output(&self, out: &mut [u8; 32]) {
        words_to_bytes(&self.0, out);
    }
}

pub(crate) struct Sha256State([u32; 8]);

impl BlockCore for Sha256State {
    const ALGORITHM: Algorithm = Algorithm::Sha256;

    #[inline]
    fn init() -> Self {
        Self([
            0x6A09_E667,
            0xBB67_AE85,
            0x3C6E_F372,
            0xA54F_F53A,
            0x510E_527F,
            0x9B05_688C,
            0x1F83_D9AB,
            0x5BE0_CD19,
        ])
    }

    #[inline]
    fn compress(&mut self, blocks: &[[u8; 64]]) {
        sha2::block_api::compress256(&mut self.0, blocks);
    }

    #[inline]
    fn output(&self, out: &mut [u8; 32]) {
        words_to_bytes(&self.0, out);
    }
}

/// Streams bytes into a [`BlockCore`]. No allocation.
pub(crate) struct StreamHasher<C> {
    core: C,
    /// Two blocks of buffer: a signed request is usually under 120 bytes, so it is
    /// compressed in one call at `finish` (each compression call has a fixed cost: state
    /// load and store, the SHA-NI dispatch).
    buf: [u8; 128],
    /// Bytes waiting in `buf` (always < 128 between calls); the rest of `buf` is zero.
    pending: usize,
    /// Blocks compressed so far, for the padding's length.
    blocks: u64,
}

impl<C: BlockCore> StreamHasher<C> {
    #[inline]
    pub(crate) fn new() -> Self {
        Self {
            core: C::init(),
            buf: [0; 128],
            pending: 0,
            blocks: 0,
        }
    }

    /// Inlined into every piece's write: the common case is a short piece that fits in
    /// the buffer; filling it goes out of line.
    #[inline(always)]
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        let end = self.pending + bytes.len();
        if end < 128 {
            copy_short(&mut self.buf[self.pending..end], bytes);
            self.pending = end;
        } else {
            self.update_blocks(bytes);
        }
    }

    /// `update` of the first `len` (≤ 16) bytes of `text.to_le_bytes()`, whose bytes past
    /// `len` are zero: with room for all 16, one store (the zeros land past `pending`,
    /// where the buffer is zero anyway).
    #[inline(always)]
    pub(crate) fn update_packed(&mut self, text: u128, len: usize) {
        let bytes = text.to_le_bytes();
        let len = len.min(16);
        debug_assert!(bytes[len..].iter().all(|b| *b == 0));
        // With 17 bytes of room the text and its zeros fit and `pending` stays under 128.
        match self.buf.get_mut(self.pending..self.pending + 17) {
            Some(room) => {
                room[..16].copy_from_slice(&bytes);
                self.pending += len;
            }
            None => self.update(&bytes[..len]),
        }
    }

    /// `update` of a piece that fills the buffer.
    #[inline(never)]
    fn update_blocks(&mut self, mut bytes: &[u8]) {
        let (head, rest) = bytes.split_at(128 - self.pending);
        self.buf[self.pending..].copy_from_slice(head);
        self.core.compress(self.buf.as_chunks::<64>().0);
        self.blocks += 2;
        bytes = rest;
        let (blocks, rest) = bytes.as_chunks::<64>();
        if !blocks.is_empty() {
            self.core.compress(blocks);
            self.blocks += blocks.len() as u64;
        }
        // Keep the tail zero, so `finish` pads without a variable-length fill.
        self.buf = [0; 128];
        self.buf[..rest.len()].copy_from_slice(rest);
        self.pending = rest.len();
    }

    /// Pads (0x80, zeros, the bit length big-endian) and returns the digest.
    ///
    /// By reference: moving the hasher here copied the whole buffer right after the pieces'
    /// small stores, and those wide reloads stalled store forwarding. Call once: the hasher
    /// is spent afterwards.
    #[inline]
    pub(crate) fn finish(&mut self) -> Signature {
        let total = self
            .blocks
            .wrapping_mul(64)
            .wrapping_add(self.pending as u64);
        let bits = total.wrapping_mul(8).to_be_bytes();
        // `buf[pending..]` is already zero (see `update`): no variable-length fill.
        self.buf[self.pending] = 0x80;
        if self.pending < 56 {
            self.buf[56..64].copy_from_slice(&bits);
            self.core.compress(&self.buf.as_chunks::<64>().0[..1]);
        } else if self.pending < 120 {
            self.buf[120..].copy_from_slice(&bits);
            self.core.compress(self.buf.as_chunks::<64>().0);
        } else {
            self.core.compress(self.buf.as_chunks::<64>().0);
            let mut last = [0u8; 64];
            last[56..].copy_from_slice(&bits);
            self.core.compress(std::slice::from_ref(&last));
        }
        let mut digest = [0; 32];
        self.core.output(&mut digest);
        Signature::from_array(C::ALGORITHM, digest)
    }
}

/// `dst.copy_from_slice(src)` for pieces under 64 bytes, with fixed-size (overlapping)
/// moves instead of a `memmove` call, whose call and size dispatch cost more than the copy
/// of a ten-byte piece.
#[inline(always)]
fn copy_short(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    // `update` slices `dst` to `src`'s length.
    debug_assert_eq!(n, dst.len());
    if n >= 16 {
        let (chunks, _) = src.as_chunks::<16>();
        let (out, _) = dst.as_chunks_mut::<16>();
        for (o, c) in out.iter_mut().zip(chunks) {
            *o = *c;
        }
        dst[n - 16..].copy_from_slice(&src[n - 16..]);
    } else if n >= 8 {
        dst[..8].copy_from_slice(&src[..8]);
        dst[n - 8..].copy_from_slice(&src[n - 8..]);
    } else if n >= 4 {
        dst[..4].copy_from_slice(&src[..4]);
        dst[n - 4..].copy_from_slice(&src[n - 4..]);
    } else {
        for (d, s) in dst.iter_mut().zip(src) {
            *d = *s;
        }
    }
}

impl<C: BlockCore> Sink for StreamHasher<C> {
    #[inline(always)]
    fn write_str(&mut self, s: &str) {
        self.update(s.as_bytes());
    }

    #[inline(always)]
    fn write_ascii(&mut self, ascii: &[u8]) {
        self.update(ascii);
    }

    #[inline(always)]
    fn write_packed_ascii(&mut self, text: u128, len: usize) {
        self.update_packed(text, len);
    }
}

/// HASH(parts…) with `algorithm`.
pub(crate) fn hash_parts<'a>(
    algorithm: Algorithm,
    parts: impl IntoIterator<Item = &'a [u8]>,
) -> Signature {
    fn run<'a, C: BlockCore>(parts: impl IntoIterator<Item = &'a [u8]>) -> Signature {
        let mut h = StreamHasher::<C>::new();
        for part in parts {
            h.update(part);
        }
        h.finish()
    }
    match algorithm {
        Algorithm::Sha1 => run::<Sha1State>(parts),
        Algorithm::Sha256 => run::<Sha256State>(parts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest;

    /// Every length around the block and padding boundaries, fed in uneven pieces.
    #[test]
    fn matches_rustcrypto_digests() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in 0..data.len() {
            let input = &data[..len];
            for piece in [1, 3, 17, 63, 64, 65, 200] {
                let parts: Vec<&[u8]> = input.chunks(piece).collect();
                let sha1 = hash_parts(Algorithm::Sha1, parts.iter().copied());
                assert_eq!(
                    sha1.as_bytes(),
                    sha1::Sha1::digest(input).as_slice(),
                    "sha1 {len}/{piece}"
                );
                let sha256 = hash_parts(Algorithm::Sha256, parts.iter().copied());
                assert_eq!(
                    sha256.as_bytes(),
                    sha2::Sha256::digest(input).as_slice(),
                    "sha256 {len}/{piece}"
                );
            }
        }
    }

    /// A packed number written at every offset around the buffer's end (one store when
    /// all 16 bytes fit, the byte path otherwise) hashes as its bytes.
    #[test]
    fn packed_text_matches_its_bytes_at_every_offset() {
        let prefix: Vec<u8> = (0..300u32).map(|i| (i * 11 + 5) as u8).collect();
        for (text, len) in [
            (u128::from_le_bytes(*b"1315060510\0\0\0\0\0\0"), 10),
            (u128::from_le_bytes(*b"1234567890123456"), 16),
            (u128::from(b'7'), 1),
        ] {
            let bytes = &text.to_le_bytes()[..len];
            for at in 0..prefix.len() {
                for tail in [&b"abcd"[..], b""] {
                    let mut h = StreamHasher::<Sha1State>::new();
                    h.update(&prefix[..at]);
                    h.update_packed(text, len);
                    h.update(tail);
                    let want = [&prefix[..at], bytes, tail].concat();
                    assert_eq!(
                        h.finish().as_bytes(),
                        sha1::Sha1::digest(&want).as_slice(),
                        "{at} {len} {tail:?}"
                    );
                }
            }
        }
    }
}
