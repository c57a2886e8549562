//! The model of a struct to derive: which fields are signed, under which keys and how
//! their values are written. Types only: `read` builds it, `check` validates it and
//! `codegen` turns it into the impl.

use proc_macro2::Span;
use syn::{DeriveInput, Ident, Path, Type};

/// The key the timestamp is signed under, whether a field or the signer supplies it.
pub(crate) const TIMESTAMP: &str = "timestamp";

/// A struct as written, reduced to what signing needs.
pub(crate) struct Model<'a> {
    pub(crate) input: &'a DeriveInput,
    /// The path of the runtime crate (`::cld_sign` unless `#[sign(crate = "…")]`).
    pub(crate) krate: Path,
    /// The signed fields in declaration order, so errors come out in source order;
    /// `codegen` sorts them by key.
    pub(crate) fields: Vec<SignedField<'a>>,
    /// Whether a field is keyed `timestamp` (`Signable`) or not (`SignableAt`).
    pub(crate) has_timestamp: bool,
}

/// A field that is signed (excluded fields are not in the model).
pub(crate) struct SignedField<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) key: Key,
    pub(crate) write: Write,
}

impl SignedField<'_> {
    /// Whether this field is the struct's own timestamp, written as whole seconds.
    pub(crate) fn is_timestamp(&self) -> bool {
        self.key.name == TIMESTAMP
    }
}

/// The parameter name a field is signed under.
pub(crate) struct Key {
    pub(crate) name: String,
    /// The token that gives the name, where errors about the key point.
    pub(crate) span: Span,
    pub(crate) source: KeySource,
}

/// Where a key comes from; the fix for a bad key depends on it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeySource {
    /// The field's name, without `r#`.
    FieldName,
    /// `#[sign(rename = "…")]`.
    Rename,
}

/// How a signed field's value is written.
pub(crate) enum Write {
    /// Through `SignValue` (or `TimestampValue` for the timestamp).
    Value,
    /// Through `SignSeq`, items joined with the separator, sent as one field.
    Joined(String),
    /// Through `SignSeq`, items joined with `,`, sent as one `name[]` field per item.
    Array,
    /// Through the user's function.
    With(Path),
}
