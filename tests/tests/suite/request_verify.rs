//! Server-side verification of received signed requests (see `cld_sign::request`).

use std::time::Duration;

use cld_sign::{
    Algorithm, ApiSecret, Error, ErrorKind, Params, SignatureProblem, SignatureVersion, Signer,
    Timestamp, request::RequestVerifier,
};

const TS: u64 = 1315060510;
const DOCS_SIGNATURE: &str = "bfd09f95f331f558cbd1320e67aa8d488770583e";

fn verifier() -> RequestVerifier {
    RequestVerifier::new(Signer::new(ApiSecret::new("abcd").unwrap()))
}

/// The documented request as a browser would POST it.
fn docs_form(signature: &str) -> Vec<(&'static str, String)> {
    vec![
        ("file", "https://example.com/flag.jpg".to_owned()),
        ("api_key", "1234".to_owned()),
        ("cloud_name", "demo".to_owned()),
        ("resource_type", "image".to_owned()),
        ("timestamp", TS.to_string()),
        ("public_id", "sample_image".to_owned()),
        ("eager", "w_400,h_300,c_pad|w_260,h_200,c_crop".to_owned()),
        ("signature", signature.to_owned()),
    ]
}

fn at(secs: u64) -> Timestamp {
    Timestamp::from_secs(secs)
}

#[test]
fn documented_request_verifies_with_excluded_names_ignored() {
    let params = verifier()
        .verify_at(docs_form(DOCS_SIGNATURE), at(TS))
        .unwrap()
        .into_params();
    assert_eq!(params.len(), 3);
    assert_eq!(params.get("file"), None);
    // Upper-case hex is accepted.
    verifier()
        .verify_at(docs_form(&DOCS_SIGNATURE.to_ascii_uppercase()), at(TS))
        .unwrap();
}

#[test]
fn mismatch_carries_the_string_to_sign_not_the_secret() {
    let mut form = docs_form(DOCS_SIGNATURE);
    form.push(("tags", "added-after-signing".to_owned()));
    let err = verifier().verify_at(form, at(TS)).unwrap_err();
    let expected = "eager=w_400,h_300,c_pad|w_260,h_200,c_crop&public_id=sample_image\
                    &tags=added-after-signing&timestamp=1315060510";
    assert_eq!(
        err,
        Error::Mismatch {
            string_to_sign: Some(expected.to_owned())
        }
    );
    assert!(err.to_string().contains(expected));
    assert!(!err.to_string().contains("abcd"));
}

#[test]
fn one_hour_window_and_future_skew() {
    let v = verifier();
    // The boundary second is valid; one more is stale.
    v.verify_at(docs_form(DOCS_SIGNATURE), at(TS + 3600))
        .unwrap();
    assert_eq!(
        v.verify_at(docs_form(DOCS_SIGNATURE), at(TS + 3601)),
        Err(Error::Expired {
            age: 3601,
            valid_for: 3600
        })
    );
    v.verify_at(docs_form(DOCS_SIGNATURE), at(TS - 300))
        .unwrap();
    assert_eq!(
        v.verify_at(docs_form(DOCS_SIGNATURE), at(TS - 301)),
        Err(Error::FromFuture {
            ahead: 301,
            max_skew: 300
        })
    );
    let tolerant = verifier().with_max_skew(Duration::from_secs(1000));
    assert_eq!(tolerant.max_skew(), Duration::from_secs(1000));
    tolerant
        .verify_at(docs_form(DOCS_SIGNATURE), at(TS - 1000))
        .unwrap();
}

#[test]
fn each_failure_has_its_own_error() {
    let v = verifier();
    let without = |name: &str| -> Vec<(&'static str, String)> {
        docs_form(DOCS_SIGNATURE)
            .into_iter()
            .filter(|(n, _)| *n != name)
            .collect()
    };
    assert_eq!(
        v.verify_at(without("timestamp"), at(TS)),
        Err(Error::MissingTimestamp)
    );
    assert_eq!(
        v.verify_at(without("signature"), at(TS)).unwrap_err(),
        Error::MalformedSignature {
            reason: SignatureProblem::WrongLength {
                expected: 40,
                found: 0
            }
        }
    );
    let mut form = without("timestamp");
    form.push(("timestamp", "13150605.10".to_owned()));
    assert_eq!(
        v.verify_at(form, at(TS)).unwrap_err().kind(),
        ErrorKind::MalformedTimestamp
    );
    let mut form = docs_form(DOCS_SIGNATURE);
    form.push(("public_id", "again".to_owned()));
    assert_eq!(
        v.verify_at(form, at(TS)).unwrap_err().kind(),
        ErrorKind::DuplicateParameter
    );
    let mut form = docs_form(DOCS_SIGNATURE);
    form.push(("signature", DOCS_SIGNATURE.to_owned()));
    assert_eq!(
        v.verify_at(form, at(TS)).unwrap_err().kind(),
        ErrorKind::DuplicateParameter
    );
    assert_eq!(
        v.verify_at(
            docs_form("not hex at all, but 40 characters long!!"),
            at(TS)
        )
        .unwrap_err(),
        Error::MalformedSignature {
            reason: SignatureProblem::NotHex
        }
    );
    // A forged, stale request is a mismatch: authenticity is checked before time.
    assert_eq!(
        v.verify_at(docs_form(&"0".repeat(40)), at(TS + 100_000))
            .unwrap_err()
            .kind(),
        ErrorKind::Mismatch
    );
}

