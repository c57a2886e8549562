//! Generates the code: the walk, one call a pair in sorted order into a `ParamSink`, and
//! The signing impl that runs it into the canonical writer; or after an error the
//! fallback impls. Reads only the model.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, LitStr, Path, Type, WherePredicate};

use crate::ast::{Model, SignedField, TIMESTAMP, Write};

/// One pair of the string to sign.
enum Pair<'m, 'a> {
    Field(&'m SignedField<'a>),
    /// The struct's own `timestamp` field (`Signable`): a `TimestampValue`, formatted
    /// before the first pair (`check` has refused `join` and `with` on it).
    TimestampField(&'m SignedField<'a>),
    /// The timestamp the signer supplies (`SignableAt`).
    SignerTimestamp,
}

impl Pair<'_, '_> {
    fn key(&self) -> &str {
        match self {
            Pair::Field(f) | Pair::TimestampField(f) => &f.key.name,
            Pair::SignerTimestamp => TIMESTAMP,
        }
    }
}

/// The pairs in the order they are signed.
fn sorted_pairs<'m, 'a>(model: &'m Model<'a>) -> Vec<Pair<'m, 'a>> {
    let mut pairs: Vec<Pair<'_, '_>> = model
        .fields
        .iter()
        .map(|f| {
            if f.is_timestamp() {
                Pair::TimestampField(f)
            } else {
                Pair::Field(f)
            }
        })
        .collect();
    if !model.has_timestamp {
        pairs.push(Pair::SignerTimestamp);
    }
    // step 4 of the request rule: by the bytes of the bare names; `str`'s order is exactly that.
    // Keys are unique (`check`), so the order is total.
    pairs.sort_by(|a, b| a.key().cmp(b.key()));
    pairs
}

/// The one walk and the impls built on it: `impl SignableForm` (its `__walk` hands every
/// pair, sorted, to a `ParamSink`) and `impl Signable`, whose `write_params` is that walk
/// into the canonical writer (a struct with a field keyed `timestamp`); or
/// `SignableFormAt` and `SignableAt` (the signer supplies the timestamp). Signing and the
/// form to send run the same generated code, so they cannot differ.
pub(crate) fn implementation(model: &Model<'_>) -> TokenStream {
    let krate = &model.krate;
    let input = model.input;
    let name = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let existing = where_clause.into_iter().flat_map(|w| w.predicates.iter());
    let pairs = sorted_pairs(model);
    let added = bounds(model, &pairs);
    let where_clause = quote!(where #(#existing,)* #(#added,)*);
    let writes = pairs.iter().map(write_pair);
    let timestamp_text = pairs.iter().find_map(timestamp_text);
    let sink = quote!(#krate::__private::ParamSink);
    let (form_trait, walk, trait_name, method) = if model.has_timestamp {
        (
            quote!(SignableForm),
            quote! {
                #[inline(always)]
                fn __walk<__P: #sink + ?::core::marker::Sized>(&self, __out: &mut __P) {
                    #timestamp_text
                    #(#writes)*
                }
            },
            quote!(Signable),
            quote! {
                #[inline]
                fn write_params<__S: #krate::__private::Sink + ?::core::marker::Sized>(
                    &self,
                    __out: &mut #krate::__private::CanonicalWriter<'_, __S>,
                ) {
                    <Self as #krate::__private::SignableForm>::__walk(self, __out);
                }
            },
        )
    } else {
        (
            quote!(SignableFormAt),
            quote! {
                #[inline(always)]
                fn __walk_at<__P: #sink + ?::core::marker::Sized>(
                    &self,
                    __timestamp: #krate::__private::Timestamp,
                    __out: &mut __P,
                ) {
                    #timestamp_text
                    #(#writes)*
                }
            },
            quote!(SignableAt),
            quote! {
                #[inline]
                fn write_params_at<__S: #krate::__private::Sink + ?::core::marker::Sized>(
                    &self,
                    __timestamp: #krate::__private::Timestamp,
                    __out: &mut #krate::__private::CanonicalWriter<'_, __S>,
                ) {
                    <Self as #krate::__private::SignableFormAt>::__walk_at(self, __timestamp, __out);
                }
            },
        )
    };
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #krate::__private::#form_trait for #name #ty_generics #where_clause {
                #walk
            }
            #[automatically_derived]
            impl #impl_generics #krate::__private::#trait_name for #name #ty_generics #where_clause {
                #method
            }
        };
    }
}

