//! Properties of notification envelopes (see `cld_sign::notification`) and preloaded files (see `cld_sign::response`)
//! (proptest, 10,000 cases each): what is signed verifies, a one-character change does not,
//! and no input panics.

use base64::Engine;
use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use cld_sign::notification::OutgoingNotification;
use cld_sign::response::ResponseVerifier;
use cld_sign::{
    Algorithm, ApiSecret, ErrorKind, Signer, Timestamp, notification::NotificationVerifier,
    response::PreloadedFile,
};
use cld_sign_tests::sign_preloaded;
use proptest::prelude::*;
use serde_json::{Value, json};

const NOW: u64 = 1_700_000_000;

fn signer(sha256: bool) -> Signer {
    let algorithm = if sha256 {
        Algorithm::Sha256
    } else {
        Algorithm::Sha1
    };
    Signer::new(ApiSecret::new("abcd").unwrap()).with_algorithm(algorithm)
}

/// Replaces the character at char index `at` of `text` with `with`.
fn replace_char(text: &str, at: usize, with: char) -> String {
    text.chars()
        .enumerate()
        .map(|(i, c)| if i == at { with } else { c })
        .collect()
}

/// Any JSON value, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        "[A-Za-z0-9_=+/ -]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop::collection::vec(inner, 0..4).prop_map(Value::Array)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// A signed envelope verifies and returns its body (any bytes, padded or not, either
    /// timestamp form); one character changed in the payload, the signature or the
    /// timestamp does not verify.
    #[test]
    fn envelopes_round_trip_and_changes_are_rejected(
        body in prop::collection::vec(any::<u8>(), 0..64),
        age in 0u64..7200,
        padded in any::<bool>(),
        text_timestamp in any::<bool>(),
        sha256 in any::<bool>(),
        field in 0usize..3,
        at in any::<prop::sample::Index>(),
        with in prop::sample::select(vec!['A', 'z', '0', '9', '-', '_', '=', '+', '/', ' ', '.']),
    ) {
        let verifier = NotificationVerifier::new(signer(sha256));
        let sent = Timestamp::from_secs(NOW - age);
        let payload = if padded { URL_SAFE.encode(&body) } else { URL_SAFE_NO_PAD.encode(&body) };
        let signature = OutgoingNotification::new(&body, sent).sign(verifier.signer()).signature().to_string();
        let timestamp = if text_timestamp { json!(sent.to_string()) } else { json!(sent.as_secs()) };
        let message = json!({"signed_payload": payload, "signature": signature, "timestamp": timestamp});
        let now = Timestamp::from_secs(NOW);
        let envelope = verifier.verify_envelope_at(&message, now);
        prop_assert!(envelope.is_ok(), "{:?}", envelope);
        let envelope = envelope.unwrap();
        prop_assert_eq!(envelope.body(), &body[..]);
        prop_assert_eq!(envelope.timestamp(), sent);

        let mut changed = message.clone();
        let (name, text) = match field {
            0 => ("signed_payload", payload),
            1 => ("signature", signature),
            _ => ("timestamp", sent.to_string()),
        };
        prop_assume!(!text.is_empty());
        let i = at.index(text.chars().count());
        let old = text.chars().nth(i).unwrap();
        prop_assume!(old != with);
        // Hex is read in either case: `a` and `A` are the same signature.
        prop_assume!(name != "signature" || !old.eq_ignore_ascii_case(&with));
        let new = replace_char(&text, i, with);
        changed[name] = match (name, new.parse::<u64>()) {
            ("timestamp", Ok(number)) if !text_timestamp && !new.starts_with('0') => json!(number),
            _ => json!(new),
        };
        let err = verifier.verify_envelope_at(&changed, now);
        prop_assert!(err.is_err(), "{} verifies", changed);
    }

    /// Arbitrary messages and JSON text: an error or an answer, never a panic; made-up
    /// signatures never verify.
    #[test]
    fn arbitrary_envelopes_do_not_panic(
        payload in json_value(),
        signature in json_value(),
        timestamp in json_value(),
        text in any::<String>(),
        drop in prop::sample::subsequence(vec!["signed_payload", "signature", "timestamp"], 0..=3),
    ) {
        let verifier = NotificationVerifier::new(signer(false));
        let mut message = json!({"signed_payload": payload, "signature": signature, "timestamp": timestamp});
        for name in drop {
            message.as_object_mut().unwrap().remove(name);
        }
        prop_assert!(verifier.verify_envelope_at(&message, Timestamp::from_secs(NOW)).is_err());
        prop_assert!(verifier.verify_envelope_json_at(&text, Timestamp::from_secs(NOW)).is_err());
        prop_assert!(verifier.verify_envelope_at(&Value::String(text), Timestamp::from_secs(NOW)).is_err());
    }

    /// Strict base64url: whatever the payload text, the envelope is refused as
    /// `malformed_payload` exactly when the text is not canonical base64url of some bytes.
    #[test]
    fn payload_text_is_strict(payload in "[A-Za-z0-9_=+/ -]{0,12}") {
        let verifier = NotificationVerifier::new(signer(false));
        let message = json!({"signed_payload": payload, "timestamp": "x"});
        let kind = verifier.verify_envelope_at(&message, Timestamp::from_secs(NOW)).unwrap_err().kind();
        let decoded = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('='));
        let canonical = decoded.as_ref().is_ok_and(|bytes| {
            let unpadded = URL_SAFE_NO_PAD.encode(bytes);
            payload == unpadded || payload == URL_SAFE.encode(bytes)
        });
        if canonical {
            prop_assert_eq!(kind, ErrorKind::MalformedTimestamp);
        } else {
            prop_assert_eq!(kind, ErrorKind::MalformedPayload);
        }
    }

    /// A signed preloaded file parses back to its parts and verifies; a change of a
    /// character of the version or the public ID does not; resource type, delivery type
    /// and format are not signed (the response rule (`cld_sign::response`) covers public ID and version only).
    #[test]
    fn preloaded_files_round_trip(
        resource_type in prop::sample::select(vec!["image", "video", "raw"]),
        delivery_type in prop::sample::select(vec!["upload", "private", "authenticated"]),
        version in "[0-9]{1,12}",
        public_id in "[A-Za-z0-9 éü日本_.|=!-]{1,6}(/[A-Za-z0-9 é_.-]{1,6}){0,2}",
        format in prop::option::of("[a-z0-9]{1,4}"),
        sha256 in any::<bool>(),
        at in any::<prop::sample::Index>(),
        with in prop::sample::select(vec!['a', 'Z', '0', '7', '.', '/', ' ', 'é', '_']),
    ) {
        let signer = signer(sha256);
        let format = format.filter(|_| resource_type != "raw");
        let Ok(file) = sign_preloaded(&signer, resource_type, delivery_type, &version, &public_id, format.as_deref()) else {
            // Only parts that read back as others are refused: a dot in the last segment
            // without a format.
            let last = public_id.rsplit('/').next().unwrap();
            prop_assert!(resource_type != "raw" && format.is_none() && last.contains('.'));
            return Ok(());
        };
        let text = file.to_string();
        let parsed = PreloadedFile::parse(&text).unwrap();
        prop_assert_eq!(&parsed, file.file());
        prop_assert_eq!(parsed.public_id(), public_id.as_str());
        prop_assert_eq!(parsed.version(), version.as_str());
        prop_assert_eq!(parsed.format(), format.as_deref());
        prop_assert_eq!(ResponseVerifier::new(signer.clone()).verify_preloaded(&text).map(|f| f.file().to_string()), Ok(text.clone()));

        // One character of the version or the public ID changed.
        let start = resource_type.len() + delivery_type.len() + 3; // after `<rt>/<type>/v`
        let signed_chars = version.chars().count() + 1 + public_id.chars().count();
        let i = resource_type.chars().count() + delivery_type.chars().count() + 3 + at.index(signed_chars);
        prop_assume!(text.chars().nth(i) != Some(with));
        let changed = replace_char(&text, i, with);
        prop_assert!(start <= text.len());
        prop_assert!(ResponseVerifier::new(signer.clone()).verify_preloaded(&changed).is_err(), "{} verifies", changed);

        // The signature: any character changed.
        let hex_start = text.chars().count() - file.file().signature().len();
        let j = hex_start + at.index(file.file().signature().len());
        let c = text.chars().nth(j).unwrap();
        let changed = replace_char(&text, j, if c == '0' { '1' } else { '0' });
        prop_assert_eq!(ResponseVerifier::new(signer.clone()).verify_preloaded(&changed).unwrap_err().kind(), ErrorKind::Mismatch);

        // Unsigned: the delivery type.
        let other = text.replacen(&format!("/{delivery_type}/"), "/fetch/", 1);
        prop_assert!(ResponseVerifier::new(signer.clone()).verify_preloaded(&other).is_ok());
    }

    /// Arbitrary text: parsing and verifying never panic, and never verify.
    #[test]
    fn arbitrary_preloaded_text_is_an_error(
        text in prop_oneof![
            any::<String>(),
            "[a-z]{0,5}/[a-z]{0,6}/v[0-9a]{0,4}/[a-z./#%&]{0,8}#[0-9a-fA-F]{0,64}",
        ],
    ) {
        let _ = PreloadedFile::parse(&text).map(|f| (f.public_id().len(), f.format().map(str::len), f.to_string()));
        prop_assert!(ResponseVerifier::new(signer(false)).verify_preloaded(&text).is_err());
    }
}
