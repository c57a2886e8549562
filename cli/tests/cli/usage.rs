//! The command line's own contract: option values that start with `-`, usage errors as
//! `usage: <sentence>` with exit status 2, help and version with exit status 0.

use crate::common::{assert_failure, assert_usage, cld_sign, error_names};

const URL: (&str, &str) = ("CLOUDINARY_URL", "cloudinary://1234:abcd@demo");
const SIG40: &str = "0000000000000000000000000000000000000000";

#[test]
fn option_values_may_start_with_a_hyphen() {
    let cases: [(&[&str], &str); 8] = [
        (
            &[
                "verify-notification",
                "--timestamp",
                "-5",
                "--signature",
                SIG40,
            ],
            "malformed_timestamp",
        ),
        (
            &[
                "verify-notification",
                "--timestamp",
                "5",
                "--signature",
                "-e0a1",
            ],
            "malformed_signature",
        ),
        (
            &[
                "verify-notification",
                "--timestamp",
                "5",
                "--signature",
                SIG40,
                "--now",
                "-1",
            ],
            "malformed_timestamp",
        ),
        (
            &[
                "verify-notification",
                "--timestamp",
                "5",
                "--signature",
                SIG40,
                "--valid-for",
                "-60",
            ],
            "malformed_timestamp",
        ),
        (&["sign", "--algorithm", "-sha1"], "unsupported_algorithm"),
        (
            &["sign", "--signature-version", "-1"],
            "unsupported_signature_version",
        ),
        (
            &[
                "url",
                "--cloud-name",
                "demo",
                "--public-id",
                "p",
                "--version",
                "-3",
            ],
            "malformed_timestamp",
        ),
        (
            &["token", "--acl", "/*", "--duration", "-300"],
            "malformed_timestamp",
        ),
    ];
    let key = ("CLOUDINARY_AUTH_TOKEN_KEY", "00112233FF99");
    for (args, kind) in cases {
        let run = cld_sign(args, &[URL, key], b"{}");
        assert_failure(&run, 2, kind, &format!("{args:?}"));
    }
}

