//! `verify-notification` over every case of `notification.json` and `verify-response`
//! over every case of `response.json`: `valid` and status 0, or status 1 (mismatch,
//! expired, from the future) / 2 (malformed) with the kind on stderr.

use crate::common::{Run, assert_failure, cld_sign};
use cld_sign_tests::vectors::{RawCase as Case, load_raw as load, str_field};

/// The exit status the CLI gives for a failed verification of `kind`.
fn status_of(kind: &str) -> i32 {
    match kind {
        "mismatch" | "expired" | "from_future" => 1,
        _ => 2,
    }
}

#[track_caller]
fn assert_valid(run: &Run, id: &str) {
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (0, "valid\n", ""),
        "{id}"
    );
}

fn verify_notification(case: &Case, signature: &str) -> Run {
    let input = &case.input;
    let flag = |name: &str, value: &str| format!("--{name}={value}");
    let args = [
        "verify-notification".to_owned(),
        flag("timestamp", str_field(input, "timestamp").unwrap()),
        flag("signature", signature),
        flag("valid-for", &input["valid_for"].to_string()),
        flag("now", &input["now"].to_string()),
        flag("algorithm", str_field(input, "algorithm").unwrap()),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let secret = str_field(input, "secret").unwrap();
    let body = str_field(input, "body").unwrap();
    cld_sign(&args, &[("CLOUDINARY_API_SECRET", secret)], body.as_bytes())
}

#[test]
fn every_notification_vector_through_the_binary() {
    let cases = load("notification.json");
    let mut checked = 0;
    for case in &cases {
        let run = verify_notification(case, str_field(&case.input, "signature").unwrap());
        match (&case.expected["verify"], str_field(&case.expected, "error")) {
            (serde_json::Value::Bool(true), None) => assert_valid(&run, &case.id),
            (serde_json::Value::Bool(false), Some(kind)) => {
                assert_failure(&run, status_of(kind), kind, &case.id);
            }
            other => panic!("{}: unexpected expectation {other:?}", case.id),
        }
        checked += 1;
    }
    assert_eq!(checked, cases.len());
    assert_eq!(checked, 26, "notification.json changed size");
}

/// The signature the body should carry is accepted whenever the time window allows.
#[test]
fn the_expected_notification_signature_verifies_when_fresh() {
    let mut checked = 0;
    for case in load("notification.json") {
        let kind = str_field(&case.expected, "error");
        if matches!(
            kind,
            Some("expired" | "from_future" | "malformed_timestamp")
        ) {
            continue;
        }
        let signature = str_field(&case.expected, "signature").unwrap();
        assert_valid(&verify_notification(&case, signature), &case.id);
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} cases");
}

#[test]
fn every_response_vector_through_the_binary() {
    let cases = load("response.json");
    let mut checked = 0;
    for case in &cases {
        let input = &case.input;
        let run_with = |signature: &str| {
            let args = [
                "verify-response".to_owned(),
                format!("--public-id={}", str_field(input, "public_id").unwrap()),
                format!("--version={}", str_field(input, "version").unwrap()),
                format!("--signature={signature}"),
                format!("--algorithm={}", str_field(input, "algorithm").unwrap()),
            ];
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let secret = str_field(input, "secret").unwrap();
            cld_sign(&args, &[("CLOUDINARY_API_SECRET", secret)], b"")
        };
        let run = run_with(str_field(input, "signature").unwrap());
        if let Some(kind) = str_field(&case.expected, "error") {
            // the response rule (`cld_sign::response`): refused as bad input before the signature is read, even the right one.
            assert_failure(&run, 2, kind, &case.id);
            assert_failure(
                &run_with(str_field(&case.expected, "signature").unwrap()),
                2,
                kind,
                &case.id,
            );
        } else if case.expected["verify"] == true {
            assert_valid(&run, &case.id);
        } else {
            assert_eq!(case.expected["verify"], false, "{}", case.id);
            assert_failure(&run, 1, "mismatch", &case.id);
            // The message shows the string that was signed, to compare with the sender's.
            let string = str_field(&case.expected, "string_to_sign").unwrap();
            assert!(
                run.first_error_line().contains(&format!("'{string}'")),
                "{run:?}"
            );
        }
        if str_field(&case.expected, "error").is_none() {
            assert_valid(
                &run_with(str_field(&case.expected, "signature").unwrap()),
                &case.id,
            );
        }
        checked += 1;
    }
    assert_eq!(checked, cases.len());
    assert_eq!(checked, 9, "response.json changed size");
}

#[test]
fn the_documented_wrong_response_signature_fails() {
    let args = [
        "verify-response",
        "--public-id",
        "sample",
        "--version",
        "1315060510",
        "--signature",
        "b4ad47fb4e25c7bf5f92a20089f9db59bc302313",
    ];
    let run = cld_sign(&args, &[("CLOUDINARY_API_SECRET", "abcd")], b"");
    assert_failure(&run, 1, "mismatch", "docs error");
}

#[test]
fn malformed_headers_and_flags_exit_2() {
    let env = [("CLOUDINARY_API_SECRET", "abcd")];
    let sig = "0".repeat(40);
    let cases: [(Vec<String>, &str); 5] = [
        (
            vec!["--timestamp=12a".into(), format!("--signature={sig}")],
            "malformed_timestamp",
        ),
        (
            vec!["--timestamp=1".into(), "--signature=xyz".into()],
            "malformed_signature",
        ),
        (
            vec![
                "--timestamp=1".into(),
                format!("--signature={sig}"),
                "--now=x".into(),
            ],
            "malformed_timestamp",
        ),
        (
            vec![
                "--timestamp=1".into(),
                format!("--signature={sig}"),
                "--valid-for=1.5".into(),
            ],
            "malformed_timestamp",
        ),
        (
            vec![
                "--timestamp=1".into(),
                format!("--signature={sig}"),
                "--algorithm=md5".into(),
            ],
            "unsupported_algorithm",
        ),
    ];
    for (flags, kind) in cases {
        let mut args = vec!["verify-notification"];
        args.extend(flags.iter().map(String::as_str));
        let run = cld_sign(&args, &env, b"{}");
        assert_failure(&run, 2, kind, &format!("{flags:?}"));
    }
    let missing = cld_sign(&["verify-notification", "--timestamp", "1"], &env, b"{}");
    assert_eq!(missing.status, 2, "{missing:?}");
}
