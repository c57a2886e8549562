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
use crate::ampersand::{
    ampersand_bits, ampersand_bits_4_4, ampersand_bits_16, contains_ampersand, word,
};
use crate::signature::Signature;
use crate::sink::{Sealed, Sink};

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

/// The block buffer and the compression state, apart from the write position (see
/// [`StreamHasher`]).
pub(crate) struct Blocks<C> {
    core: C,
    /// Two blocks of buffer: a signed request is usually under 120 bytes, so it is
    /// compressed in one call at `finish` (each compression call has a fixed cost: state
    /// load and store, the SHA-NI dispatch). Past the hasher's `pending` bytes it is zero.
    buf: [u8; 128],
    /// Blocks compressed so far, for the padding's length.
    compressed: u64,
}

/// Streams bytes into a [`BlockCore`]. No allocation.
///
/// The write position is kept apart from the buffer it indexes. The compiler keeps a field
/// in a register only when its struct is never addressed at a run-time offset, and the
/// buffer's writes are: with the two together, every piece stored `pending` and the next
/// reloaded it. Apart, it stays in a register through a request's inlined writes.
pub(crate) struct StreamHasher<'b, C> {
    blocks: &'b mut Blocks<C>,
    /// Bytes waiting in the buffer (always < 128 between calls).
    pending: usize,
}

/// The digest of what `write` streams into a fresh hasher.
#[inline(always)]
pub(crate) fn hash_with<C: BlockCore>(write: impl FnOnce(&mut StreamHasher<'_, C>)) -> Signature {
    let mut blocks = Blocks {
        core: C::init(),
        buf: [0; 128],
        compressed: 0,
    };
    let mut hasher = StreamHasher {
        blocks: &mut blocks,
        pending: 0,
    };
    write(&mut hasher);
    hasher.finish()
}

impl<C: BlockCore> StreamHasher<'_, C> {
    /// Inlined into every piece's write: the common case is a short piece that fits in
    /// the buffer; filling it goes out of line.
    #[inline(always)]
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        let end = self.pending + bytes.len();
        if end < 128 {
            let _ = copy_short(&mut self.blocks.buf[self.pending..end], bytes);
            self.pending = end;
        } else {
            self.pending = self.blocks.fill(self.pending, bytes);
        }
    }

    /// `update` of `bytes` unless they hold a `&`; whether it wrote them.
    #[inline(always)]
    pub(crate) fn update_without_ampersand(&mut self, bytes: &[u8]) -> bool {
        let end = self.pending + bytes.len();
        if end < 128 {
            let room = &mut self.blocks.buf[self.pending..end];
            if copy_short(room, bytes) {
                self.pending = end;
                return true;
            }
            // Undo the copy: the buffer past `pending` stays zero.
            room.fill(0);
            false
        } else if contains_ampersand(bytes) {
            false
        } else {
            self.pending = self.blocks.fill(self.pending, bytes);
            true
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
        match self.blocks.buf.get_mut(self.pending..self.pending + 17) {
            Some(room) => {
                // Two 8-byte stores of the halves' registers: going through `bytes` stored
                // them to the stack and reloaded 16 bytes, a load that store forwarding
                // cannot serve (it stalled until both stores reached the cache).
                room[..8].copy_from_slice(&(text as u64).to_le_bytes());
                room[8..16].copy_from_slice(&((text >> 64) as u64).to_le_bytes());
                self.pending += len;
            }
            None => self.update(&bytes[..len]),
        }
    }

    /// Pads (0x80, zeros, the bit length big-endian) and returns the digest.
    #[inline(always)]
    fn finish(self) -> Signature {
        let (blocks, pending) = (self.blocks, self.pending);
        let total = blocks
            .compressed
            .wrapping_mul(64)
            .wrapping_add(pending as u64);
        let bits = total.wrapping_mul(8).to_be_bytes();
        // `buf[pending..]` is already zero (see `update`): no variable-length fill.
        blocks.buf[pending] = 0x80;
        if pending < 56 {
            blocks.buf[56..64].copy_from_slice(&bits);
            blocks.core.compress(&blocks.buf.as_chunks::<64>().0[..1]);
        } else if pending < 120 {
            blocks.buf[120..].copy_from_slice(&bits);
            blocks.core.compress(blocks.buf.as_chunks::<64>().0);
        } else {
            blocks.core.compress(blocks.buf.as_chunks::<64>().0);
            let mut last = [0u8; 64];
            last[56..].copy_from_slice(&bits);
            blocks.core.compress(std::slice::from_ref(&last));
        }
        let mut digest = [0; 32];
        blocks.core.output(&mut digest);
        Signature::from_array(C::ALGORITHM, digest)
    }
}

