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

use std::net::IpAddr;
use std::time::Duration;

use arbitrary::Unstructured;
use cld_sign::delivery::{
    AuthToken, AuthTokenVerifier, DeliveryUrlVerifier, Expiry, ReceivedDeliveryUrl, TokenKey,
    TokenOptions, TokenTarget, UrlSignature,
};
use cld_sign::notification::{NotificationHeaders, NotificationVerifier, OutgoingNotification};
use cld_sign::response::{ApiResponse, ResponseVerifier};
use cld_sign::{
    Algorithm, ApiSecret, Config, Error, ErrorKind, Params, Signature, SignatureVersion, Signer,
    Timestamp,
    delivery::{DEFAULT_TOKEN_NAME, DeliveryUrl, UrlSignatureKind},
    request::{ReceivedParams, RequestVerifier, is_excluded, is_parameter_name},
};

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

/// `Signature::from_hex` (both algorithms) and `Signature::from_str` on any text.
///
/// Properties: an accepted signature re-displays as the input in lower case and parses back
/// to itself; hex of the right length is always accepted; every refusal is
/// `malformed_signature`.
pub fn signature_parse(data: &[u8]) -> Outcome {
    let input = text(data);
    let mut outcome = Outcome::Refused;
    for algorithm in [Algorithm::Sha1, Algorithm::Sha256] {
        let is_hex =
            input.len() == algorithm.hex_len() && input.bytes().all(|b| b.is_ascii_hexdigit());
        match Signature::from_hex(algorithm, &input) {
            Ok(signature) => {
                outcome = Outcome::Accepted;
                assert!(is_hex, "accepted {input:?} as {algorithm}");
                assert_eq!(signature.algorithm(), algorithm);
                assert_eq!(signature.to_string(), input.to_ascii_lowercase());
                assert_eq!(signature.hex(), input.to_ascii_lowercase().as_str());
                assert_eq!(signature.as_bytes().len(), algorithm.digest_len());
                let again = Signature::from_hex(algorithm, &signature.to_string())
                    .expect("its own display parses");
                assert!(again.ct_eq(&signature) && again == signature);
            }
            Err(err) => {
                assert!(!is_hex, "refused hex {input:?} as {algorithm}: {err}");
                assert_eq!(err.kind(), ErrorKind::MalformedSignature);
            }
        }
    }
    if let Ok(signature) = input.parse::<Signature>() {
        let direct = Signature::from_hex(signature.algorithm(), &input).expect("same parse");
        assert_eq!(signature, direct);
    }
    outcome
}

/// `Timestamp::from_str` and `Timestamp::parse_canonical` on any text.
///
/// Properties: accepted iff 1 to 19 ASCII digits; the canonical parse also refuses a
/// leading zero and re-displays exactly as the input; every refusal is
/// `malformed_timestamp`.
pub fn timestamp_parse(data: &[u8]) -> Outcome {
    let input = text(data);
    let digits =
        !input.is_empty() && input.len() <= 19 && input.bytes().all(|b| b.is_ascii_digit());
    let parsed = input.parse::<Timestamp>();
    match &parsed {
        Ok(t) => {
            assert!(digits, "accepted {input:?}");
            let trimmed = input.trim_start_matches('0');
            let expected = if trimmed.is_empty() { "0" } else { trimmed };
            assert_eq!(t.to_string(), expected);
        }
        Err(err) => {
            assert!(!digits, "refused {input:?}: {err}");
            assert_eq!(err.kind(), ErrorKind::MalformedTimestamp);
        }
    }
    let canonical = digits && (input.len() == 1 || !input.starts_with('0'));
    match Timestamp::parse_canonical(&input) {
        Ok(t) => {
            assert!(canonical, "canonical parse accepted {input:?}");
            assert_eq!(t.to_string(), input);
        }
        Err(err) => {
            assert!(!canonical, "canonical parse refused {input:?}: {err}");
            assert_eq!(err.kind(), ErrorKind::MalformedTimestamp);
        }
    }
    Outcome::of(&parsed)
}

/// `NotificationVerifier::verify_at` and `verify_headers_at` (see `cld_sign::notification`).
///
/// Control byte: bit 0 SHA-256; bit 1 generated (the signature header is the real signature
/// of the body and timestamp); bit 2 upper-case that signature; bits 3–5 `now` (see
/// `pick_now`). Fields: secret, `X-Cld-Timestamp`, `X-Cld-Signature`, now, body (the rest).
///
/// Properties: `Ok` only for the real signature of a canonical timestamp inside the window,
/// returning that timestamp; a generated notification is accepted exactly when inside the
/// window, else `expired` / `from_future`; `verify_headers_at` agrees with `verify_at`.
pub fn notification_verify(data: &[u8]) -> Outcome {
    let (c, rest) = control(data);
    let [secret, timestamp, signature, now_field, body] = fields::<5>(rest);
    let verifier = NotificationVerifier::new(signer(secret, c & 1 != 0));
    let (valid_for, max_skew) = (
        verifier.valid_for().as_secs(),
        verifier.max_skew().as_secs(),
    );
    let timestamp = text(timestamp);
    let canonical = Timestamp::parse_canonical(&timestamp).ok();
    let generated = c & 2 != 0 && canonical.is_some();
    let mut signature = text(signature);
    if let (true, Some(sent)) = (generated, canonical) {
        signature = OutgoingNotification::new(body, sent)
            .sign(verifier.signer())
            .signature()
            .to_string();
        if c & 4 != 0 {
            signature = signature.to_ascii_uppercase();
        }
    }
    let sent = canonical.map_or(0, Timestamp::as_secs);
    let now = Timestamp::from_secs(pick_now(c >> 3, sent, now_field, valid_for, max_skew));
    let headers = NotificationHeaders {
        timestamp: &timestamp,
        signature: &signature,
    };
    let result = verifier.verify_at(body, headers, now);
    match &result {
        Ok(verified) => {
            let returned = verified.timestamp();
            assert_eq!(Some(returned), canonical);
            assert_eq!(verified.body(), body);
            let received = Signature::from_hex(verifier.algorithm(), &signature).expect("hex");
            assert!(
                OutgoingNotification::new(body, returned)
                    .sign(verifier.signer())
                    .signature()
                    .ct_eq(&received),
                "forged signature accepted"
            );
            assert!(in_window(sent, now.as_secs(), valid_for, max_skew));
        }
        Err(err) if canonical.is_none() => {
            assert_eq!(err.kind(), ErrorKind::MalformedTimestamp, "{err}");
        }
        Err(err) => {
            assert!(
                !generated || !in_window(sent, now.as_secs(), valid_for, max_skew),
                "{err}"
            );
            if generated {
                assert_window_error(err, sent, now.as_secs());
            }
        }
    }

    let mut map = http::HeaderMap::new();
    for (name, value) in [
        (cld_sign::notification::TIMESTAMP_HEADER, &timestamp),
        (cld_sign::notification::SIGNATURE_HEADER, &signature),
    ] {
        match http::HeaderValue::from_str(value) {
            Ok(value) if value.to_str().is_ok() => {
                map.insert(name, value);
            }
            _ => return Outcome::of(&result),
        }
    }
    let from_map = verifier.verify_headers_at(body, &map, now);
    match (&result, &from_map) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind()),
        _ => panic!("verify_at {result:?} but verify_headers_at {from_map:?}"),
    }
    Outcome::of(&result)
}

/// `ReceivedDeliveryUrl::parse` and `DeliveryUrlVerifier::verify` (see `cld_sign::delivery`) on any URL.
///
/// Control byte: bit 0 SHA-256. Fields: secret, URL.
///
/// Properties: a parsed URL has an URL-safe signature of 8 or 32 characters found as
/// `s--<signature>--/<path>` in the URL, a path without query or fragment; refusals are
/// `malformed_url` / `malformed_signature`, and verify refuses with the same error or, for a
/// URL that parses, `mismatch`; an accepted URL's signature is the real one of its path (with
/// or without the version).
pub fn signed_url_verify(data: &[u8]) -> Outcome {
    let (c, rest) = control(data);
    let [secret, url] = fields::<2>(rest);
    let url = text(url);
    let signer = signer(secret, c & 1 != 0);
    let parsed = ReceivedDeliveryUrl::parse(&url);
    match &parsed {
        Ok(parsed) => {
            let signature = parsed.signature();
            assert_eq!(parsed.kind().signature_len(), signature.len());
            assert!(
                signature
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            );
            assert!(!parsed.path().is_empty());
            assert!(!parsed.path().contains(['?', '#']));
            assert!(url.contains(&format!("/s--{signature}--/{}", parsed.path())));
            if let Some(without) = parsed.path_without_version() {
                assert!(without.len() < parsed.path().len());
            }
        }
        Err(err) => assert!(
            matches!(
                err.kind(),
                ErrorKind::MalformedUrl | ErrorKind::MalformedSignature
            ),
            "{err}"
        ),
    }
    let verified = DeliveryUrlVerifier::new(signer.clone()).verify(&url);
    match (&parsed, &verified) {
        (Ok(parsed), Ok(reading)) => {
            // What matched is the real signature of the path read (the URL-form rule (`cld_sign::delivery`) candidates).
            assert_eq!(reading.kind(), parsed.kind());
            assert!(
                UrlSignature::sign(&signer, reading.signed_path(), parsed.kind())
                    .ct_eq_signature(parsed.signature())
            );
        }
        (Ok(_), Err(err)) => assert_eq!(err.kind(), ErrorKind::Mismatch, "{err}"),
        (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind()),
        (Err(_), Ok(_)) => panic!("verified a URL that does not parse"),
    }
    Outcome::of(&verified)
}

/// A non-empty word of `alphabet` from the fuzzer.
fn word(u: &mut Unstructured<'_>, alphabet: &[u8], max: usize) -> arbitrary::Result<String> {
    let len = u.int_in_range(1..=max)?;
    (0..len)
        .map(|_| u.choose(alphabet).map(|&b| char::from(b)))
        .collect()
}

