//! From the parsed input to a checked model: which fields are signed, under which keys, in
//! which order, and whether the struct carries its own timestamp.

use proc_macro2::{Span, TokenStream};
use syn::{Data, DeriveInput, Fields, Ident, Path, Type};

use crate::attr;
use crate::codegen;
use crate::ctxt::Ctxt;

/// The names never signed (SPEC §1.1); the same list as `cld_sign::EXCLUDED_NAMES`.
const EXCLUDED_NAMES: [&str; 5] = [
    "file",
    "cloud_name",
    "resource_type",
    "api_key",
    "signature",
];

/// The key the signer's timestamp is written under.
pub(crate) const TIMESTAMP: &str = "timestamp";

/// How a signed field's value is written.
pub(crate) enum Write {
    /// Through `SignValue`.
    Value,
    /// Through `SignSeq`, items joined with the separator.
    Joined(String),
    /// Through the user's function.
    With(Path),
}

/// A field that is signed.
pub(crate) struct SignedField<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) key: String,
    pub(crate) write: Write,
}

/// One pair of the string to sign, in sorted order.
pub(crate) enum Pair<'a> {
    Field(SignedField<'a>),
    /// The timestamp the signer supplies (`SignableAt`).
    SignerTimestamp,
}

impl Pair<'_> {
    pub(crate) fn key(&self) -> &str {
        match self {
            Pair::Field(f) => &f.key,
            Pair::SignerTimestamp => TIMESTAMP,
        }
    }
}

/// A struct ready for code generation.
pub(crate) struct Model<'a> {
    pub(crate) input: &'a DeriveInput,
    pub(crate) krate: Path,
    /// Sorted by the bytes of the keys.
    pub(crate) pairs: Vec<Pair<'a>>,
    /// Whether a field is keyed `timestamp` (`Signable`) or not (`SignableAt`).
    pub(crate) has_timestamp: bool,
}

/// Expands `#[derive(Signable)]`: the impl, or every error plus a fallback impl.
pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let container = attr::container(&mut cx, &input.attrs);
    let krate = container
        .krate
        .unwrap_or_else(|| syn::parse_quote!(::cld_sign));
    let fields = named_fields(&mut cx, input);
    let signed = signed_fields(&mut cx, fields);
    check_keys(&mut cx, &signed);
    let signed: Vec<SignedField<'_>> = signed.into_iter().map(|k| k.field).collect();
    if !cx.is_ok() {
        let mut out = cx.into_compile_errors();
        out.extend(codegen::fallback(input, &krate));
        return out;
    }
    let has_timestamp = signed.iter().any(|f| f.key == TIMESTAMP);
    let mut pairs: Vec<Pair<'_>> = signed.into_iter().map(Pair::Field).collect();
    if !has_timestamp {
        pairs.push(Pair::SignerTimestamp);
    }
    // SPEC §1.1 step 4: by the bytes of the bare names; `str`'s order is exactly that.
    pairs.sort_by(|a, b| a.key().cmp(b.key()));
    codegen::implementation(&Model {
        input,
        krate,
        pairs,
        has_timestamp,
    })
}

/// The named fields, or an error saying why this input cannot be derived.
fn named_fields<'a>(cx: &mut Ctxt, input: &'a DeriveInput) -> Vec<&'a syn::Field> {
    const WHY: &str = "the field names are the parameter names";
    match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(fields) => return fields.named.iter().collect(),
            Fields::Unnamed(fields) => cx.error(
                fields.paren_token.span.join(),
                format!("`#[derive(Signable)]` needs a struct with named fields ({WHY}); a tuple struct has none"),
            ),
            Fields::Unit => cx.error(
                input.ident.span(),
                format!("`#[derive(Signable)]` needs a struct with named fields ({WHY}); a unit struct has none"),
            ),
        },
        Data::Enum(data) => cx.error(
            data.enum_token.span,
            format!("`#[derive(Signable)]` needs a struct with named fields ({WHY}), not an enum; implement `cld_sign::SignValue` to sign an enum as one value"),
        ),
        Data::Union(data) => cx.error(
            data.union_token.span,
            format!("`#[derive(Signable)]` needs a struct with named fields ({WHY}), not a union"),
        ),
    }
    Vec::new()
}

/// A field keyed with its span (the rename literal, or the field's name).
struct Keyed<'a> {
    field: SignedField<'a>,
    span: Span,
}

fn signed_fields<'a>(cx: &mut Ctxt, fields: Vec<&'a syn::Field>) -> Vec<Keyed<'a>> {
    let mut signed = Vec::new();
    for field in fields {
        let attrs = attr::field(cx, &field.attrs);
        let Some(ident) = &field.ident else { continue };
        if attrs.exclude.is_some() {
            continue;
        }
        let (key, span) = match attrs.rename {
            Some(rename) => (rename.value, rename.value_span),
            None => (unraw(ident), ident.span()),
        };
        let write = match (attrs.join, attrs.with) {
            (_, Some(with)) => Write::With(with.value),
            (Some(join), None) => Write::Joined(join.value),
            (None, None) => Write::Value,
        };
        signed.push(Keyed {
            field: SignedField {
                ident,
                ty: &field.ty,
                key,
                write,
            },
            span,
        });
    }
    signed
}

/// Keys must be signable names, not excluded ones, and unique; `timestamp` is written as
/// it is.
fn check_keys(cx: &mut Ctxt, signed: &[Keyed<'_>]) {
    let mut seen: Vec<&Keyed<'_>> = Vec::with_capacity(signed.len());
    for keyed in signed {
        let key = keyed.field.key.as_str();
        if key.is_empty() {
            cx.error(
                keyed.span,
                "a key cannot be empty: `rename` needs a parameter name",
            );
        } else if let Some(c) = key.chars().find(|c| matches!(c, '=' | '&')) {
            cx.error(
                keyed.span,
                format!("the key `{key}` contains `{c}`, which would split the string to sign: use the parameter's real name"),
            );
        } else if EXCLUDED_NAMES.contains(&key) {
            cx.error(
                keyed.span,
                format!("`{key}` is never signed (Cloudinary excludes `file`, `cloud_name`, `resource_type`, `api_key` and `signature`): add `#[sign(exclude)]` to this field"),
            );
        }
        if key == TIMESTAMP {
            let conflicting = match &keyed.field.write {
                Write::Value => None,
                Write::Joined(_) => Some("join"),
                Write::With(_) => Some("with"),
            };
            if let Some(name) = conflicting {
                cx.error(
                    keyed.span,
                    format!("the `timestamp` field is signed as whole seconds: remove `{name}` (its type must be `cld_sign::Timestamp` or an integer)"),
                );
            }
        }
        match seen.iter().find(|s| s.field.key == keyed.field.key) {
            Some(first) => {
                cx.error(
                    keyed.span,
                    format!("duplicate key `{key}`: another field is already signed as `{key}`; rename or exclude one of them"),
                );
                cx.error(first.span, format!("note: `{key}` is first used here"));
            }
            None => seen.push(keyed),
        }
    }
}

/// `r#type` is keyed `type`.
fn unraw(ident: &Ident) -> String {
    let text = ident.to_string();
    match text.strip_prefix("r#") {
        Some(bare) => bare.to_owned(),
        None => text,
    }
}
