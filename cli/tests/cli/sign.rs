//! `cld-sign sign` over every case of `auth.json`, and its contract: `--explain`, the
//! secret from the environment only, exit statuses and error lines.

use crate::common::{assert_failure, bad_input, cld_sign};
use cld_sign_tests::vectors::{self, Case, auth};

const DOC_PARAMS: &str = r#"{"timestamp": 1315060510, "public_id": "sample_image",
    "eager": "w_400,h_300,c_pad|w_260,h_200,c_crop", "file": "ignored.jpg"}"#;
const DOC_STRING: &str =
    "eager=w_400,h_300,c_pad|w_260,h_200,c_crop&public_id=sample_image&timestamp=1315060510";
const DOC_SIGNATURE: &str = "bfd09f95f331f558cbd1320e67aa8d488770583e";

#[test]
fn every_auth_vector_through_the_binary() {
    vectors::run_with(
        "auth.json",
        303,
        vectors::Expected::outcome,
        |case: &Case<auth::Input, auth::Expected>| {
            let input = &case.input;
            let version = input.signature_version.to_string();
            let args = [
                "sign",
                "--explain",
                "--algorithm",
                &input.algorithm,
                "--signature-version",
                &version,
            ];
            let env: Vec<(&str, &str)> = input
                .secret
                .as_deref()
                .map(|secret| ("CLOUDINARY_API_SECRET", secret))
                .into_iter()
                .collect();
            let params = serde_json::to_vec(&input.params).unwrap();
            let run = cld_sign(&args, &env, &params);
            run.outcome(bad_input).map(|stdout| {
                // The string to sign may hold newlines: the signature is the last line.
                let (string, signature) = stdout
                    .strip_suffix('\n')
                    .and_then(|s| s.rsplit_once('\n'))
                    .unwrap_or_else(|| panic!("two lines expected: {stdout:?}"));
                (string.to_owned(), signature.to_owned())
            })
        },
    );
}

#[test]
fn prints_the_signature_and_a_newline() {
    let run = cld_sign(
        &["sign"],
        &[("CLOUDINARY_API_SECRET", "abcd")],
        DOC_PARAMS.as_bytes(),
    );
    assert_eq!(
        (run.status, run.stdout.as_str()),
        (0, "bfd09f95f331f558cbd1320e67aa8d488770583e\n")
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn explain_prints_the_string_to_sign_then_the_signature() {
    let run = cld_sign(
        &["sign", "--explain"],
        &[("CLOUDINARY_API_SECRET", "abcd")],
        DOC_PARAMS.as_bytes(),
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(run.stdout, format!("{DOC_STRING}\n{DOC_SIGNATURE}\n"));
    assert!(!run.stdout.contains("abcd"), "the secret is never printed");
}

#[test]
fn the_secret_comes_from_cloudinary_url_with_its_settings() {
    let url = "cloudinary://1234:abcd@demo?signature_algorithm=sha256";
    let run = cld_sign(&["sign"], &[("CLOUDINARY_URL", url)], DOC_PARAMS.as_bytes());
    let sha256 = cld_sign(
        &["sign", "--algorithm", "sha256"],
        &[("CLOUDINARY_API_SECRET", "abcd")],
        DOC_PARAMS.as_bytes(),
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(run.stdout.trim_end().len(), 64, "{run:?}");
    assert_eq!(run.stdout, sha256.stdout);
    // A flag wins over the URL's setting.
    let sha1 = cld_sign(
        &["sign", "--algorithm", "sha1"],
        &[("CLOUDINARY_URL", url)],
        DOC_PARAMS.as_bytes(),
    );
    assert_eq!(sha1.stdout, format!("{DOC_SIGNATURE}\n"));
}

#[test]
fn secret_env_names_the_variable() {
    let run = cld_sign(
        &["sign", "--secret-env", "MY_SECRET"],
        &[("MY_SECRET", "abcd"), ("CLOUDINARY_API_SECRET", "wrong")],
        DOC_PARAMS.as_bytes(),
    );
    assert_eq!(run.stdout, format!("{DOC_SIGNATURE}\n"), "{run:?}");
    let url = cld_sign(
        &["sign", "--secret-env", "MY_URL"],
        &[("MY_URL", "cloudinary://1:abcd@demo")],
        DOC_PARAMS.as_bytes(),
    );
    assert_eq!(url.stdout, format!("{DOC_SIGNATURE}\n"), "{url:?}");
    let unset = cld_sign(
        &["sign", "--secret-env", "NOT_SET_ANYWHERE"],
        &[("CLOUDINARY_API_SECRET", "abcd")],
        DOC_PARAMS.as_bytes(),
    );
    assert_failure(&unset, 2, "empty_secret", "unset --secret-env");
    assert!(unset.stderr.contains("NOT_SET_ANYWHERE"), "{unset:?}");
}

#[test]
fn no_secret_is_bad_input() {
    let run = cld_sign(&["sign"], &[], DOC_PARAMS.as_bytes());
    assert_failure(&run, 2, "empty_secret", "no secret");
    let run = cld_sign(
        &["sign"],
        &[("CLOUDINARY_API_SECRET", "")],
        DOC_PARAMS.as_bytes(),
    );
    assert_failure(&run, 2, "empty_secret", "empty secret");
}

#[test]
fn there_is_no_flag_for_the_secret() {
    for flag in ["--secret", "--api-secret", "--key"] {
        let run = cld_sign(
            &["sign", flag, "abcd"],
            &[("CLOUDINARY_API_SECRET", "abcd")],
            DOC_PARAMS.as_bytes(),
        );
        assert_eq!(run.status, 2, "{flag}: {run:?}");
        assert!(run.stdout.is_empty(), "{flag}: {run:?}");
    }
}

#[test]
fn bad_input_exits_2_with_its_kind() {
    let env = [("CLOUDINARY_API_SECRET", "abcd")];
    let cases: [(&[&str], &str, &str); 8] = [
        (&["sign"], "{not json", "unsupported_value"),
        (&["sign"], "", "unsupported_value"),
        (&["sign"], "[1, 2]", "unsupported_value"),
        (&["sign"], r#"{"context": {"a": "b"}}"#, "unsupported_value"),
        (&["sign"], r#"{"a": 1, "a": 2}"#, "duplicate_parameter"),
        (
            &["sign", "--algorithm", "md5"],
            "{}",
            "unsupported_algorithm",
        ),
        (
            &["sign", "--signature-version", "3"],
            "{}",
            "unsupported_signature_version",
        ),
        (
            &["sign", "--signature-version", "x"],
            "{}",
            "unsupported_signature_version",
        ),
    ];
    for (args, stdin, kind) in cases {
        let run = cld_sign(args, &env, stdin.as_bytes());
        assert_failure(&run, 2, kind, &format!("{args:?} {stdin:?}"));
    }
    // Not UTF-8 at all.
    let run = cld_sign(&["sign"], &env, b"{\"a\": \"\xff\"}");
    assert_failure(&run, 2, "unsupported_value", "non-UTF-8 stdin");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["sign", "--bogus"][..],
        &[],
        &["frobnicate"],
        &["sign", "--algorithm"],
    ] {
        let run = cld_sign(args, &[("CLOUDINARY_API_SECRET", "abcd")], b"{}");
        assert_eq!(run.status, 2, "{args:?}: {run:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {run:?}");
    }
    let help = cld_sign(&["--help"], &[], b"");
    assert_eq!(help.status, 0);
    assert!(
        help.stdout.contains("sign") && help.stdout.contains("token"),
        "{help:?}"
    );
}
