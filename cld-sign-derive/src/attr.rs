//! Parsing of `#[sign(...)]` attributes: each mistake is recorded at its exact token and
//! parsing goes on, so every mistake is reported at once.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, ExprLit, ExprPath, Lit, LitStr, Path, Token};

use crate::ctxt::Ctxt;

const FIELD_KEYS: &str =
    "`exclude`, `rename = \"key\"`, `join`, `join = \"separator\"`, `array`, `with = path`";

/// A value with the span of the attribute that set it.
pub(crate) struct Attr<T> {
    pub(crate) value: T,
    /// The span of the attribute's key (`rename`, `join`, ...).
    pub(crate) key_span: Span,
    /// The span of the attribute's value (the literal or path), or of the key if none.
    pub(crate) value_span: Span,
}

/// The container attributes: `#[sign(crate = "path")]`.
#[derive(Default)]
pub(crate) struct Container {
    pub(crate) krate: Option<Path>,
}

/// The attributes of one field.
#[derive(Default)]
pub(crate) struct Field {
    pub(crate) exclude: Option<Attr<()>>,
    pub(crate) rename: Option<Attr<String>>,
    /// The separator (`,` when `join` has no value).
    pub(crate) join: Option<Attr<String>>,
    pub(crate) array: Option<Attr<()>>,
    pub(crate) with: Option<Attr<Path>>,
}

/// Parses the container's `#[sign(...)]` attributes.
pub(crate) fn container(cx: &mut Ctxt, attrs: &[Attribute]) -> Container {
    let mut out = Container::default();
    for attr in sign_attrs(attrs) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                let lit = string_value(&meta, "crate = \"path\"")?;
                if out.krate.is_some() {
                    cx.error(meta.path.span(), "duplicate `crate` attribute");
                }
                match lit.parse::<Path>() {
                    Ok(path) => out.krate = Some(respan_path(path, lit.span())),
                    Err(_) => cx.error(
                        lit.span(),
                        format!(
                            "`{}` is not a path: expected e.g. `crate = \"my_crate::cld_sign\"`",
                            lit.value()
                        ),
                    ),
                }
                Ok(())
            } else {
                cx.error(
                    meta.path.span(),
                    format!(
                        "unknown container attribute `{}`: a struct takes `crate = \"path\"`; {}",
                        path_text(&meta.path),
                        "field attributes go on the fields"
                    ),
                );
                skip_value(&meta)
            }
        });
        if let Err(e) = parsed {
            cx.push(e);
        }
    }
    out
}

/// Parses a field's `#[sign(...)]` attributes and checks that they go together.
pub(crate) fn field(cx: &mut Ctxt, attrs: &[Attribute]) -> Field {
    let mut out = Field::default();
    for attr in sign_attrs(attrs) {
        let parsed = attr.parse_nested_meta(|meta| parse_field_key(cx, &mut out, &meta));
        if let Err(e) = parsed {
            cx.push(e);
        }
    }
    check_combination(cx, &out);
    out
}

fn parse_field_key(cx: &mut Ctxt, out: &mut Field, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    let key_span = meta.path.span();
    let name = path_text(&meta.path);
    let duplicate = match name.as_str() {
        "exclude" => {
            no_value(cx, meta, "exclude")?;
            set(
                &mut out.exclude,
                Attr {
                    value: (),
                    key_span,
                    value_span: key_span,
                },
            )
        }
        "array" => {
            no_value(cx, meta, "array")?;
            set(
                &mut out.array,
                Attr {
                    value: (),
                    key_span,
                    value_span: key_span,
                },
            )
        }
        "rename" => {
            let lit = string_value(meta, "rename = \"key\"")?;
            set(
                &mut out.rename,
                Attr {
                    value: lit.value(),
                    key_span,
                    value_span: lit.span(),
                },
            )
        }
        "join" => {
            let (separator, value_span) = if meta.input.peek(Token![=]) {
                let lit = string_value(meta, "join = \"separator\"")?;
                (lit.value(), lit.span())
            } else {
                (",".to_owned(), key_span)
            };
            set(
                &mut out.join,
                Attr {
                    value: separator,
                    key_span,
                    value_span,
                },
            )
        }
        "with" => {
            let (path, value_span) = path_value(meta)?;
            set(
                &mut out.with,
                Attr {
                    value: path,
                    key_span,
                    value_span,
                },
            )
        }
        _ => {
            cx.error(
                key_span,
                format!("unknown sign attribute `{name}`: expected one of {FIELD_KEYS}"),
            );
            return skip_value(meta);
        }
    };
    if duplicate {
        cx.error(
            key_span,
            format!("duplicate `{name}` attribute: give it once per field"),
        );
    }
    Ok(())
}

