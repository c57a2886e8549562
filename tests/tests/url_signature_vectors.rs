//! Every case of `url_signature.json`: the `s--…--` component of a path to sign.

use cld_sign::delivery::UrlSignature;
use cld_sign::{Algorithm, ApiSecret, Signer, delivery::UrlSignatureKind};
use cld_sign_tests::{load, str_field};

#[test]
fn every_url_signature_vector() {
    let cases = load("url_signature.json");
    assert_eq!(cases.len(), 25, "url_signature.json case count");
    let mut long = 0;
    for case in &cases {
        assert_eq!(case.kind, "url_signature", "{}", case.id);
        let input = &case.input;
        let algorithm: Algorithm = str_field(input, "algorithm").unwrap().parse().unwrap();
        let kind = if input["long"].as_bool().unwrap() {
            long += 1;
            UrlSignatureKind::Long
        } else {
            UrlSignatureKind::Short
        };
        let signer = Signer::new(ApiSecret::new(str_field(input, "secret").unwrap()).unwrap())
            .with_algorithm(algorithm);
        let to_sign = str_field(input, "to_sign").unwrap();
        let expected = str_field(&case.expected, "url_signature").unwrap();
        let got = UrlSignature::sign(&signer, to_sign, kind);
        assert_eq!(got.as_str(), expected, "{}", case.id);
        assert_eq!(got.to_string(), expected, "{}", case.id);
        assert_eq!(got.kind(), kind, "{}", case.id);
        assert_eq!(format!("s--{}--", got.signature()), expected, "{}", case.id);
        assert!(got.ct_eq_signature(got.signature()));
    }
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