/// `DeliveryUrl::sign` then `DeliveryUrlVerifier::verify` (see `cld_sign::delivery`), on structured parts.
///
/// The cloud name, resource and delivery types and format are words; the transformation is
/// Cloudinary-shaped (`w_100,c_fill/e_sepia`: no component looks like a version); the
/// public ID is any text (the builder escapes it).
///
/// Properties: every URL the builder signs verifies; changing one character of its
/// signature makes it `mismatch`.
pub fn delivery_url_roundtrip(data: &[u8]) -> Outcome {
    delivery_url_roundtrip_inner(&mut Unstructured::new(data)).unwrap_or(Outcome::Refused)
}

fn delivery_url_roundtrip_inner(u: &mut Unstructured<'_>) -> arbitrary::Result<Outcome> {
    // No `-`: a component such as `s--abcdefgh--` before the signature would be taken for
    // it (ReceivedDeliveryUrl takes the first `s--…--` component); Cloudinary's names have none.
    const WORD: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789_";
    const VALUE: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789.:";
    const URL_SAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let sha256: bool = u.arbitrary()?;
    let secret: String = u.arbitrary()?;
    let signer = signer(secret.as_bytes(), sha256);
    let cloud = word(u, WORD, 12)?;
    let resource_type = word(u, WORD, 8)?;
    let delivery_type = word(u, WORD, 8)?;
    let transformation = if u.arbitrary()? {
        let mut components = Vec::new();
        for _ in 0..u.int_in_range(1..=3)? {
            let mut parts = Vec::new();
            for _ in 0..u.int_in_range(1..=3)? {
                let key = char::from(*u.choose(b"abcefghloqrtuwxyz")?);
                parts.push(format!("{key}_{}", word(u, VALUE, 6)?));
            }
            components.push(parts.join(","));
        }
        Some(components.join("/"))
    } else {
        None
    };
    let public_id: String = u.arbitrary()?;
    let version: Option<u64> = u.arbitrary()?;
    let format = if u.arbitrary()? {
        Some(word(u, WORD, 4)?)
    } else {
        None
    };
    let kind = if u.arbitrary()? {
        UrlSignatureKind::Long
    } else {
        UrlSignatureKind::Short
    };
    let mut url = DeliveryUrl::new(&cloud, &public_id)
        .with_resource_type(&resource_type)
        .with_delivery_type(&delivery_type)
        .with_signature_kind(kind);
    if let Some(t) = &transformation {
        url = url.with_transformation(t);
    }
    if let Some(v) = version {
        url = url.with_version(v);
    }
    if let Some(f) = &format {
        url = url.with_format(f);
    }
    let signed = match url.sign(&signer) {
        Ok(signed) => {
            assert_eq!(signed.signature().map(|s| s.kind()), Some(kind));
            signed.into_string()
        }
        Err(err) => {
            // Only an empty public ID (nothing to sign) or a form clash is refused.
            assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{err}");
            return Ok(Outcome::Refused);
        }
    };
    match ReceivedDeliveryUrl::parse(&signed) {
        // Nothing after the signature: an empty public ID without transformation, version
        // or format is not a delivery URL, and the parser says so.
        Err(err) if url.to_sign().is_empty() => {
            assert_eq!(err.kind(), ErrorKind::MalformedUrl);
            return Ok(Outcome::Refused);
        }
        Err(err) => panic!("the builder's URL {signed:?} does not parse: {err}"),
        Ok(parsed) => assert_eq!(parsed.signature().len(), kind.signature_len()),
    }
    if let Err(err) = DeliveryUrlVerifier::new(signer.clone()).verify(&signed) {
        panic!("the builder's URL {signed:?} does not verify: {err}");
    }
    // One character of the signature changed.
    let parsed = ReceivedDeliveryUrl::parse(&signed).expect("parsed above");
    let start = parsed.signature().as_ptr() as usize - signed.as_ptr() as usize;
    let old = signed.as_bytes()[start];
    let offset = usize::from(u.arbitrary::<u8>()?) % (URL_SAFE.len() - 1) + 1;
    let index = URL_SAFE.iter().position(|&b| b == old).expect("URL-safe");
    let new = URL_SAFE[(index + offset) % URL_SAFE.len()];
    let mut tampered = signed.clone().into_bytes();
    tampered[start] = new;
    let tampered = String::from_utf8(tampered).expect("ASCII swap");
    let Err(err) = DeliveryUrlVerifier::new(signer.clone()).verify(&tampered) else {
        panic!("{tampered:?}, {signed:?} with its signature changed, verified");
    };
    assert_eq!(err.kind(), ErrorKind::Mismatch, "{err}");
    Ok(Outcome::Accepted)
}

/// `TokenKey::from_hex` and `AuthTokenVerifier::verify_at` (see `cld_sign::delivery`) on any token.
///
/// Control byte: bit 0 the target is a URL (else an ACL). Fields: key (hex), token value,
/// target, client IP, now.
///
/// Properties: the key parses iff it is non-empty, even-length hex; an accepted token is
/// inside its times, names the client's IP if any (IPv4-mapped as IPv4), and is exactly
/// the token `AuthToken::sign_at` writes for its claims (so nothing else is accepted).
pub fn token_verify(data: &[u8]) -> Outcome {
    let (c, rest) = control(data);
    let [key, token, target, ip, now] = fields::<5>(rest);
    let key = text(key);
    let valid_hex = !key.is_empty()
        && key.len().is_multiple_of(2)
        && key.bytes().all(|b| b.is_ascii_hexdigit());
    let key = match TokenKey::from_hex(&key) {
        Ok(parsed) => {
            assert!(valid_hex, "key {key:?} accepted");
            parsed
        }
        Err(err) => {
            assert!(!valid_hex, "key {key:?} refused");
            assert_eq!(err.kind(), ErrorKind::MalformedTokenKey);
            return Outcome::Refused;
        }
    };
    let (token, target_text) = (text(token), text(target));
    let target = if c & 1 != 0 {
        TokenTarget::Url(&target_text)
    } else {
        TokenTarget::Acl(&target_text)
    };
    let client_ip: Option<IpAddr> = text(ip).parse().ok();
    let now = Timestamp::from_secs(text(now).parse().unwrap_or(0));
    let Ok(verified) =
        AuthTokenVerifier::new(key.clone()).verify_at(&token, target, client_ip, now)
    else {
        return Outcome::Refused;
    };
    assert!(verified.expiration() >= now);
    assert!(verified.start_time().is_none_or(|start| start <= now));
    if let Some(ip) = verified.ip() {
        assert_eq!(
            client_ip.map(|client| client.to_canonical()),
            Some(ip.to_canonical())
        );
    }
    let expiry = Expiry::At(verified.expiration());
    let mut regenerated = match target {
        TokenTarget::Acl(acl) => AuthToken::for_acls(acl.split('!'), expiry).expect("an ACL"),
        TokenTarget::Url(_) if token.contains("~acl=") => return Outcome::Accepted,
        TokenTarget::Url(url) => AuthToken::for_url(url, expiry),
    };
    if let Some(ip) = verified.ip() {
        regenerated = regenerated.with_ip(ip);
    }
    if let Some(start) = verified.start_time() {
        regenerated = regenerated
            .with_start_time(start)
            .expect("start before expiry");
    }
    let regenerated = regenerated.sign_at(&key, now).expect("generates");
    assert_eq!(
        regenerated.value(),
        token,
        "accepted a token generate does not write"
    );
    Outcome::Accepted
}

/// `cld_sign::delivery::canonical_token_path` on any text, and `AuthTokenVerifier::verify_at` of a
/// token for that path.
///
/// Control byte: bit 0 the text is percent-encoded first (every byte but `.` and `/`, so an
/// accepted path must come back as it was). The rest is the path.
///
/// Properties: every refusal is `malformed_url`; an accepted path is what a plain
/// percent-decoding (the `percent-encoding` crate, not cld-sign's) gives, holds no `%`, no
/// control character, no `\`, no `//`, no `.` or `..` segment and none of the documented
/// look-alikes listed here, and decodes to itself again; a path without `%` is its own
/// canonical form; a path of ASCII letters, digits, `-`, `_` and single `/` is always
/// accepted; and `AuthTokenVerifier::verify_at` agrees: a URL token for the path verifies iff the path
/// is accepted, and so does an ACL token for `/*` when it starts with `/`.
pub fn token_path(data: &[u8]) -> Outcome {
    use cld_sign::delivery::canonical_token_path;
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

    /// Some of the documented look-alikes, checked apart from cld-sign's own list.
    const LOOK_ALIKES: &[char] = &[
        '\u{FF0E}', '\u{FF0F}', '\u{FF3C}', '\u{FF05}', '\u{2024}', '\u{2025}', '\u{FE52}',
        '\u{2215}', '\u{2044}', '\u{29F8}', '\u{3002}', '\u{FF61}',
    ];
    const KEEP: &AsciiSet = &NON_ALPHANUMERIC.remove(b'.').remove(b'/');

    let (c, rest) = control(data);
    let raw = text(rest);
    let path = if c & 1 != 0 {
        utf8_percent_encode(&raw, KEEP).to_string()
    } else {
        raw.clone()
    };
    let result = canonical_token_path(&path);
    let simple = |p: &str| {
        !p.contains("//")
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_/".contains(&b))
    };
    let key = TokenKey::from_hex("00112233FF99").expect("a hex key");
    let now = Timestamp::from_secs(1_700_000_000);
    let expiry = Expiry::At(Timestamp::from_secs(1_800_000_000));
    let by_url = AuthToken::for_url(path.as_str(), expiry)
        .sign_at(&key, now)
        .expect("generates");
    let by_url = AuthTokenVerifier::new(key.clone()).verify_at(
        by_url.value(),
        TokenTarget::Url(&path),
        None,
        now,
    );
    let by_acl = AuthToken::for_acl("/*", expiry)
        .expect("an ACL")
        .sign_at(&key, now)
        .expect("generates");
    let by_acl = AuthTokenVerifier::new(key.clone()).verify_at(
        by_acl.value(),
        TokenTarget::Url(&path),
        None,
        now,
    );
    let canonical = match result {
        Err(err) => {
            assert_eq!(err.kind(), ErrorKind::MalformedUrl, "{err}");
            assert!(!simple(&path), "refused {path:?}: {err}");
            assert_eq!(by_url.expect_err("verified a refused path"), err);
            assert_eq!(by_acl.expect_err("verified a refused path"), err);
            return Outcome::Refused;
        }
        Ok(canonical) => canonical,
    };
    let decoded = percent_decode_str(&path)
        .decode_utf8()
        .expect("an accepted path decodes to UTF-8");
    assert_eq!(canonical, decoded, "{path:?}");
    assert!(!canonical.contains('%'), "{path:?} -> {canonical:?}");
    assert!(!canonical.chars().any(char::is_control), "{canonical:?}");
    assert!(!canonical.contains(LOOK_ALIKES), "{canonical:?}");
    assert!(
        !canonical.contains('\\') && !canonical.contains("//"),
        "{canonical:?}"
    );
    assert!(
        !canonical.split('/').any(|s| s == "." || s == ".."),
        "{canonical:?}"
    );
    let again = canonical_token_path(&canonical).expect("the canonical path is accepted");
    assert_eq!(again, canonical);
    if !path.contains('%') {
        assert_eq!(canonical, path.as_str());
    }
    if c & 1 != 0 {
        assert_eq!(canonical, raw.as_str());
    }
    by_url.expect("a URL token verifies for its accepted path");
    assert_eq!(by_acl.is_ok(), canonical.starts_with('/'), "{path:?}");
    Outcome::Accepted
}