impl<C: BlockCore> Blocks<C> {
    /// [`Sink::write_str_escaping_ampersands`] after `pending` bytes; the new `pending`.
    #[inline(never)]
    fn write_escaping_ampersands(&mut self, pending: usize, s: &str) -> usize {
        let mut hasher = StreamHasher {
            blocks: self,
            pending,
        };
        crate::sink::write_escaping_ampersands(&mut hasher, s);
        hasher.pending
    }

    /// Writes a piece that fills the buffer after `pending` bytes: compresses, and returns
    /// the new `pending`. Out of line: most requests never get here.
    #[inline(never)]
    fn fill(&mut self, pending: usize, bytes: &[u8]) -> usize {
        let (head, rest) = bytes.split_at(128 - pending);
        self.buf[pending..].copy_from_slice(head);
        self.core.compress(self.buf.as_chunks::<64>().0);
        self.compressed += 2;
        let (blocks, rest) = rest.as_chunks::<64>();
        if !blocks.is_empty() {
            self.core.compress(blocks);
            self.compressed += blocks.len() as u64;
        }
        // Keep the tail zero, so `finish` pads without a variable-length fill.
        self.buf = [0; 128];
        self.buf[..rest.len()].copy_from_slice(rest);
        rest.len()
    }
}

/// `dst.copy_from_slice(src)` for pieces under 128 bytes, with fixed-size (overlapping)
/// moves instead of a `memmove` call, whose call and size dispatch cost more than the copy
/// of a ten-byte piece. Returns whether `src` holds no `&`, found in the words it moves
/// (when it does, `dst` holds some or all of `src`); callers that do not escape ignore it,
/// and the check compiles away.
#[inline(always)]
fn copy_short(dst: &mut [u8], src: &[u8]) -> bool {
    let n = src.len();
    // The callers slice `dst` to `src`'s length.
    debug_assert_eq!(n, dst.len());
    let found = if n >= 16 {
        let mut found = 0;
        let (chunks, _) = src.as_chunks::<16>();
        let (out, _) = dst.as_chunks_mut::<16>();
        for (o, c) in out.iter_mut().zip(chunks) {
            *o = *c;
            found |= ampersand_bits_16(c);
        }
        // The last 16 bytes, overlapping the chunks.
        let (_, last) = src.as_rchunks::<16>();
        let (_, out) = dst.as_rchunks_mut::<16>();
        if let (Some(last), Some(out)) = (last.last(), out.last_mut()) {
            *out = *last;
            found |= ampersand_bits_16(last);
        }
        found
    } else if n >= 8 {
        let (head, tail) = (word(src), word(&src[n - 8..]));
        dst[..8].copy_from_slice(&head.to_le_bytes());
        dst[n - 8..].copy_from_slice(&tail.to_le_bytes());
        ampersand_bits(head) | ampersand_bits(tail)
    } else if n >= 4 {
        let (mut head, mut tail) = ([0; 4], [0; 4]);
        head.copy_from_slice(&src[..4]);
        tail.copy_from_slice(&src[n - 4..]);
        dst[..4].copy_from_slice(&head);
        dst[n - 4..].copy_from_slice(&tail);
        ampersand_bits_4_4(&head, &tail)
    } else {
        let mut found = 0;
        for (d, s) in dst.iter_mut().zip(src) {
            *d = *s;
            found |= u64::from(*s == b'&');
        }
        found
    };
    found == 0
}

