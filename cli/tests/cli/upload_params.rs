//! `cld-sign upload-params` over every case of `upload_params.json`: the fields printed
//! sorted by name, `signature=<hex>` last, or the error line and exit status 2.

use crate::common::{assert_failure, cld_sign};
use cld_sign_tests::vectors::{load_raw as load, str_field};

#[test]
fn every_upload_params_vector_through_the_binary() {
    let cases = load("upload_params.json");
    assert_eq!(cases.len(), 56);
    let (mut ok, mut errors) = (0, 0);
    for case in &cases {
        let input = &case.input;
        let timestamp = input["timestamp"].to_string();
        let args = [
            "upload-params",
            "--api-key",
            str_field(input, "api_key").unwrap(),
            "--timestamp",
            &timestamp,
            "--algorithm",
            str_field(input, "algorithm").unwrap(),
        ];
        let env = [("CLOUDINARY_API_SECRET", str_field(input, "secret").unwrap())];
        let options = serde_json::to_vec(&input["options"]).unwrap();
        let run = cld_sign(&args, &env, &options);
        match str_field(&case.expected, "error") {
            None => {
                assert_eq!(run.status, 0, "{}: {run:?}", case.id);
                assert!(run.stderr.is_empty(), "{}: {run:?}", case.id);
                let mut expected: Vec<String> = case.expected["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| format!("{}={}", f[0].as_str().unwrap(), f[1].as_str().unwrap()))
                    .collect();
                expected.push(format!(
                    "signature={}",
                    str_field(&case.expected, "signature").unwrap()
                ));
                let lines: Vec<&str> = run.stdout.lines().collect();
                assert_eq!(lines, expected, "{}", case.id);
                ok += 1;
            }
            Some(kind) => {
                assert_failure(&run, 2, kind, &case.id);
                errors += 1;
            }
        }
    }
    assert_eq!((ok, errors), (53, 3));
}

#[test]
fn options_that_are_not_an_object_are_bad_input() {
    for input in [&b"[1]"[..], b"\"x\"", b"{", b""] {
        let run = cld_sign(
            &["upload-params", "--api-key", "1", "--timestamp", "1"],
            &[("CLOUDINARY_API_SECRET", "abcd")],
            input,
        );
        assert_failure(&run, 2, "unsupported_value", "not an object");
    }
}

#[test]
fn a_bad_timestamp_is_malformed() {
    let run = cld_sign(
        &["upload-params", "--api-key", "1", "--timestamp", "soon"],
        &[("CLOUDINARY_API_SECRET", "abcd")],
        b"{}",
    );
    assert_failure(&run, 2, "malformed_timestamp", "timestamp");
}
