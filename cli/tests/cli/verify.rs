//! `verify-notification` over every case of `notification.json` and `verify-response`
//! over every case of `response.json`: `valid` and status 0, or status 1 (mismatch,
//! expired, from the future) / 2 (malformed) with the kind on stderr.

use crate::common::{Run, assert_failure, cld_sign, status_of, valid};
use cld_sign_tests::vectors::{self, Case, notification, response};

#[track_caller]
fn assert_valid(run: &Run, id: &str) {
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (0, "valid\n", ""),
        "{id}"
    );
}

type NotificationCase = Case<notification::Input, notification::Expected>;

fn verify_notification(case: &NotificationCase, signature: &str) -> Run {
    let input = &case.input;
    let flag = |name: &str, value: &str| format!("--{name}={value}");
    let args = [
        "verify-notification".to_owned(),
        flag("timestamp", &input.timestamp),
        flag("signature", signature),
        flag("valid-for", &input.valid_for.to_string()),
        flag("now", &input.now.to_string()),
        flag("algorithm", &input.algorithm),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let secret = input.secret.as_str();
    let body = input.body.as_str();
    cld_sign(&args, &[("CLOUDINARY_API_SECRET", secret)], body.as_bytes())
}

#[test]
fn every_notification_vector_through_the_binary() {
    vectors::run_with(
        "notification.json",
        26,
        vectors::Expected::outcome,
        |case: &NotificationCase| {
            let run = verify_notification(case, &case.input.signature);
            run.outcome(status_of).map(valid)
        },
    );
}

/// The signature the body should carry is accepted whenever the time window allows.
#[test]
fn the_expected_notification_signature_verifies_when_fresh() {
    let mut checked = 0;
    for case in vectors::load::<notification::Input, notification::Expected>("notification.json") {
        if matches!(
            case.expected.error.as_deref(),
            Some("expired" | "from_future" | "malformed_timestamp")
        ) {
            continue;
        }
        assert_valid(
            &verify_notification(&case, &case.expected.signature),
            &case.id,
        );
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} cases");
}

#[test]
fn every_response_vector_through_the_binary() {
    vectors::run_with(
        "response.json",
        9,
        vectors::Expected::outcome,
        |case: &Case<response::Input, response::Expected>| {
            let input = &case.input;
            let run_with = |signature: &str| {
                let args = [
                    "verify-response".to_owned(),
                    format!("--public-id={}", input.public_id),
                    format!("--version={}", input.version),
                    format!("--signature={signature}"),
                    format!("--algorithm={}", input.algorithm),
                ];
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let secret = input.secret.as_str();
                cld_sign(&args, &[("CLOUDINARY_API_SECRET", secret)], b"")
            };
            let expected = &case.expected;
            let with_expected = run_with(&expected.signature);
            if let Some(kind) = &expected.error {
                // The response rule (`cld_sign::response`): refused as bad input before the
                // signature is read, even the right one.
                assert_failure(&with_expected, 2, kind, "the expected signature");
            } else {
                assert_valid(&with_expected, "the expected signature");
            }
            let outcome = run_with(&input.signature).outcome(status_of);
            if let Err(err) = &outcome
                && err.kind == "mismatch"
            {
                // The message shows the string that was signed, to compare with the sender's.
                let string = &expected.string_to_sign;
                assert!(err.sentence.contains(&format!("'{string}'")), "{err}");
            }
            outcome.map(valid)
        },
    );
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