/// `AuthToken::try_from(&TokenOptions)`, `AuthToken::sign_at`, then `AuthTokenVerifier::verify_at`
/// (see `cld_sign::delivery`), on structured options.
///
/// Control byte, which options are set: bit 0 `ip`, bit 1 `start_time`, bit 2 `duration`,
/// bit 3 `expiration`, bit 4 `token_name`, bit 5 `url`. Fields: key (hex; other text is
/// taken as the key's bytes), ACL patterns (joined with `!`; none if empty), URL, IP,
/// start, duration, expiration, token name, now.
///
/// Properties: a generated token verifies for its ACL or URL at its start (unless the URL
/// is not normalised, which verify refuses), is `expired` one second after its expiry, is
/// `from_future` one second before its start, and refuses a client without its IP; its
/// name is the one asked for (a name outside `A-Z a-z 0-9 _ -` is refused).
pub fn token_roundtrip(data: &[u8]) -> Outcome {
    let (c, rest) = control(data);
    let [key, acl, url, ip, start, duration, expiration, name, now] = fields::<9>(rest);
    let key_text = text(key);
    let key = match TokenKey::from_hex(&key_text) {
        Ok(key) => key,
        Err(_) if key.is_empty() => return Outcome::Refused,
        Err(_) => TokenKey::from_hex(&hex_lower(key)).expect("hex of bytes"),
    };
    let secs = |field: &[u8]| text(field).parse::<u64>().unwrap_or(0);
    let mut options = TokenOptions::default();
    let acl = text(acl);
    if !acl.is_empty() {
        options.acl = acl.split('!').map(str::to_owned).collect();
    }
    options.url = (c & 32 != 0).then(|| text(url));
    options.ip = (c & 1 != 0).then(|| text(ip));
    options.start_time = (c & 2 != 0).then(|| Timestamp::from_secs(secs(start)));
    options.duration = (c & 4 != 0).then(|| Duration::from_secs(secs(duration)));
    options.expiration = (c & 8 != 0).then(|| Timestamp::from_secs(secs(expiration)));
    options.token_name = (c & 16 != 0).then(|| text(name));
    let now = Timestamp::from_secs(secs(now));

    let auth = match AuthToken::try_from(&options) {
        Ok(auth) => auth,
        Err(err) => {
            let refused_ip = options
                .ip
                .as_deref()
                .is_some_and(|ip| ip.parse::<IpAddr>().is_err());
            let start_after_expiry = options
                .start_time
                .zip(options.expiration)
                .is_some_and(|(start, expiration)| start > expiration);
            let expected = match () {
                () if options.expiration.is_none() && options.duration.is_none() => {
                    ErrorKind::MissingExpiration
                }
                () if options.acl.is_empty() && options.url.is_none() => ErrorKind::MissingAclOrUrl,
                () if refused_ip => ErrorKind::UnsupportedValue,
                () if start_after_expiry => ErrorKind::StartAfterExpiry,
                () => ErrorKind::MalformedTokenName,
            };
            assert_eq!(err.kind(), expected, "{err}");
            return Outcome::Refused;
        }
    };
    let Ok(token) = auth.sign_at(&key, now) else {
        return Outcome::Refused;
    };
    assert_eq!(
        token.name(),
        options.token_name.as_deref().unwrap_or(DEFAULT_TOKEN_NAME)
    );
    let joined = options.acl.join("!");
    let target = match &options.url {
        _ if !options.acl.is_empty() => TokenTarget::Acl(&joined),
        Some(url) => TokenTarget::Url(url),
        None => unreachable!("try_from refuses a token without ACL or URL"),
    };
    let ip: Option<IpAddr> = options.ip.as_deref().map(|ip| ip.parse().expect("checked"));
    // The first second the token is valid: its start, else any time up to its expiry.
    let start = options
        .start_time
        .unwrap_or_else(|| options.expiration.map_or(now, |e| e.min(now)));
    let verified =
        match AuthTokenVerifier::new(key.clone()).verify_at(token.value(), target, ip, start) {
            Ok(verified) => verified,
            Err(Error::MalformedUrl { .. }) if matches!(target, TokenTarget::Url(_)) => {
                return Outcome::Refused;
            }
            Err(err) => panic!("generated {token} does not verify at {start}: {err}"),
        };
    assert_eq!(verified.start_time(), options.start_time);
    assert_eq!(verified.ip(), ip);
    let expiration = verified.expiration();
    assert!(expiration >= start);
    if let Some(after) = expiration.as_secs().checked_add(1) {
        let err = AuthTokenVerifier::new(key.clone())
            .verify_at(token.value(), target, ip, Timestamp::from_secs(after))
            .expect_err("verified after its expiry");
        assert_eq!(err.kind(), ErrorKind::Expired, "{err}");
    }
    if let Some(before) = options.start_time.and_then(|s| s.as_secs().checked_sub(1)) {
        let err = AuthTokenVerifier::new(key.clone())
            .verify_at(token.value(), target, ip, Timestamp::from_secs(before))
            .expect_err("verified before its start");
        assert_eq!(err.kind(), ErrorKind::FromFuture, "{err}");
    }
    if ip.is_some() {
        let err = AuthTokenVerifier::new(key.clone())
            .verify_at(token.value(), target, None, start)
            .expect_err("verified without its IP");
        assert!(matches!(err, Error::WrongClientIp), "{err}");
    }
    Outcome::Accepted
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `RequestVerifier::verify_at` (see `cld_sign::request`) on any form.
///
/// Control byte: bit 0 SHA-256; bit 1 signature version 1 (with
/// `allow_signature_version_1`); bit 2 generated (the `signature` field is replaced by the
/// real signature of the other fields); bits 3–5 `now` (see `pick_now`, relative to the
/// form's `timestamp`). Fields: secret, now, then one field per form field, `name` `0xFE`
/// `value`.
///
/// Properties: an accepted form's `signature` is the real signature of the returned
/// parameters, whose timestamp is inside the window; a generated form with distinct, plain
/// names whose parameters are valid is accepted exactly when inside the window.
pub fn request_verify(data: &[u8]) -> Outcome {
    let (c, rest) = control(data);
    let [secret, now_field, form] = fields::<3>(rest);
    let mut signer = signer(secret, c & 1 != 0);
    let mut verifier = RequestVerifier::new(signer.clone());
    if c & 2 != 0 {
        signer = signer.with_signature_version(SignatureVersion::V1);
        verifier = RequestVerifier::new(signer.clone()).allow_signature_version_1();
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    if !form.is_empty() {
        for field in form.split(|&b| b == FIELD) {
            let (name, value) = match field.iter().position(|&b| b == PAIR) {
                Some(at) => (&field[..at], &field[at + 1..]),
                None => (field, &field[..0]),
            };
            pairs.push((text(name), text(value)));
        }
    }
    let (valid_for, max_skew) = (
        RequestVerifier::VALID_FOR.as_secs(),
        verifier.max_skew().as_secs(),
    );
    // A form whose fields map one to one onto parameters: what `generated` can sign.
    let plain = {
        let mut names: Vec<&str> = pairs.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        names.windows(2).all(|w| w[0] != w[1])
            && names
                .iter()
                .all(|n| !n.ends_with("[]") && *n != "signature")
    };
    let mut expected = None;
    if c & 4 != 0
        && plain
        && let Ok(params) = Params::from_pairs(pairs.iter().cloned())
        && let Ok(sent) = params.timestamp()
    {
        pairs.push(("signature".to_owned(), signer.sign(&params).to_string()));
        expected = Some((params, sent.as_secs()));
    }
    let sent = expected.as_ref().map_or_else(
        || {
            pairs
                .iter()
                .find(|(n, _)| n == "timestamp")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0)
        },
        |(_, sent)| *sent,
    );
    let now = pick_now(c >> 3, sent, now_field, valid_for, max_skew);
    let result = verifier.verify_at(pairs.iter().cloned(), Timestamp::from_secs(now));
    match &result {
        Ok(verified) => {
            let params = verified.params();
            assert_eq!(Ok(verified.timestamp()), params.timestamp());
            assert_eq!(verified.signature_version(), verifier.signature_version());
            let signature = pairs
                .iter()
                .rev()
                .find(|(n, _)| n == "signature")
                .map(|(_, v)| v.to_ascii_lowercase())
                .expect("a signature field");
            assert_eq!(
                signer.sign(params).to_string(),
                signature,
                "forged form accepted"
            );
            let sent = params.timestamp().expect("a timestamp").as_secs();
            assert!(in_window(sent, now, valid_for, max_skew));
            if let Some((expected, _)) = &expected {
                assert_eq!(params, expected);
            }
        }
        Err(err) => {
            if let Some((_, sent)) = expected {
                assert!(!in_window(sent, now, valid_for, max_skew), "{err}");
                assert_window_error(err, sent, now);
            }
        }
    }
    Outcome::of(&result)
}

/// `ReceivedParams` + `Params::try_from`, `Params`' own `Deserialize` and
/// `Params::from_serialize`, on JSON text.
///
/// Properties: both ways of reading agree; accepted parameters have distinct, valid,
/// non-excluded names in byte order and no empty value; they survive a JSON round trip and
/// `from_serialize` of themselves unchanged.
pub fn params_json(data: &[u8]) -> Outcome {
    let received = serde_json::from_slice::<ReceivedParams>(data).map(Params::try_from);
    let direct = serde_json::from_slice::<Params>(data);
    let params = match (received, direct) {
        (Ok(Ok(a)), Ok(b)) => {
            assert_eq!(a, b);
            a
        }
        (Ok(Err(_)) | Err(_), Err(_)) => {
            if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data)
                && let Ok(params) = Params::from_serialize(&value)
            {
                check_params(&params);
            }
            return Outcome::Refused;
        }
        (a, b) => panic!("ReceivedParams gave {a:?} but Params gave {b:?}"),
    };
    check_params(&params);
    let json = serde_json::to_string(&params).expect("serializes");
    let back: Params = serde_json::from_str(&json).expect("its own JSON parses");
    assert_eq!(back, params);
    assert_eq!(Params::from_serialize(&params).expect("itself"), params);
    Outcome::Accepted
}

