//! `cld-sign diagnose`: the verdict on the first line, exit 0 when a cause was found, 1
//! when nothing differs, 2 for bad input, over Cloudinary's 401 bodies.

use std::io::Write;

use crate::common::{assert_failure, cld_sign};
use proptest::prelude::*;

const SECRET: &str = "s3cr3t-CLI";
const PARAMS: &str = r#"{"public_id": "cat", "timestamp": 1700000000}"#;
const STRING: &str = "public_id=cat&timestamp=1700000000";

/// A file holding `text`, removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "cld-sign-diagnose-{}-{name}.json",
            std::process::id()
        ));
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .unwrap();
        Self(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The signature `cld-sign sign` gives `params` with `secret` (and extra flags).
fn signature(secret: &str, params: &str, flags: &[&str]) -> String {
    let mut args = vec!["sign"];
    args.extend_from_slice(flags);
    let run = cld_sign(
        &args,
        &[("CLOUDINARY_API_SECRET", secret)],
        params.as_bytes(),
    );
    assert_eq!(run.status, 0, "{run:?}");
    run.stdout.trim().to_owned()
}

fn body(sent: &str, received: &str) -> String {
    format!(
        r#"{{"error":{{"message":"Invalid Signature {sent}. String to sign - '{received}'."}}}}"#
    )
}

fn diagnose(params: &TempFile, body: &str, flags: &[&str]) -> crate::common::Run {
    let mut args = vec!["diagnose", "--params", params.path()];
    args.extend_from_slice(flags);
    cld_sign(&args, &[("CLOUDINARY_API_SECRET", SECRET)], body.as_bytes())
}

#[test]
fn a_tampered_field_is_named() {
    let params = TempFile::new("tampered", PARAMS);
    let sent = signature(SECRET, PARAMS, &[]);
    let run = diagnose(
        &params,
        &body(&sent, "public_id=dog&timestamp=1700000000"),
        &[],
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(run.stderr, "");
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("parameters_differ"));
    assert!(
        run.stdout
            .contains("different value: public_id: signed 'cat', received 'dog'"),
        "{run:?}"
    );
}

#[test]
fn another_secret_is_a_wrong_secret() {
    let params = TempFile::new("secret", PARAMS);
    let sent = signature("an-old-secret", PARAMS, &[]);
    let run = diagnose(&params, &body(&sent, STRING), &[]);
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(run.stdout.lines().next(), Some("wrong_secret"));
    assert!(!run.stdout.contains(SECRET) && !run.stdout.contains("an-old-secret"));
}

#[test]
fn algorithm_and_version_differences() {
    let params = TempFile::new("algorithm", PARAMS);
    let sent = signature(SECRET, PARAMS, &["--algorithm", "sha256"]);
    let run = diagnose(&params, &body(&sent, STRING), &[]);
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(run.stdout.lines().next(), Some("algorithm_differs"));

    let amp = r#"{"tags": "a&b", "timestamp": 1700000000}"#;
    let params = TempFile::new("version", amp);
    let sent = signature(SECRET, amp, &[]);
    // Cloudinary read version 1's text; this signer signs version 2.
    let run = diagnose(&params, &body(&sent, "tags=a&b&timestamp=1700000000"), &[]);
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(run.stdout.lines().next(), Some("signature_version_differs"));
    assert!(run.stdout.contains("signature_version=1"), "{run:?}");
    // Told to sign version 1, the texts agree: the signature sent is version 2's.
    let run = diagnose(
        &params,
        &body(&sent, "tags=a&b&timestamp=1700000000"),
        &["--signature-version", "1"],
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(
        run.stdout.lines().next(),
        Some("signature_version_differs"),
        "{run:?}"
    );
    assert!(run.stdout.contains("signature_version=1"), "{run:?}");
    // Another secret over the same texts is a wrong secret, whatever the version.
    let stale = signature("an-old-secret", amp, &["--signature-version", "1"]);
    let run = diagnose(
        &params,
        &body(&stale, "tags=a&b&timestamp=1700000000"),
        &["--signature-version", "1"],
    );
    assert_eq!(run.stdout.lines().next(), Some("wrong_secret"), "{run:?}");
}

#[test]
fn nothing_differs_exits_1() {
    let params = TempFile::new("same", PARAMS);
    let sent = signature(SECRET, PARAMS, &[]);
    let run = diagnose(&params, &body(&sent, STRING), &[]);
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(run.stdout.lines().next(), Some("no_difference"));
    assert_eq!(run.error_kind(), "no_difference", "{run:?}");
}

#[test]
fn bad_input_exits_2_with_its_name() {
    let params = TempFile::new("bad", PARAMS);
    let sent = signature(SECRET, PARAMS, &[]);
    for (body, kind) in [
        ("{\"error\": ".to_owned(), "malformed_message"),
        (
            "Missing required parameter - file".to_owned(),
            "malformed_message",
        ),
        (format!("Invalid Signature {sent}."), "malformed_message"),
        (body("abc", STRING), "malformed_signature"),
    ] {
        let run = diagnose(&params, &body, &[]);
        assert_failure(&run, 2, kind, &body);
    }
    let not_object = TempFile::new("list", "[1, 2]");
    let run = diagnose(&not_object, &body(&sent, STRING), &[]);
    assert_failure(&run, 2, "unsupported_value", "params not an object");
    let run = cld_sign(
        &["diagnose", "--params", "/nonexistent/cld-sign/params.json"],
        &[("CLOUDINARY_API_SECRET", SECRET)],
        body(&sent, STRING).as_bytes(),
    );
    assert_failure(&run, 2, "io_error", "missing file");
    let run = cld_sign(&["diagnose", "--params", params.path()], &[], b"");
    assert_failure(&run, 2, "empty_secret", "no secret");
    let run = cld_sign(&["diagnose"], &[("CLOUDINARY_API_SECRET", SECRET)], b"");
    assert_eq!(run.status, 2, "{run:?}");
    assert_eq!(run.error_kind(), "usage", "{run:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any stdin: a verdict (0 or 1) or bad input (2) with a named first stderr line.
    #[test]
    fn any_body_gets_an_answer(body in proptest::collection::vec(any::<u8>(), 0..160)) {
        let params = TempFile::new("prop", PARAMS);
        let mut args = vec!["diagnose", "--params", params.path()];
        args.push("--algorithm");
        args.push("sha1");
        let run = cld_sign(&args, &[("CLOUDINARY_API_SECRET", SECRET)], &body);
        prop_assert!(matches!(run.status, 0..=2), "{:?}", run);
        if run.status == 2 {
            prop_assert!(
                matches!(run.error_kind(), "malformed_message" | "malformed_signature"),
                "{:?}",
                run
            );
        }
        prop_assert!(!run.stdout.contains(SECRET) && !run.stderr.contains(SECRET));
    }
}