#[test]
fn signer_settings_are_used() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap())
        .with_algorithm(Algorithm::Sha256)
        .with_signature_version(SignatureVersion::V2);
    let params = Params::from_pairs([
        ("timestamp", TS.to_string()),
        ("notification_url", "https://x?a=1&tags=t".to_owned()),
    ])
    .unwrap();
    let signature = signer.sign(&params).to_string();
    let v = RequestVerifier::new(signer.clone());
    v.verify_signed_at(params.clone(), &signature, at(TS))
        .unwrap();
    // The legacy version 1 signs another string: it does not verify under version 2.
    let v1 = signer.with_signature_version(SignatureVersion::V1);
    let forged = v1.sign(&params).to_string();
    assert_eq!(
        v.verify_signed_at(params.clone(), &forged, at(TS))
            .unwrap_err()
            .kind(),
        ErrorKind::Mismatch
    );
}

/// Security review finding 10: a signer configured for version 1 (`?signature_version=1`)
/// does not switch the verifier to version 1; only an explicit opt-in does.
#[test]
fn version_1_only_by_explicit_opt_in() {
    let v1_signer =
        Signer::new(ApiSecret::new("abcd").unwrap()).with_signature_version(SignatureVersion::V1);
    let params = Params::from_pairs([
        ("timestamp", TS.to_string()),
        ("notification_url", "https://x/?a=1&tags=admin".to_owned()),
    ])
    .unwrap();
    let v1_signature = v1_signer.sign(&params).to_string();
    let verifier = RequestVerifier::new(v1_signer.clone());
    assert_eq!(verifier.signature_version(), SignatureVersion::V2);
    assert_eq!(
        verifier
            .verify_signed_at(params.clone(), &v1_signature, at(TS))
            .unwrap_err()
            .kind(),
        ErrorKind::Mismatch
    );
    let legacy = RequestVerifier::new(v1_signer).allow_signature_version_1();
    assert_eq!(legacy.signature_version(), SignatureVersion::V1);
    let reading = legacy
        .verify_signed_at(params.clone(), &v1_signature, at(TS))
        .unwrap();
    assert_eq!(reading.signature_version(), SignatureVersion::V1);
    // The CVE's forgery: under V1 the same signature covers a `tags=admin` parameter.
    let forged = Params::from_pairs([
        ("timestamp", TS.to_string()),
        ("notification_url", "https://x/?a=1".to_owned()),
        ("tags", "admin".to_owned()),
    ])
    .unwrap();
    legacy
        .verify_signed_at(forged.clone(), &v1_signature, at(TS))
        .unwrap();
    // Under version 2 the original's signature binds the `&`: the forgery does not verify.
    let v2_signature = Signer::new(ApiSecret::new("abcd").unwrap())
        .sign(&params)
        .to_string();
    let reading = verifier
        .verify_signed_at(params.clone(), &v2_signature, at(TS))
        .unwrap();
    assert_eq!(reading.signature_version(), SignatureVersion::V2);
    assert_eq!(
        verifier
            .verify_signed_at(forged.clone(), &v2_signature, at(TS))
            .unwrap_err()
            .kind(),
        ErrorKind::Mismatch
    );
}

/// Security review finding 7 and the request rule (`cld_sign::request`): an excluded name received twice is refused,
/// `name[]` fields are one list parameter (items comma-joined in the order received), and a
/// name sent both plain and as a list is a duplicate.
#[test]
fn received_forms_fold_lists_and_refuse_repeated_names() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let params = Params::from_pairs([
        ("timestamp", TS.to_string()),
        ("tags", "a,b,".to_owned()),
        ("public_id", "x".to_owned()),
    ])
    .unwrap();
    let signature = signer.sign(&params).to_string();
    let form = [
        ("tags[]", "a"),
        ("timestamp", "1315060510"),
        ("tags[]", "b"),
        ("public_id", "x"),
        ("tags[]", ""),
        ("signature", signature.as_str()),
        ("api_key", "1234"),
    ];
    let verified = verifier().verify_at(form, at(TS)).unwrap();
    assert_eq!(verified.params(), &params);
    // Another order of the items is another list.
    let mut swapped = form;
    swapped.swap(0, 2);
    assert_eq!(
        verifier().verify_at(swapped, at(TS)).unwrap_err().kind(),
        ErrorKind::Mismatch
    );
    for twice in [
        "api_key",
        "file",
        "cloud_name",
        "resource_type",
        "signature",
        "public_id",
    ] {
        // The name exactly twice, whether or not the form had it.
        let mut fields: Vec<_> = form.iter().copied().filter(|&(n, _)| n != twice).collect();
        fields.push((twice, "once"));
        fields.push((twice, "again"));
        assert_eq!(
            verifier().verify_at(fields, at(TS)).unwrap_err(),
            Error::DuplicateParameter {
                name: twice.to_owned()
            },
            "{twice}"
        );
    }
    for (first, second) in [("tags", "tags[]"), ("tags[]", "tags")] {
        let fields = [
            (first, "a"),
            (second, "b"),
            ("timestamp", "1315060510"),
            ("signature", signature.as_str()),
        ];
        assert_eq!(
            verifier().verify_at(fields, at(TS)).unwrap_err(),
            Error::DuplicateParameter {
                name: "tags".to_owned()
            }
        );
    }
    // `&` and `%26` in a value sign the same under version 2 (documented on the verifier).
    let amp =
        Params::from_pairs([("timestamp", TS.to_string()), ("folder", "a&b".to_owned())]).unwrap();
    let pct = Params::from_pairs([
        ("timestamp", TS.to_string()),
        ("folder", "a%26b".to_owned()),
    ])
    .unwrap();
    assert_eq!(signer.sign(&amp), signer.sign(&pct));
}
