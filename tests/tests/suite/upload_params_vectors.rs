//! Every `upload_params.json` case (see `cld_sign::request::upload`) through the dynamic path
//! ([`UploadOptions`]) and, where the options fit its typed fields, the typed request
//! ([`UploadParams`]): fields sent, string to sign, signature, or the error.

use cld_sign::request::upload::{SignedUploadForm, UploadOptions, UploadParams};
use cld_sign::{ApiSecret, Signer, Timestamp};
use cld_sign_tests::vectors::upload_params::{Expected, Input, Sent};
use cld_sign_tests::vectors::{self, Case};

type UploadCase = Case<Input, Expected>;

/// What the form sends; and what is sent ends with the signature.
fn sent(form: &SignedUploadForm) -> Sent {
    let fields: Vec<(String, String)> = form
        .fields()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    // What is sent, signed again as received: the same signature.
    let last = form.to_fields();
    assert_eq!(last.last().unwrap().0, "signature");
    assert_eq!(last.last().unwrap().1, form.signature().to_string());
    (
        fields,
        form.string_to_sign().to_owned(),
        form.signature().to_string(),
    )
}

#[test]
fn every_case_through_the_dynamic_path() {
    let tally = vectors::run("upload_params.json", 56, |case: &UploadCase| {
        let i = &case.input;
        let options = UploadOptions::from_json(&i.options, i.timestamp())?;
        Ok(sent(&options.sign(&i.signer()?, &i.api_key)))
    });
    assert_eq!((tally.ok, tally.err()), (53, 3));
}

#[test]
fn every_expressible_case_through_the_typed_request() {
    let cases = vectors::load::<Input, Expected>("upload_params.json");
    assert_eq!(cases.len(), 56);
    let mut typed = Vec::new();
    for case in &cases {
        let i = &case.input;
        let Ok(params) = UploadParams::from_json(&i.options) else {
            continue;
        };
        let Ok(expected) = vectors::Expected::outcome(&case.expected) else {
            panic!("{}: an error case fits the typed request", case.id);
        };
        let signer = i.signer().unwrap();
        let form = params.sign_at(&signer, &i.api_key, i.timestamp());
        assert_eq!(sent(&form), expected, "{} (typed)", case.id);
        assert_eq!(
            form.signature(),
            &signer.sign_at(&params, i.timestamp()),
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
