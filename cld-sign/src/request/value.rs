//! How typed Rust values are written into a string to sign (see `cld_sign::request`).

use std::borrow::Cow;
use std::collections::{BTreeSet, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

use super::value_writer::ValueWriter;
use crate::number::{write_js_f32, write_js_f64};
use crate::sink::Sink;
use crate::timestamp::Timestamp;

/// One value's signed text, or what it was if it cannot be signed (reported after the
/// names and duplicates are checked, as the request rule (`cld_sign::request`) orders errors).
pub(crate) type ValueText = Result<String, String>;

/// A value that can be signed as one parameter.
///
/// Implemented for strings, `char`, `bool`, every integer type, `f32`/`f64` (JavaScript
/// formatting, the request rule (`cld_sign::request`)), [`Timestamp`](crate::Timestamp), `Option` (`None` is dropped),
/// and through references, `Box`, `Rc` and `Arc`. Sequences are signed with
/// `#[sign(join)]` and [`SignSeq`] instead.
///
/// Implement it for your own types; write the exact text that is sent:
///
/// ```
/// use cld_sign::request::{SignValue, ValueWriter};
/// use cld_sign::Sink;
///
/// enum DeliveryType { Upload, Private }
///
/// impl SignValue for DeliveryType {
///     fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
///         out.write_str(match self {
///             DeliveryType::Upload => "upload",
///             DeliveryType::Private => "private",
///         });
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be signed as a parameter value",
    label = "`{Self}` does not implement `SignValue`",
    note = "to sign a list, add `#[sign(join)]` (sent as one field; `join = \"|\"` for another separator) or `#[sign(array)]` (sent as one `name[]` field per item) to the field",
    note = "for a type you do not own, add `#[sign(with = path::to::fn)]`; for your own type, implement `cld_sign::request::SignValue`"
)]
pub trait SignValue {
    /// Writes the value's text. Writing nothing (or only empty strings) drops the pair.
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>);
}

/// A sequence signed as its items joined with a separator (`#[sign(join)]`, or
/// `#[sign(array)]` with `,`).
///
/// `["a", ""]` is `a,`; an empty sequence, `[""]` and `[None]` write nothing, so the pair is
/// dropped. Implemented for slices, arrays, `Vec`, `VecDeque`, `BTreeSet`, `Cow<[T]>`,
/// `Option` of a sequence and through references and smart pointers, for items that are
/// [`SignValue`]. An implementation of your own writes the separator with
/// [`ValueWriter::write_separator`], so that an `array` field sends each item as its own
/// `name[]` field.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a sequence that `#[sign(join)]` or `#[sign(array)]` can sign",
    label = "`join` and `array` need a slice, array, `Vec`, `VecDeque` or `BTreeSet` of signable items",
    note = "remove `join` (or `array`) to sign a single value"
)]
pub trait SignSeq {
    /// Writes the items separated by `separator`.
    fn write_joined<S: Sink + ?Sized>(&self, separator: &str, out: &mut ValueWriter<'_, S>);
}

/// `#[inline(always)]` here and on the pointer, `str`, `Option` and sequence impls: a
/// derived request's writes must all inline into the signing function, where the hasher's
/// write position stays in a register (one call boundary put it back in memory for every
/// write). Left to the inliner, `UploadParams`' optional fields were each a call, and the
/// whole walk was inlined into both hash paths instead: signing it took about a fifth
/// longer.
#[inline(always)]
fn join_items<'i, T, S>(
    mut items: impl Iterator<Item = &'i T>,
    separator: &str,
    out: &mut ValueWriter<'_, S>,
) where
    T: SignValue + 'i + ?Sized,
    S: Sink + ?Sized,
{
    if let Some(first) = items.next() {
        first.write_value(out);
    }
    for item in items {
        out.write_separator(separator);
        item.write_value(out);
    }
}

impl SignValue for str {
    #[inline(always)]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        out.write_str(self);
    }
}

impl SignValue for String {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        out.write_str(self);
    }
}

impl SignValue for Cow<'_, str> {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        out.write_str(self);
    }
}

impl SignValue for char {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        out.write_str(self.encode_utf8(&mut [0; 4]));
    }
}

impl SignValue for bool {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        out.write_str(if *self { "true" } else { "false" });
    }
}

