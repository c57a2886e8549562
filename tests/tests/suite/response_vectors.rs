//! Every case of `response.json`: the string to sign and signature of an upload response
//! (always signature version 1), and whether the received signature verifies.

use cld_sign::response::{ApiResponse, ResponseVerifier};
use cld_sign::{Algorithm, ApiSecret, Error, ErrorKind, SignatureVersion, Signer};
use cld_sign_tests::vectors::response::{Expected, Input};
use cld_sign_tests::vectors::{self, Case};

#[test]
fn every_response_vector() {
    let tally = vectors::run("response.json", 9, |case: &Case<Input, Expected>| {
        let input = &case.input;
        let expected = &case.expected;
        let algorithm: Algorithm = input.algorithm.parse()?;
        let (public_id, version) = (input.public_id.as_str(), input.version.as_str());
        let received = input.signature.as_str();

        // The request's signature version must not matter (see `cld_sign::response`).
        let mut results = Vec::new();
        for request_version in [SignatureVersion::V1, SignatureVersion::V2] {
            let signer = Signer::new(ApiSecret::new(&input.secret)?)
                .with_algorithm(algorithm)
                .with_signature_version(request_version);
            let verify = |signature: &str| {
                ResponseVerifier::new(signer.clone())
                    .verify(public_id, version, signature)
                    .map(|_| ())
            };
            assert_eq!(
                ApiResponse::new(public_id, version).string_to_sign(),
                expected.string_to_sign
            );
            assert_eq!(
                ApiResponse::new(public_id, version)
                    .sign(&signer)
                    .to_string(),
                expected.signature
            );
            let result = verify(received);
            if let Some(kind) = &expected.error {
                // the response rule (`cld_sign::response`): a public ID or version no response can hold is refused before
                // the signature is looked at, so even the computed signature does not verify.
                for signature in [&expected.signature, "not hex"] {
                    let err = verify(signature).unwrap_err();
                    assert_eq!(err.kind().as_str(), kind, "{err}");
                }
            } else {
                // The expected signature always verifies, in either case of hex.
                assert_eq!(verify(&expected.signature), Ok(()));
                assert_eq!(verify(&expected.signature.to_ascii_uppercase()), Ok(()));
                if let Err(err) = &result {
                    assert_eq!(
                        err,
                        &Error::Mismatch {
                            string_to_sign: Some(expected.string_to_sign.clone())
                        }
                    );
                }
            }
            results.push(result);
        }
        assert_eq!(results[0], results[1], "the request's signature version");
        results.remove(0)
    });
    assert_eq!(tally.ok, 4);
    assert_eq!(tally.by_kind(), [("mismatch", 2), ("unsupported_value", 3)]);
}

/// the response rule (`cld_sign::response`): the documentation's printed value is the request signature of
/// `public_id=sample_image&timestamp=1315060510`, not this response's signature.
#[test]
fn documentation_error_does_not_verify() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let err = ResponseVerifier::new(signer.clone())
        .verify(
            "sample",
            "1315060510",
            "b4ad47fb4e25c7bf5f92a20089f9db59bc302313",
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Mismatch);
    assert_eq!(
        ResponseVerifier::new(signer.clone())
            .verify(
                "sample",
                &1315060510u64,
                "912d90b6fe28aa6820cf928bc440a65a0f36e002"
            )
            .map(|_| ()),
        Ok(())
    );
}

#[test]
fn malformed_response_signatures_are_reported() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap()).with_algorithm(Algorithm::Sha256);
    // A SHA-1 signature given to a SHA-256 signer has the wrong length.
    let err = ResponseVerifier::new(signer.clone())
        .verify("sample", "1", "912d90b6fe28aa6820cf928bc440a65a0f36e002")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedSignature);
    let err = ResponseVerifier::new(signer.clone())
        .verify("sample", "1", "")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedSignature);
}