#[test]
fn hyphen_values_reach_the_command_unchanged() {
    // A public ID that starts with `-` is signed as given, in both spellings.
    for args in [
        &["url", "--cloud-name", "demo", "--public-id", "-sample"][..],
        &["url", "--cloud-name", "demo", "--public-id=-sample"],
    ] {
        let run = cld_sign(args, &[URL], b"");
        assert_eq!(run.status, 0, "{args:?}: {run:?}");
        assert!(
            run.stdout
                .starts_with("https://res.cloudinary.com/demo/image/upload/s--")
                && run.stdout.ends_with("--/-sample\n"),
            "{args:?}: {run:?}"
        );
    }
    // A `-`-led token name shows in the token: the value was not taken for a flag.
    let run = cld_sign(
        &[
            "token",
            "--acl",
            "/*",
            "--duration",
            "60",
            "--now",
            "10",
            "--token-name",
            "-t",
        ],
        &[("CLOUDINARY_AUTH_TOKEN_KEY", "00112233FF99")],
        b"",
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert!(run.stdout.starts_with("-t=exp=70~acl="), "{run:?}");
    // The response's public ID may start with `-`; its version `-1` reaches the verifier,
    // which refuses it before the signature (the response rule (`cld_sign::response`): 1 to 19 ASCII digits).
    let run = cld_sign(
        &[
            "verify-response",
            "--public-id",
            "-p",
            "--version",
            "-1",
            "--signature",
            SIG40,
        ],
        &[URL],
        b"",
    );
    assert_failure(&run, 2, "unsupported_value", "verify-response -p -1");
    assert!(run.first_error_line().contains("\"-1\""), "{run:?}");
    let run = cld_sign(
        &[
            "verify-response",
            "--public-id",
            "-p",
            "--version",
            "1",
            "--signature",
            SIG40,
        ],
        &[URL],
        b"",
    );
    assert_failure(&run, 1, "mismatch", "verify-response -p 1");
    assert!(
        run.first_error_line().ends_with("'public_id=-p&version=1'"),
        "{run:?}"
    );
}

#[test]
fn text_values_keep_their_typed_errors() {
    let run = cld_sign(
        &[
            "verify-notification",
            "--timestamp",
            "abc",
            "--signature",
            SIG40,
        ],
        &[URL],
        b"{}",
    );
    assert_failure(&run, 2, "malformed_timestamp", "--timestamp abc");
    let run = cld_sign(
        &[
            "verify-notification",
            "--timestamp",
            "5",
            "--signature",
            "xyz",
        ],
        &[URL],
        b"{}",
    );
    assert_failure(&run, 2, "malformed_signature", "--signature xyz");
}

#[test]
fn a_flag_where_a_value_belongs_is_a_usage_error() {
    for (args, option, flag) in [
        (
            &["sign", "--algorithm", "--explain"][..],
            "--algorithm",
            "--explain",
        ),
        (&["sign", "--algorithm", "-h"], "--algorithm", "-h"),
        (
            &["sign", "--secret-env", "--help"],
            "--secret-env",
            "--help",
        ),
        (
            &[
                "url",
                "--cloud-name",
                "c",
                "--public-id",
                "p",
                "--version",
                "--long",
            ],
            "--version",
            "--long",
        ),
        (
            &[
                "token",
                "--acl",
                "/*",
                "--duration",
                "60",
                "--url",
                "--ip=1.2.3.4",
            ],
            "--url",
            "--ip",
        ),
    ] {
        let run = cld_sign(args, &[URL], b"{}");
        assert_usage(&run, &format!("{args:?}"));
        let expected =
            format!("usage: {option} needs a value, but the next argument is the flag {flag} ");
        assert!(
            run.first_error_line().starts_with(&expected),
            "{args:?}: {run:?}"
        );
    }
    // Written with `=`, the same text is the value.
    let run = cld_sign(&["sign", "--algorithm=--explain"], &[URL], b"{}");
    assert_failure(&run, 2, "unsupported_algorithm", "--algorithm=--explain");
}

#[test]
fn flags_after_a_positional_are_still_flags() {
    let short = cld_sign(&["url-signature", "sample.jpg"], &[URL], b"");
    let long = cld_sign(
        &[
            "url-signature",
            "sample.jpg",
            "--long",
            "--algorithm",
            "sha1",
        ],
        &[URL],
        b"",
    );
    assert_eq!(short.status, 0, "{short:?}");
    assert_eq!(long.status, 0, "{long:?}");
    assert_eq!(short.stdout.len(), "s--12345678--\n".len(), "{short:?}");
    assert_eq!(long.stdout.len(), "s----\n".len() + 32, "{long:?}");
}

#[test]
fn a_positional_that_starts_with_a_hyphen_goes_after_double_dash() {
    let run = cld_sign(&["url-signature", "-x"], &[URL], b"");
    assert_usage(&run, "url-signature -x");
    assert_eq!(
        run.first_error_line(),
        "usage: unexpected argument '-x' found"
    );
    assert!(run.stderr.contains("use '-- -x'"), "{run:?}");
    let run = cld_sign(&["url-signature", "--", "-x"], &[URL], b"");
    assert_eq!(run.status, 0, "{run:?}");
    assert!(run.stdout.starts_with("s--"), "{run:?}");
}

#[test]
fn usage_errors_name_the_problem_in_one_line() {
    let cases: [(&[&str], &str); 7] = [
        (&["--bogus"], "usage: unexpected argument '--bogus' found"),
        (
            &["sign", "--bogus"],
            "usage: unexpected argument '--bogus' found",
        ),
        (
            &["frobnicate"],
            "usage: unrecognized subcommand 'frobnicate'",
        ),
        (
            &["sign", "--algorithm"],
            "usage: a value is required for '--algorithm <ALGORITHM>' but none was supplied",
        ),
        (
            &["verify-response"],
            "usage: the following required arguments were not provided: \
             --public-id <ID>, --version <V>, --signature <S>",
        ),
        (&[], "usage: a command is required"),
        (&["help", "bogus"], "usage: unrecognized subcommand 'bogus'"),
    ];
    for (args, line) in cases {
        let run = cld_sign(args, &[URL], b"{}");
        assert_usage(&run, &format!("{args:?}"));
        assert_eq!(run.first_error_line(), line, "{args:?}: {run:?}");
        assert!(!run.stderr.contains('\x1b'), "{args:?}: colour in {run:?}");
    }
}

#[test]
fn usage_errors_show_the_usage_of_the_command_given() {
    let run = cld_sign(&["token", "--acl"], &[], b"");
    assert_usage(&run, "token --acl");
    assert!(
        run.stderr.contains("\n\nUsage: cld-sign token [OPTIONS]\n"),
        "{run:?}"
    );
    let run = cld_sign(&["sign", "--bogus"], &[], b"");
    assert!(
        run.stderr.contains("\n\nUsage: cld-sign sign [OPTIONS]\n"),
        "{run:?}"
    );
    // No command: the whole help follows, listing the commands.
    let run = cld_sign(&[], &[], b"");
    assert!(run.stderr.contains("verify-notification"), "{run:?}");
    // Colour is never forced into the first line.
    let forced = crate::common::cld_sign(&["--bogus"], &[("CLICOLOR_FORCE", "1")], b"");
    assert_eq!(
        forced.first_error_line(),
        "usage: unexpected argument '--bogus' found"
    );
}

#[test]
fn help_and_version_exit_0_on_stdout() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["help", "sign"],
        &["sign", "--help"],
    ] {
        let run = cld_sign(args, &[], b"");
        assert_eq!(run.status, 0, "{args:?}: {run:?}");
        assert_eq!(run.stderr, "", "{args:?}: {run:?}");
        assert!(run.stdout.contains("Usage: cld-sign"), "{args:?}: {run:?}");
    }
    for args in [&["--version"][..], &["-V"]] {
        let run = cld_sign(args, &[], b"");
        assert_eq!(run.status, 0, "{args:?}: {run:?}");
        assert_eq!(
            run.stdout,
            format!("cld-sign {}\n", env!("CARGO_PKG_VERSION"))
        );
        assert_eq!(run.stderr, "", "{args:?}: {run:?}");
    }
}