fn check_params(params: &Params) {
    let names: Vec<&str> = params.iter().map(|(n, _)| n).collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    for (name, value) in params.iter() {
        assert!(is_parameter_name(name) && !is_excluded(name), "{name:?}");
        assert!(!value.is_empty(), "{name} is empty");
    }
}

/// `Config::from_url` on any text, with its URL settings (`upload_prefix`, `secure`,
/// `secure_distribution`, `private_cdn`, `cname`, `cdn_subdomain`, `secure_cdn_subdomain`,
/// `use_root_path`, `shorten`, `long_url_signature`), then the URLs it builds.
///
/// Properties: an accepted URL has a cloud name without `/`; a boolean setting given as
/// `true` or `false` is read as given; the API URL is `<http(s) origin>/v1_1/<cloud>/<path>`
/// and the delivery prefix is `https://` unless `secure=false`; a signed delivery URL
/// (image, then video, which refuses the image-only forms) builds without panicking, over
/// the same scheme; the secret never shows in the configuration's `Debug` (it is the
/// `Debug` of the same configuration with another secret), in the URLs built, nor in an
/// error's message (it is the message of the URL with another secret).
pub fn config_url(data: &[u8]) -> Outcome {
    let url = text(data);
    let parsed = Config::from_url(&url);
    match &parsed {
        Ok(config) => {
            let cloud = config.cloud_name().expect("a cloud name");
            assert!(!cloud.is_empty() && !cloud.contains('/'));
            let mut other = Config::new(ApiSecret::new("x").expect("non-empty"))
                .with_cloud_name(cloud)
                .with_algorithm(config.algorithm())
                .with_signature_version(config.signature_version());
            if let Some(key) = config.api_key() {
                other = other.with_api_key(key);
            }
            other = other.with_url_settings(config.url_settings().clone());
            assert_eq!(format!("{config:?}"), format!("{other:?}"));
            check_url_settings(&url, config, cloud);
        }
        Err(err) => {
            // The message must not depend on the secret: the same URL with the secret's
            // letters and digits changed (escapes kept, so it decodes alike) gives the same
            // message. Unless the query repeats the secret (a value it may quote).
            let Some(rest) = url.trim().strip_prefix("cloudinary://") else {
                return Outcome::Refused;
            };
            let authority = rest.split('?').next().unwrap_or_default();
            let Some(secret) = authority
                .rsplit_once('@')
                .and_then(|(userinfo, _)| userinfo.split_once(':'))
                .map(|(_, secret)| secret)
                .filter(|secret| !secret.is_empty() && !rest[authority.len()..].contains(*secret))
            else {
                return Outcome::Refused;
            };
            let start = secret.as_ptr() as usize - url.as_ptr() as usize;
            let masked = format!(
                "{}{}{}",
                &url[..start],
                mask(secret),
                &url[start + secret.len()..]
            );
            let other = Config::from_url(&masked).expect_err("the same URL but its secret");
            assert_eq!(
                format!("{err} {err:?}"),
                format!("{other} {other:?}"),
                "the message depends on the secret"
            );
        }
    }
    Outcome::of(&parsed)
}

/// The text of the URLs built that is not the configuration's.
const FIXED_URL_TEXT: &str = "https://api.cloudinary.com/v1_1/ http://res-1.cloudinary.com/ \
     -res.cloudinary.com/image/upload/ video/upload/ /s--";

/// The URL settings of an accepted `cloudinary://` URL, and the URLs they build.
fn check_url_settings(url: &str, config: &Config, cloud: &str) {
    let settings = config.url_settings();
    let query = url
        .trim()
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or_default();
    for pair in query.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let given = match value {
            "true" => true,
            "false" => false,
            _ => continue,
        };
        let read = match name {
            "secure" => settings.secure(),
            "private_cdn" => settings.private_cdn(),
            "cdn_subdomain" => settings.cdn_subdomain(),
            "secure_cdn_subdomain" => settings.secure_cdn_subdomain() == Some(true),
            "use_root_path" => settings.use_root_path(),
            "shorten" => settings.shorten(),
            "long_url_signature" => settings.long_url_signature(),
            _ => continue,
        };
        assert_eq!(read, given, "{name}={value}");
    }
    let api = settings.api_url(cloud, "image/upload");
    assert!(
        api.starts_with("http://") || api.starts_with("https://"),
        "{api}"
    );
    assert!(
        api.ends_with(&format!("/v1_1/{cloud}/image/upload")),
        "{api}"
    );
    let scheme = if settings.secure() {
        "https://"
    } else {
        "http://"
    };
    let prefix = settings.delivery_prefix(cloud, "sample");
    assert!(prefix.starts_with(scheme), "{prefix}");
    // The secret as written, when it is letters and digits, long enough not to show by
    // chance and written once.
    let secret = url
        .trim()
        .strip_prefix("cloudinary://")
        .and_then(|rest| rest.split('?').next())
        .and_then(|authority| authority.rsplit_once('@'))
        .and_then(|(userinfo, _)| userinfo.split_once(':'))
        .map(|(_, secret)| secret)
        .filter(|secret| secret.len() >= 12 && url.matches(*secret).count() == 1)
        // Nor a piece of the fixed text of the URLs built (`res.cloudinary.com`).
        .filter(|secret| {
            !FIXED_URL_TEXT.contains(*secret) && secret.bytes().all(|b| b.is_ascii_alphanumeric())
        });
    let signer = Signer::from_config(config);
    let mut shown = vec![format!("{config:?}"), api, prefix];
    for resource_type in ["image", "video"] {
        let signed = DeliveryUrl::new(cloud, "sample")
            .with_resource_type(resource_type)
            .with_url_settings(settings)
            .sign(&signer);
        match signed {
            Ok(signed) => {
                let signed = signed.to_string();
                assert!(signed.starts_with(scheme), "{signed}");
                shown.push(signed);
            }
            Err(err) => {
                // A cloud name the URL accepts may still be one no delivery URL takes.
                assert!(
                    resource_type != "image" || err.kind() == ErrorKind::UnsupportedValue,
                    "{err}"
                );
                shown.push(format!("{err} {err:?}"));
            }
        }
    }
    if let Some(secret) = secret {
        for text in shown {
            assert!(!text.contains(secret), "the secret shows in {text}");
        }
    }
}

/// `secret` with each ASCII letter or digit outside a `%XX` escape changed to another.
fn mask(secret: &str) -> String {
    let mut out = String::with_capacity(secret.len());
    let mut escape = 0;
    for ch in secret.chars() {
        if escape > 0 {
            escape -= 1;
            out.push(ch);
        } else if ch == '%' {
            escape = 2;
            out.push(ch);
        } else if ch.is_ascii_alphanumeric() {
            out.push(if ch == 'Z' { 'Y' } else { 'Z' });
        } else {
            out.push(ch);
        }
    }
    out
}

/// `ResponseVerifier::verify` (see `cld_sign::response`) on any public ID, version and signature.
///
/// Control byte: bit 0 SHA-256; bit 1 generated (the signature is the real one); bit 2
/// upper-case it. Fields: secret, public ID, version, signature.
///
/// Properties: `Ok` only for the real signature; a generated signature is accepted unless
/// the public ID or version is refused (`unsupported_value`), never `mismatch`.
pub fn response_verify(data: &[u8]) -> Outcome {
    let (c, rest) = control(data);
    let [secret, public_id, version, signature] = fields::<4>(rest);
    let signer = signer(secret, c & 1 != 0);
    let (public_id, version) = (text(public_id), text(version));
    let generated = c & 2 != 0;
    let mut signature = text(signature);
    if generated {
        signature = ApiResponse::new(&public_id, version.as_str())
            .sign(&signer)
            .to_string();
        if c & 4 != 0 {
            signature = signature.to_ascii_uppercase();
        }
    }
    let result =
        ResponseVerifier::new(signer.clone()).verify(&public_id, version.as_str(), &signature);
    match &result {
        Ok(reading) => {
            let received = Signature::from_hex(signer.algorithm(), &signature).expect("hex");
            let expected = ApiResponse::new(&public_id, version.as_str()).sign(&signer);
            assert!(expected.ct_eq(&received), "forged response accepted");
            assert_eq!(
                (reading.public_id(), reading.version()),
                (public_id.as_str(), version.as_str())
            );
        }
        Err(err) if generated => {
            assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{err}");
        }
        Err(err) => assert!(
            matches!(
                err.kind(),
                ErrorKind::UnsupportedValue | ErrorKind::MalformedSignature | ErrorKind::Mismatch
            ),
            "{err}"
        ),
    }
    Outcome::of(&result)
}

