//! Every case of `auth.json` (request signatures) through the dynamic path: the string to
//! sign and the signature, or the error kind.

use cld_sign::{
    Algorithm, ApiSecret, Error, Params, SignatureVersion, Signer, request::ReceivedParams,
};
use cld_sign_tests::vectors::auth::{Expected, Input};
use cld_sign_tests::vectors::{self, Case};
use serde_json::Value;

/// Builds the signer of a case the way an application would: from text settings.
fn signer_for(input: &Input) -> Result<Signer, Error> {
    let secret = ApiSecret::new(input.secret.as_deref().unwrap_or(""))?;
    let algorithm: Algorithm = input.algorithm.parse()?;
    let version: SignatureVersion = input.signature_version.to_string().parse()?;
    Ok(Signer::new(secret)
        .with_algorithm(algorithm)
        .with_signature_version(version))
}

/// Signs a case's params as parsed by `parse`, giving the string to sign and signature.
fn sign(
    input: &Input,
    parse: impl FnOnce(&Value) -> Result<Params, Error>,
) -> Result<(String, String), Error> {
    let signer = signer_for(input)?;
    let params = parse(&input.params)?;
    Ok((
        signer.string_to_sign(&params),
        signer.sign(&params).to_string(),
    ))
}

/// Checks every case of `auth.json` through one way of building `Params`.
fn check_every_case(parse: impl Fn(&Value) -> Result<Params, Error>) {
    let tally = vectors::run("auth.json", 303, |case: &Case<Input, Expected>| {
        sign(&case.input, &parse)
    });
    assert_eq!((tally.ok, tally.err()), (272, 31));
}

#[test]
fn every_auth_vector() {
    check_every_case(Params::from_serialize);
}

/// The same cases read from JSON text into `ReceivedParams`, as a server reads a body.
#[test]
fn every_auth_vector_through_received_params() {
    check_every_case(|params| {
        let body = serde_json::to_string(params).expect("a JSON value serializes");
        let received: ReceivedParams = serde_json::from_str(&body).expect("an object parses");
        Params::try_from(received)
    });
}

/// The same cases through the pairs entry point, where every value is a string or number.
#[test]
fn flat_auth_vectors_through_pairs() {
    let mut checked = 0;
    for case in vectors::load::<Input, Expected>("auth.json") {
        let Expected::Signed { signature, .. } = &case.expected else {
            continue;
        };
        let Ok(signer) = signer_for(&case.input) else {
            continue;
        };
        let Some(object) = case.input.params.as_object() else {
            continue;
        };
        // Only strings and integers map one to one onto the typed values used here.
        let pairs: Option<Vec<(&str, String)>> = object
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Some((k.as_str(), s.clone())),
                Value::Number(n) if n.is_i64() || n.is_u64() => Some((k.as_str(), n.to_string())),
                _ => None,
            })
            .collect();
        let Some(pairs) = pairs else { continue };
        let params = Params::from_pairs(pairs).expect(&case.id);
        assert_eq!(&signer.sign(&params).to_string(), signature, "{}", case.id);
        checked += 1;
    }
    assert!(checked > 100, "only {checked} flat cases");
}

#[test]
fn the_documented_example() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let params = Params::from_pairs([
        ("timestamp", "1315060510"),
        ("public_id", "sample_image"),
        ("eager", "w_400,h_300,c_pad|w_260,h_200,c_crop"),
        ("file", "sample.jpg"),
        ("api_key", "1234"),
        ("cloud_name", "demo"),
        ("resource_type", "image"),
    ])
    .unwrap();
    assert_eq!(
        signer.string_to_sign(&params),
        "eager=w_400,h_300,c_pad|w_260,h_200,c_crop&public_id=sample_image&timestamp=1315060510"
    );
    assert_eq!(
        signer.sign(&params).to_string(),
        "bfd09f95f331f558cbd1320e67aa8d488770583e"
    );
}
