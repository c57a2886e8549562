//! `verify-notification --envelope` over every case of `notification_envelope.json`,
//! `verify-preloaded` over every case of `preloaded_file.json`, and `url` / `verify-url`
//! over every case of `url_forms.json`, through the real binary.

use crate::common::{Run, assert_failure, assert_usage, cld_sign};
use cld_sign_tests::vectors::{load_raw as load, str_field};
use serde_json::Value;

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

#[test]
fn every_notification_envelope_vector_through_the_binary() {
    let cases = load("notification_envelope.json");
    let (mut valid, mut invalid) = (0, 0);
    for case in &cases {
        let input = &case.input;
        let args = [
            "verify-notification".to_owned(),
            "--envelope".to_owned(),
            format!("--valid-for={}", input["valid_for"]),
            format!("--now={}", input["now"]),
            format!("--algorithm={}", str_field(input, "algorithm").unwrap()),
        ];
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let secret = str_field(input, "secret").unwrap();
        let message = input["message"].to_string();
        let run = cld_sign(
            &args,
            &[("CLOUDINARY_API_SECRET", secret)],
            message.as_bytes(),
        );
        match (&case.expected["verify"], str_field(&case.expected, "error")) {
            (Value::Bool(true), None) => {
                assert_valid(&run, &case.id);
                valid += 1;
            }
            (Value::Bool(false), Some(kind)) => {
                assert_failure(&run, status_of(kind), kind, &case.id);
                invalid += 1;
            }
            other => panic!("{}: unexpected expectation {other:?}", case.id),
        }
    }
    assert_eq!(
        (valid, invalid),
        (16, 15),
        "notification_envelope.json changed"
    );
}

#[test]
fn envelope_input_that_is_not_a_message() {
    let env = [("CLOUDINARY_API_SECRET", "abcd")];
    for stdin in [&b"not json"[..], b"[]", b"\xff\xfe", b""] {
        let run = cld_sign(
            &["verify-notification", "--envelope", "--now=1"],
            &env,
            stdin,
        );
        assert_failure(&run, 2, "malformed_payload", &format!("{stdin:?}"));
    }
    // --envelope excludes the header flags; without it, both are required.
    let run = cld_sign(
        &[
            "verify-notification",
            "--envelope",
            "--timestamp=1",
            "--now=1",
        ],
        &env,
        b"{}",
    );
    assert_usage(&run, "--envelope with --timestamp");
    let run = cld_sign(&["verify-notification", "--now=1"], &env, b"{}");
    assert_usage(&run, "neither --envelope nor the headers");
}

#[test]
fn every_preloaded_file_vector_through_the_binary() {
    let cases = load("preloaded_file.json");
    let (mut valid, mut invalid) = (0, 0);
    for case in &cases {
        let input = &case.input;
        let args = [
            "verify-preloaded".to_owned(),
            format!("--algorithm={}", str_field(input, "algorithm").unwrap()),
            "--".to_owned(),
            str_field(input, "preloaded").unwrap().to_owned(),
        ];
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let secret = str_field(input, "secret").unwrap();
        let run = cld_sign(&args, &[("CLOUDINARY_API_SECRET", secret)], b"");
        match (&case.expected["verify"], str_field(&case.expected, "error")) {
            (Value::Bool(true), None) => {
                assert_valid(&run, &case.id);
                valid += 1;
            }
            (Value::Bool(false), Some(kind)) => {
                assert_failure(&run, status_of(kind), kind, &case.id);
                invalid += 1;
            }
            other => panic!("{}: unexpected expectation {other:?}", case.id),
        }
    }
    assert_eq!((valid, invalid), (13, 16), "preloaded_file.json changed");
}