/// What `verify_envelope_at` must return for `message` (see `cld_sign::notification`), worked out step by step
/// with other means (base64 with the `base64` engines, the notification rule (`cld_sign::notification`)): the decoded body
/// and timestamp, or the kind of the first failing check.
fn expected_envelope(
    verifier: &NotificationVerifier,
    message: &serde_json::Value,
    now: u64,
) -> Result<(Vec<u8>, Timestamp), ErrorKind> {
    use serde_json::Value;
    let object = message.as_object().ok_or(ErrorKind::MalformedPayload)?;
    let Some(Value::String(payload)) = object.get("signed_payload") else {
        return Err(ErrorKind::MalformedPayload);
    };
    let body = strict_base64url(payload).ok_or(ErrorKind::MalformedPayload)?;
    let timestamp = match object.get("timestamp") {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(n)) if n.as_u64().is_some() => n.to_string(),
        _ => return Err(ErrorKind::MalformedTimestamp),
    };
    let sent = Timestamp::parse_canonical(&timestamp).map_err(|_| ErrorKind::MalformedTimestamp)?;
    let Some(Value::String(signature)) = object.get("signature") else {
        return Err(ErrorKind::MalformedSignature);
    };
    let received = Signature::from_hex(verifier.algorithm(), signature)
        .map_err(|_| ErrorKind::MalformedSignature)?;
    if !OutgoingNotification::new(&body, sent)
        .sign(verifier.signer())
        .signature()
        .ct_eq(&received)
    {
        return Err(ErrorKind::Mismatch);
    }
    let (valid_for, max_skew) = (
        verifier.valid_for().as_secs(),
        verifier.max_skew().as_secs(),
    );
    if !in_window(sent.as_secs(), now, valid_for, max_skew) {
        return Err(if now > sent.as_secs() {
            ErrorKind::Expired
        } else {
            ErrorKind::FromFuture
        });
    }
    Ok((body, sent))
}

/// Strict base64url (step 1 of the envelope rule) with the `base64` crate's unpadded engine: `=`
/// padding optional but, when present, exactly what makes the length a multiple of 4.
fn strict_base64url(text: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let unpadded = text.trim_end_matches('=');
    let padding = text.len() - unpadded.len();
    if padding != 0 && padding != (4 - unpadded.len() % 4) % 4 {
        return None;
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(unpadded)
        .ok()
}

/// `NotificationVerifier::verify_envelope_at` and `verify_envelope_json_at` (see `cld_sign::notification`).
///
/// Control byte: bit 0 SHA-256; bit 1 generated (the envelope is built here: the body
/// base64url-encoded, the real signature, the timestamp field); bit 2 pad the base64 with
/// `=`; bit 3 upper-case the signature; bit 4 the timestamp as a JSON number (when it is
/// one); bits 5–7 `now` (see `pick_now`, relative to the envelope's timestamp). Fields:
/// secret, `valid_for` seconds (the default if not a number), now, timestamp (generated
/// only), then the envelope's JSON text, or the generated body's bytes (the rest).
///
/// Properties: both entry points agree; the result is the one worked out independently
/// (`expected_envelope`): `Ok` only for the real signature of the decoded body inside the
/// window, returning that body and timestamp, else the kind of the first failing check,
/// which is one of `malformed_payload`, `malformed_timestamp`, `malformed_signature`,
/// `mismatch`, `expired`, `from_future`; a generated envelope with a canonical timestamp is
/// accepted exactly inside the window, padded or not.
pub fn envelope_verify(data: &[u8]) -> Outcome {
    use base64::Engine as _;
    use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
    use serde_json::Value;

    let (c, rest) = control(data);
    let [secret, valid_for, now_field, timestamp, rest] = fields::<5>(rest);
    let mut verifier = NotificationVerifier::new(signer(secret, c & 1 != 0));
    if let Ok(secs) = text(valid_for).parse::<u64>() {
        verifier = verifier.with_valid_for(Duration::from_secs(secs));
    }
    let (valid_for, max_skew) = (
        verifier.valid_for().as_secs(),
        verifier.max_skew().as_secs(),
    );
    let generated = c & 2 != 0;
    let json = if generated {
        let payload = if c & 4 != 0 {
            URL_SAFE.encode(rest)
        } else {
            URL_SAFE_NO_PAD.encode(rest)
        };
        let timestamp = text(timestamp);
        let mut message = serde_json::json!({
            "signed_payload": payload,
            "timestamp": timestamp,
        });
        if let Ok(sent) = Timestamp::parse_canonical(&timestamp) {
            let mut signature = OutgoingNotification::new(rest, sent)
                .sign(verifier.signer())
                .signature()
                .to_string();
            if c & 8 != 0 {
                signature = signature.to_ascii_uppercase();
            }
            message["signature"] = Value::from(signature);
            if c & 16 != 0 {
                message["timestamp"] = Value::from(sent.as_secs());
            }
        }
        message.to_string()
    } else {
        text(rest)
    };
    let message = serde_json::from_str::<Value>(&json).ok();
    let sent = message
        .as_ref()
        .and_then(|m| m.get("timestamp"))
        .and_then(|t| match t {
            Value::String(text) => Timestamp::parse_canonical(text).ok(),
            other => other.as_u64().map(Timestamp::from_secs),
        })
        .map_or(0, Timestamp::as_secs);
    let now = pick_now(c >> 5, sent, now_field, valid_for, max_skew);
    let at = Timestamp::from_secs(now);

    let from_text = verifier.verify_envelope_json_at(&json, at);
    let Some(message) = message else {
        let err = from_text.expect_err("accepted text that is not JSON");
        assert_eq!(err.kind(), ErrorKind::MalformedPayload, "{err}");
        return Outcome::Refused;
    };
    let result = verifier.verify_envelope_at(&message, at);
    match (&result, &from_text) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind()),
        _ => panic!("verify_envelope_at {result:?} but verify_envelope_json_at {from_text:?}"),
    }
    let expected = expected_envelope(&verifier, &message, now);
    match (&result, &expected) {
        (Ok(envelope), Ok((body, timestamp))) => {
            assert_eq!(envelope.body(), body.as_slice());
            assert_eq!(envelope.timestamp(), *timestamp);
        }
        (Err(err), Err(kind)) => assert_eq!(err.kind(), *kind, "{err}"),
        _ => panic!("{json}: verify_envelope_at {result:?} but expected {expected:?}"),
    }
    if generated && let Ok(sent) = Timestamp::parse_canonical(&text(timestamp)) {
        let inside = in_window(sent.as_secs(), now, valid_for, max_skew);
        match &result {
            Ok(envelope) => {
                assert!(inside, "accepted outside the window");
                assert_eq!(envelope.body(), rest);
            }
            Err(err) => {
                assert!(!inside, "generated envelope refused: {err}");
                assert_window_error(err, sent.as_secs(), now);
            }
        }
    }
    Outcome::of(&result)
}

/// `PreloadedFile::parse` / `FromStr`, `Display`, `ResponseVerifier::verify_preloaded` and
/// `PreloadedFile::builder` (see `cld_sign::response`).
///
/// Control byte: bit 0 SHA-256; bit 1 generated (sign the parts with the builder,
/// then verify its text); bit 2 upper-case that signature; bit 3 a format is given.
/// Fields: secret, then the text; generated: secret, resource type, delivery type,
/// version, public ID, format.
///
/// Properties: parsed text prints back identically, its parts are the text's, and
/// the builder over its parts gives the same text with the real signature; refusals are
/// `malformed_preloaded`, then `malformed_signature` exactly for a signature that is not
/// hex of the algorithm's length, then `mismatch`; `Ok` only for the §4 response signature
/// of its public ID and version; a generated file verifies, upper-cased too.
pub fn preloaded_parse(data: &[u8]) -> Outcome {
    use cld_sign::response::PreloadedFile;

    let (c, rest) = control(data);
    let signer = signer(fields::<2>(rest)[0], c & 1 != 0);
    if c & 2 != 0 {
        let [_, resource_type, delivery_type, version, public_id, format] = fields::<6>(rest);
        let [resource_type, delivery_type, version, public_id, format] =
            [resource_type, delivery_type, version, public_id, format].map(text);
        let format = (c & 8 != 0).then_some(format.as_str());
        let file = match crate::sign_preloaded(
            &signer,
            &resource_type,
            &delivery_type,
            &version,
            &public_id,
            format,
        ) {
            Ok(signed) => signed.file().clone(),
            Err(err) => {
                assert!(
                    matches!(
                        err.kind(),
                        ErrorKind::UnsupportedValue | ErrorKind::MalformedPreloaded
                    ),
                    "{err}"
                );
                return Outcome::Refused;
            }
        };
        assert_eq!(
            (
                file.resource_type(),
                file.delivery_type(),
                file.version(),
                file.public_id(),
                file.format()
            ),
            (
                resource_type.as_str(),
                delivery_type.as_str(),
                version.as_str(),
                public_id.as_str(),
                format
            )
        );
        let mut printed = file.to_string();
        if c & 4 != 0 {
            let at = printed.rfind('#').expect("a separator");
            printed = format!("{}{}", &printed[..at], printed[at..].to_ascii_uppercase());
        }
        let verified = ResponseVerifier::new(signer.clone())
            .verify_preloaded(&printed)
            .unwrap_or_else(|err| panic!("signed {printed:?} does not verify: {err}"));
        assert_eq!(verified.file().to_string(), printed);
        return Outcome::Accepted;
    }

    let input = text(fields::<2>(rest)[1]);
    let parsed = PreloadedFile::parse(&input);
    let verified = ResponseVerifier::new(signer.clone()).verify_preloaded(&input);
    let file = match (&parsed, input.parse::<PreloadedFile>()) {
        (Ok(a), Ok(b)) => {
            assert_eq!(*a, b);
            a
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.kind(), ErrorKind::MalformedPreloaded, "{a}");
            assert_eq!(b.kind(), a.kind());
            let err = verified.expect_err("verified text that does not parse");
            assert_eq!(err.kind(), a.kind(), "{err}");
            return Outcome::Refused;
        }
        (a, b) => panic!("parse {a:?} but from_str {b:?}"),
    };
    assert_eq!(file.to_string(), input);
    assert_eq!(PreloadedFile::parse(&file.to_string()).as_ref(), Ok(file));
    let (path, signature) = input.split_once('#').expect("parsed text has a #");
    assert_eq!(file.signature(), signature);
    assert_eq!(
        path,
        format!(
            "{}/{}/v{}/{}",
            file.resource_type(),
            file.delivery_type(),
            file.version(),
            file.filename()
        )
    );
    match file.format() {
        Some(format) => assert_eq!(
            file.filename(),
            format!("{}.{format}", file.public_id()),
            "{input:?}"
        ),
        None => assert_eq!(file.filename(), file.public_id()),
    }
    assert!(!file.public_id().is_empty() && !file.version().is_empty());

    // The same parts signed: the same text but the (lower-case) real signature.
    let signed = crate::sign_preloaded(
        &signer,
        file.resource_type(),
        file.delivery_type(),
        file.version(),
        file.public_id(),
        file.format(),
    )
    .unwrap_or_else(|err| panic!("the parts of {input:?} do not sign: {err}"));
    let real = ApiResponse::new(file.public_id(), file.version()).sign(&signer);
    assert_eq!(signed.file().signature(), real.to_string());
    assert_eq!(signed.signature(), &real);
    assert_eq!(signed.to_string(), format!("{path}#{real}"));

    let hex = Signature::from_hex(signer.algorithm(), signature).ok();
    match &verified {
        Ok(returned) => {
            assert_eq!(returned.file(), file);
            assert!(
                hex.is_some_and(|received| received.ct_eq(&real)),
                "forged preloaded file accepted"
            );
        }
        Err(err) => match hex {
            None => assert_eq!(err.kind(), ErrorKind::MalformedSignature, "{err}"),
            Some(received) => {
                assert!(!received.ct_eq(&real), "real signature refused: {err}");
                assert_eq!(err.kind(), ErrorKind::Mismatch, "{err}");
            }
        },
    }
    Outcome::of(&verified)
}

