//! `cld-sign upload-params` over every case of `upload_params.json`: the fields printed
//! sorted by name, `signature=<hex>` last, or the error line and exit status 2.

use crate::common::{assert_failure, bad_input, cld_sign};
use cld_sign_tests::vectors::{self, Case, upload_params};

/// The lines `upload-params` prints for a case: `name=value` for each field sent, then
/// `signature=<hex>` (the string to sign is not printed).
fn printed(expected: &upload_params::Expected) -> Result<Vec<String>, &str> {
    let (fields, _, signature) = vectors::Expected::outcome(expected)?;
    let mut lines: Vec<String> = fields.iter().map(|(n, v)| format!("{n}={v}")).collect();
    lines.push(format!("signature={signature}"));
    Ok(lines)
}

#[test]
fn every_upload_params_vector_through_the_binary() {
    let tally = vectors::run_with(
        "upload_params.json",
        56,
        printed,
        |case: &Case<upload_params::Input, upload_params::Expected>| {
            let input = &case.input;
            let timestamp = input.timestamp.to_string();
            let args = [
                "upload-params",
                "--api-key",
                &input.api_key,
                "--timestamp",
                &timestamp,
                "--algorithm",
                &input.algorithm,
            ];
            let env = [("CLOUDINARY_API_SECRET", input.secret.as_str())];
            let options = serde_json::to_vec(&input.options).unwrap();
            let run = cld_sign(&args, &env, &options);
            run.outcome(bad_input)
                .map(|stdout| stdout.lines().map(str::to_owned).collect())
        },
    );
    assert_eq!((tally.ok, tally.err()), (53, 3));
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
