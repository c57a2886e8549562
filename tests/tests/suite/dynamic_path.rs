//! The dynamic path's inputs and errors beyond the vectors: serde maps and structs,
//! duplicates, nested values, timestamps.

use std::collections::{BTreeMap, HashMap};

use cld_sign::{ApiSecret, ErrorKind, Params, Signer, request::ReceivedParams};
use serde_json::json;

fn signer() -> Signer {
    Signer::new(ApiSecret::new("abcd").unwrap())
}

const DOCS_SIGNATURE: &str = "bfd09f95f331f558cbd1320e67aa8d488770583e";

#[derive(serde::Serialize)]
struct Upload<'a> {
    timestamp: u64,
    public_id: &'a str,
    eager: Vec<&'a str>,
    folder: Option<&'a str>,
}

#[test]
fn maps_and_structs_sign_alike() {
    let upload = Upload {
        timestamp: 1315060510,
        public_id: "sample_image",
        eager: vec!["w_400,h_300,c_pad|w_260,h_200,c_crop"],
        folder: None,
    };
    let hash: HashMap<&str, &str> = [
        ("timestamp", "1315060510"),
        ("public_id", "sample_image"),
        ("eager", "w_400,h_300,c_pad|w_260,h_200,c_crop"),
    ]
    .into();
    let btree: BTreeMap<String, serde_json::Value> = hash
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    for params in [
        Params::from_serialize(&upload).unwrap(),
        Params::from_serialize(&hash).unwrap(),
        Params::from_serialize(&btree).unwrap(),
        Params::from_pairs(&hash).unwrap(),
    ] {
        assert_eq!(signer().sign(&params).to_string(), DOCS_SIGNATURE);
    }
}

#[test]
fn nested_objects_are_refused_by_name() {
    let err =
        Params::from_serialize(&json!({"timestamp": 1, "context": {"alt": "x"}})).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedValue);
    assert!(err.to_string().contains("\"context\""), "{err}");

    let err = Params::from_serialize(&json!({"tags": [{"a": 1}]})).unwrap_err();
    assert!(err.to_string().contains("\"tags\""), "{err}");
}

#[test]
fn non_maps_are_refused() {
    for v in [json!([1, 2]), json!("text"), json!(5)] {
        assert_eq!(
            Params::from_serialize(&v).unwrap_err().kind(),
            ErrorKind::UnsupportedValue
        );
    }
    // `null` is an empty set of params, not an error.
    assert!(Params::from_serialize(&json!(null)).unwrap().is_empty());
}

#[test]
fn duplicates_are_refused_even_when_empty() {
    let err = Params::from_pairs([("tags", "a"), ("public_id", "x"), ("tags", "")]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DuplicateParameter);
    assert!(err.to_string().contains("\"tags\""));
    // Excluded names are not parameters at all, so repeating them is harmless.
    assert!(
        Params::from_pairs([("file", "a"), ("file", "b")])
            .unwrap()
            .is_empty()
    );
}

#[test]
fn request_level_timestamp() {
    let params = Params::from_pairs([("public_id", "x")]).unwrap();
    assert_eq!(
        params.timestamp().unwrap_err().kind(),
        ErrorKind::MissingTimestamp
    );
    let params = Params::from_serialize(&json!({"timestamp": 1700000000.5})).unwrap();
    assert_eq!(
        params.timestamp().unwrap_err().kind(),
        ErrorKind::MalformedTimestamp
    );
    let params = Params::from_serialize(&json!({"timestamp": 1315060510})).unwrap();
    assert_eq!(params.timestamp().unwrap().as_secs(), 1315060510);
}

#[test]
fn values_follow_the_spec_table() {
    let params = Params::from_serialize(&json!({
        "a": true, "b": false, "c": 0, "d": -12, "e": 1.0, "f": 1e21, "g": 1e-7,
        "h": ["a", ""], "i": [], "j": [null], "k": [[1, 2], [3]], "l": null, "m": "",
        "n": 123456789012345678u64, "o": [null, "x"],
    }))
    .unwrap();
    let got: Vec<_> = params.iter().collect();
    assert_eq!(
        got,
        [
            ("a", "true"),
            ("b", "false"),
            ("c", "0"),
            ("d", "-12"),
            ("e", "1"),
            ("f", "1e+21"),
            ("g", "1e-7"),
            ("h", "a,"),
            ("k", "1,2,3"),
            ("n", "123456789012345678"),
            ("o", ",x"),
        ]
    );
}