/// An integer type: signed as its decimal text, from its sign and magnitude (given once,
/// by [`TimestampValue::__integer`], so a field and a `timestamp` write alike).
macro_rules! integer {
    ($($t:ty => |$n:ident| $parts:expr;)*) => {$(
        impl SignValue for $t {
            #[inline]
            fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
                let (negative, magnitude) = self.__integer();
                out.write_integer(negative, magnitude);
            }
        }

        impl TimestampValue for $t {
            #[inline(always)]
            fn __integer(&self) -> (bool, u128) {
                let $n = *self;
                $parts
            }
        }
    )*};
}
integer! {
    u8 => |n| (false, u128::from(n));
    u16 => |n| (false, u128::from(n));
    u32 => |n| (false, u128::from(n));
    u64 => |n| (false, u128::from(n));
    u128 => |n| (false, n);
    usize => |n| (false, n as u128);
    i8 => |n| (n < 0, u128::from(n.unsigned_abs()));
    i16 => |n| (n < 0, u128::from(n.unsigned_abs()));
    i32 => |n| (n < 0, u128::from(n.unsigned_abs()));
    i64 => |n| (n < 0, u128::from(n.unsigned_abs()));
    i128 => |n| (n < 0, n.unsigned_abs());
    isize => |n| (n < 0, n.unsigned_abs() as u128);
}

impl SignValue for f64 {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        write_js_f64(*self, &mut |s| out.write_number(s));
    }
}

impl SignValue for f32 {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        write_js_f32(*self, &mut |s| out.write_number(s));
    }
}

impl<T: SignValue> SignValue for Option<T> {
    #[inline(always)]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        if let Some(v) = self {
            v.write_value(out);
        }
    }
}

macro_rules! through_pointer {
    ($($ptr:ty),*) => {$(
        impl<T: SignValue + ?Sized> SignValue for $ptr {
            #[inline(always)]
            fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
                (**self).write_value(out);
            }
        }
        impl<T: SignSeq + ?Sized> SignSeq for $ptr {
            #[inline(always)]
            fn write_joined<S: Sink + ?Sized>(&self, separator: &str, out: &mut ValueWriter<'_, S>) {
                (**self).write_joined(separator, out);
            }
        }
    )*};
}
through_pointer!(&T, &mut T, Box<T>, Rc<T>, Arc<T>);

impl<T: SignValue> SignSeq for [T] {
    #[inline(always)]
    fn write_joined<S: Sink + ?Sized>(&self, separator: &str, out: &mut ValueWriter<'_, S>) {
        join_items(self.iter(), separator, out);
    }
}

impl<T: SignValue, const N: usize> SignSeq for [T; N] {
    #[inline(always)]
    fn write_joined<S: Sink + ?Sized>(&self, separator: &str, out: &mut ValueWriter<'_, S>) {
        join_items(self.iter(), separator, out);
    }
}

impl<T: SignValue> SignSeq for Vec<T> {
    #[inline(always)]
    fn write_joined<S: Sink + ?Sized>(&self, separator: &str, out: &mut ValueWriter<'_, S>) {
        join_items(self.iter(), separator, out);
    }
}

impl<T: SignValue> SignSeq for VecDeque<T> {
    #[inline(always)]
    fn write_joined<S: Sink + ?Sized>(&self, separator: &str, out: &mut ValueWriter<'_, S>) {
        join_items(self.iter(), separator, out);
    }
}

impl<T: SignValue> SignSeq for BTreeSet<T> {
    #[inline(always)]
    fn write_joined<S: Sink + ?Sized>(&self, separator: &str, out: &mut ValueWriter<'_, S>) {
        join_items(self.iter(), separator, out);
    }
}

impl<T: SignValue + Clone> SignSeq for Cow<'_, [T]> {
    #[inline(always)]
    fn write_joined<S: Sink + ?Sized>(&self, separator: &str, out: &mut ValueWriter<'_, S>) {
        join_items(self.iter(), separator, out);
    }
}

impl<T: SignSeq> SignSeq for Option<T> {
    #[inline(always)]
    fn write_joined<S: Sink + ?Sized>(&self, separator: &str, out: &mut ValueWriter<'_, S>) {
        if let Some(v) = self {
            v.write_joined(separator, out);
        }
    }
}

impl SignValue for Timestamp {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        let (negative, magnitude) = self.__integer();
        out.write_integer(negative, magnitude);
    }
}