/// `cld_sign::search::SearchUrl` (see `cld_sign::search`) on any JSON text.
///
/// Control byte: bit 0 a `ttl` is given; bit 1 a `next_cursor` is given; bit 2 a SHA-256
/// signer (the search signature is SHA-256 whatever the signer). Fields: secret, cloud
/// name, ttl, cursor, the query's JSON text (the rest).
///
/// Properties: the b64query is URL-safe base64 with padding of the JSON text, which is the
/// query's members but `next_cursor`, sorted; the signature is SHA-256 hex (computed here
/// with `sha2`) of ttl ++ b64query ++ secret; the URL is made of those and the cursor; a
/// query that is not an object, or a `next_cursor` neither text nor null, is
/// `unsupported_value`; a cursor used that holds a character outside `A-Z a-z 0-9 - _ =`
/// is `malformed_cursor`; nothing else is refused.
pub fn search_url_json(data: &[u8]) -> Outcome {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE;
    use cld_sign::search::{DEFAULT_TTL, SearchUrl};
    use serde_json::Value;
    use sha2::Digest as _;

    let (c, rest) = control(data);
    let [secret, cloud, ttl, cursor, json] = fields::<5>(rest);
    let Ok(query) = serde_json::from_slice::<Value>(json) else {
        return Outcome::Refused;
    };
    let signer = signer(secret, c & 4 != 0);
    let secret = secret_text(secret);
    let (cloud, cursor) = (text(cloud), text(cursor));
    let mut builder = SearchUrl::new(cloud.as_str(), &query);
    let mut ttl_secs = DEFAULT_TTL;
    if c & 1 != 0 {
        ttl_secs = text(ttl).parse().unwrap_or(0);
        builder = builder.with_ttl(ttl_secs);
    }
    if c & 2 != 0 {
        builder = builder.with_next_cursor(cursor.as_str());
    }
    let result = builder.sign(&signer);
    let members = match (&query, &result) {
        (Value::Object(members), _) => members,
        (_, Err(err)) => {
            assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{err}");
            return Outcome::Refused;
        }
        (_, Ok(url)) => panic!("signed a query that is not an object: {url:?}"),
    };
    let from_query = match members.get("next_cursor") {
        None | Some(Value::Null) => None,
        Some(Value::String(cursor)) => Some(cursor.as_str()),
        Some(_) => {
            let err = result.expect_err("signed a next_cursor that is not text");
            assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{err}");
            return Outcome::Refused;
        }
    };
    let cursor = if c & 2 != 0 {
        Some(cursor.as_str())
    } else {
        from_query
    }
    .filter(|c| !c.is_empty());
    let token = |b: u8| b.is_ascii_alphanumeric() || b"-_=".contains(&b);
    if cursor.is_some_and(|cursor| !cursor.bytes().all(token)) {
        let err = result.expect_err("signed a cursor outside its alphabet");
        assert_eq!(err.kind(), ErrorKind::MalformedCursor, "{err}");
        return Outcome::Refused;
    }
    let url = result.unwrap_or_else(|err| panic!("refused {query}: {err}"));
    assert_eq!(url.ttl(), ttl_secs);
    let decoded = URL_SAFE
        .decode(url.b64query())
        .expect("padded URL-safe base64");
    assert_eq!(decoded, url.json().as_bytes());
    let back: Value = serde_json::from_str(url.json()).expect("the JSON text parses");
    let keys: Vec<&String> = back.as_object().expect("an object").keys().collect();
    let mut expected: Vec<&String> = members.keys().filter(|k| *k != "next_cursor").collect();
    expected.sort();
    assert_eq!(keys, expected);
    assert!(url.json().is_ascii(), "{}", url.json());

    let mut hash = sha2::Sha256::new();
    hash.update(ttl_secs.to_string());
    hash.update(url.b64query());
    hash.update(secret);
    assert_eq!(url.signature().to_string(), hex_lower(&hash.finalize()));
    assert_eq!(url.signature().algorithm(), Algorithm::Sha256);

    assert_eq!(url.cursor(), cursor);
    let mut expected_url = format!(
        "https://res.cloudinary.com/{cloud}/search/{}/{ttl_secs}/{}",
        url.signature(),
        url.b64query()
    );
    if let Some(cursor) = cursor {
        expected_url = format!("{expected_url}/{cursor}");
    }
    assert_eq!(url.url(), expected_url);
    Outcome::Accepted
}

/// `DownloadKind::from_str`, `cld_sign::download::DownloadUrl::from_options` and `sign`
/// (see `cld_sign::download`) on any JSON text.
///
/// Control byte: bit 0 SHA-256; bits 1–2 the kind when the kind field is not one
/// (`DownloadKind::ALL`). Fields: secret, kind, cloud name, API key, timestamp, the options'
/// JSON text (the rest).
///
/// Properties: refusals are only `unsupported_value` (options not an object, a
/// `resource_type` neither text nor null, a value that cannot be signed); an accepted URL is
/// `https://api.cloudinary.com/v1_1/<cloud>/<path>?<query>` whose query decodes
/// (`form_urlencoded`) to the signed pairs, then `api_key` and `signature`, and that query,
/// received as a form by `RequestVerifier::verify_at` at the timestamp (which folds
/// `name[]` fields), verifies to parameters whose signature is the URL's.
pub fn download_url_json(data: &[u8]) -> Outcome {
    use cld_sign::download::{API_HOST, DownloadKind, DownloadUrl};
    use percent_encoding::percent_decode_str;
    use serde_json::Value;

    let (c, rest) = control(data);
    let [secret, kind, cloud, api_key, timestamp, json] = fields::<6>(rest);
    let Ok(options) = serde_json::from_slice::<Value>(json) else {
        return Outcome::Refused;
    };
    let signer = signer(secret, c & 1 != 0);
    let kind = text(kind).parse::<DownloadKind>().unwrap_or_else(|err| {
        assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{err}");
        DownloadKind::ALL[usize::from((c >> 1) & 3)]
    });
    let (cloud, api_key) = (text(cloud), text(api_key));
    let timestamp = Timestamp::from_secs(text(timestamp).parse().unwrap_or(0));

    let url = DownloadUrl::from_options(kind, cloud.as_str(), &options)
        .and_then(|url| url.sign(&signer, &api_key, timestamp));
    let url = match url {
        Ok(url) => url,
        Err(err) => {
            assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{err}");
            return Outcome::Refused;
        }
    };
    assert!(options.is_object());

    let (path, query) = url.url().split_once('?').expect("a query");
    let segments: Vec<&str> = path
        .strip_prefix(&format!("https://{API_HOST}/v1_1/"))
        .expect("the API host")
        .split('/')
        .collect();
    let decode = |s: &str| {
        percent_decode_str(s)
            .decode_utf8()
            .expect("UTF-8")
            .into_owned()
    };
    assert_eq!(decode(segments[0]), cloud);
    let endpoint = match kind {
        DownloadKind::Private => "download",
        DownloadKind::Archive | DownloadKind::Folder => "generate_archive",
        DownloadKind::Backup => "download_backup",
    };
    assert_eq!(segments.last(), Some(&endpoint));
    let resource_type = options
        .get("resource_type")
        .and_then(Value::as_str)
        .filter(|r| !r.is_empty())
        .or(kind.default_resource_type());
    match resource_type {
        Some(resource_type) if kind != DownloadKind::Backup => {
            assert_eq!(segments.len(), 3);
            assert_eq!(decode(segments[1]), resource_type);
        }
        _ => assert_eq!(segments.len(), 2),
    }

    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let expected: Vec<(String, String)> = url
        .query_pairs()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    assert_eq!(pairs, expected);
    let n = pairs.len();
    assert!(n >= 3, "{pairs:?}");
    assert_eq!(pairs[n - 2], ("api_key".to_owned(), api_key));
    assert_eq!(
        pairs[n - 1],
        ("signature".to_owned(), url.signature().to_string())
    );
    assert!(
        pairs
            .iter()
            .any(|(n, v)| n == "timestamp" && *v == timestamp.to_string()),
        "{pairs:?}"
    );

    let verifier = RequestVerifier::new(signer.clone());
    let received = verifier.verify_at(pairs.iter().cloned(), timestamp);
    // A received timestamp has 1 to 19 digits (see `cld_sign::notification`): a `Timestamp` beyond that (20
    // digits, past the year 300 billion) signs, but no receiver reads it back.
    if timestamp.to_string().len() > 19 {
        let err = received.expect_err("verified a 20-digit timestamp");
        assert_eq!(err.kind(), ErrorKind::MalformedTimestamp, "{err}");
        return Outcome::Accepted;
    }
    let params = received
        .unwrap_or_else(|err| panic!("{} does not verify as received: {err}", url.url()))
        .into_params();
    assert!(signer.sign(&params).ct_eq(url.signature()));
    Outcome::Accepted
}

