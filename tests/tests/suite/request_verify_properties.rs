//! Properties of received-request and response verification (proptest, 10,000 cases each).

use cld_sign::response::ResponseVerifier;
use cld_sign::{ApiSecret, ErrorKind, Params, Signer, Timestamp, request::RequestVerifier};
use proptest::prelude::*;

fn signer() -> Signer {
    Signer::new(ApiSecret::new("abcd").unwrap())
}

/// Field names that hit the interesting ones often.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("timestamp".to_owned()),
        Just("signature".to_owned()),
        Just("file".to_owned()),
        Just("api_key".to_owned()),
        "[a-z_]{1,10}",
        any::<String>(),
    ]
}

fn field_value() -> impl Strategy<Value = String> {
    prop_oneof!["[0-9]{0,20}", "[0-9a-fA-F]{0,64}", any::<String>()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Arbitrary forms: an error, never a panic.
    #[test]
    fn arbitrary_forms_are_errors(
        fields in prop::collection::vec((field_name(), field_value()), 0..8),
        now in any::<u64>(),
    ) {
        let result = RequestVerifier::new(signer()).verify_at(fields, Timestamp::from_secs(now));
        prop_assert!(result.is_err());
    }

    /// Arbitrary response fields and signatures: an error, never a panic.
    #[test]
    fn arbitrary_responses_are_errors(
        public_id in any::<String>(),
        version in any::<String>(),
        signature in field_value(),
    ) {
        prop_assert!(ResponseVerifier::new(signer()).verify(&public_id, version.as_str(), &signature).is_err());
    }

    /// A signed form verifies; changing one byte of any signed value is a mismatch (or a
    /// malformed timestamp, when the byte is the timestamp's).
    #[test]
    fn signed_forms_verify_and_changes_are_rejected(
        values in prop::collection::btree_map("[a-z_]{1,8}", "[a-z0-9 &=|,]{1,8}", 1..6),
        ts in 1_000_000u64..4_000_000_000,
        pick in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        replacement in 0u8..128,
    ) {
        let mut fields: Vec<(String, String)> = values
            .into_iter()
            .filter(|(name, _)| !cld_sign::request::is_excluded(name) && name != "timestamp")
            .collect();
        fields.push(("timestamp".to_owned(), ts.to_string()));
        let params = Params::from_pairs(fields.clone()).unwrap();
        let signature = signer().sign(&params).to_string();
        let now = Timestamp::from_secs(ts);
        let verifier = RequestVerifier::new(signer());

        let mut form = fields.clone();
        form.push(("signature".to_owned(), signature.clone()));
        prop_assert_eq!(verifier.verify_at(form.clone(), now).map(|v| v.into_params()), Ok(params));

        let field = pick.index(fields.len());
        let mut value = form[field].1.clone().into_bytes();
        let i = at.index(value.len());
        prop_assume!(value[i] != replacement);
        value[i] = replacement;
        form[field].1 = String::from_utf8(value).unwrap();
        let err = verifier.verify_at(form, now).unwrap_err();
        prop_assert!(
            matches!(err.kind(), ErrorKind::Mismatch | ErrorKind::MalformedTimestamp),
            "{:?}", err
        );
    }
}
