//! Every case of `notification_envelope.json` (see `cld_sign::notification`) through
//! `NotificationVerifier::verify_envelope_at`, as a JSON value and as JSON text.

use std::time::Duration;

use cld_sign::notification::OutgoingNotification;
use cld_sign::{
    Algorithm, ApiSecret, Error, ErrorKind, PayloadProblem, Signer, Timestamp,
    notification::NotificationVerifier,
};
use cld_sign_tests::vectors::notification_envelope::{Expected, Input};
use cld_sign_tests::vectors::{self, Case};
use serde_json::{Value, json};

fn verifier(input: &Input) -> Result<NotificationVerifier, Error> {
    let algorithm: Algorithm = input.algorithm.parse()?;
    Ok(NotificationVerifier::new(
        Signer::new(ApiSecret::new(&input.secret)?).with_algorithm(algorithm),
    )
    .with_valid_for(Duration::from_secs(input.valid_for)))
}

#[test]
fn every_notification_envelope_vector() {
    let tally = vectors::run(
        "notification_envelope.json",
        31,
        |case: &Case<Input, Expected>| {
            let input = &case.input;
            let verifier = verifier(input)?;
            let now = Timestamp::from_secs(input.now);
            let message = &input.message;
            let result = verifier.verify_envelope_at(message, now);
            // The same answer from the JSON text.
            assert_eq!(
                verifier.verify_envelope_json_at(&message.to_string(), now),
                result
            );
            let envelope = result?;
            // The body is the base64url decoding of the payload; re-signing it with the
            // timestamp gives the envelope's signature.
            let timestamp = match &message["timestamp"] {
                Value::String(text) => text.parse::<u64>().unwrap(),
                number => number.as_u64().unwrap(),
            };
            assert_eq!(envelope.timestamp(), Timestamp::from_secs(timestamp));
            assert_eq!(
                OutgoingNotification::new(envelope.body(), envelope.timestamp())
                    .sign(verifier.signer())
                    .signature()
                    .to_string(),
                message["signature"].as_str().unwrap().to_ascii_lowercase()
            );
            Ok(())
        },
    );
    assert_eq!(tally.ok, 16);
    assert_eq!(
        tally.by_kind(),
        [
            ("expired", 1),
            ("from_future", 1),
            ("malformed_payload", 5),
            ("malformed_signature", 3),
            ("malformed_timestamp", 4),
            ("mismatch", 1)
        ]
    );
}