#[test]
fn form_fields_are_what_was_signed() {
    let params = Params::from_serialize(&json!({
        "timestamp": 1315060510, "public_id": "sample_image", "tags": ["a", "b"], "folder": ""
    }))
    .unwrap();
    let signature = signer().sign(&params);
    let form = params.form_fields("1234", &signature);
    let names: Vec<_> = form.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        ["public_id", "tags", "timestamp", "api_key", "signature"]
    );
    assert_eq!(form[1].1, "a,b");
}

#[test]
fn received_params_keep_repeated_names_and_refuse_objects() {
    let received: ReceivedParams =
        serde_json::from_str(r#"{"tags": "a", "public_id": "x", "tags": "b"}"#).unwrap();
    assert_eq!(received.len(), 3);
    let err = Params::try_from(received).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DuplicateParameter);
    assert!(err.to_string().contains("\"tags\""), "{err}");

    // A nested object is refused by name, and the rest of the body still parses.
    let received: ReceivedParams =
        serde_json::from_str(r#"{"context": {"alt": "x", "n": [1]}, "timestamp": 1}"#).unwrap();
    let err = Params::try_from(received).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedValue);
    assert!(err.to_string().contains("\"context\""), "{err}");
    let received: ReceivedParams = serde_json::from_str(r#"{"tags": ["a", {"b": 1}]}"#).unwrap();
    assert_eq!(
        Params::try_from(received).unwrap_err().kind(),
        ErrorKind::UnsupportedValue
    );

    // Not an object at all: a deserialization error.
    assert!(serde_json::from_str::<ReceivedParams>("[1, 2]").is_err());
}

#[test]
fn received_params_equal_serialized_params() {
    let value = json!({
        "a": true, "b": false, "c": 0, "d": -12, "e": 1.0, "f": 1e21, "g": 1e-7,
        "h": ["a", ""], "i": [], "j": [null], "k": [[1, 2], [3]], "l": null, "m": "",
        "n": 123456789012345678u64, "o": [null, "x"], "file": "x", "p": "a&b",
    });
    let received: ReceivedParams = serde_json::from_str(&value.to_string()).unwrap();
    assert_eq!(
        Params::try_from(received).unwrap(),
        Params::from_serialize(&value).unwrap()
    );
}

/// step 2 of the request rule at every request entry point: a name outside `[a-z0-9_]+` is refused,
/// and it is reported before a duplicate or an unsupported value (the spec's error order).
#[test]
fn parameter_names_are_checked_first_at_every_entry_point() {
    use cld_sign::{Timestamp, request::RequestVerifier};
    for bad in [
        "",
        "Public_id",
        "a-b",
        "tags[]",
        "a b",
        "é",
        "a&b",
        "x=y",
        "{",
        "ts.",
    ] {
        let err = Params::from_pairs([("timestamp", "1"), (bad, "v")]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedParameterName, "{bad:?}");
        assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");

        let json = serde_json::json!({ "timestamp": 1, "tags": {"nested": 1}, bad: "v" });
        let err = Params::from_serialize(&json).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedParameterName, "{bad:?}");

        let body = format!(r#"{{"a": 1, "a": {{}}, {}: "v"}}"#, serde_json::json!(bad));
        let received: cld_sign::request::ReceivedParams = serde_json::from_str(&body).unwrap();
        let err = Params::try_from(received).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedParameterName, "{bad:?}");

        // A received form reads `name[]` as the list `name` (see `cld_sign::request`), so there `tags[]`
        // is well formed; `Tags[]` is not.
        let field = if bad == "tags[]" { "Tags[]" } else { bad };
        let verifier = RequestVerifier::new(Signer::new(ApiSecret::new("abcd").unwrap()));
        let err = verifier
            .verify_at(
                [("timestamp", "1"), (field, "v"), ("signature", "x")],
                Timestamp::from_secs(1),
            )
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedParameterName, "{field:?}");
    }
    // Duplicates come before unsupported values, whatever the input order.
    let body = r#"{"a": {}, "b": 1, "b": 2}"#;
    let received: cld_sign::request::ReceivedParams = serde_json::from_str(body).unwrap();
    assert_eq!(
        Params::try_from(received).unwrap_err().kind(),
        ErrorKind::DuplicateParameter
    );
    // Excluded names are left out before the rule applies; every name of the rule signs.
    let params = Params::from_pairs([("file", "x"), ("a_1", "v"), ("timestamp", "1")]).unwrap();
    assert_eq!(
        params.iter().collect::<Vec<_>>(),
        [("a_1", "v"), ("timestamp", "1")]
    );
}
