//! Every case of `response.json`: the string to sign and signature of an upload response
//! (always signature version 1), and whether the received signature verifies.

use cld_sign::response::{ApiResponse, ResponseVerifier};
use cld_sign::{Algorithm, ApiSecret, Error, ErrorKind, SignatureVersion, Signer};
use cld_sign_tests::{load, str_field};

#[test]
fn every_response_vector() {
    let cases = load("response.json");
    assert_eq!(cases.len(), 9, "response.json case count");
    let (mut valid, mut invalid, mut refused) = (0, 0, 0);
    for case in &cases {
        assert_eq!(case.kind, "response", "{}", case.id);
        let input = &case.input;
        let algorithm: Algorithm = str_field(input, "algorithm").unwrap().parse().unwrap();
        let public_id = str_field(input, "public_id").unwrap();
        let version = str_field(input, "version").unwrap();
        let received = str_field(input, "signature").unwrap();
        let expected_string = str_field(&case.expected, "string_to_sign").unwrap();
        let expected_signature = str_field(&case.expected, "signature").unwrap();

        // The request's signature version must not matter (see `cld_sign::response`).
        for request_version in [SignatureVersion::V1, SignatureVersion::V2] {
            let signer = Signer::new(ApiSecret::new(str_field(input, "secret").unwrap()).unwrap())
                .with_algorithm(algorithm)
                .with_signature_version(request_version);
            assert_eq!(
                ApiResponse::new(public_id, version).string_to_sign(),
                expected_string,
                "{}",
                case.id
            );
            assert_eq!(
                ApiResponse::new(public_id, version)
                    .sign(&signer)
                    .to_string(),
                expected_signature,
                "{}",
                case.id
            );
            if let Some(kind) = str_field(&case.expected, "error") {
                // the response rule (`cld_sign::response`): a public ID or version no response can hold is refused before
                // the signature is looked at, so even the computed signature does not verify.
                for signature in [expected_signature, received, "not hex"] {
                    let err = ResponseVerifier::new(signer.clone())
                        .verify(public_id, version, signature)
                        .unwrap_err();
                    assert_eq!(err.kind().as_str(), kind, "{}: {err}", case.id);
                }
                continue;
            }
            // The expected signature always verifies, in either case of hex.
            assert_eq!(
                ResponseVerifier::new(signer.clone())
                    .verify(public_id, version, expected_signature)
                    .map(|_| ()),
                Ok(())
            );
            assert_eq!(
                ResponseVerifier::new(signer.clone())
                    .verify(public_id, version, &expected_signature.to_ascii_uppercase())
                    .map(|_| ()),
                Ok(())
            );
            let result = ResponseVerifier::new(signer.clone())
                .verify(public_id, version, received)
                .map(|_| ());
            if case.expected["verify"].as_bool().unwrap() {
                assert_eq!(result, Ok(()), "{}", case.id);
            } else {
                assert_eq!(
                    result,
                    Err(Error::Mismatch {
                        string_to_sign: Some(expected_string.to_owned())
                    }),
                    "{}",
                    case.id
                );
            }
        }
        if case.expected["verify"].as_bool().unwrap() {
            valid += 1;
        } else if str_field(&case.expected, "error").is_some() {
            refused += 1;
        } else {
            invalid += 1;
        }
    }
    assert_eq!((valid, invalid, refused), (4, 2, 3));
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
