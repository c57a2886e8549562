//! `url-signature` over every case of `url_signature.json`; `url` and `verify-url` over
//! every case of `delivery_url.json`.

use crate::common::{assert_failure, cld_sign};
use cld_sign_tests::vectors::{load_raw as load, str_field};

#[test]
fn every_url_signature_vector_through_the_binary() {
    let cases = load("url_signature.json");
    let mut checked = 0;
    for case in &cases {
        let input = &case.input;
        let mut args = vec![
            "url-signature".to_owned(),
            format!("--algorithm={}", str_field(input, "algorithm").unwrap()),
        ];
        if input["long"] == true {
            args.push("--long".to_owned());
        }
        // After `--`, a TO_SIGN starting with `-` is still the argument.
        args.push("--".to_owned());
        args.push(str_field(input, "to_sign").unwrap().to_owned());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let secret = str_field(input, "secret").unwrap();
        let run = cld_sign(&args, &[("CLOUDINARY_API_SECRET", secret)], b"");
        let expected = str_field(&case.expected, "url_signature").unwrap();
        assert_eq!(
            (run.status, run.stdout.as_str(), run.stderr.as_str()),
            (0, format!("{expected}\n").as_str(), ""),
            "{}",
            case.id
        );
        checked += 1;
    }
    assert_eq!(checked, cases.len());
    assert_eq!(checked, 25, "url_signature.json changed size");
}

#[test]
fn every_delivery_url_vector_through_the_binary() {
    let cases = load("delivery_url.json");
    let mut checked = 0;
    for case in &cases {
        let input = &case.input;
        let mut args = vec!["url".to_owned()];
        for (field, flag) in [
            ("cloud_name", "cloud-name"),
            ("public_id", "public-id"),
            ("resource_type", "resource-type"),
            ("type", "type"),
            ("transformation", "transformation"),
            ("format", "format"),
            ("algorithm", "algorithm"),
        ] {
            if let Some(value) = str_field(input, field) {
                args.push(format!("--{flag}={value}"));
            }
        }
        // A version is given as text or as a number.
        match &input["version"] {
            serde_json::Value::Null => {}
            serde_json::Value::String(version) => args.push(format!("--version={version}")),
            version => args.push(format!("--version={}", version.as_u64().unwrap())),
        }
        let long = input["long"] == true;
        if long {
            args.push("--long".to_owned());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env = [("CLOUDINARY_API_SECRET", str_field(input, "secret").unwrap())];
        let run = cld_sign(&args, &env, b"");
        let expected = str_field(&case.expected, "url").unwrap();
        assert_eq!(
            (run.status, run.stdout.as_str(), run.stderr.as_str()),
            (0, format!("{expected}\n").as_str(), ""),
            "{}",
            case.id
        );

        let algorithm = format!("--algorithm={}", str_field(input, "algorithm").unwrap());
        let verify = cld_sign(&["verify-url", &algorithm, expected], &env, b"");
        assert_eq!(
            (verify.status, verify.stdout.as_str()),
            (0, "valid\n"),
            "{}: {verify:?}",
            case.id
        );
        let wrong = [("CLOUDINARY_API_SECRET", "not-the-secret")];
        let rejected = cld_sign(&["verify-url", &algorithm, expected], &wrong, b"");
        assert_failure(&rejected, 1, "mismatch", &case.id);
        checked += 1;
    }
    assert_eq!(checked, cases.len());
    assert_eq!(checked, 18, "delivery_url.json changed size");
}

#[test]
fn malformed_urls_exit_2() {
    let env = [("CLOUDINARY_API_SECRET", "abcd")];
    let cases = [
        (
            "ftp://res.cloudinary.com/demo/image/upload/s--y-tjJGJv--/sample",
            "malformed_url",
        ),
        (
            "https://res.cloudinary.com/demo/image/upload/sample",
            "malformed_url",
        ),
        (
            "https://res.cloudinary.com/demo/image/upload/s--y-tj--/sample",
            "malformed_signature",
        ),
    ];
    for (url, kind) in cases {
        let run = cld_sign(&["verify-url", url], &env, b"");
        assert_failure(&run, 2, kind, url);
    }
    let run = cld_sign(
        &[
            "url",
            "--cloud-name",
            "demo",
            "--public-id",
            "x",
            "--version",
            "v1",
        ],
        &env,
        b"",
    );
    assert_failure(&run, 2, "malformed_timestamp", "--version v1");
}
