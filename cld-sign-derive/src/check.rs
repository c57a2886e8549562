//! Checks the model against the request rule (`cld_sign::request`): every key is a parameter name, none is an excluded
//! name, none is used twice, and a `timestamp` field is written as whole seconds. Each
//! mistake is recorded at the token that gives the key.

use crate::ast::{Key, KeySource, Model, SignedField, Write};
use crate::ctxt::Ctxt;

/// The names never signed (see `cld_sign::request`); the same list as `cld_sign::request::EXCLUDED_NAMES` (a
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

/// step 2 of the request rule: a name is one or more of `a-z`, `0-9`, `_`. Anything else could not
/// be sent as an Upload API parameter, and `&` or `=` would split the string to sign.
/// Returns the error message for a key that breaks the rule.
fn malformed_name(key: &Key) -> Option<String> {
    const RULE: &str = "parameter names are one or more lower-case ASCII letters, digits and `_` (see `cld_sign::request`)";
    let name = key.name.as_str();
    let what = if name.is_empty() {
        "an empty key is not a parameter name".to_owned()
    } else {
        let bad = name.chars().find(|&c| !is_name_char(c))?;
        let subject = match key.source {
            KeySource::Rename => "the key",
            KeySource::FieldName => "the field name",
        };
        // Escaped, so a control character in the key does not reach the terminal raw.
        format!(
            "{subject} `{}` is not a parameter name: it contains {}",
            name.escape_debug(),
            describe(bad)
        )
    };
    let fix = match (key.source, snake_case(name)) {
        (KeySource::Rename, Some(fixed)) => {
            format!("use the parameter's real name, e.g. `rename = \"{fixed}\"`")
        }
        (KeySource::Rename, None) => "use the parameter's real name in `rename = \"…\"`".to_owned(),
        (KeySource::FieldName, Some(fixed)) => {
            format!("rename the key with `#[sign(rename = \"{fixed}\")]`")
        }
        (KeySource::FieldName, None) => "rename the key with `#[sign(rename = \"…\")]`".to_owned(),
    };
    Some(format!("{what}; {RULE}; {fix}"))
}

fn is_name_char(c: char) -> bool {
    matches!(c, 'a'..='z' | '0'..='9' | '_')
}

/// The offending character, named so it is recognisable in the message.
fn describe(c: char) -> String {
    match c {
        'A'..='Z' => format!("the upper-case letter `{c}`"),
        ' ' => "a space".to_owned(),
        '&' | '=' => format!("`{c}`, which would split the string to sign"),
        c if c.is_whitespace() || c.is_control() => format!("the character {}", c.escape_default()),
        c if !c.is_ascii() => format!("the non-ASCII character `{c}`"),
        c => format!("`{c}`"),
    }
}

/// The snake_case name a key most likely means (`publicId`, `Public-Id` and `public id`
/// all give `public_id`), or `None` when no such guess is safe: a key holding `&`, `=`
/// or non-ASCII text is not one misspelt name, and a `.` usually means a nested value
/// (`context.alt`), not a word break.
fn snake_case(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous: Option<char> = None;
    for c in name.chars() {
        match c {
            'A'..='Z' => {
                // A word boundary in camelCase: `publicId` → `public_id`, `HTTP` → `http`.
                if previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit()) {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            }
            '-' | ' ' => out.push('_'),
            c if is_name_char(c) => out.push(c),
            _ => return None,
        }
        previous = Some(c);
    }
    (!out.is_empty()).then_some(out)
}

/// `timestamp` is written as whole seconds, so it takes no `join`, `array` or `with`.
fn timestamp(cx: &mut Ctxt, field: &SignedField<'_>) {
    if !field.is_timestamp() {
        return;
    }
    let conflicting = match &field.write {
        Write::Value => return,
        Write::Joined(_) => "join",
        Write::Array => "array",
        Write::With(_) => "with",
    };
    cx.error(
        field.key.span,
        format!("the `timestamp` field is signed as whole seconds: remove `{conflicting}` (its type must be `cld_sign::Timestamp` or an integer)"),
    );
}