/// The `url` arguments of a `url_forms.json` case.
fn url_args(input: &Value) -> Vec<String> {
    let mut args = vec!["url".to_owned()];
    for (field, flag) in [
        ("cloud_name", "cloud-name"),
        ("public_id", "public-id"),
        ("resource_type", "resource-type"),
        ("type", "type"),
        ("transformation", "transformation"),
        ("format", "format"),
        ("algorithm", "algorithm"),
        ("url_suffix", "url-suffix"),
        ("host", "host"),
    ] {
        if let Some(value) = str_field(input, field) {
            args.push(format!("--{flag}={value}"));
        }
    }
    if let Some(version) = input["version"].as_u64() {
        args.push(format!("--version={version}"));
    }
    for (field, flag) in [
        ("long", "--long"),
        ("use_root_path", "--use-root-path"),
        ("shorten", "--shorten"),
        ("private_cdn", "--private-cdn"),
    ] {
        if input[field] == true {
            args.push(flag.to_owned());
        }
    }
    args
}

#[test]
fn every_url_forms_vector_through_the_binary() {
    let cases = load("url_forms.json");
    let mut checked = 0;
    for case in &cases {
        let input = &case.input;
        let env = [("CLOUDINARY_API_SECRET", str_field(input, "secret").unwrap())];
        let args = url_args(input);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = cld_sign(&args, &env, b"");
        let expected = str_field(&case.expected, "url").unwrap();
        assert_eq!(
            (run.status, run.stdout.as_str(), run.stderr.as_str()),
            (0, format!("{expected}\n").as_str(), ""),
            "{}",
            case.id
        );
        let algorithm = format!("--algorithm={}", str_field(input, "algorithm").unwrap());
        assert_valid(
            &cld_sign(&["verify-url", &algorithm, expected], &env, b""),
            &case.id,
        );
        // A changed signature character: status 1, mismatch.
        let start = expected.find("/s--").unwrap() + 4;
        let mut changed = expected.as_bytes().to_vec();
        changed[start] = if changed[start] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(changed).unwrap();
        let run = cld_sign(&["verify-url", &algorithm, &changed], &env, b"");
        assert_failure(&run, 1, "mismatch", &case.id);
        // --long-only takes only long signatures.
        let run = cld_sign(
            &["verify-url", "--long-only", &algorithm, expected],
            &env,
            b"",
        );
        if input["long"] == true {
            assert_valid(&run, &case.id);
        } else {
            assert_failure(&run, 2, "malformed_signature", &case.id);
        }
        checked += 1;
    }
    assert_eq!(checked, 40, "url_forms.json changed size");
}

#[test]
fn url_forms_the_spec_does_not_define_are_refused() {
    let env = [("CLOUDINARY_API_SECRET", "abcd")];
    for extra in [
        &["--resource-type=video", "--shorten"][..],
        &["--resource-type=video", "--url-suffix=x"],
        &["--url-suffix=a.b"],
        &["--url-suffix="],
        &["--shorten", "--use-root-path"],
        &["--private-cdn", "--host=cdn.example.org"],
        &["--host=a/b"],
        &["--transformation=foo", "--version=7"],
    ] {
        let mut args = vec!["url", "--cloud-name=demo", "--public-id=sample"];
        args.extend_from_slice(extra);
        let run = cld_sign(&args, &env, b"");
        assert_failure(&run, 2, "unsupported_value", &format!("{extra:?}"));
    }
}

/// What `url` prints with a text overlay holding a space verifies (the URL-form rule (`cld_sign::delivery`) round trip).
#[test]
fn a_text_overlay_with_a_space_round_trips() {
    let env = [("CLOUDINARY_API_SECRET", "abcd")];
    for form in [
        &[][..],
        &["--use-root-path", "--url-suffix=nice", "--format=jpg"],
        &["--private-cdn", "--version=3"],
    ] {
        let mut args = vec![
            "url",
            "--cloud-name=demo",
            "--public-id=my photo",
            "--transformation=l_text:Arial_40:Hello World,g_south",
        ];
        args.extend_from_slice(form);
        let run = cld_sign(&args, &env, b"");
        assert_eq!(run.status, 0, "{run:?}");
        let url = run.stdout.trim_end();
        assert!(url.contains("Hello World"), "{url}");
        assert_valid(&cld_sign(&["verify-url", url], &env, b""), url);
        let tampered = url.replace("Hello World", "Hello world");
        let run = cld_sign(&["verify-url", &tampered], &env, b"");
        assert_failure(&run, 1, "mismatch", &tampered);
    }
}
