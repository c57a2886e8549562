//! `cld-sign token` over every case of `token.json`, and its contract: the key from
//! `CLOUDINARY_AUTH_TOKEN_KEY` or `--key-env`, exit statuses and error lines.

use crate::common::{assert_failure, bad_input, cld_sign, one_line};
use cld_sign_tests::vectors::{self, Case, token};

const KEY: (&str, &str) = ("CLOUDINARY_AUTH_TOKEN_KEY", "00112233FF99");
const SPEC_TOKEN: &str = "__cld_token__=st=1111111111~exp=1111111411~acl=%2fimage%2f*~hmac=\
                          1751370bcc6cfe9e03f30dd1a9722ba0f2cdca283fa3e6df3342a00a7528cc51\n";

/// The flags of a case's input (every input field but `key`).
fn flags_of(input: &token::Input) -> Vec<String> {
    let mut flags = Vec::new();
    let mut flag = |name: &str, value: String| {
        flags.push(format!("--{name}"));
        flags.push(value);
    };
    for acl in input.acl.iter().flat_map(token::Acl::patterns) {
        flag("acl", acl.clone());
    }
    for (text, name) in [
        (&input.url, "url"),
        (&input.ip, "ip"),
        (&input.token_name, "token-name"),
    ] {
        if let Some(text) = text {
            flag(name, text.clone());
        }
    }
    for (secs, name) in [
        (input.start_time, "start-time"),
        (input.duration, "duration"),
        (input.expiration, "expiration"),
        (Some(input.now), "now"),
    ] {
        if let Some(secs) = secs {
            flag(name, secs.to_string());
        }
    }
    flags
}

#[test]
fn every_token_vector_through_the_binary() {
    vectors::run_with(
        "token.json",
        9,
        vectors::Expected::outcome,
        |case: &Case<token::Input, token::Expected>| {
            let mut args = vec!["token".to_owned()];
            args.extend(flags_of(&case.input));
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let key = case.input.key.as_str();
            let run = cld_sign(&args, &[("CLOUDINARY_AUTH_TOKEN_KEY", key)], b"");
            run.outcome(bad_input).map(one_line)
        },
    );
}

const SPEC_ARGS: [&str; 7] = [
    "token",
    "--acl",
    "/image/*",
    "--start-time",
    "1111111111",
    "--duration",
    "300",
];

#[test]
fn key_env_names_the_variable() {
    let run = cld_sign(
        &[&SPEC_ARGS[..], &["--key-env", "MY_KEY"]].concat(),
        &[
            ("MY_KEY", "00112233ff99"),
            ("CLOUDINARY_AUTH_TOKEN_KEY", "abab"),
        ],
        b"",
    );
    assert_eq!(
        (run.status, run.stdout.as_str()),
        (0, SPEC_TOKEN),
        "{run:?}"
    );
    let unset = cld_sign(
        &[&SPEC_ARGS[..], &["--key-env", "NOPE"]].concat(),
        &[KEY],
        b"",
    );
    assert_failure(&unset, 2, "malformed_token_key", "unset --key-env");
    assert!(unset.stderr.contains("NOPE"), "{unset:?}");
}

#[test]
fn the_key_is_read_from_the_environment_only() {
    let run = cld_sign(&SPEC_ARGS, &[KEY], b"");
    assert_eq!(
        (run.status, run.stdout.as_str()),
        (0, SPEC_TOKEN),
        "{run:?}"
    );
    let missing = cld_sign(&SPEC_ARGS, &[], b"");
    assert_failure(&missing, 2, "malformed_token_key", "no key");
    let run = cld_sign(
        &[&SPEC_ARGS[..], &["--key", "00112233FF99"]].concat(),
        &[KEY],
        b"",
    );
    assert_eq!(run.status, 2, "{run:?}");
}

#[test]
fn bad_input_exits_2_with_its_kind() {
    let cases: [(&[&str], (&str, &str), &str); 10] = [
        (
            &SPEC_ARGS,
            ("CLOUDINARY_AUTH_TOKEN_KEY", "0011223"),
            "malformed_token_key",
        ),
        (
            &SPEC_ARGS,
            ("CLOUDINARY_AUTH_TOKEN_KEY", "zz112233"),
            "malformed_token_key",
        ),
        (&["token", "--duration", "60"], KEY, "missing_acl_or_url"),
        (&["token", "--acl", "/*"], KEY, "missing_expiration"),
        (
            &["token", "--acl", "/*", "--start-time", "5"],
            KEY,
            "missing_expiration",
        ),
        (
            &["token", "--acl", "/*", "--duration", "1h"],
            KEY,
            "malformed_timestamp",
        ),
        (
            &["token", "--acl", "/*", "--expiration=-5"],
            KEY,
            "malformed_timestamp",
        ),
        (
            &["token", "--acl", "/*", "--duration", "9", "--now", "soon"],
            KEY,
            "malformed_timestamp",
        ),
        (
            &["token", "--acl", "/users/eve!*/*", "--duration", "9"],
            KEY,
            "malformed_acl",
        ),
        (
            &[
                "token",
                "--acl",
                "/*",
                "--duration",
                "9",
                "--token-name",
                "x=1&t",
            ],
            KEY,
            "malformed_token_name",
        ),
    ];
    for (args, key, kind) in cases {
        let run = cld_sign(args, &[key], b"");
        assert_failure(&run, 2, kind, &format!("{args:?} {key:?}"));
        assert!(!run.stderr.contains(key.1), "the key leaked: {run:?}");
    }
}

#[test]
fn duration_counts_from_now() {
    let run = cld_sign(
        &[
            "token",
            "--acl",
            "/*",
            "--duration",
            "600",
            "--now",
            "1700000000",
        ],
        &[KEY],
        b"",
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert!(
        run.stdout
            .starts_with("__cld_token__=exp=1700000600~acl=%2f*~hmac="),
        "{run:?}"
    );
}
