//! Properties of response signatures (proptest, 10,000 cases).

use cld_sign::response::{ApiResponse, ResponseVerifier};
use cld_sign::{Algorithm, ApiSecret, ErrorKind, Signer};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// A response signature verifies for its own public ID and version and for no other
    /// (one byte changed in either), whatever the request's signature version.
    #[test]
    fn response_signatures_bind_id_and_version(
        public_id in "[a-z0-9/_.=|-]{1,12}",
        version in 1u64..10_000_000_000,
        sha256 in any::<bool>(),
        v1 in any::<bool>(),
        at in any::<prop::sample::Index>(),
        replacement in prop::sample::select(b"az09/_.=|-".to_vec()),
    ) {
        let algorithm = if sha256 { Algorithm::Sha256 } else { Algorithm::Sha1 };
        let version_setting = if v1 { cld_sign::SignatureVersion::V1 } else { cld_sign::SignatureVersion::V2 };
        let signer = Signer::new(ApiSecret::new("abcd").unwrap())
            .with_algorithm(algorithm)
            .with_signature_version(version_setting);
        let signature = ApiResponse::new(&public_id, &version).sign(&signer).to_string();
        prop_assert_eq!(
            ResponseVerifier::new(signer.clone()).verify(&public_id, &version, &signature).map(|r| (r.public_id().to_owned(), r.version().to_owned())),
            Ok((public_id.clone(), version.to_string()))
        );
        prop_assert_eq!(
            ResponseVerifier::new(signer.clone()).verify(&public_id, &(version + 1), &signature).unwrap_err().kind(),
            ErrorKind::Mismatch
        );
        let mut changed = public_id.clone().into_bytes();
        let i = at.index(changed.len());
        prop_assume!(changed[i] != replacement);
        changed[i] = replacement;
        let changed = String::from_utf8(changed).unwrap();
        prop_assert_eq!(
            ResponseVerifier::new(signer.clone()).verify(&changed, &version, &signature).unwrap_err().kind(),
            ErrorKind::Mismatch
        );
    }

    /// the response rule (`cld_sign::response`): a public ID holding a character no public ID can hold, or a version that is
    /// not 1 to 19 digits, is refused before the signature is read: even its own computed
    /// signature does not verify.
    #[test]
    fn impossible_responses_are_refused_before_the_signature(
        prefix in "[a-z0-9/_]{0,6}",
        forbidden in prop::sample::select(vec!['?', '&', '#', '\\', '%', '<', '>', '+']),
        suffix in "[a-z0-9/_]{0,6}",
        version in "[0-9]{0,25}|[0-9]{1,5}[a-z. ][0-9]{0,5}",
    ) {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap());
        let public_id = format!("{prefix}{forbidden}{suffix}");
        let signature = ApiResponse::new(&public_id, "1").sign(&signer).to_string();
        let err = ResponseVerifier::new(signer.clone()).verify(&public_id, "1", &signature).unwrap_err();
        prop_assert_eq!(err.kind(), ErrorKind::UnsupportedValue);
        let version_ok = (1..=19).contains(&version.len()) && version.bytes().all(|b| b.is_ascii_digit());
        let signature = ApiResponse::new("sample", version.as_str()).sign(&signer).to_string();
        let result = ResponseVerifier::new(signer.clone()).verify("sample", version.as_str(), &signature);
        if version_ok {
            prop_assert_eq!(result.map(|r| r.version().to_owned()), Ok(version.clone()));
        } else {
            prop_assert_eq!(result.unwrap_err().kind(), ErrorKind::UnsupportedValue);
        }
        let err = ResponseVerifier::new(signer.clone()).verify("", "1", &ApiResponse::new("", "1").sign(&signer).to_string()).unwrap_err();
        prop_assert_eq!(err.kind(), ErrorKind::UnsupportedValue);
    }
}