impl<C: BlockCore> Sink for StreamHasher<'_, C> {
    #[inline(always)]
    fn write_str(&mut self, s: &str) {
        self.update(s.as_bytes());
    }

    #[inline(always)]
    fn write_str_without_ampersand(&mut self, s: &str, _: Sealed) -> bool {
        self.update_without_ampersand(s.as_bytes())
    }

    /// Out of line, with the write position passed and returned by value: handing over
    /// `&mut self` would take the hasher's address and cost every other write a store and
    /// reload of `pending`.
    #[inline(always)]
    fn write_str_escaping_ampersands(&mut self, s: &str, _: Sealed) {
        self.pending = self.blocks.write_escaping_ampersands(self.pending, s);
    }

    #[inline(always)]
    fn write_ascii(&mut self, ascii: &[u8], _: Sealed) {
        self.update(ascii);
    }

    #[inline(always)]
    fn write_packed_ascii(&mut self, text: u128, len: usize, _: Sealed) {
        self.update_packed(text, len);
    }
}

/// HASH(parts…) with `algorithm`.
pub(crate) fn hash_parts<'a>(
    algorithm: Algorithm,
    parts: impl IntoIterator<Item = &'a [u8]>,
) -> Signature {
    fn run<'a, C: BlockCore>(parts: impl IntoIterator<Item = &'a [u8]>) -> Signature {
        hash_with::<C>(|h| {
            for part in parts {
                h.update(part);
            }
        })
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
                    let signature = hash_with::<Sha1State>(|h| {
                        h.update(&prefix[..at]);
                        h.update_packed(text, len);
                        h.update(tail);
                    });
                    let want = [&prefix[..at], bytes, tail].concat();
                    assert_eq!(
                        signature.as_bytes(),
                        sha1::Sha1::digest(&want).as_slice(),
                        "{at} {len} {tail:?}"
                    );
                }
            }
        }
    }

    /// A piece with a `&` anywhere is refused and leaves no trace (the next bytes hash as
    /// if it was never offered); a piece without is written. At every offset around the
    /// buffer's end, for every length the copy distinguishes.
    #[test]
    fn pieces_with_an_ampersand_are_refused_without_a_trace() {
        let prefix: Vec<u8> = (0..200u32).map(|i| b'a' + (i % 26) as u8).collect();
        for len in [0, 1, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 40] {
            let clean: Vec<u8> = (0..len).map(|i| b'0' + (i % 10) as u8).collect();
            let mut pieces = vec![(clean.clone(), true)];
            for at in 0..len {
                let mut dirty = clean.clone();
                dirty[at] = b'&';
                pieces.push((dirty, false));
            }
            // Every offset, and with nothing after the piece (it may end the buffer).
            for (at, tail) in (0..prefix.len()).flat_map(|at| [(at, &b"tail"[..]), (at, b"")]) {
                for (piece, expected) in &pieces {
                    let mut wrote = None;
                    let signature = hash_with::<Sha1State>(|h| {
                        h.update(&prefix[..at]);
                        wrote = Some(h.update_without_ampersand(piece));
                        if !tail.is_empty() {
                            h.update(tail);
                        }
                    });
                    assert_eq!(wrote, Some(*expected), "{at} {piece:?}");
                    let written: &[u8] = if *expected { piece } else { b"" };
                    let want = [&prefix[..at], written, tail].concat();
                    assert_eq!(
                        signature.as_bytes(),
                        sha1::Sha1::digest(&want).as_slice(),
                        "{at} {piece:?}"
                    );
                }
            }
        }
    }
}
