//! Every case of `url_signature.json`: the `s--…--` component of a path to sign.

use cld_sign::delivery::UrlSignature;
use cld_sign::{Algorithm, ApiSecret, Signer, delivery::UrlSignatureKind};
use cld_sign_tests::vectors::url_signature::{Expected, Input};
use cld_sign_tests::vectors::{self, Case};

#[test]
fn every_url_signature_vector() {
    let mut long = 0;
    vectors::run("url_signature.json", 25, |case: &Case<Input, Expected>| {
        let input = &case.input;
        let algorithm: Algorithm = input.algorithm.parse()?;
        let kind = if input.long {
            long += 1;
            UrlSignatureKind::Long
        } else {
            UrlSignatureKind::Short
        };
        let signer = Signer::new(ApiSecret::new(&input.secret)?).with_algorithm(algorithm);
        let got = UrlSignature::sign(&signer, &input.to_sign, kind);
        assert_eq!(got.to_string(), got.as_str());
        assert_eq!(got.kind(), kind);
        assert_eq!(format!("s--{}--", got.signature()), got.as_str());
        assert!(got.ct_eq_signature(got.signature()));
        Ok(got.as_str().to_owned())
    });
    assert_eq!(long, 4);
}

#[test]
fn long_signatures_ignore_the_configured_algorithm() {
    let sha1 = Signer::new(ApiSecret::new("abcd").unwrap());
    let sha256 = sha1.clone().with_algorithm(Algorithm::Sha256);
    assert_eq!(
        UrlSignature::sign(&sha1, "sample", UrlSignatureKind::Long),
        UrlSignature::sign(&sha256, "sample", UrlSignatureKind::Long)
    );
    assert_ne!(
        UrlSignature::sign(&sha1, "sample", UrlSignatureKind::Short),
        UrlSignature::sign(&sha256, "sample", UrlSignatureKind::Short)
    );
    // the delivery URL rule (`cld_sign::delivery`): a short SHA-256 signature is the prefix of the long one.
    assert!(
        UrlSignature::sign(&sha1, "sample", UrlSignatureKind::Long)
            .signature()
            .starts_with(
                UrlSignature::sign(&sha256, "sample", UrlSignatureKind::Short).signature()
            )
    );
}