/// The secret of the policy and diagnosis targets: never in what they show.
const FIXED_SECRET: &str = "fuzzSecret9Qx7";

/// What a fixed policy of [`policy_body`] lets through for one name, restated apart from
/// cld-sign's rules.
#[derive(Debug, Clone, Copy)]
enum Allowed {
    /// Any text of at most this many bytes, without `/` or `&`.
    Text(usize),
    /// Text starting with this prefix.
    Prefix(&'static str),
    /// One of these values.
    OneOf(&'static [&'static str]),
    /// Exactly this value, sent by the browser.
    Forced(&'static str),
    /// This value, whatever the browser sent (added if it sent none).
    Replaced(&'static str),
}

/// A fixed policy of [`policy_body`]: the policy, its rules restated, whether it signs
/// the server's clock.
fn fixed_policy(
    which: u8,
) -> (
    cld_sign::policy::SigningPolicy,
    &'static [(&'static str, Allowed)],
    bool,
) {
    use cld_sign::policy::{Rule, SigningPolicy};
    match which % 4 {
        0 => (
            SigningPolicy::builder()
                .allow("folder", Rule::prefix("users/42/"))
                .allow("tags", Rule::one_of(["cats", "dogs"]))
                .allow("upload_preset", Rule::forced("signed"))
                .allow("type", Rule::forced("authenticated").replace())
                .build()
                .expect("a safe policy"),
            &[
                ("folder", Allowed::Prefix("users/42/")),
                ("tags", Allowed::OneOf(&["cats", "dogs"])),
                ("type", Allowed::Replaced("authenticated")),
                ("upload_preset", Allowed::Forced("signed")),
            ],
            false,
        ),
        1 => (
            SigningPolicy::upload_widget()
                .allow("folder", Rule::prefix("uw/"))
                .build()
                .expect("a safe policy"),
            &[
                ("custom_coordinates", Allowed::Text(64)),
                ("folder", Allowed::Prefix("uw/")),
                ("source", Allowed::OneOf(&["uw"])),
            ],
            false,
        ),
        2 => (
            SigningPolicy::builder()
                .with_server_timestamp()
                .allow("context", Rule::text().with_max_len(32))
                .allow("eager", Rule::forced("c_fill,w_100").replace())
                .with_max_params(4)
                .with_max_size(128)
                .build()
                .expect("a safe policy"),
            &[
                ("eager", Allowed::Replaced("c_fill,w_100")),
                ("context", Allowed::Text(32)),
            ],
            true,
        ),
        _ => (
            SigningPolicy::upload_widget()
                .with_server_timestamp()
                .with_max_params(3)
                .build()
                .expect("a safe policy"),
            &[
                ("custom_coordinates", Allowed::Text(64)),
                ("source", Allowed::OneOf(&["uw"])),
            ],
            true,
        ),
    }
}

/// `SigningPolicy::read_body` then `PolicyRequest::sign_at`, with four fixed policies.
///
/// Control byte: bits 0–1 the policy (0: a builder's prefix, one-of, forced and replaced
/// rules; 1: the `upload_widget()` preset with a folder prefix; 2: `with_server_timestamp()`
/// with a replaced value and small limits; 3: the preset with `with_server_timestamp()`); bit 2
/// SHA-256 signer; bit 3 signature version 1 signer (the policy signs version 2 anyway).
/// The rest is the body.
///
/// Properties: a signed result holds only `timestamp` and allowed names, each value
/// within its rule, every forced value, at most `max_params` names plus the forced ones
/// and the timestamp; its timestamp is the server's clock (or the browser's within the
/// window); its signature is the signer's (version 2) over its params and re-verifies
/// with `RequestVerifier` at the same time, and not with another secret; signing it again
/// as a body gives the same result; an error never shows the secret (`Display`, `Debug`).
pub fn policy_body(data: &[u8]) -> Outcome {
    let (c, body) = control(data);
    let (policy, allowed, server) = fixed_policy(c);
    let signer = fixed_signer(c & 4 != 0, c & 8 != 0);
    let now = Timestamp::from_secs(1_700_000_000);
    let result = policy
        .read_body(body)
        .and_then(|request| request.sign_at(&signer, now));
    let signed = match result {
        Err(err) => {
            let shown = format!("{err} {err:?}");
            if !body
                .windows(FIXED_SECRET.len())
                .any(|w| w == FIXED_SECRET.as_bytes())
            {
                assert!(!shown.contains(FIXED_SECRET), "{shown}");
            }
            return Outcome::Refused;
        }
        Ok(signed) => signed,
    };
    let params = signed.params();
    let forced = allowed
        .iter()
        .filter(|(_, a)| matches!(a, Allowed::Forced(_) | Allowed::Replaced(_)))
        .count();
    assert!(
        params.len() <= policy.max_params() + forced + 1,
        "{params:?}"
    );
    for (name, value) in params.iter() {
        if name == "timestamp" {
            continue;
        }
        let (_, rule) = allowed
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("signed {name:?}, which the policy does not allow"));
        let ok = match *rule {
            Allowed::Text(max) => value.len() <= max && !value.contains(['/', '&']),
            Allowed::Prefix(prefix) => value.starts_with(prefix),
            Allowed::OneOf(values) => values.contains(&value),
            Allowed::Forced(forced) | Allowed::Replaced(forced) => value == forced,
        };
        assert!(ok, "signed {name}={value:?} against {rule:?}");
    }
    for (name, rule) in allowed {
        if let Allowed::Forced(value) | Allowed::Replaced(value) = *rule {
            assert_eq!(params.get(name), Some(value), "{name} not forced");
        }
    }
    let stamp = signed.timestamp();
    assert_eq!(params.get("timestamp"), Some(stamp.to_string().as_str()));
    if server {
        assert_eq!(stamp, now);
    } else {
        assert!(stamp.as_secs().abs_diff(now.as_secs()) <= 300, "{stamp}");
    }
    let v2 = signer.clone().with_signature_version(SignatureVersion::V2);
    assert!(signed.signature().ct_eq(&v2.sign(params)));
    let hex = signed.signature().hex().to_string();
    RequestVerifier::new(v2.clone())
        .with_max_skew(Duration::from_secs(300))
        .verify_signed_at(params.clone(), &hex, now)
        .expect("a signed result re-verifies");
    let other = Signer::new(ApiSecret::new("anotherSecret").expect("non-empty"))
        .with_algorithm(signer.algorithm());
    let err = RequestVerifier::new(other)
        .with_max_skew(Duration::from_secs(300))
        .verify_signed_at(params.clone(), &hex, now)
        .expect_err("verified with another secret");
    assert_eq!(err.kind(), ErrorKind::Mismatch, "{err}");
    // What was signed is a fixed point: sent back, it is signed the same.
    let again: serde_json::Map<String, serde_json::Value> = params
        .iter()
        .map(|(n, v)| (n.to_owned(), serde_json::Value::from(v)))
        .collect();
    let again = serde_json::json!({ "paramsToSign": again }).to_string();
    let again = policy
        .read_body(again.as_bytes())
        .and_then(|request| request.sign_at(&signer, now))
        .expect("what was signed is signed again");
    assert_eq!(again, signed);
    Outcome::Accepted
}

