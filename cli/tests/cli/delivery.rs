//! `url-signature` over every case of `url_signature.json`; `url` and `verify-url` over
//! every case of `delivery_url.json`.

use crate::common::{assert_failure, bad_input, cld_sign, one_line};
use cld_sign_tests::vectors::{self, Case, Version, delivery_url, url_signature};

#[test]
fn every_url_signature_vector_through_the_binary() {
    vectors::run_with(
        "url_signature.json",
        25,
        vectors::Expected::outcome,
        |case: &Case<url_signature::Input, url_signature::Expected>| {
            let input = &case.input;
            let mut args = vec![
                "url-signature".to_owned(),
                format!("--algorithm={}", input.algorithm),
            ];
            if input.long {
                args.push("--long".to_owned());
            }
            // After `--`, a TO_SIGN starting with `-` is still the argument.
            args.push("--".to_owned());
            args.push(input.to_sign.clone());
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = cld_sign(&args, &[("CLOUDINARY_API_SECRET", &input.secret)], b"");
            run.outcome(bad_input).map(one_line)
        },
    );
}

#[test]
fn every_delivery_url_vector_through_the_binary() {
    // `url` prints the URL, not the path it signs.
    vectors::run_with(
        "delivery_url.json",
        18,
        |expected: &delivery_url::Expected| Ok(expected.url.clone()),
        |case: &Case<delivery_url::Input, delivery_url::Expected>| {
            let input = &case.input;
            let mut args = vec!["url".to_owned()];
            for (value, flag) in [
                (Some(&input.cloud_name), "cloud-name"),
                (Some(&input.public_id), "public-id"),
                (Some(&input.resource_type), "resource-type"),
                (Some(&input.delivery_type), "type"),
                (input.transformation.as_ref(), "transformation"),
                (input.format.as_ref(), "format"),
                (Some(&input.algorithm), "algorithm"),
            ] {
                if let Some(value) = value {
                    args.push(format!("--{flag}={value}"));
                }
            }
            // A version is given as text or as a number.
            match &input.version {
                None => {}
                Some(Version::Text(version)) => args.push(format!("--version={version}")),
                Some(Version::Number(version)) => args.push(format!("--version={version}")),
            }
            if input.long {
                args.push("--long".to_owned());
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let env = [("CLOUDINARY_API_SECRET", input.secret.as_str())];
            let run = cld_sign(&args, &env, b"");

            let expected = case.expected.url.as_str();
            let algorithm = format!("--algorithm={}", input.algorithm);
            let verify = cld_sign(&["verify-url", &algorithm, expected], &env, b"");
            assert_eq!(
                (verify.status, verify.stdout.as_str()),
                (0, "valid\n"),
                "{verify:?}"
            );
            let wrong = [("CLOUDINARY_API_SECRET", "not-the-secret")];
            let rejected = cld_sign(&["verify-url", &algorithm, expected], &wrong, b"");
            assert_failure(&rejected, 1, "mismatch", "another secret");
            run.outcome(bad_input).map(one_line)
        },
    );
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
