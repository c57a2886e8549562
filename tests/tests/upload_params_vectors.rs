//! Every `upload_params.json` case (see `cld_sign::request::upload`) through the dynamic path
//! ([`UploadOptions`]) and, where the options fit its typed fields, the typed request
//! ([`UploadParams`]): fields sent, string to sign, signature, or the error.

use cld_sign::request::upload::{UploadForm, UploadOptions, UploadParams};
use cld_sign::{Algorithm, ApiSecret, Signer, Timestamp};
use cld_sign_tests::{Case, load, str_field};
use serde_json::Value;

struct Input<'a> {
    options: &'a Value,
    signer: Signer,
    api_key: &'a str,
    timestamp: Timestamp,
}

fn input(case: &Case) -> Input<'_> {
    let i = &case.input;
    let algorithm: Algorithm = str_field(i, "algorithm").unwrap().parse().unwrap();
    Input {
        options: &i["options"],
        signer: Signer::new(ApiSecret::new(str_field(i, "secret").unwrap()).unwrap())
            .with_algorithm(algorithm),
        api_key: str_field(i, "api_key").unwrap(),
        timestamp: Timestamp::from_secs(i["timestamp"].as_u64().unwrap()),
    }
}

fn expected_fields(case: &Case) -> Vec<(String, String)> {
    case.expected["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f[0].as_str().unwrap().to_owned(),
                f[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn check_form(case: &Case, form: &UploadForm, path: &str) {
    let fields: Vec<(String, String)> = form
        .fields()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    assert_eq!(fields, expected_fields(case), "{} fields ({path})", case.id);
    assert_eq!(
        form.string_to_sign(),
        str_field(&case.expected, "string_to_sign").unwrap(),
        "{} string ({path})",
        case.id
    );
    assert_eq!(
        form.signature().to_string(),
        str_field(&case.expected, "signature").unwrap(),
        "{} signature ({path})",
        case.id
    );
    // What is sent, signed again as received: the same signature.
    let last = form.to_fields();
    assert_eq!(last.last().unwrap().0, "signature");
    assert_eq!(last.last().unwrap().1, form.signature().to_string());
}

#[test]
fn every_case_through_the_dynamic_path() {
    let cases = load("upload_params.json");
    assert_eq!(cases.len(), 56);
    let (mut ok, mut errors) = (0, 0);
    for case in &cases {
        let i = input(case);
        let result = UploadOptions::from_json(i.options, i.timestamp);
        match str_field(&case.expected, "error") {
            Some(error) => {
                let err = result.expect_err(&case.id);
                assert_eq!(err.kind().as_str(), error, "{}", case.id);
                errors += 1;
            }
            None => {
                let options = result.unwrap_or_else(|e| panic!("{}: {e}", case.id));
                check_form(case, &options.sign(&i.signer, i.api_key), "dynamic");
                ok += 1;
            }
        }
    }
    assert_eq!((ok, errors), (53, 3));
}

#[test]
fn every_expressible_case_through_the_typed_request() {
    let cases = load("upload_params.json");
    assert_eq!(cases.len(), 56);
    let mut typed = Vec::new();
    for case in &cases {
        let i = input(case);
        let Ok(params) = UploadParams::from_json(i.options) else {
            continue;
        };
        assert!(
            case.expected.get("error").is_none(),
            "{}: an error case fits the typed request",
            case.id
        );
        let form = params.sign(&i.signer, i.api_key, i.timestamp);
        check_form(case, &form, "typed");
        assert_eq!(
            form.signature(),
            &i.signer.sign_at(&params, i.timestamp),
            "{}",
            case.id
        );
        typed.push(case.id.as_str());
    }
    // The rest use shapes a typed field does not take on purpose (`"true"` for a boolean,
    // numbers in `context`, text for `tags`, a list for `detection`) or excluded names.
    assert_eq!(typed.len(), 32, "{typed:?}");
}

/// `UPLOAD_PARAMETERS` is the typed request's field names (and `timestamp`): sorted,
/// unique, parameter names, none of the never-signed ones; every name is a field the typed
/// request reads, and a name outside it is not.
#[test]
fn the_catalogue_is_the_typed_request() {
    use cld_sign::request::upload::{UPLOAD_PARAMETERS, is_upload_parameter};
    assert!(
        UPLOAD_PARAMETERS.windows(2).all(|w| w[0] < w[1]),
        "sorted, unique"
    );
    assert!(UPLOAD_PARAMETERS.contains(&"timestamp"));
    assert_eq!(UPLOAD_PARAMETERS.len(), 62);
    for name in UPLOAD_PARAMETERS {
        assert!(cld_sign::request::is_parameter_name(name), "{name}");
        assert!(!cld_sign::request::is_excluded(name), "{name}");
        assert!(is_upload_parameter(name), "{name}");
        if *name != "timestamp" {
            let one = serde_json::json!({ *name: null });
            UploadParams::from_json(&one).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    // `resource_type` is a field (the endpoint) but never signed, so not in the catalogue.
    UploadParams::from_json(&serde_json::json!({"resource_type": "video"})).unwrap();
    assert!(!is_upload_parameter("resource_type"));
    for other in [
        "file",
        "api_key",
        "signature",
        "cloud_name",
        "public_ids",
        "tag",
        "",
    ] {
        assert!(!is_upload_parameter(other), "{other}");
        if !other.is_empty() && other != "resource_type" {
            assert!(
                UploadParams::from_json(&serde_json::json!({ other: "x" })).is_err(),
                "{other}"
            );
        }
    }
}

/// Setting one field signs exactly one pair under its catalogue name (besides the
/// timestamp): the names in the catalogue are the names the derive signs.
#[test]
fn each_field_signs_under_its_catalogue_name() {
    use cld_sign::request::upload::UPLOAD_PARAMETERS;
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let ts = Timestamp::from_secs(1);
    let mut checked = 0;
    for name in UPLOAD_PARAMETERS.iter().filter(|n| **n != "timestamp") {
        // A value of the field's shape: try the shapes in turn.
        let samples = [
            serde_json::json!("x"),
            serde_json::json!("authenticated"),
            serde_json::json!(true),
            serde_json::json!(0.5),
            serde_json::json!(["x"]),
            serde_json::json!({"k": "v"}),
            serde_json::json!([[1, 2, 3, 4]]),
        ];
        let params = samples
            .iter()
            .find_map(|v| UploadParams::from_json(&serde_json::json!({ *name: v })).ok())
            .unwrap_or_else(|| panic!("no sample fits `{name}`"));
        let text = signer.string_to_sign_at(&params, ts);
        let names: Vec<&str> = text
            .split('&')
            .map(|p| p.split('=').next().unwrap())
            .collect();
        let mut expected = vec![*name, "timestamp"];
        expected.sort();
        assert_eq!(names, expected, "{text}");
        checked += 1;
    }
    assert_eq!(checked, UPLOAD_PARAMETERS.len() - 1);
}
