//! Properties of response signatures (proptest, 10,000 cases).

use cld_sign::{Algorithm, ApiSecret, ErrorKind, Signer};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// A response signature verifies for its own public ID and version and for no other
    /// (one byte changed in either), whatever the request's signature version.
    #[test]
    fn response_signatures_bind_id_and_version(
        public_id in "[a-z0-9/_&=|-]{1,12}",
        version in 1u64..10_000_000_000,
        sha256 in any::<bool>(),
        v1 in any::<bool>(),
        at in any::<prop::sample::Index>(),
        replacement in prop::sample::select(b"az09/_&=|-".to_vec()),
    ) {
        let algorithm = if sha256 { Algorithm::Sha256 } else { Algorithm::Sha1 };
        let version_setting = if v1 { cld_sign::SignatureVersion::V1 } else { cld_sign::SignatureVersion::V2 };
        let signer = Signer::new(ApiSecret::new("abcd").unwrap())
            .with_algorithm(algorithm)
            .with_signature_version(version_setting);
        let signature = signer.sign_response(&public_id, &version).to_string();
        prop_assert_eq!(signer.verify_response(&public_id, &version, &signature), Ok(()));
        prop_assert_eq!(
            signer.verify_response(&public_id, &(version + 1), &signature).unwrap_err().kind(),
            ErrorKind::Mismatch
        );
        let mut changed = public_id.clone().into_bytes();
        let i = at.index(changed.len());
        prop_assume!(changed[i] != replacement);
        changed[i] = replacement;
        let changed = String::from_utf8(changed).unwrap();
        prop_assert_eq!(
            signer.verify_response(&changed, &version, &signature).unwrap_err().kind(),
            ErrorKind::Mismatch
        );
    }
}
