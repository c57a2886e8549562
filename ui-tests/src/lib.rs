//! Compile-fail and compile-pass cases of the derive, and the check every pass case runs on
//! the form its struct sends.

use cld_sign::{
    SignatureVersion, Signer,
    request::{RequestVerifier, SignedUploadForm},
};

/// Checks that `form` is sent as it was signed: verified as Cloudinary receives it (every
/// field, `name[]` arrays included, and `signature`), it gives the same signature and the
/// same string to sign. Panics with what differs.
pub fn assert_sent_as_signed(signer: &Signer, form: &SignedUploadForm) {
    let mut verifier = RequestVerifier::new(signer.clone());
    if signer.signature_version() == SignatureVersion::V1 {
        verifier = verifier.allow_signature_version_1();
    }
    let received = verifier
        .verify_at(form.to_fields(), form.timestamp())
        .unwrap_or_else(|e| panic!("the form sent does not verify: {e}\n{form:?}"))
        .into_params();
    assert_eq!(&signer.sign(&received), form.signature());
    assert_eq!(signer.string_to_sign(&received), form.string_to_sign());
}