/// `cld_sign::diagnose::invalid_signature` over any 401 body or message, with fixed
/// parameters (one value holds `&`, so the versions differ) and signer.
///
/// Control byte: bit 0 SHA-256 signer; bit 1 signature version 1; bit 2 generated: the
/// rest is the string to sign of a message made here, with the signer's signature of the
/// parameters (bit 3: over the rest instead, by the signer's own secret; bit 4: by another
/// secret); bit 5 the generated message is wrapped in a JSON 401 body; bit 6 the signature
/// is upper-case. Otherwise the rest is the body.
///
/// Properties: every refusal is `malformed_message` or `malformed_signature`; a diagnosis
/// signed the signer's string to sign and received the message's; each pair it names is a
/// `name=value` of the side it says, each different value a pair of both sides; the
/// verdict agrees with the texts (`algorithm_differs` iff the lengths differ, `no_difference`
/// and `wrong_secret` only for equal texts, `parameters_differ` only for different ones);
/// a message of the signer's own signature over the signer's own text is `no_difference`,
/// one by another secret `wrong_secret`; `Display` starts with the verdict's word and never
/// shows the secret.
pub fn diagnose(data: &[u8]) -> Outcome {
    use cld_sign::diagnose::{Verdict, invalid_signature};
    let (c, rest) = control(data);
    let signer = fixed_signer(c & 1 != 0, c & 2 != 0);
    let params = Params::from_pairs([
        ("folder", "docs"),
        ("tags", "a&b"),
        ("timestamp", "1315060510"),
    ])
    .expect("params");
    let rest = text(rest);
    let generated = c & 4 != 0;
    let body = if generated {
        let by = if c & 16 != 0 {
            Signer::new(ApiSecret::new("anotherSecret").expect("non-empty"))
                .with_algorithm(signer.algorithm())
                .with_signature_version(signer.signature_version())
        } else {
            signer.clone()
        };
        let signature = if c & 8 != 0 {
            // The signature of a text is that of the params whose string to sign it is:
            // sign the text as one parameter's value when it is not the signer's own.
            if rest == signer.string_to_sign(&params) {
                by.sign(&params)
            } else {
                by.sign(&Params::from_pairs([("x", "1")]).expect("params"))
            }
        } else {
            by.sign(&params)
        };
        let mut hex = signature.hex().to_string();
        if c & 64 != 0 {
            hex = hex.to_uppercase();
        }
        let message = format!("Invalid Signature {hex}. String to sign - '{rest}'.");
        if c & 32 != 0 {
            serde_json::json!({ "error": { "message": message } }).to_string()
        } else {
            message
        }
    } else {
        rest.clone()
    };
    let result = invalid_signature(&body, &params, &signer);
    let diagnosis = match result {
        Err(err) => {
            assert!(
                matches!(
                    err.kind(),
                    ErrorKind::MalformedMessage | ErrorKind::MalformedSignature
                ),
                "{err}"
            );
            if !body.contains(FIXED_SECRET) {
                assert!(!format!("{err} {err:?}").contains(FIXED_SECRET));
            }
            return Outcome::Refused;
        }
        Ok(diagnosis) => diagnosis,
    };
    let signed = signer.string_to_sign(&params);
    assert_eq!(diagnosis.signed(), signed);
    let received = diagnosis.received();
    if !body.trim_start().starts_with('{') {
        assert!(body.contains(received), "{received:?} not in the message");
    }
    if generated {
        // The text runs from the first `String to sign - '` to the message's last `'`.
        assert_eq!(received, rest, "not the text that was sent");
    }
    // `name=value` at a pair's start in a string to sign.
    let has_pair = |text: &str, name: &str, value: &str| {
        let pair = format!("{name}={value}");
        text.starts_with(&pair) || text.contains(&format!("&{pair}"))
    };
    for (name, value) in diagnosis.signed_not_received() {
        assert!(has_pair(&signed, name, value), "{name}={value} not signed");
    }
    for (name, value) in diagnosis.received_not_signed() {
        // Text before the first `name=` is named by itself, its continuation its value.
        assert!(
            has_pair(received, name, value) || received.starts_with(&format!("{name}{value}")),
            "{name}={value} not received"
        );
    }
    for diff in diagnosis.different_values() {
        assert!(has_pair(&signed, &diff.name, &diff.signed), "{diff:?}");
        assert!(
            has_pair(received, &diff.name, &diff.received)
                || received.starts_with(&format!("{}{}", diff.name, diff.received)),
            "{diff:?}"
        );
        assert_ne!(diff.signed, diff.received);
    }
    let verdict = diagnosis.verdict();
    let sent_len = diagnosis.sent_algorithm().hex_len();
    assert_eq!(
        verdict == Verdict::AlgorithmDiffers,
        sent_len != signer.algorithm().hex_len(),
        "{verdict}"
    );
    match verdict {
        Verdict::NoDifference | Verdict::WrongSecret => assert_eq!(received, signed),
        Verdict::ParametersDiffer => assert_ne!(received, signed),
        _ => {}
    }
    if generated && c & 8 == 0 && rest == signed {
        let expected = if c & 16 != 0 {
            Verdict::WrongSecret
        } else {
            Verdict::NoDifference
        };
        assert_eq!(verdict, expected);
    }
    let shown = diagnosis.to_string();
    assert_eq!(shown.lines().next(), Some(verdict.as_str()));
    if !body.contains(FIXED_SECRET) {
        assert!(!shown.contains(FIXED_SECRET) && !format!("{diagnosis:?}").contains(FIXED_SECRET));
    }
    Outcome::Accepted
}

/// The stand-in's form reader (multipart or urlencoded), with the body in frames.
///
/// Control byte: bit 0 multipart (boundary `XyZ`), else urlencoded; bit 1 another content
/// type; bits 2–7 the frame size less one. The rest is the body.
///
/// Properties: a refusal is a 400 or 413 with a message; an accepted form holds at most
/// `MAX_FIELDS` fields, names of at most `MAX_NAME` bytes, values of at most `MAX_VALUE`,
/// at most `TEXT_LIMIT` bytes counted with `FIELD_OVERHEAD` a field, and a file of at most
/// `UPLOAD_LIMIT`; the framing does not change the result (the whole body in one frame
/// reads the same); an urlencoded form's non-empty fields are what `form_urlencoded` reads.
pub fn stand_in_form(data: &[u8]) -> Outcome {
    use bytes::Bytes;
    use cld_sign_stand_in::__fuzz::read_form;
    use cld_sign_stand_in::{
        FIELD_OVERHEAD, MAX_FIELDS, MAX_NAME, MAX_VALUE, TEXT_LIMIT, UPLOAD_LIMIT,
    };
    let (c, body) = control(data);
    let content_type = match (c & 1 != 0, c & 2 != 0) {
        (true, false) => "multipart/form-data; boundary=XyZ",
        (false, false) => "application/x-www-form-urlencoded",
        (true, true) => "multipart/mixed; boundary=XyZ",
        (false, true) => "text/plain",
    };
    let size = usize::from(c >> 2) + 1;
    let frames: Vec<Bytes> = body.chunks(size).map(Bytes::copy_from_slice).collect();
    let result = read_form(content_type, frames);
    let whole = read_form(content_type, vec![Bytes::copy_from_slice(body)]);
    assert_eq!(result, whole, "the framing changed the result");
    let (fields, file) = match result {
        Err((status, message)) => {
            assert!(status == 400 || status == 413, "{status} {message}");
            assert!(!message.is_empty());
            return Outcome::Refused;
        }
        Ok(form) => form,
    };
    assert!(fields.len() <= MAX_FIELDS);
    let mut text = 0;
    for (name, value) in &fields {
        assert!(name.len() <= MAX_NAME, "{name:?}");
        assert!(value.len() <= MAX_VALUE);
        assert_ne!(name, "file");
        text += name.len() + FIELD_OVERHEAD + value.len();
    }
    assert!(text <= TEXT_LIMIT);
    if let Some((_, _, bytes)) = &file {
        assert!(bytes.len() <= UPLOAD_LIMIT);
    }
    if c & 3 == 0 {
        let mut expected: Vec<(String, String)> = form_urlencoded::parse(body)
            .filter(|(name, _)| name != "file")
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        let mut read: Vec<(String, String)> = fields
            .iter()
            .filter(|(name, value)| !name.is_empty() || !value.is_empty())
            .cloned()
            .collect();
        expected.retain(|(name, value)| !name.is_empty() || !value.is_empty());
        read.sort();
        expected.sort();
        assert_eq!(read, expected);
    }
    Outcome::Accepted
}

/// The stand-in's chunk assembly (`Range::parse`, `Parts::add`).
///
/// Control byte: bit 0 generated: the rest (after two bytes) is a file sent in chunks of
/// `1 + first % 16` bytes, rotated by the second byte and reversed by bit 1, the total
/// known on every chunk (bit 2) or only on the one sent last; otherwise the rest is
/// fields, alternately a `Content-Range` and the chunk's bytes.
///
/// Properties: a refused range leaves the parts as they were (the bytes received do not
/// change); a range accepted lies within `CHUNKED_LIMIT` and overlaps no part accepted
/// before it; a finished file is exactly the bytes accepted at each offset, with no gap,
/// of the total declared; a generated file in any order is assembled exactly, on its
/// last chunk and not before.
pub fn stand_in_chunks(data: &[u8]) -> Outcome {
    use bytes::Bytes;
    use cld_sign_stand_in::__fuzz::{Parts, Range, parse_range};
    use cld_sign_stand_in::CHUNKED_LIMIT;
    let (c, rest) = control(data);
    let mut parts = Parts::new();
    if c & 1 != 0 {
        let [a, b] = [rest.first(), rest.get(1)].map(|x| usize::from(x.copied().unwrap_or(0)));
        let file = rest.get(2..).unwrap_or_default();
        if file.is_empty() {
            return Outcome::Refused;
        }
        let size = 1 + a % 16;
        let mut order: Vec<usize> = (0..file.len().div_ceil(size)).collect();
        let turn = b % order.len();
        order.rotate_left(turn);
        if c & 2 != 0 {
            order.reverse();
        }
        for (i, &k) in order.iter().enumerate() {
            let first = k * size;
            let chunk = &file[first..file.len().min(first + size)];
            let last_sent = i + 1 == order.len();
            let total = if c & 4 != 0 || last_sent {
                file.len().to_string()
            } else {
                "*".to_owned()
            };
            let range = format!("bytes {first}-{}/{total}", first + chunk.len() - 1);
            let range = Range::parse(&range, chunk.len()).expect("a chunk's own range");
            let done = parts
                .add(range, Bytes::copy_from_slice(chunk))
                .expect("a chunk in its place");
            match done {
                Some(whole) => {
                    assert!(last_sent, "finished before the last chunk");
                    assert_eq!(&whole[..], file);
                }
                None => assert!(!last_sent, "not finished after the last chunk"),
            }
        }
        return Outcome::Accepted;
    }
    // The bytes accepted at each offset since the last finished file.
    let mut model: std::collections::BTreeMap<u64, u8> = std::collections::BTreeMap::new();
    let mut outcome = Outcome::Refused;
    let mut fields = rest.split(|&b| b == FIELD);
    while let (Some(range_text), Some(bytes)) = (fields.next(), fields.next()) {
        let range_text = text(range_text);
        let before = parts.received();
        let Ok(range) = Range::parse(&range_text, bytes.len()) else {
            continue;
        };
        let (first, last, total) = parse_range(&range_text).expect("parsed by Range::parse");
        assert!(last < CHUNKED_LIMIT && total.is_none_or(|t| t <= CHUNKED_LIMIT));
        match parts.add(range, Bytes::copy_from_slice(bytes)) {
            Err(_) => assert_eq!(parts.received(), before, "a refused chunk was kept"),
            Ok(done) => {
                for (at, &byte) in (first..).zip(bytes) {
                    assert!(model.insert(at, byte).is_none(), "overlapping byte {at}");
                }
                if let Some(whole) = done {
                    assert!(total.is_none_or(|t| t == whole.len() as u64));
                    let expected: Vec<u8> = (0..whole.len() as u64)
                        .map(|at| *model.get(&at).unwrap_or_else(|| panic!("gap at {at}")))
                        .collect();
                    assert_eq!(model.len(), whole.len(), "bytes past the file");
                    assert_eq!(&whole[..], expected);
                    model.clear();
                    outcome = Outcome::Accepted;
                } else {
                    assert_eq!(parts.received(), model.len() as u64);
                }
            }
        }
    }
    outcome
}
