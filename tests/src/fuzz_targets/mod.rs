//! The fuzz targets: one function per parse or verify entry point of cld-sign, each taking
//! The fuzzer's bytes and asserting properties of the result (a panic is a finding).
//!
//! The cargo-fuzz binaries in `fuzz/fuzz_targets/` call these functions, and the stable test
//! `tests/suite/fuzz_corpus_replay.rs` replays every corpus and crash file through the same
//! functions, so what the fuzzer checks and what CI checks cannot drift apart.
//!
//! Input layout. Most targets read a control byte first (settings and "generated" modes:
//! flags documented on each target), then text fields separated by the byte `0xFF`, which
//! never occurs in UTF-8 text, so a field needs no escaping; the last field takes the rest.
//! Pairs of a form are fields split once more on `0xFE`. The seed corpora
//! ([`crate::fuzz_seeds`]) are written in this layout from the vector files. Two targets
//! build structured inputs with `arbitrary` instead (`token_roundtrip`,
//! `delivery_url_roundtrip`), where only a well-formed input reaches the logic.
//!
//! A "generated" mode signs the input itself before verifying it, so the fuzzer reaches the
//! accepting paths (window boundaries, either-case hex) that random bytes never reach; in
//! The other modes an `Ok` is only possible for an input that was signed with its key, and
//! The targets check that it was.
//!
//! One file per scheme holds its targets (re-exported here, so each is
//! `fuzz_targets::<target>`); this module holds the input layout's helpers and [`TARGETS`].

use cld_sign::{Algorithm, ApiSecret, Error, ErrorKind, SignatureVersion, Signer};

mod config;
mod delivery_url;
mod diagnose;
mod notification;
mod policy;
mod primitives;
mod request;
mod response;
mod search_download;
mod stand_in;
mod token;

pub use config::config_url;
pub use delivery_url::{delivery_url_roundtrip, signed_url_verify};
pub use diagnose::diagnose;
pub use notification::{envelope_verify, notification_verify};
pub use policy::policy_body;
pub use primitives::{signature_parse, timestamp_parse};
pub use request::{params_json, request_verify};
pub use response::{preloaded_parse, response_verify};
pub use search_download::{download_url_json, search_url_json};
pub use stand_in::{stand_in_chunks, stand_in_form};
pub use token::{token_path, token_roundtrip, token_verify};

/// A fuzz target: takes the fuzzer's bytes, panics on a finding, and says whether the entry
/// point accepted the input (the replay test checks that the seeds reach both outcomes).
pub type Target = fn(&[u8]) -> Outcome;

/// Whether a target's entry point accepted its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It parsed or verified.
    Accepted,
    /// It returned an error (or the input did not reach it).
    Refused,
}

impl Outcome {
    fn of<T, E>(result: &Result<T, E>) -> Self {
        if result.is_ok() {
            Self::Accepted
        } else {
            Self::Refused
        }
    }
}

/// Every target, by the name of its cargo-fuzz binary and corpus folder.
pub const TARGETS: &[(&str, Target)] = &[
    ("signature_parse", signature_parse),
    ("timestamp_parse", timestamp_parse),
    ("notification_verify", notification_verify),
    ("signed_url_verify", signed_url_verify),
    ("delivery_url_roundtrip", delivery_url_roundtrip),
    ("token_verify", token_verify),
    ("token_roundtrip", token_roundtrip),
    ("request_verify", request_verify),
    ("params_json", params_json),
    ("config_url", config_url),
    ("response_verify", response_verify),
    ("envelope_verify", envelope_verify),
    ("preloaded_parse", preloaded_parse),
    ("search_url_json", search_url_json),
    ("download_url_json", download_url_json),
    ("token_path", token_path),
    ("policy_body", policy_body),
    ("diagnose", diagnose),
    ("stand_in_form", stand_in_form),
    ("stand_in_chunks", stand_in_chunks),
];

