//! Checks the model against SPEC §1.1: no key splits the string to sign, none is an excluded
//! name, none is used twice, and a `timestamp` field is written as whole seconds. Each
//! mistake is recorded at the token that gives the key.

use crate::ast::{Key, Model, SignedField, Write};
use crate::ctxt::Ctxt;

/// The names never signed (SPEC §1.1); the same list as `cld_sign::EXCLUDED_NAMES` (a
/// proc-macro cannot read the runtime's constant; a UI case for each name keeps the two
/// in step).
const EXCLUDED_NAMES: [&str; 5] = [
    "file",
    "cloud_name",
    "resource_type",
    "api_key",
    "signature",
];

/// Records every mistake in the model's keys, field by field in source order.
pub(crate) fn model(cx: &mut Ctxt, model: &Model<'_>) {
    let mut seen: Vec<&Key> = Vec::with_capacity(model.fields.len());
    for field in &model.fields {
        let key = &field.key;
        if let Some(message) = malformed_name(key) {
            cx.error(key.span, message);
        } else if EXCLUDED_NAMES.contains(&key.name.as_str()) {
            cx.error(
                key.span,
                format!("`{}` is never signed (Cloudinary excludes `file`, `cloud_name`, `resource_type`, `api_key` and `signature`): add `#[sign(exclude)]` to this field", key.name),
            );
        }
        timestamp(cx, field);
        match seen.iter().find(|first| first.name == key.name) {
            Some(first) => {
                let name = &key.name;
                cx.error(
                    key.span,
                    format!("duplicate key `{name}`: another field is already signed as `{name}`; rename or exclude one of them"),
                );
                cx.error(first.span, format!("note: `{name}` is first used here"));
            }
            None => seen.push(key),
        }
    }
}

/// A key must be a name that cannot split the string to sign. Returns the error message
/// for a key that breaks the rule.
fn malformed_name(key: &Key) -> Option<String> {
    let name = key.name.as_str();
    if name.is_empty() {
        return Some("a key cannot be empty: `rename` needs a parameter name".to_owned());
    }
    let c = name.chars().find(|c| matches!(c, '=' | '&'))?;
    Some(format!(
        "the key `{name}` contains `{c}`, which would split the string to sign: use the parameter's real name"
    ))
}

/// `timestamp` is written as whole seconds, so it takes neither `join` nor `with`.
fn timestamp(cx: &mut Ctxt, field: &SignedField<'_>) {
    if !field.is_timestamp() {
        return;
    }
    let conflicting = match &field.write {
        Write::Value => return,
        Write::Joined(_) => "join",
        Write::With(_) => "with",
    };
    cx.error(
        field.key.span,
        format!("the `timestamp` field is signed as whole seconds: remove `{conflicting}` (its type must be `cld_sign::Timestamp` or an integer)"),
    );
}
