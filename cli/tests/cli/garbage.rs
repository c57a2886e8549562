//! Generated garbage through the real binary: argument vectors drawn from the real
//! subcommands and flags mixed with random text (empty, `-`-led, unicode), and random
//! stdin. Every answer keeps the contract: exit status 0, 1 or 2; on 1 or 2 nothing on
//! stdout and a first stderr line `<name>: <sentence>` with a known name; never a panic.

use crate::common::{cld_sign, error_names};
use proptest::prelude::*;
use proptest::sample::select;

const SUBCOMMANDS: [&str; 8] = [
    "sign",
    "verify-notification",
    "verify-response",
    "url-signature",
    "url",
    "verify-url",
    "token",
    "help",
];

/// Every flag of every subcommand, and clap's own.
const FLAGS: [&str; 28] = [
    "--algorithm",
    "--signature-version",
    "--explain",
    "--secret-env",
    "--timestamp",
    "--signature",
    "--valid-for",
    "--now",
    "--public-id",
    "--version",
    "--cloud-name",
    "--resource-type",
    "--type",
    "--transformation",
    "--format",
    "--long",
    "--key-env",
    "--acl",
    "--url",
    "--start-time",
    "--duration",
    "--expiration",
    "--ip",
    "--token-name",
    "--help",
    "-h",
    "-V",
    "--",
];

/// Values the commands know.
const VALUES: [&str; 12] = [
    "sha1",
    "sha256",
    "1",
    "2",
    "0",
    "1315060510",
    "18446744073709551615",
    "99999999999999999999",
    "CLOUDINARY_URL",
    "CLOUDINARY_AUTH_TOKEN_KEY",
    "https://res.cloudinary.com/demo/image/upload/s--12345678--/sample.jpg",
    "/image/*",
];

/// The secret of the environment the binary may get.
const SECRET: &str = "abcd";

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(&FLAGS[..]).prop_map(str::to_owned),
        2 => select(&VALUES[..]).prop_map(str::to_owned),
        1 => select(&SUBCOMMANDS[..]).prop_map(str::to_owned),
        1 => (select(&FLAGS[..]), "\\PC{0,8}").prop_map(|(flag, value)| format!("{flag}={value}")),
        1 => Just(String::new()),
        1 => "-[0-9]{1,6}",
        1 => "-[a-zA-Z0-9]{0,6}",
        1 => "--[a-z-]{0,14}",
        1 => "[0-9a-f]{40}|[0-9a-f]{64}|-e[0-9a-f]{38}",
        2 => "\\PC{0,16}",
    ]
}

/// A subcommand's arguments: its options (name, whether it takes a value, whether it is
/// required) and whether it has a positional argument.
struct Shape {
    name: &'static str,
    positional: bool,
    options: &'static [(&'static str, bool, bool)],
}

const SECRET_ENV: (&str, bool, bool) = ("--secret-env", true, false);
const ALGORITHM: (&str, bool, bool) = ("--algorithm", true, false);

const SHAPES: [Shape; 7] = [
    Shape {
        name: "sign",
        positional: false,
        options: &[
            ALGORITHM,
            ("--signature-version", true, false),
            ("--explain", false, false),
            SECRET_ENV,
        ],
    },
    Shape {
        name: "verify-notification",
        positional: false,
        options: &[
            ("--timestamp", true, true),
            ("--signature", true, true),
            ("--valid-for", true, false),
            ("--now", true, false),
            ALGORITHM,
            SECRET_ENV,
        ],
    },
    Shape {
        name: "verify-response",
        positional: false,
        options: &[
            ("--public-id", true, true),
            ("--version", true, true),
            ("--signature", true, true),
            ALGORITHM,
            SECRET_ENV,
        ],
    },
    Shape {
        name: "url-signature",
        positional: true,
        options: &[("--long", false, false), ALGORITHM, SECRET_ENV],
    },
    Shape {
        name: "url",
        positional: false,
        options: &[
            ("--cloud-name", true, true),
            ("--public-id", true, true),
            ("--resource-type", true, false),
            ("--type", true, false),
            ("--transformation", true, false),
            ("--version", true, false),
            ("--format", true, false),
            ("--long", false, false),
            ALGORITHM,
            SECRET_ENV,
        ],
    },
    Shape {
        name: "verify-url",
        positional: true,
        options: &[ALGORITHM, SECRET_ENV],
    },
    Shape {
        name: "token",
        positional: false,
        options: &[
            ("--key-env", true, false),
            ("--acl", true, false),
            ("--url", true, false),
            ("--start-time", true, false),
            ("--duration", true, false),
            ("--expiration", true, false),
            ("--ip", true, false),
            ("--token-name", true, false),
            ("--now", true, false),
        ],
    },
];