/// `let __timestamp_text = …;`, first in the method: the timestamp's decimal text is
/// formatted before any pair is written (a chain of multiplies that then overlaps the
/// writes). The call is spanned at the field's type, where a type that cannot be a
/// timestamp is reported.
fn timestamp_text(pair: &Pair<'_, '_>) -> Option<TokenStream> {
    match pair {
        Pair::SignerTimestamp => Some(quote! {
            let __timestamp_text = __out.__timestamp_text(&__timestamp);
        }),
        Pair::TimestampField(field) => {
            let (span, ident) = spanned_access(field);
            Some(quote_spanned! {span=>
                let __timestamp_text = __out.__timestamp_text(&self.#ident);
            })
        }
        Pair::Field(_) => None,
    }
}

/// One pair: `&key=` precomputed (the writer drops the `&` of the first pair and writes
/// nothing for an empty value). The call is spanned at the field's type, so a type that
/// cannot be signed is reported there.
fn write_pair(pair: &Pair<'_, '_>) -> TokenStream {
    let prefix = LitStr::new(&format!("&{}=", pair.key()), Span::call_site());
    let field = match pair {
        Pair::SignerTimestamp | Pair::TimestampField(_) => {
            return quote!(__out.__param_static_timestamp(#prefix, __timestamp_text););
        }
        Pair::Field(field) => field,
    };
    let (span, mut ident) = spanned_access(field);
    match &field.write {
        Write::Value => quote_spanned! {span=>
            __out.__param_static(#prefix, &self.#ident);
        },
        Write::Joined(separator) => {
            let separator = LitStr::new(separator, Span::call_site());
            quote_spanned! {span=>
                __out.__param_static_joined(#prefix, #separator, &self.#ident);
            }
        }
        Write::Array => quote_spanned! {span=>
            __out.__param_static_array(#prefix, &self.#ident);
        },
        Write::With(path) => {
            let span = path.span();
            ident.set_span(span);
            quote_spanned! {span=>
                __out.__param_static_with(#prefix, |__w| #path(&self.#ident, __w));
            }
        }
    }
}

/// Where a call about `field` is spanned, and its name to write `&self.name` with: the
/// call starts at the type's first token and the name is given the type's last token's
/// span. rustc underlines the argument `&self.name` from start to end, so errors underline
/// exactly the field's type.
fn spanned_access(field: &SignedField<'_>) -> (Span, Ident) {
    let (span, last) = type_ends(field.ty);
    let mut ident = field.ident.clone();
    ident.set_span(last);
    (span, ident)
}

/// The spans of the first and last tokens of `ty` (stable Rust cannot join spans).
fn type_ends(ty: &Type) -> (Span, Span) {
    let tokens: Vec<TokenTree> = ty.to_token_stream().into_iter().collect();
    let first = match tokens.first() {
        Some(TokenTree::Group(g)) => g.span_open(),
        Some(t) => t.span(),
        None => ty.span(),
    };
    let last = match tokens.last() {
        Some(TokenTree::Group(g)) => g.span_close(),
        Some(t) => t.span(),
        None => first,
    };
    (first, last)
}

/// For each field whose type mentions a type parameter, the bound its write needs
/// (`Vec<T>: SignSeq`, `T: SignValue`), so generic structs need no hand-written bounds.
fn bounds(model: &Model<'_>, pairs: &[Pair<'_, '_>]) -> Vec<WherePredicate> {
    let krate = &model.krate;
    let params: Vec<&Ident> = model
        .input
        .generics
        .type_params()
        .map(|p| &p.ident)
        .collect();
    pairs
        .iter()
        .filter_map(|pair| bound(krate, pair))
        .filter(|(ty, _)| mentions(ty, &params))
        .map(|(_, bound)| bound)
        .collect()
}

/// A field's type and the bound its write needs, if any.
fn bound<'a>(krate: &Path, pair: &Pair<'_, 'a>) -> Option<(&'a Type, WherePredicate)> {
    let (field, needs) = match pair {
        Pair::TimestampField(field) => (field, quote!(TimestampValue)),
        Pair::Field(field) => match &field.write {
            Write::Value => (field, quote!(SignValue)),
            Write::Joined(_) | Write::Array => (field, quote!(SignSeq)),
            // The function's own signature says what it needs.
            Write::With(_) => return None,
        },
        Pair::SignerTimestamp => return None,
    };
    let ty = field.ty;
    let predicate = syn::parse2(quote_spanned!(ty.span()=> #ty: #krate::__private::#needs)).ok()?;
    Some((ty, predicate))
}

/// Whether `ty` names one of the type parameters `params`.
fn mentions(ty: &Type, params: &[&Ident]) -> bool {
    fn walk(tokens: TokenStream, params: &[&Ident]) -> bool {
        tokens.into_iter().any(|t| match t {
            TokenTree::Ident(ident) => params.iter().any(|p| **p == ident),
            TokenTree::Group(group) => walk(group.stream(), params),
            _ => false,
        })
    }
    !params.is_empty() && walk(ty.to_token_stream(), params)
}

/// After an error: every trait with an empty body, so the errors above are the only ones
/// (no cascade of "`X` does not implement `Signable`" at every use).
pub(crate) fn fallback(model: &Model<'_>) -> TokenStream {
    let krate = &model.krate;
    let name = &model.input.ident;
    let (impl_generics, ty_generics, where_clause) = model.input.generics.split_for_impl();
    let sink = quote!(#krate::__private::ParamSink);
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #krate::__private::Signable for #name #ty_generics #where_clause {
                fn write_params<__S: #krate::__private::Sink + ?::core::marker::Sized>(
                    &self,
                    _: &mut #krate::__private::CanonicalWriter<'_, __S>,
                ) {
                }
            }
            #[automatically_derived]
            impl #impl_generics #krate::__private::SignableAt for #name #ty_generics #where_clause {
                fn write_params_at<__S: #krate::__private::Sink + ?::core::marker::Sized>(
                    &self,
                    _: #krate::__private::Timestamp,
                    _: &mut #krate::__private::CanonicalWriter<'_, __S>,
                ) {
                }
            }
            #[automatically_derived]
            impl #impl_generics #krate::__private::SignableForm for #name #ty_generics #where_clause {
                fn __walk<__P: #sink + ?::core::marker::Sized>(&self, _: &mut __P) {}
            }
            #[automatically_derived]
            impl #impl_generics #krate::__private::SignableFormAt for #name #ty_generics #where_clause {
                fn __walk_at<__P: #sink + ?::core::marker::Sized>(
                    &self,
                    _: #krate::__private::Timestamp,
                    _: &mut __P,
                ) {
                }
            }
        };
    }
}
