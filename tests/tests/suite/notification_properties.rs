//! Properties of notification verification (proptest, 10,000 cases each).

use std::time::Duration;

use cld_sign::notification::OutgoingNotification;
use cld_sign::{
    Algorithm, ApiSecret, ErrorKind, Signer, Timestamp,
    notification::{NotificationHeaders, NotificationVerifier},
};
use proptest::prelude::*;

fn verifier(algorithm: Algorithm) -> NotificationVerifier {
    NotificationVerifier::new(
        Signer::new(ApiSecret::new("abcd").unwrap()).with_algorithm(algorithm),
    )
}

fn algorithms() -> impl Strategy<Value = Algorithm> {
    prop_oneof![Just(Algorithm::Sha1), Just(Algorithm::Sha256)]
}

/// Header values as a client may send them: anything, or something close to well formed.
fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9]{0,22}",
        "[0-9a-fA-F]{0,70}",
        "[ -~]{0,70}",
    ]
}

/// `text` with the byte at `index` replaced (an ASCII `replacement` keeps it UTF-8), and
/// the byte it replaced.
fn with_byte_replaced(text: &str, index: prop::sample::Index, replacement: u8) -> (u8, String) {
    let mut bytes = text.as_bytes().to_vec();
    let i = index.index(bytes.len());
    let original = std::mem::replace(&mut bytes[i], replacement);
    (
        original,
        String::from_utf8(bytes).expect("ASCII in ASCII stays UTF-8"),
    )
}

/// A unix time that leaves room on either side.
fn unix_time() -> impl Strategy<Value = u64> {
    1_000_000u64..4_000_000_000
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Arbitrary body bytes and header values: an error, never a panic.
    #[test]
    fn arbitrary_input_is_an_error(
        body in prop::collection::vec(any::<u8>(), 0..256),
        timestamp in header_value(),
        signature in header_value(),
        now in any::<u64>(),
        algorithm in algorithms(),
    ) {
        let result = verifier(algorithm).verify_at(&body, NotificationHeaders { timestamp: &timestamp, signature: &signature }, Timestamp::from_secs(now));
        prop_assert!(result.is_err());
    }

    /// Arbitrary header bytes through the `http::HeaderMap` convenience: an error, never a
    /// panic (values `http` refuses are left out, as a server would never see them).
    #[test]
    fn arbitrary_header_bytes_are_errors(
        body in prop::collection::vec(any::<u8>(), 0..64),
        timestamp in prop::collection::vec(any::<u8>(), 0..24),
        signature in prop::collection::vec(any::<u8>(), 0..70),
        now in any::<u64>(),
    ) {
        let mut headers = http::HeaderMap::new();
        if let Ok(value) = http::HeaderValue::from_bytes(&timestamp) {
            headers.insert("x-cld-timestamp", value);
        }
        if let Ok(value) = http::HeaderValue::from_bytes(&signature) {
            headers.insert("x-cld-signature", value);
        }
        let result = verifier(Algorithm::Sha1).verify_headers_at(&body, &headers, Timestamp::from_secs(now));
        prop_assert!(result.is_err());
    }

    /// A signature made by `sign` verifies; changing any one byte of the body is a mismatch.
    #[test]
    fn any_body_byte_change_is_rejected(
        body in prop::collection::vec(any::<u8>(), 1..256),
        index in any::<prop::sample::Index>(),
        delta in 1u8..=255,
        ts in unix_time(),
        algorithm in algorithms(),
    ) {
        let v = verifier(algorithm);
        let now = Timestamp::from_secs(ts);
        let signature = OutgoingNotification::new(&body, now).sign(v.signer()).signature().to_string();
        let timestamp = ts.to_string();
        prop_assert_eq!(v.verify_at(&body, NotificationHeaders { timestamp: &timestamp, signature: &signature }, now).map(|n| n.timestamp()), Ok(now));
        let mut changed = body.clone();
        let i = index.index(changed.len());
        changed[i] ^= delta;
        let err = v.verify_at(&changed, NotificationHeaders { timestamp: &timestamp, signature: &signature }, now).unwrap_err();
        prop_assert_eq!(err.kind(), ErrorKind::Mismatch);
    }

    /// Changing any one character of the timestamp header is rejected (as malformed, or
    /// as a mismatch).
    #[test]
    fn any_timestamp_byte_change_is_rejected(
        body in prop::collection::vec(any::<u8>(), 0..64),
        index in any::<prop::sample::Index>(),
        replacement in 0u8..128,
        ts in unix_time(),
        algorithm in algorithms(),
    ) {
        let v = verifier(algorithm);
        let now = Timestamp::from_secs(ts);
        let signature = OutgoingNotification::new(&body, now).sign(v.signer()).signature().to_string();
        let (original, timestamp) = with_byte_replaced(&ts.to_string(), index, replacement);
        prop_assume!(original != replacement);
        let err = v.verify_at(&body, NotificationHeaders { timestamp: &timestamp, signature: &signature }, now).unwrap_err();
        prop_assert!(
            matches!(err.kind(), ErrorKind::Mismatch | ErrorKind::MalformedTimestamp),
            "{:?}", err
        );
    }

    /// Changing any one character of the signature header is rejected, except a change of
    /// case, which is the same hex (the notification rule (`cld_sign::notification`) accepts either case).
    #[test]
    fn any_signature_byte_change_is_rejected(
        body in prop::collection::vec(any::<u8>(), 0..64),
        index in any::<prop::sample::Index>(),
        replacement in 0u8..128,
        ts in unix_time(),
        algorithm in algorithms(),
    ) {
        let v = verifier(algorithm);
        let now = Timestamp::from_secs(ts);
        let (original, signature) =
            with_byte_replaced(&OutgoingNotification::new(&body, now).sign(v.signer()).signature().to_string(), index, replacement);
        prop_assume!(!original.eq_ignore_ascii_case(&replacement));
        let err = v.verify_at(&body, NotificationHeaders { timestamp: &ts.to_string(), signature: &signature }, now).unwrap_err();
        prop_assert!(
            matches!(err.kind(), ErrorKind::Mismatch | ErrorKind::MalformedSignature),
            "{:?}", err
        );
    }

    /// A notification is valid from its timestamp for exactly `valid_for` seconds: at
    /// ts + valid_for it passes, one second later it is expired with that age.
    #[test]
    fn valid_for_exactly_valid_for_seconds(
        body in prop::collection::vec(any::<u8>(), 0..64),
        ts in unix_time(),
        valid_for in 0u64..1_000_000,
        algorithm in algorithms(),
    ) {
        let v = verifier(algorithm).with_valid_for(Duration::from_secs(valid_for));
        let sent = Timestamp::from_secs(ts);
        let signature = OutgoingNotification::new(&body, sent).sign(v.signer()).signature().to_string();
        let timestamp = ts.to_string();
        prop_assert_eq!(v.verify_at(&body, NotificationHeaders { timestamp: &timestamp, signature: &signature }, sent).map(|n| n.timestamp()), Ok(sent));
        let last = Timestamp::from_secs(ts + valid_for);
        prop_assert_eq!(v.verify_at(&body, NotificationHeaders { timestamp: &timestamp, signature: &signature }, last).map(|n| n.timestamp()), Ok(sent));
        let late = Timestamp::from_secs(ts + valid_for + 1);
        prop_assert_eq!(
            v.verify_at(&body, NotificationHeaders { timestamp: &timestamp, signature: &signature }, late),
            Err(cld_sign::Error::Expired { age: valid_for + 1, valid_for })
        );
    }
}
