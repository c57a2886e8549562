//! The one walk of a derived struct: `#[derive(Signable)]` generates a single method that
//! hands every signed pair, in sorted order, to a [`ParamSink`]. Signing runs it into the
//! [`CanonicalWriter`] (into the hasher: no allocation), the form to send runs it into a
//! collecting sink (`form::FormWriter`), so what is sent can never differ from what is
//! signed.

use super::canonical::CanonicalWriter;
use super::value::{SignSeq, SignValue, TimestampValue};
use super::value_writer::{Key, ValueWriter};
use crate::number::IntegerText;
use crate::sink::Sink;

/// Where a derived struct's walk hands its pairs: one method per way a field is written.
/// Each `prefix` is `"&name="`, the name known at compile time.
#[doc(hidden)]
pub trait ParamSink {
    /// Where a `#[sign(with = path)]` function writes its text.
    type Text: Sink + ?Sized;

    /// A value ([`SignValue`]).
    fn __param_static<V: SignValue + ?Sized>(&mut self, prefix: &'static str, value: &V);

    /// A sequence joined with `separator`, sent as one field (`#[sign(join)]`).
    fn __param_static_joined<V: SignSeq + ?Sized>(
        &mut self,
        prefix: &'static str,
        separator: &'static str,
        value: &V,
    );

    /// A sequence signed as its items joined with `,` and sent as one `name[]` field per
    /// item (`#[sign(array)]`).
    fn __param_static_array<V: SignSeq + ?Sized>(&mut self, prefix: &'static str, value: &V);

    /// A value formatted by a `#[sign(with = path)]` function.
    fn __param_static_with<F: FnOnce(&mut ValueWriter<'_, Self::Text>)>(
        &mut self,
        prefix: &'static str,
        write: F,
    );

    /// Formats a derived struct's `timestamp` field (or the signer's timestamp) for
    /// [`__param_static_timestamp`](Self::__param_static_timestamp). Only types that always
    /// write a value are accepted, so a derived request can never be signed without a
    /// timestamp.
    ///
    /// The walk calls it before the first pair: the decimal conversion is a chain of
    /// multiplies, and started there it runs while the pairs ahead of `timestamp` are
    /// written, instead of holding up the hash at its place near the end.
    #[inline(always)]
    fn __timestamp_text<V: TimestampValue + ?Sized>(&self, value: &V) -> TimestampText {
        let (negative, magnitude) = value.__integer();
        TimestampText(IntegerText::new(negative, magnitude))
    }

    /// The timestamp formatted by [`__timestamp_text`](Self::__timestamp_text).
    fn __param_static_timestamp(&mut self, prefix: &'static str, text: TimestampText);
}

/// A timestamp's decimal text, formatted ahead of its write (see
/// [`ParamSink::__timestamp_text`]).
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct TimestampText(pub(crate) IntegerText);

/// Signing: every pair streamed as `name=value` text (into the hasher, or a `String` to
/// show it). Every method is inlined: one out-of-line call that takes the writer puts the
/// hasher's write position back in memory for every write of the walk.
impl<S: Sink + ?Sized> ParamSink for CanonicalWriter<'_, S> {
    type Text = S;

    #[inline(always)]
    fn __param_static<V: SignValue + ?Sized>(&mut self, prefix: &'static str, value: &V) {
        value.write_value(&mut self.value_writer(Key::Static(prefix)));
    }

    #[inline(always)]
    fn __param_static_joined<V: SignSeq + ?Sized>(
        &mut self,
        prefix: &'static str,
        separator: &'static str,
        value: &V,
    ) {
        value.write_joined(separator, &mut self.value_writer(Key::Static(prefix)));
    }

    #[inline(always)]
    fn __param_static_array<V: SignSeq + ?Sized>(&mut self, prefix: &'static str, value: &V) {
        value.write_joined(",", &mut self.value_writer(Key::Static(prefix)));
    }

    #[inline(always)]
    fn __param_static_with<F: FnOnce(&mut ValueWriter<'_, S>)>(
        &mut self,
        prefix: &'static str,
        write: F,
    ) {
        write(&mut self.value_writer(Key::Static(prefix)));
    }

    #[inline(always)]
    fn __param_static_timestamp(&mut self, prefix: &'static str, text: TimestampText) {
        self.value_writer(Key::Static(prefix))
            .write_integer_text(text.0);
    }
}