/// A value for an option or a positional: a known one, or garbage.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(&VALUES[..]).prop_map(str::to_owned),
        1 => Just(String::new()),
        2 => "-[0-9]{1,6}|[0-9]{1,20}",
        1 => "-[a-zA-Z0-9]{0,6}",
        2 => "[0-9a-f]{40}|[0-9a-f]{64}|-e[0-9a-f]{38}",
        2 => "\\PC{0,16}",
    ]
}

/// A command line shaped like a real one: a subcommand, most of its required options and
/// some of its others with values, in any order, sometimes with garbage mixed in.
fn shaped_argv() -> impl Strategy<Value = Vec<String>> {
    (0..SHAPES.len())
        .prop_flat_map(|index| {
            let shape = &SHAPES[index];
            let options: Vec<_> = shape
                .options
                .iter()
                .map(|&(flag, takes_value, required)| {
                    let include = prop::bool::weighted(if required { 0.9 } else { 0.3 });
                    let equals = prop::bool::weighted(0.2);
                    (include, equals, value()).prop_map(move |(include, equals, value)| {
                        match (include, takes_value, equals) {
                            (false, _, _) => vec![],
                            (true, false, _) => vec![flag.to_owned()],
                            (true, true, true) => vec![format!("{flag}={value}")],
                            (true, true, false) => vec![flag.to_owned(), value],
                        }
                    })
                })
                .collect();
            let positional = if shape.positional {
                prop::option::weighted(0.9, value()).boxed()
            } else {
                Just(None).boxed()
            };
            let garbage = prop::collection::vec(token().prop_map(|t| vec![t]), 0..3);
            (
                Just(shape.name),
                options,
                positional,
                prop::bool::weighted(0.3),
                garbage,
            )
        })
        .prop_flat_map(|(name, options, positional, with_garbage, garbage)| {
            let mut groups: Vec<Vec<String>> = options;
            groups.extend(positional.map(|p| vec![p]));
            if with_garbage {
                groups.extend(garbage);
            }
            (Just(name), Just(groups).prop_shuffle())
        })
        .prop_map(|(name, groups)| {
            let mut args = vec![name.to_owned()];
            args.extend(groups.into_iter().flatten());
            args
        })
}

fn argv() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        8 => shaped_argv(),
        2 => (select(&SUBCOMMANDS[..]), prop::collection::vec(token(), 0..10)).prop_map(
            |(subcommand, rest)| {
                let mut args = vec![subcommand.to_owned()];
                args.extend(rest);
                args
            }
        ),
        1 => prop::collection::vec(token(), 0..6),
    ]
}

fn stdin() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"{}".to_vec()),
        Just(br#"{"timestamp": 1315060510, "public_id": "sample_image"}"#.to_vec()),
        "\\{(\"[a-z_]{0,6}\": ?(\"\\PC{0,6}\"|-?[0-9]{1,12}|\\[\\]|\\{\\}|true|null|1\\.5),? ?){0,4}\\}?"
            .prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..64),
        "\\PC{0,40}".prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn every_answer_keeps_the_contract(args in argv(), input in stdin(), with_env in prop::bool::weighted(0.75)) {
        let env: &[(&str, &str)] = if with_env {
            &[
                ("CLOUDINARY_URL", "cloudinary://1234:abcd@demo"),
                ("CLOUDINARY_AUTH_TOKEN_KEY", "00112233FF99"),
            ]
        } else {
            &[]
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = cld_sign(&args, env, &input);

        prop_assert!(!run.stderr.contains("panicked"), "{args:?}: {run:?}");
        prop_assert!([0, 1, 2].contains(&run.status), "{args:?}: {run:?}");
        if run.status == 0 {
            prop_assert_eq!(&run.stderr, "", "{:?}", args);
        } else {
            let line = run.first_error_line();
            let (name, sentence) = line.split_once(": ").unwrap_or(("", ""));
            prop_assert!(
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{args:?}: first line not `<name>: …`: {run:?}"
            );
            prop_assert!(error_names().contains(&name), "{args:?}: unknown name {name}: {run:?}");
            prop_assert!(!sentence.trim().is_empty(), "{args:?}: no sentence: {run:?}");
            prop_assert_eq!(&run.stdout, "", "{:?}", args);
            if name == "usage" {
                prop_assert_eq!(run.status, 2);
                prop_assert!(run.stderr.contains("Usage: cld-sign"), "{args:?}: {run:?}");
            }
        }
        // The secret is never printed (unless the caller typed it somewhere).
        let typed = args.iter().any(|arg| arg.contains(SECRET))
            || input.windows(SECRET.len()).any(|w| w == SECRET.as_bytes());
        prop_assert!(typed || !run.stderr.contains(SECRET), "{args:?}: {run:?}");
    }
}