impl TimestampValue for Timestamp {
    #[inline(always)]
    fn __integer(&self) -> (bool, u128) {
        (false, u128::from(self.as_secs()))
    }
}

/// A type a derived struct's `timestamp` field may have: one that always writes a value
/// (never `Option`, never a string that could be empty), as the request rule (`cld_sign::request`) requires every signed
/// request to carry a timestamp.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the type of a `timestamp` field",
    label = "a `timestamp` field must always have a value",
    note = "every signed request carries a timestamp (see `cld_sign::request`): use `cld_sign::Timestamp` (or an integer of seconds)",
    note = "to leave the timestamp to the signer, remove the field and sign with `Signer::sign_at(&request, timestamp)`"
)]
pub trait TimestampValue: SignValue {
    /// The value's sign (`true` when negative) and magnitude, which
    /// [`SignValue::write_value`] writes in decimal.
    #[doc(hidden)]
    fn __integer(&self) -> (bool, u128);
}

impl<T: TimestampValue + ?Sized> TimestampValue for &T {
    #[inline(always)]
    fn __integer(&self) -> (bool, u128) {
        (**self).__integer()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::SignatureVersion;
    use crate::request::canonical::CanonicalWriter;
    use crate::request::walk::ParamSink;

    /// `v=<text>` as a derived field writes it (`""` when the pair is dropped).
    fn pair<V: SignValue + ?Sized>(value: &V) -> String {
        let mut text = String::new();
        CanonicalWriter::new(&mut text, SignatureVersion::V2).__param_static("&v=", value);
        text
    }

    /// `v=<items joined with ;>` as a `#[sign(join = ";")]` field writes it.
    fn joined<V: SignSeq + ?Sized>(value: &V) -> String {
        let mut text = String::new();
        CanonicalWriter::new(&mut text, SignatureVersion::V2)
            .__param_static_joined("&v=", ";", value);
        text
    }

    #[test]
    fn every_value_type_writes_its_text() {
        assert_eq!(pair("a&b"), "v=a%26b");
        assert_eq!(pair(&String::from("s")), "v=s");
        assert_eq!(pair(&Cow::Borrowed("cow")), "v=cow");
        assert_eq!(pair(&Cow::<str>::Owned("owned".into())), "v=owned");
        assert_eq!(pair(&'é'), "v=é");
        assert_eq!(pair(&'&'), "v=%26");
        assert_eq!(pair(&true), "v=true");
        assert_eq!(pair(&-1.5f32), "v=-1.5");
        assert_eq!(pair(&0.1f32), "v=0.1");
        assert_eq!(pair(&2.5f64), "v=2.5");
        assert_eq!(pair(&Some(7u8)), "v=7");
        assert_eq!(pair(&None::<u8>), "");
        assert_eq!(pair(&Timestamp::from_secs(1_315_060_510)), "v=1315060510");
        assert_eq!(pair(&Box::new(-3i64)), "v=-3");
        assert_eq!(pair(&Rc::new("rc")), "v=rc");
        assert_eq!(pair(&Arc::new("arc")), "v=arc");
        assert_eq!(pair(&&mut String::from("mut")), "v=mut");
    }

    #[test]
    fn every_sequence_type_joins_its_items() {
        let items = ["a", "", "c&"];
        assert_eq!(joined(&items), "v=a;;c%26");
        assert_eq!(joined(&items[..]), "v=a;;c%26");
        assert_eq!(joined(&items.to_vec()), "v=a;;c%26");
        assert_eq!(joined(&VecDeque::from(items)), "v=a;;c%26");
        assert_eq!(joined(&BTreeSet::from(["b", "a"])), "v=a;b");
        assert_eq!(joined(&Cow::Borrowed(&items[..])), "v=a;;c%26");
        assert_eq!(joined(&Some(vec![1, 2])), "v=1;2");
        assert_eq!(joined(&None::<Vec<u8>>), "");
        assert_eq!(joined(&Box::new([true, false])), "v=true;false");
        assert_eq!(joined(&Rc::new(vec!['x'])), "v=x");
        assert_eq!(joined(&Arc::new(vec![1.5f64])), "v=1.5");
        assert_eq!(joined::<[&str]>(&[]), "");
        assert_eq!(joined(&[""]), "");
        assert_eq!(joined(&[None::<u8>]), "");
    }
}
