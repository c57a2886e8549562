//! The documented request (see `cld_sign::request`) through derived structs: every `auth.json` case
//! whose parameters are the docs request (with or without the excluded names), under each
//! algorithm and signature version the case names.

use cld_sign::{Algorithm, ApiSecret, Signable, SignatureVersion, Signer, Timestamp};
use cld_sign_tests::vectors::{self, Case};
use serde_json::Value;

use cld_sign_tests::vectors::auth::{Expected, Input};

/// The docs request as an application would type it: `eager` as its transformations.
/// (The excluded fields are sent, never signed; this test only signs, so never reads them.)
#[allow(dead_code)]
#[derive(Signable)]
struct UploadRequest<'a> {
    #[sign(exclude)]
    file: Option<&'a str>,
    #[sign(exclude)]
    api_key: Option<&'a str>,
    #[sign(exclude)]
    cloud_name: Option<&'a str>,
    #[sign(exclude)]
    resource_type: Option<&'a str>,
    public_id: &'a str,
    #[sign(join = "|")]
    eager: Vec<&'a str>,
    timestamp: Timestamp,
}

/// The same request without a timestamp field: the signer supplies it.
#[derive(Signable)]
struct UploadRequestAt<'a> {
    #[sign(rename = "public_id")]
    id: &'a str,
    #[sign(join = "|")]
    eager: Vec<&'a str>,
}

const DOCS_NAMES: [&str; 3] = ["eager", "public_id", "timestamp"];
const EXCLUDED: [&str; 4] = ["file", "api_key", "cloud_name", "resource_type"];

/// The case's params if they are the docs request: the three docs names with string or
/// integer values, plus any excluded names, and the string to sign and signature.
fn docs_params(
    case: &Case<Input, Expected>,
) -> Option<(&serde_json::Map<String, Value>, &str, &str)> {
    let params = case.input.params.as_object()?;
    let docs = DOCS_NAMES.iter().all(|n| params.contains_key(*n))
        && params
            .keys()
            .all(|k| DOCS_NAMES.contains(&k.as_str()) || EXCLUDED.contains(&k.as_str()))
        && params["eager"].is_string()
        && params["public_id"].is_string()
        && params["timestamp"].is_u64();
    match &case.expected {
        Expected::Signed {
            string_to_sign,
            signature,
        } if docs => Some((params, string_to_sign, signature)),
        _ => None,
    }
}

fn signer_for(input: &Input) -> Signer {
    let algorithm: Algorithm = input.algorithm.parse().unwrap();
    let version: SignatureVersion = input.signature_version.to_string().parse().unwrap();
    let secret = input.secret.as_deref().expect("a docs case has a secret");
    Signer::new(ApiSecret::new(secret).unwrap())
        .with_algorithm(algorithm)
        .with_signature_version(version)
}

#[test]
fn docs_vector_through_derived_structs() {
    let cases = vectors::load::<Input, Expected>("auth.json");
    let mut checked = 0;
    let mut combos = Vec::new();
    for case in &cases {
        let Some((params, string, signature)) = docs_params(case) else {
            continue;
        };
        let signer = signer_for(&case.input);
        let text = |name: &str| params.get(name).and_then(Value::as_str);
        let eager: Vec<&str> = text("eager").unwrap().split('|').collect();
        let timestamp = Timestamp::from_secs(params["timestamp"].as_u64().unwrap());
        let request = UploadRequest {
            file: text("file"),
            api_key: text("api_key"),
            cloud_name: text("cloud_name"),
            resource_type: text("resource_type"),
            public_id: text("public_id").unwrap(),
            eager: eager.clone(),
            timestamp,
        };
        let at = UploadRequestAt {
            id: text("public_id").unwrap(),
            eager,
        };

        assert_eq!(signer.string_to_sign(&request), string, "{}", case.id);
        assert_eq!(signer.sign(&request).to_string(), signature, "{}", case.id);
        assert_eq!(
            signer.string_to_sign_at(&at, timestamp),
            string,
            "{}",
            case.id
        );
        assert_eq!(
            signer.sign_at(&at, timestamp).to_string(),
            signature,
            "{}",
            case.id
        );
        assert_eq!(
            signer.sign(&request).hex().as_str(),
            signature,
            "{}",
            case.id
        );

        // Other values of the excluded fields change nothing.
        let other = UploadRequest {
            file: Some("other.jpg"),
            api_key: Some("9999"),
            cloud_name: None,
            resource_type: Some("video"),
            eager: request.eager.clone(),
            ..request
        };
        assert_eq!(signer.sign(&other).to_string(), signature, "{}", case.id);

        combos.push((signer.algorithm(), signer.signature_version()));
        checked += 1;
    }
    // The file has the docs request under both algorithms and both versions, with and
    // without the excluded names.
    for algorithm in [Algorithm::Sha1, Algorithm::Sha256] {
        for version in [SignatureVersion::V1, SignatureVersion::V2] {
            assert!(
                combos.contains(&(algorithm, version)),
                "no docs case for {algorithm:?} {version:?}"
            );
        }
    }
    assert!(checked >= 8, "only {checked} docs cases in auth.json");
}
