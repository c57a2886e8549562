//! Numbers as Cloudinary signs them: integers exactly, floats as JavaScript prints them
//! (request values) and the stack buffer the JSON text's floats are formatted in.

use std::fmt::Write as _;

/// A small stack buffer for formatting without allocation.
pub(crate) struct StackBuf<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> StackBuf<N> {
    pub(crate) const fn new() -> Self {
        Self {
            bytes: [0; N],
            len: 0,
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only `write_str` fills the buffer, and it copies whole `&str`s.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl<const N: usize> std::fmt::Write for StackBuf<N> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let dst = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// An integer's decimal text (`-` for negatives), every digit kept, on the stack.
///
/// The signing hot path hands [`Decimal::as_bytes`] to the hasher; only callers that
/// need a `&str` pay for [`Decimal::as_str`]'s UTF-8 check.
pub(crate) struct Decimal {
    /// The text is `buf[..len]`. u128::MAX has 39 digits; one more for the sign.
    buf: [u8; 40],
    len: usize,
}

impl Decimal {
    /// The text of `-magnitude` when `negative`, else of `magnitude`.
    #[inline]
    pub(crate) fn new(negative: bool, magnitude: u128) -> Self {
        match IntegerText::new(negative, magnitude) {
            IntegerText::Packed(text, len) => {
                let mut buf = [0; 40];
                buf[..16].copy_from_slice(&text.to_le_bytes());
                Self { buf, len }
            }
            IntegerText::Wide(negative, magnitude) => Self::wide(negative, magnitude),
        }
    }

    /// [`Decimal::new`] without the packed attempt (for numbers it has already refused).
    #[inline(never)]
    pub(crate) fn wide(negative: bool, magnitude: u128) -> Self {
        let mut text = Self::any(magnitude);
        if negative {
            text.buf.copy_within(..text.len, 1);
            text.buf[0] = b'-';
            text.len += 1;
        }
        text
    }

    /// Any magnitude, a digit a step (beyond 16 digits: rare).
    #[inline(never)]
    fn any(mut n: u128) -> Self {
        let mut digits = [0u8; 40];
        let mut pos = digits.len();
        loop {
            pos -= 1;
            digits[pos] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let mut buf = [0; 40];
        let len = digits.len() - pos;
        buf[..len].copy_from_slice(&digits[pos..]);
        Self { buf, len }
    }

    /// The text's bytes: ASCII digits after an optional `-`.
    #[inline]
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        // `new` writes only ASCII digits and `-`.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

/// An integer's decimal text, formatted ahead of its write: packed when it fits 16
/// characters (almost always), else the number, formatted when written.
#[derive(Clone, Copy, Debug)]
pub(crate) enum IntegerText {
    /// [`packed_decimal`]'s text and length.
    Packed(u128, usize),
    /// Sign and magnitude of a longer integer.
    Wide(bool, u128),
}

impl IntegerText {
    /// The text of `-magnitude` when `negative`, else of `magnitude`.
    #[inline(always)]
    pub(crate) fn new(negative: bool, magnitude: u128) -> Self {
        match packed_decimal(negative, magnitude) {
            Some((text, len)) => Self::Packed(text, len),
            None => Self::Wide(negative, magnitude),
        }
    }
}

/// The text of an integer of at most 16 characters (`-` and digits) packed little-endian
/// in a `u128` (its first character is the lowest byte; bytes past the length are zero),
/// with its length; `None` when longer.
///
/// Two groups of eight digits computed in registers, leading zeros shifted out: no
/// division loop, and the hasher stores the text with one write (a digit-pair loop's
/// small stores, reloaded by the hasher's copy, stalled; the timestamp was a sixth of the
/// cost of signing the docs request).
#[inline(always)]
pub(crate) fn packed_decimal(negative: bool, magnitude: u128) -> Option<(u128, usize)> {
    let limit = if negative {
        10_u64.pow(15)
    } else {
        10_u64.pow(16)
    };
    let n = u64::try_from(magnitude).ok().filter(|n| *n < limit)?;
    // The groups' bits do not overlap: `+` joins them (as `|` would).
    let digits = u128::from(eight_digits(n / 100_000_000))
        + (u128::from(eight_digits(n % 100_000_000)) << 64);
    // The length from the number, not from the digits: the hasher's next write position
    // then does not wait for the digits' multiplications. Leading zeros are the low bytes.
    let len = n.checked_ilog10().map_or(1, |log| log as usize + 1);
    let (text, len) = (digits >> ((16 - len) * 8), len);
    Some(if negative {
        ((text << 8) + u128::from(b'-'), len + 1)
    } else {
        (text, len)
    })
}

/// The eight ASCII digits of `n` (< 10^8, zero-padded) as a little-endian word: the most
/// significant digit is the lowest byte. Each step splits every lane in two at once with
/// a multiply-shift that equals the division for the lane's range (4 digits → 2 + 2 with
/// `v * 10486 >> 20 = v / 100` for v < 10^4; 2 → 1 + 1 with `v * 103 >> 10 = v / 10` for
/// v < 100; both checked exhaustively by the tests).
///
/// A step's new lanes, the quotient `q` low and the remainder `x - d·q` above it, are
/// `q + ((x - d·q) << w)`, computed as `(x << w) - q·((d << w) - 1)`: the same number with
/// one multiply after the quotient instead of a multiply, a subtraction and a shift. The
/// chain of multiplies is what the hasher waits for.
#[inline(always)]
fn eight_digits(n: u64) -> u64 {
    // `n < 10^8` fits 32 bits, whose division by a constant is a shorter multiply.
    let high = u64::from(n as u32 / 10_000);
    let x = (n << 32).wrapping_sub(high.wrapping_mul((10_000 << 32) - 1));
    let q = ((x * 10_486) >> 20) & 0x0000_007F_0000_007F;
    let x = (x << 16).wrapping_sub(q.wrapping_mul((100 << 16) - 1));
    let q = ((x * 103) >> 10) & 0x000F_000F_000F_000F;
    let x = (x << 8).wrapping_sub(q.wrapping_mul((10 << 8) - 1));
    x + u64::from_le_bytes([b'0'; 8])
}

/// Writes an integer in decimal (`-` for negatives), with every digit kept.
pub(crate) fn write_integer(negative: bool, magnitude: u128, out: &mut impl FnMut(&str)) {
    out(Decimal::new(negative, magnitude).as_str());
}

/// Writes `v` as ECMAScript's `Number.prototype.toString` does (ECMA-262 §6.1.6.1.20):
/// the shortest digits that round-trip, laid out plainly for exponents -7 < e < 21 and in
/// exponent form (`1e+21`, `1.5e-7`) outside; `-0` is `0`; `NaN`, `Infinity`, `-Infinity`.
pub(crate) fn write_js_f64(v: f64, out: &mut impl FnMut(&str)) {
    if v.is_nan() {
        return out("NaN");
    }
    if v.is_infinite() {
        return out(if v.is_sign_positive() {
            "Infinity"
        } else {
            "-Infinity"
        });
    }
    if v == 0.0 {
        return out("0");
    }
    // Rust's `{:e}` prints the shortest round-trip digits, like ECMAScript: `d.ddde-7`.
    let mut sci = StackBuf::<40>::new();
    if write!(sci, "{:e}", v.abs()).is_err() {
        return;
    }
    // Not zero, not NaN here: the sign bit is the sign.
    write_js_layout(v.is_sign_negative(), sci.as_str(), out);
}

/// Like [`write_js_f64`] but with the shortest digits of the `f32` itself, so `0.1f32` is
/// `0.1` (not the `0.10000000149011612` of its widened `f64`).
pub(crate) fn write_js_f32(v: f32, out: &mut impl FnMut(&str)) {
    if v.is_nan() || v.is_infinite() || v == 0.0 {
        return write_js_f64(f64::from(v), out);
    }
    let mut sci = StackBuf::<40>::new();
    if write!(sci, "{:e}", v.abs()).is_err() {
        return;
    }
    // Not zero, not NaN here: the sign bit is the sign.
    write_js_layout(v.is_sign_negative(), sci.as_str(), out);
}

/// Lays out Rust's `{:e}` text (`1.5e-7`, `1e21`) by ECMAScript's rules.
fn write_js_layout(negative: bool, sci: &str, out: &mut impl FnMut(&str)) {
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return;
    };
    let Ok(exp) = exp.parse::<i32>() else {
        return;
    };
    let (lead, rest) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits = StackBuf::<24>::new();
    let _ = digits.write_str(lead);
    let _ = digits.write_str(rest);
    let digits = digits.as_str();
    let k = digits.len() as i32;
    // ECMAScript's n: the value is 0.d1d2... × 10^n.
    let n = exp + 1;

    if negative {
        out("-");
    }
    if k <= n && n <= 21 {
        out(digits);
        for _ in 0..(n - k) {
            out("0");
        }
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(n as usize);
        out(int);
        out(".");
        out(frac);
    } else if -6 < n && n <= 0 {
        out("0.");
        for _ in 0..(-n) {
            out("0");
        }
        out(digits);
    } else {
        let (first, more) = digits.split_at(1);
        out(first);
        if !more.is_empty() {
            out(".");
            out(more);
        }
        // Here n > 21 or n ≤ -6: any threshold between gives the same sign.
        out(if n.is_positive() { "e+" } else { "e-" });
        write_integer(false, u128::from((n - 1).unsigned_abs()), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(v: f64) -> String {
        let mut s = String::new();
        write_js_f64(v, &mut |p| s.push_str(p));
        s
    }

    #[test]
    fn ecmascript_number_to_string() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1"),
            (2.5, "2.5"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (1e-6, "0.000001"),
            (1.25e-6, "0.00000125"),
            (1e21, "1e+21"),
            (1.5e21, "1.5e+21"),
            (1e20, "100000000000000000000"),
            (123456789012345680.0, "123456789012345680"),
            (-0.0, "0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (80.5, "80.5"),
            (90.0, "90"),
            (1700000000.5, "1700000000.5"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (0.000001234, "0.000001234"),
            (123.456, "123.456"),
        ];
        for &(v, want) in cases {
            assert_eq!(js(v), want, "{v:?}");
        }
    }

    #[test]
    fn f32_uses_its_own_shortest_digits() {
        for (v, want) in [
            (0.1f32, "0.1"),
            (-0.1, "-0.1"),
            (-1.5, "-1.5"),
            (3e-7, "3e-7"),
            (-3e21, "-3e+21"),
            (0.0, "0"),
            (-0.0, "0"),
            (f32::NAN, "NaN"),
            (f32::INFINITY, "Infinity"),
            (f32::NEG_INFINITY, "-Infinity"),
        ] {
            let mut s = String::new();
            write_js_f32(v, &mut |p| s.push_str(p));
            assert_eq!(s, want, "{v}");
        }
    }

    #[test]
    fn integers_of_every_width() {
        for n in [
            0u128,
            7,
            10,
            99,
            100,
            1315060510,
            12345678901,
            u64::MAX as u128,
            u64::MAX as u128 + 1,
        ] {
            let mut s = String::new();
            write_integer(false, n, &mut |p| s.push_str(p));
            assert_eq!(s, n.to_string());
        }
    }

    #[test]
    fn integers_keep_every_digit() {
        let mut s = String::new();
        write_integer(true, u128::MAX, &mut |p| s.push_str(p));
        assert_eq!(s, format!("-{}", u128::MAX));
    }

    #[test]
    fn lane_divisions_are_exact_over_their_range() {
        for v in 0..10_000u64 {
            assert_eq!((v * 10_486) >> 20, v / 100, "{v}");
        }
        for v in 0..100u64 {
            assert_eq!((v * 103) >> 10, v / 10, "{v}");
        }
    }

    #[test]
    fn eight_digits_of_every_shape() {
        let samples = (0..20_000u64)
            .chain((0..100_000u64).map(|i| i * 999 + 7))
            .chain([99_999_999, 10_000_000, 9_999_999, 12_345_678, 90_000_009]);
        for n in samples {
            assert_eq!(
                eight_digits(n).to_le_bytes(),
                *format!("{n:08}").as_bytes(),
                "{n}"
            );
        }
    }

    #[test]
    fn decimal_at_every_digit_count_and_sign() {
        let mut values = vec![0u128, u64::MAX as u128, u64::MAX as u128 + 1, u128::MAX];
        for digits in 0..=38u32 {
            let p = 10u128.pow(digits);
            values.extend([p - 1, p, p + 1, p / 3 * 2 + 1]);
        }
        for n in values {
            for negative in [false, true] {
                let sign = if negative { "-" } else { "" };
                let want = format!("{sign}{n}");
                let text = Decimal::new(negative, n);
                assert_eq!(text.as_bytes(), want.as_bytes());
                assert_eq!(text.as_str(), want);
            }
        }
    }
}
