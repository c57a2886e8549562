//! What a [`Signer`](crate::Signer) signs: a set of parameters that writes itself canonically.

use crate::{CanonicalWriter, Sink, Timestamp};

/// A set of parameters that carries its own `timestamp` and writes itself, sorted and
/// filtered, into a [`CanonicalWriter`].
///
/// Implemented by `#[derive(Signable)]` for structs with a `timestamp` field, and by
/// [`Params`](crate::Params). Sign it with [`Signer::sign`](crate::Signer::sign).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be signed with `Signer::sign`",
    label = "`{Self}` does not implement `Signable`",
    note = "add `#[derive(cld_sign::Signable)]`; a struct without a `timestamp` field is signed with `Signer::sign_at(&request, timestamp)`"
)]
pub trait Signable {
    /// Writes every signed pair, sorted by name, excluded names left out.
    fn write_params<S: Sink + ?Sized>(&self, out: &mut CanonicalWriter<'_, S>);
}

/// A set of parameters without a `timestamp` field: the signer supplies the timestamp, and
/// it is written in its sorted place.
///
/// Implemented by `#[derive(Signable)]` for structs without a `timestamp` field. Sign it
/// with [`Signer::sign_at`](crate::Signer::sign_at); since it has no timestamp of its own,
/// it cannot be passed to [`Signer::sign`](crate::Signer::sign), so a request can never be
/// signed without one.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be signed with `Signer::sign_at`",
    label = "`{Self}` does not implement `SignableAt`",
    note = "`sign_at` is for derived structs without a `timestamp` field; a struct with one is signed with `Signer::sign(&request)`"
)]
pub trait SignableAt {
    /// Writes every signed pair, with `timestamp` in its sorted place.
    fn write_params_at<S: Sink + ?Sized>(
        &self,
        timestamp: Timestamp,
        out: &mut CanonicalWriter<'_, S>,
    );
}
