//! Reads the derive input into the model: the named fields, their `#[sign(...)]`
//! attributes, and the key each signed field goes under. Nothing is judged here beyond
//! the shape of the input; `check` validates the keys.

use syn::{Data, DeriveInput, Fields, Ident};

use crate::ast::{Key, KeySource, Model, SignedField, Write};
use crate::attr;
use crate::ctxt::Ctxt;

/// The model of `input`. After an error the model is still usable for the fallback impl
/// (it may just have no fields).
pub(crate) fn model<'a>(cx: &mut Ctxt, input: &'a DeriveInput) -> Model<'a> {
    let container = attr::container(cx, &input.attrs);
    let krate = container
        .krate
        .unwrap_or_else(|| syn::parse_quote!(::cld_sign));
    let fields = named_fields(cx, input);
    let fields = signed_fields(cx, fields);
    let has_timestamp = fields.iter().any(|f| f.is_timestamp());
    Model {
        input,
        krate,
        fields,
        has_timestamp,
    }
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
            format!("`#[derive(Signable)]` needs a struct with named fields ({WHY}), not an enum; implement `cld_sign::request::SignValue` to sign an enum as one value"),
        ),
        Data::Union(data) => cx.error(
            data.union_token.span,
            format!("`#[derive(Signable)]` needs a struct with named fields ({WHY}), not a union"),
        ),
    }
    Vec::new()
}

/// Every field's attributes are parsed (so their mistakes are reported), but only the
/// fields not excluded enter the model.
fn signed_fields<'a>(cx: &mut Ctxt, fields: Vec<&'a syn::Field>) -> Vec<SignedField<'a>> {
    let mut signed = Vec::new();
    for field in fields {
        let attrs = attr::field(cx, &field.attrs);
        // Named fields always have an ident; `named_fields` gave only those.
        let Some(ident) = &field.ident else { continue };
        if attrs.exclude.is_some() {
            continue;
        }
        let key = match attrs.rename {
            Some(rename) => Key {
                name: rename.value,
                span: rename.value_span,
                source: KeySource::Rename,
            },
            None => Key {
                name: unraw(ident),
                span: ident.span(),
                source: KeySource::FieldName,
            },
        };
        let write = match (attrs.join, attrs.array, attrs.with) {
            // `join`, `array` and `with` together are already an error (from `attr`), so
            // which one wins here never reaches generated code.
            (_, _, Some(with)) => Write::With(with.value),
            (_, Some(_), None) => Write::Array,
            (Some(join), None, None) => Write::Joined(join.value),
            (None, None, None) => Write::Value,
        };
        signed.push(SignedField {
            ident,
            ty: &field.ty,
            key,
            write,
        });
    }
    signed
}

/// `r#type` is keyed `type`.
fn unraw(ident: &Ident) -> String {
    let text = ident.to_string();
    match text.strip_prefix("r#") {
        Some(bare) => bare.to_owned(),
        None => text,
    }
}
