//! Every `upload_params.json` case (SPEC §1.6) through the dynamic path
//! ([`UploadOptions`]) and, where the options fit its typed fields, the typed request
//! ([`UploadParams`]): fields sent, string to sign, signature, or the error.

use cld_sign::upload::{UploadForm, UploadOptions, UploadParams};
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
