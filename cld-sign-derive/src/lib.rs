//! `#[derive(Signable)]` for cld-sign. Use it through `cld_sign::Signable`, whose
//! documentation describes every attribute with examples.
#![forbid(unsafe_code)]

mod attr;
mod codegen;
mod ctxt;
mod expand;

use proc_macro::TokenStream;

/// Derives `cld_sign::Signable` (a struct with a field keyed `timestamp`) or
/// `cld_sign::SignableAt` (without one: the signer supplies it), with the keys sorted at
/// compile time. See the documentation of `cld_sign::Signable` for the attributes
/// (`exclude`, `rename`, `join`, `with`, `crate`) and examples.
#[proc_macro_derive(Signable, attributes(sign))]
pub fn derive_signable(input: TokenStream) -> TokenStream {
    match syn::parse::<syn::DeriveInput>(input) {
        Ok(input) => expand::derive(&input).into(),
        Err(e) => e.to_compile_error().into(),
    }
}
