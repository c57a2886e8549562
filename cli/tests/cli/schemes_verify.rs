//! `verify-notification --envelope` over every case of `notification_envelope.json`,
//! `verify-preloaded` over every case of `preloaded_file.json`, and `url` / `verify-url`
//! over every case of `url_forms.json`, through the real binary.

use crate::common::{
    Run, assert_failure, assert_usage, bad_input, cld_sign, one_line, status_of, valid,
};
use cld_sign_tests::vectors::{
    self, Case, notification_envelope as envelope, preloaded_file, url_forms,
};

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
    let tally = vectors::run_with(
        "notification_envelope.json",
        31,
        vectors::Expected::outcome,
        |case: &Case<envelope::Input, envelope::Expected>| {
            let input = &case.input;
            let args = [
                "verify-notification".to_owned(),
                "--envelope".to_owned(),
                format!("--valid-for={}", input.valid_for),
                format!("--now={}", input.now),
                format!("--algorithm={}", input.algorithm),
            ];
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let secret = input.secret.as_str();
            let message = input.message.to_string();
            let run = cld_sign(
                &args,
                &[("CLOUDINARY_API_SECRET", secret)],
                message.as_bytes(),
            );
            run.outcome(status_of).map(valid)
        },
    );
    assert_eq!(
        (tally.ok, tally.err()),
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
    let tally = vectors::run_with(
        "preloaded_file.json",
        29,
        // `verify-preloaded` prints `valid`, not the parts.
        |expected: &preloaded_file::Expected| vectors::Expected::outcome(expected).map(drop),
        |case: &Case<preloaded_file::Input, preloaded_file::Expected>| {
            let input = &case.input;
            let args = [
                "verify-preloaded".to_owned(),
                format!("--algorithm={}", input.algorithm),
                "--".to_owned(),
                input.preloaded.clone(),
            ];
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let secret = input.secret.as_str();
            let run = cld_sign(&args, &[("CLOUDINARY_API_SECRET", secret)], b"");
            run.outcome(status_of).map(valid)
        },
    );
    assert_eq!(
        (tally.ok, tally.err()),
        (13, 16),
        "preloaded_file.json changed"
    );
}

/// The `url` arguments of a `url_forms.json` case.
fn url_args(input: &url_forms::Input) -> Vec<String> {
    let mut args = vec!["url".to_owned()];
    for (value, flag) in [
        (Some(&input.cloud_name), "cloud-name"),
        (Some(&input.public_id), "public-id"),
        (Some(&input.resource_type), "resource-type"),
        (Some(&input.delivery_type), "type"),
        (input.transformation.as_ref(), "transformation"),
        (input.format.as_ref(), "format"),
        (Some(&input.algorithm), "algorithm"),
        (input.url_suffix.as_ref(), "url-suffix"),
        (input.host.as_ref(), "host"),
    ] {
        if let Some(value) = value {
            args.push(format!("--{flag}={value}"));
        }
    }
    if let Some(version) = input.version {
        args.push(format!("--version={version}"));
    }
    for (set, flag) in [
        (input.long, "--long"),
        (input.use_root_path, "--use-root-path"),
        (input.shorten, "--shorten"),
        (input.private_cdn, "--private-cdn"),
    ] {
        if set {
            args.push(flag.to_owned());
        }
    }
    args
}

#[test]
fn every_url_forms_vector_through_the_binary() {
    vectors::run_with(
        "url_forms.json",
        40,
        vectors::Expected::outcome,
        |case: &Case<url_forms::Input, url_forms::Expected>| {
            let input = &case.input;
            let env = [("CLOUDINARY_API_SECRET", input.secret.as_str())];
            let args = url_args(input);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = cld_sign(&args, &env, b"");
            let expected = case.expected.url.as_str();
            let algorithm = format!("--algorithm={}", input.algorithm);
            assert_valid(
                &cld_sign(&["verify-url", &algorithm, expected], &env, b""),
                &case.id,
            );
            // A changed signature character: status 1, mismatch.
            let start = expected.find("/s--").unwrap() + 4;
            let mut changed = expected.as_bytes().to_vec();
            changed[start] = if changed[start] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(changed).unwrap();
            let run_changed = cld_sign(&["verify-url", &algorithm, &changed], &env, b"");
            assert_failure(&run_changed, 1, "mismatch", &case.id);
            // --long-only takes only long signatures.
            let long_only = cld_sign(
                &["verify-url", "--long-only", &algorithm, expected],
                &env,
                b"",
            );
            if input.long {
                assert_valid(&long_only, &case.id);
            } else {
                assert_failure(&long_only, 2, "malformed_signature", &case.id);
            }
            run.outcome(bad_input).map(one_line)
        },
    );
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