/// Each step of the envelope rule (`cld_sign::notification`), one failure at a time, and the order between them.
#[test]
fn envelope_steps_in_order() {
    let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd").unwrap()));
    let now = Timestamp::from_secs(1_700_000_000);
    let body = br#"{"a":1}"#;
    let signature = OutgoingNotification::new(body, now)
        .sign(verifier.signer())
        .signature()
        .to_string();
    let good = json!({"signed_payload": "eyJhIjoxfQ", "signature": signature, "timestamp": 1_700_000_000u64});
    let envelope = verifier.verify_envelope_at(&good, now).unwrap();
    assert_eq!(envelope.body(), body);
    assert_eq!(envelope.clone().into_body(), body.to_vec());
    // Debug shows the length, not the body.
    assert_eq!(
        format!("{envelope:?}"),
        "VerifiedNotification { body_len: 7, timestamp: Timestamp(1700000000) }"
    );

    let problem = |message: Value| match verifier.verify_envelope_at(&message, now) {
        Err(Error::MalformedPayload { problem }) => problem,
        other => panic!("{message}: {other:?}"),
    };
    assert_eq!(problem(json!([1])), PayloadProblem::NotAnObject);
    assert_eq!(
        problem(json!({"signature": signature})),
        PayloadProblem::Missing
    );
    assert_eq!(
        problem(json!({"signed_payload": 5})),
        PayloadProblem::NotText
    );
    assert_eq!(
        problem(json!({"signed_payload": "eyJh Ijox"})),
        PayloadProblem::InvalidCharacter { offset: 4 }
    );
    assert_eq!(
        problem(json!({"signed_payload": "eyJhI"})),
        PayloadProblem::InvalidLength
    );
    // Padding: exact is fine, too much or too little is not.
    for padded in ["eyJhIjoxfQ==", "YWJj", "YWI=", "YQ=="] {
        let message = json!({"signed_payload": padded, "timestamp": "x"});
        assert_eq!(
            verifier
                .verify_envelope_at(&message, now)
                .unwrap_err()
                .kind(),
            ErrorKind::MalformedTimestamp,
            "{padded}"
        );
    }
    for bad in [
        "eyJhIjoxfQ=",
        "eyJhIjoxfQ===",
        "YWJj=",
        "YWJj====",
        "YQ=",
        "=",
        "Y=Q=",
    ] {
        let p = problem(json!({"signed_payload": bad}));
        assert!(
            matches!(
                p,
                PayloadProblem::InvalidPadding | PayloadProblem::InvalidCharacter { .. }
            ),
            "{bad}: {p:?}"
        );
    }
    assert_eq!(
        problem(json!({"signed_payload": "YR"})),
        PayloadProblem::NonCanonical
    );
    assert_eq!(
        problem(json!({"signed_payload": "YWJjZB"})),
        PayloadProblem::NonCanonical
    );
    assert_eq!(
        verifier.verify_envelope_json_at("{", now).unwrap_err(),
        Error::MalformedPayload {
            problem: PayloadProblem::NotJson
        }
    );

    // The timestamp before the signature: both missing is a timestamp error.
    let kind = |message: Value| {
        verifier
            .verify_envelope_at(&message, now)
            .unwrap_err()
            .kind()
    };
    assert_eq!(
        kind(json!({"signed_payload": ""})),
        ErrorKind::MalformedTimestamp
    );
    for timestamp in [
        json!(true),
        json!(null),
        json!(-1),
        json!(1.5),
        json!("01"),
        json!(""),
        json!(10_000_000_000_000_000_000u64),
    ] {
        assert_eq!(
            kind(json!({"signed_payload": "", "signature": signature, "timestamp": timestamp})),
            ErrorKind::MalformedTimestamp,
            "{timestamp}"
        );
    }
    assert_eq!(
        verifier.verify_envelope_at(&json!({"signed_payload": "", "timestamp": 1}), now),
        Err(Error::MalformedSignature {
            reason: cld_sign::SignatureProblem::Missing
        })
    );
    assert_eq!(
        kind(json!({"signed_payload": "", "timestamp": 1, "signature": 7})),
        ErrorKind::MalformedSignature
    );
    // Upper-case hex is the same signature.
    let upper = json!({"signed_payload": "eyJhIjoxfQ", "signature": signature.to_ascii_uppercase(), "timestamp": "1700000000"});
    assert!(verifier.verify_envelope_at(&upper, now).is_ok());
    // Mismatch before expiry: an old envelope with a wrong signature is a mismatch.
    let old = json!({"signed_payload": "eyJhIjoyfQ", "signature": signature, "timestamp": 1_700_000_000u64});
    assert_eq!(kind(old), ErrorKind::Mismatch);
    let late = Timestamp::from_secs(1_700_000_000 + 7201);
    assert_eq!(
        verifier.verify_envelope_at(&good, late).unwrap_err().kind(),
        ErrorKind::Expired
    );
}

/// A JSON number that is not a plain non-negative integer is a `malformed_timestamp` whose
/// length is its text's, before the signature is looked at.
#[test]
fn number_timestamps_that_are_not_plain_integers() {
    let verifier = cld_sign::notification::NotificationVerifier::new(cld_sign::Signer::new(
        cld_sign::ApiSecret::new("abcd").unwrap(),
    ));
    let now = Timestamp::from_secs(1_700_000_000);
    for (timestamp, len) in [
        (serde_json::json!(-5), 2),
        (serde_json::json!(1.5), 3),
        (serde_json::json!(1_700_000_000.0), 12),
    ] {
        let message = serde_json::json!({"signed_payload": "e30", "timestamp": timestamp});
        let err = verifier.verify_envelope_at(&message, now).unwrap_err();
        assert!(
            matches!(err, cld_sign::Error::MalformedTimestamp { len: l } if l == len),
            "{timestamp}: {err:?}"
        );
    }
    let message = serde_json::json!({"signed_payload": "e30", "timestamp": 1_700_000_000});
    let err = verifier.verify_envelope_at(&message, now).unwrap_err();
    assert_eq!(err.kind(), cld_sign::ErrorKind::MalformedSignature);
}
