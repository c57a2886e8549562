//! Every case of `media_library.json` (see `cld_sign::media_library`): string to sign and SHA-256 signature,
//! whatever the signer's algorithm and signature version.

use cld_sign::media_library::MediaLibraryLogin;
use cld_sign::{Algorithm, ApiSecret, Error, ErrorKind, SignatureVersion, Signer, Timestamp};
use cld_sign_tests::vectors::media_library::{Expected, Input};
use cld_sign_tests::vectors::{self, Case};

#[test]
fn every_media_library_vector() {
    vectors::run("media_library.json", 21, |case: &Case<Input, Expected>| {
        let input = &case.input;
        let login = MediaLibraryLogin::new(
            &input.cloud_name,
            "1234",
            &input.username,
            Timestamp::from(input.timestamp),
        )?;
        // The same signature under each algorithm and signature version of the signer.
        let mut signatures = Vec::new();
        for algorithm in [Algorithm::Sha1, Algorithm::Sha256] {
            for version in [SignatureVersion::V1, SignatureVersion::V2] {
                let signer = Signer::new(ApiSecret::new(&input.secret)?)
                    .with_algorithm(algorithm)
                    .with_signature_version(version);
                let auth = login.sign(&signer);
                let signature = auth.signature().to_string();
                assert_eq!(auth.signature().algorithm(), Algorithm::Sha256);
                assert_eq!(auth.cloud_name(), input.cloud_name);
                assert_eq!(auth.username(), input.username);
                assert_eq!(auth.api_key(), "1234");
                assert_eq!(auth.timestamp().as_secs(), input.timestamp);
                let json = serde_json::to_value(&auth).unwrap();
                assert_eq!(
                    json,
                    serde_json::json!({
                        "cloud_name": auth.cloud_name(),
                        "api_key": "1234",
                        "username": auth.username(),
                        "timestamp": auth.timestamp().as_secs(),
                        "signature": signature,
                    })
                );
                signatures.push(signature);
            }
        }
        assert!(
            signatures.windows(2).all(|w| w[0] == w[1]),
            "{signatures:?}"
        );
        Ok((login.string_to_sign(), signatures.remove(0)))
    });
}

/// The security review's finding: with an empty cloud name dropped like an empty value, a
/// login would be the SHA-256 request signature of `timestamp` and `username`.
#[test]
fn an_empty_cloud_name_is_refused() {
    let at = Timestamp::from_secs(1_700_000_000);
    let err = MediaLibraryLogin::new("", "1234", "jane@mydomain.com", at).unwrap_err();
    assert_eq!(err, Error::MissingCloudName);
    assert_eq!(err.kind(), ErrorKind::MissingCloudName);
    assert!(err.to_string().contains("cloud name is empty"), "{err}");
    // A login always starts with its cloud name, so it never signs a request's text.
    let login = MediaLibraryLogin::new("c", "1234", "", at).unwrap();
    assert_eq!(login.string_to_sign(), "cloud_name=c&timestamp=1700000000");
}