/// A key that takes no value: `= value` is recorded as an error at the value (and
/// consumed, so parsing goes on).
fn no_value(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, name: &str) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let value: Expr = meta.value()?.parse()?;
        cx.error(
            value.span(),
            format!("`{name}` takes no value: write `#[sign({name})]`"),
        );
    }
    Ok(())
}

/// Stores `value` unless already set; returns whether it was already set.
fn set<T>(slot: &mut Option<T>, value: T) -> bool {
    if slot.is_some() {
        return true;
    }
    *slot = Some(value);
    false
}

fn check_combination(cx: &mut Ctxt, field: &Field) {
    if field.exclude.is_some() {
        let others = [
            ("rename", field.rename.as_ref().map(|a| a.key_span)),
            ("join", field.join.as_ref().map(|a| a.key_span)),
            ("array", field.array.as_ref().map(|a| a.key_span)),
            ("with", field.with.as_ref().map(|a| a.key_span)),
        ];
        for (name, span) in others {
            if let Some(span) = span {
                cx.error(
                    span,
                    format!(
                        "`exclude` cannot be combined with `{name}`: an excluded field is never signed; remove one of them"
                    ),
                );
            }
        }
    }
    if let (Some(join), Some(_)) = (&field.join, &field.with) {
        cx.error(
            join.key_span,
            "`join` cannot be combined with `with`: the `with` function writes the whole value, join the items there",
        );
    }
    if let (Some(array), Some(_)) = (&field.array, &field.with) {
        cx.error(
            array.key_span,
            "`array` cannot be combined with `with`: the `with` function writes the whole value as one field",
        );
    }
    if let (Some(array), Some(_)) = (&field.array, &field.join) {
        cx.error(
            array.key_span,
            "`array` cannot be combined with `join`: `join` sends the joined text as one field, `array` sends one `name[]` field per item (joined with `,` when signed); keep one",
        );
    }
}

/// The `#[sign(...)]` attributes (other attributes belong to other derives).
fn sign_attrs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("sign"))
}

/// `= "text"`; anything else is an error at the value that says what was expected.
fn string_value(meta: &ParseNestedMeta<'_>, expected: &str) -> syn::Result<LitStr> {
    if !meta.input.peek(Token![=]) {
        return Err(meta.error(format!("expected `{expected}`")));
    }
    match meta.value()?.parse::<Expr>()? {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Ok(lit),
        other => Err(syn::Error::new(
            other.span(),
            format!("expected a string literal: `{expected}`"),
        )),
    }
}

/// `= path` or `= "path"`.
fn path_value(meta: &ParseNestedMeta<'_>) -> syn::Result<(Path, Span)> {
    const EXPECTED: &str = "expected a function path: `with = path::to::function`";
    if !meta.input.peek(Token![=]) {
        return Err(meta.error(EXPECTED));
    }
    match meta.value()?.parse::<Expr>()? {
        Expr::Path(ExprPath {
            path, qself: None, ..
        }) => {
            let span = path.span();
            Ok((path, span))
        }
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => {
            let path = lit
                .parse::<Path>()
                .map_err(|_| syn::Error::new(lit.span(), EXPECTED))?;
            Ok((respan_path(path, lit.span()), lit.span()))
        }
        other => Err(syn::Error::new(other.span(), EXPECTED)),
    }
}

/// Consumes the value of an unknown key (`= expr` or `(...)`) so parsing can go on.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.input.parse::<TokenTree>()?;
    }
    Ok(())
}

fn path_text(path: &Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// A path parsed from a string gets the string's span, so errors point at it.
fn respan_path(path: Path, span: Span) -> Path {
    let tokens: TokenStream = quote::ToTokens::to_token_stream(&path)
        .into_iter()
        .map(|mut t| {
            t.set_span(span);
            t
        })
        .collect();
    syn::parse2(tokens).unwrap_or(path)
}
