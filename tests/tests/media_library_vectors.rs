//! Every case of `media_library.json` (see `cld_sign::media_library`): string to sign and SHA-256 signature,
//! whatever the signer's algorithm and signature version.

use cld_sign::media_library::MediaLibraryLogin;
use cld_sign::{Algorithm, ApiSecret, Error, ErrorKind, SignatureVersion, Signer, Timestamp};
use cld_sign_tests::{load, str_field};

#[test]
fn every_media_library_vector() {
    let cases = load("media_library.json");
    assert_eq!(cases.len(), 21, "media_library.json case count");
    for case in &cases {
        assert_eq!(case.kind, "media_library", "{}", case.id);
        let input = &case.input;
        let login = MediaLibraryLogin::new(
            str_field(input, "cloud_name").unwrap(),
            "1234",
            str_field(input, "username").unwrap(),
            Timestamp::from(input["timestamp"].as_u64().unwrap()),
        )
        .unwrap();
        let expected_string = str_field(&case.expected, "string_to_sign").unwrap();
        let expected_signature = str_field(&case.expected, "signature").unwrap();
        assert_eq!(login.string_to_sign(), expected_string, "{}", case.id);
        for algorithm in [Algorithm::Sha1, Algorithm::Sha256] {
            for version in [SignatureVersion::V1, SignatureVersion::V2] {
                let signer =
                    Signer::new(ApiSecret::new(str_field(input, "secret").unwrap()).unwrap())
                        .with_algorithm(algorithm)
                        .with_signature_version(version);
                let auth = login.sign(&signer);
                assert_eq!(
                    auth.signature().to_string(),
                    expected_signature,
                    "{}",
                    case.id
                );
                assert_eq!(auth.signature().algorithm(), Algorithm::Sha256);
                assert_eq!(auth.cloud_name(), str_field(input, "cloud_name").unwrap());
                assert_eq!(auth.username(), str_field(input, "username").unwrap());
                assert_eq!(auth.api_key(), "1234");
                assert_eq!(
                    auth.timestamp().as_secs(),
                    input["timestamp"].as_u64().unwrap()
                );
                let json = serde_json::to_value(&auth).unwrap();
                assert_eq!(
                    json,
                    serde_json::json!({
                        "cloud_name": auth.cloud_name(),
                        "api_key": "1234",
                        "username": auth.username(),
                        "timestamp": auth.timestamp().as_secs(),
                        "signature": expected_signature,
                    }),
                    "{}",
                    case.id
                );
            }
        }
    }
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
