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

/// "00" "01" … "99", for formatting two digits at a time.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Writes an integer in decimal (`-` for negatives), with every digit kept.
pub(crate) fn write_integer(negative: bool, magnitude: u128, out: &mut impl FnMut(&str)) {
    // u128::MAX has 39 digits; one more for the sign.
    let mut buf = [0u8; 40];
    let mut pos = buf.len();
    // Most values fit in a u64, whose division is one instruction; a u128's is a library
    // call per digit (which tripled the cost of signing a derived request's timestamp).
    match u64::try_from(magnitude) {
        Ok(mut n) => {
            // Two digits a step: a 10-digit timestamp is five table reads.
            while n >= 100 {
                let pair = (n % 100) as usize * 2;
                n /= 100;
                pos -= 2;
                buf[pos..pos + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
            }
            if n >= 10 {
                let pair = n as usize * 2;
                pos -= 2;
                buf[pos..pos + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
            } else {
                pos -= 1;
                buf[pos] = b'0' + n as u8;
            }
        }
        Err(_) => {
            let mut n = magnitude;
            loop {
                pos -= 1;
                buf[pos] = b'0' + (n % 10) as u8;
                n /= 10;
                if n == 0 {
                    break;
                }
            }
        }
    }
    if negative {
        pos -= 1;
        buf[pos] = b'-';
    }
    out(std::str::from_utf8(&buf[pos..]).unwrap_or_default());
}

/// Writes `v` as ECMAScript's `Number.prototype.toString` does (ECMA-262 §6.1.6.1.20):
/// the shortest digits that round-trip, laid out plainly for exponents -7 < e < 21 and in
/// exponent form (`1e+21`, `1.5e-7`) outside; `-0` is `0`; `NaN`, `Infinity`, `-Infinity`.
pub(crate) fn write_js_f64(v: f64, out: &mut impl FnMut(&str)) {
    if v.is_nan() {
        return out("NaN");
    }
    if v.is_infinite() {
        return out(if v > 0.0 { "Infinity" } else { "-Infinity" });
    }
    if v == 0.0 {
        return out("0");
    }
    // Rust's `{:e}` prints the shortest round-trip digits, like ECMAScript: `d.ddde-7`.
    let mut sci = StackBuf::<40>::new();
    if write!(sci, "{:e}", v.abs()).is_err() {
        return;
    }
    write_js_layout(v < 0.0, sci.as_str(), out);
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
    write_js_layout(v < 0.0, sci.as_str(), out);
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
        out(if n > 0 { "e+" } else { "e-" });
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
        let mut s = String::new();
        write_js_f32(0.1, &mut |p| s.push_str(p));
        assert_eq!(s, "0.1");
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
}