#[test]
fn long_help_states_the_contract_with_every_name() {
    let run = cld_sign(&["--help"], &[], b"");
    assert_eq!(run.status, 0, "{run:?}");
    assert!(run.stdout.contains("Exit status: 0"), "{run:?}");
    // Every name the command line can print today is listed (the error names (`cld_sign::ErrorKind`) that no
    // command produces yet are not).
    let unused = [
        "malformed_payload",
        "malformed_preloaded",
        "malformed_parameter_name",
        // The signing policy's kinds: no command signs for a browser.
        "unsupported_parameter",
        "disallowed_value",
        "too_many_parameters",
        "params_too_large",
        "unsafe_policy",
        "malformed_json",
        "invalid_request",
        "missing_params_to_sign",
        // Refused only on a library caller's request.
        "ambiguous_list_item",
        "unexpected_preloaded",
        // A notification header read from HTTP: the command line takes them as flags.
        "missing_header",
    ];
    for name in error_names()
        .into_iter()
        .filter(|name| !unused.contains(name))
    {
        assert!(run.stdout.contains(name), "--help does not list {name}");
    }
}

/// Runs `cld-sign args...` with stdout (or stderr) on `/dev/full`, where every write fails.
fn run_into_full_device(args: &[&str], full_stderr: bool) -> (i32, String) {
    use std::fs::OpenOptions;
    use std::process::{Command, Stdio};
    let full = OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let mut command = Command::new(env!("CARGO_BIN_EXE_cld-sign"));
    command
        .args(args)
        .env_remove("CLOUDINARY_API_SECRET")
        .env("CLOUDINARY_URL", URL.1)
        .stdin(Stdio::null());
    if full_stderr {
        command.stdout(Stdio::null()).stderr(full);
    } else {
        command.stdout(full).stderr(Stdio::piped());
    }
    let output = command.output().expect("the binary runs");
    (
        output.status.code().expect("exited, not killed"),
        String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    )
}

#[test]
fn a_failed_write_is_an_io_error_never_a_panic() {
    for args in [
        &["--help"][..],
        &["--version"],
        &["url-signature", "sample.jpg"],
    ] {
        let (status, stderr) = run_into_full_device(args, false);
        assert_eq!(status, 2, "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("io_error: cannot write standard output: "),
            "{args:?}: {stderr}"
        );
    }
    // Nowhere to report a failure to write stderr: the status still says it.
    for (args, expected) in [
        (&["--bogus"][..], 2),
        (&["url-signature", "-x"], 2),
        (&["verify-url", "nonsense"], 2),
        (&["--help"], 0),
    ] {
        let (status, _) = run_into_full_device(args, true);
        assert_eq!(status, expected, "{args:?}");
    }
}

#[test]
fn arguments_that_are_not_utf8_are_usage_errors() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    use std::process::Command;
    let bad = OsStr::from_bytes(b"\xff1");
    for args in [
        vec![OsStr::new("verify-url"), bad],
        vec![OsStr::new("sign"), OsStr::new("--algorithm"), bad],
        vec![bad],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_cld-sign"))
            .args(&args)
            .env("CLOUDINARY_URL", URL.1)
            .output()
            .expect("the binary runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with("usage: "), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}