/// The field separator of the inputs: never a byte of UTF-8 text.
pub const FIELD: u8 = 0xFF;
/// The separator of a pair's name and value inside a field: never a byte of UTF-8 text.
pub const PAIR: u8 = 0xFE;

/// The control byte (0 if the input is empty) and the rest.
fn control(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((&c, rest)) => (c, rest),
        None => (0, data),
    }
}

/// A signer with [`FIXED_SECRET`]: SHA-256 when `sha256`, signature version 1 when `v1`.
fn fixed_signer(sha256: bool, v1: bool) -> Signer {
    let algorithm = if sha256 {
        Algorithm::Sha256
    } else {
        Algorithm::Sha1
    };
    let version = if v1 {
        SignatureVersion::V1
    } else {
        SignatureVersion::V2
    };
    Signer::new(ApiSecret::new(FIXED_SECRET).expect("non-empty"))
        .with_algorithm(algorithm)
        .with_signature_version(version)
}

/// `N` fields separated by [`FIELD`]; the last takes the rest, missing ones are empty.
fn fields<const N: usize>(data: &[u8]) -> [&[u8]; N] {
    let mut out = [&data[..0]; N];
    let mut rest = data;
    for (i, slot) in out.iter_mut().enumerate() {
        if i + 1 == N {
            *slot = rest;
            break;
        }
        match rest.iter().position(|&b| b == FIELD) {
            Some(at) => {
                *slot = &rest[..at];
                rest = &rest[at + 1..];
            }
            None => {
                *slot = rest;
                rest = &rest[rest.len()..];
            }
        }
    }
    out
}

/// The text of a field (invalid UTF-8 replaced, so every byte string reaches the parser).
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The secret of a fuzzed field: its text, or a fixed one when the field is empty.
fn secret_text(secret: &[u8]) -> String {
    let secret = text(secret);
    if secret.is_empty() {
        "abcd".to_owned()
    } else {
        secret
    }
}

/// The signer of a fuzzed secret (see [`secret_text`]).
fn signer(secret: &[u8], sha256: bool) -> Signer {
    let secret = ApiSecret::new(secret_text(secret)).expect("a non-empty secret is accepted");
    let algorithm = if sha256 {
        Algorithm::Sha256
    } else {
        Algorithm::Sha1
    };
    Signer::new(secret).with_algorithm(algorithm)
}

/// `now` chosen relative to `sent` by three control bits, so the window's boundary seconds
/// are reached: 0 the `now` field, 1 `sent`, 2 the last valid second, 3 the first expired
/// one, 4 the furthest valid lead, 5 one second beyond it, 6 and 7 the `now` field.
fn pick_now(bits: u8, sent: u64, now_field: &[u8], valid_for: u64, max_skew: u64) -> u64 {
    match bits & 7 {
        1 => sent,
        2 => sent.saturating_add(valid_for),
        3 => sent.saturating_add(valid_for).saturating_add(1),
        4 => sent.saturating_sub(max_skew),
        5 => sent.saturating_sub(max_skew).saturating_sub(1),
        _ => text(now_field).parse().unwrap_or(0),
    }
}

/// Whether `sent` is inside the window at `now` (boundaries included).
fn in_window(sent: u64, now: u64, valid_for: u64, max_skew: u64) -> bool {
    if now >= sent {
        now - sent <= valid_for
    } else {
        sent - now <= max_skew
    }
}

/// Asserts that an error outside the window is the right one of `Expired` / `FromFuture`.
fn assert_window_error(err: &Error, sent: u64, now: u64) {
    let expected = if now > sent {
        ErrorKind::Expired
    } else {
        ErrorKind::FromFuture
    };
    assert_eq!(err.kind(), expected, "{err} (sent {sent}, now {now})");
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The secret of the policy and diagnosis targets: never in what they show.
const FIXED_SECRET: &str = "fuzzSecret9Qx7";
