//! `#[derive(Signable)]` for cld-sign. Use it through `cld_sign::Signable`, whose
//! documentation describes every attribute with examples.
//!
//! Data flows one way, one step a file: `attr` parses the `#[sign(...)]` attributes,
//! `read` builds the model (`ast`) from the input and those attributes, `check` validates
//! the model, `codegen` turns it into the impl. Every step records its mistakes in one
//! `ctxt::Ctxt`, so all of them are reported together.
#![forbid(unsafe_code)]

mod ast;
mod attr;
mod check;
mod codegen;
mod ctxt;
mod read;

use proc_macro::TokenStream;

use crate::ctxt::Ctxt;

/// Derives `cld_sign::Signable` and `cld_sign::request::SignableForm` (a struct with a field keyed
/// `timestamp`) or `cld_sign::request::SignableAt` and `cld_sign::request::SignableFormAt` (without one: the
/// signer supplies it), with the keys sorted at compile time and one walk over the fields
/// for both the signature and the form to send. See the documentation of `cld_sign::Signable` for the attributes
/// (`exclude`, `rename`, `join`, `array`, `with`, `crate`) and examples.
#[proc_macro_derive(Signable, attributes(sign))]
pub fn derive_signable(input: TokenStream) -> TokenStream {
    match syn::parse::<syn::DeriveInput>(input) {
        Ok(input) => expand(&input).into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// The impl, or every error plus the fallback impls.
fn expand(input: &syn::DeriveInput) -> proc_macro2::TokenStream {
    let mut cx = Ctxt::default();
    let model = read::model(&mut cx, input);
    check::model(&mut cx, &model);
    if !cx.is_ok() {
        // The fallback keeps the struct implementing both traits, so the errors above are
        // the only ones (no "`X` does not implement `Signable`" at every use).
        let mut out = cx.into_compile_errors();
        out.extend(codegen::fallback(&model));
        return out;
    }
    codegen::implementation(&model)
}
