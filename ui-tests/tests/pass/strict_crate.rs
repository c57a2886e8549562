//! The generated code compiles in a strict crate: no unsafe, documented items, no warnings.
#![forbid(unsafe_code)]
#![deny(missing_docs, warnings, unused, rust_2018_idioms, unreachable_pub, missing_debug_implementations)]

use cld_sign::{ApiSecret, Signable, Signer, Timestamp};

/// A documented, public request.
#[derive(Debug, Signable)]
pub struct Request<'a> {
    /// The public ID.
    pub public_id: &'a str,
    /// Sent, never signed.
    #[sign(exclude)]
    pub api_key: &'a str,
    /// When.
    pub timestamp: Timestamp,
}

/// A request without a timestamp.
#[derive(Debug, Signable)]
pub struct Later {
    /// Tags.
    #[sign(join)]
    pub tags: Vec<String>,
}

fn main() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let request = Request {
        public_id: "sample_image",
        api_key: "1234",
        timestamp: Timestamp::from_secs(1315060510),
    };
    assert_eq!(
        signer.sign(&request).to_string(),
        "b4ad47fb4e25c7bf5f92a20089f9db59bc302313"
    );
    let form = signer.sign_form(&request, request.api_key).unwrap();
    assert_eq!(form.signature(), &signer.sign(&request));
    cld_sign_ui_tests::assert_sent_as_signed(&signer, &form);
    let later = Later { tags: vec!["a".into()] };
    let _ = signer.sign_at(&later, Timestamp::from_secs(1));
    let form = signer.sign_form_at(&later, "1234", Timestamp::from_secs(1));
    cld_sign_ui_tests::assert_sent_as_signed(&signer, &form);
}
