//! Every case of `notification.json`: the signature the body should carry, and the verdict
//! (or the error kind) of verifying the received headers at the case's `now`.

use std::time::Duration;

use cld_sign::notification::OutgoingNotification;
use cld_sign::{
    Algorithm, ApiSecret, Signer, Timestamp,
    notification::{NotificationHeaders, NotificationVerifier},
};
use cld_sign_tests::vectors::notification::{Expected, Input};
use cld_sign_tests::vectors::{self, Case};

type NotificationCase = Case<Input, Expected>;

fn verifier_for(input: &Input) -> Result<NotificationVerifier, cld_sign::Error> {
    let secret = ApiSecret::new(&input.secret)?;
    let algorithm: Algorithm = input.algorithm.parse()?;
    Ok(
        NotificationVerifier::new(Signer::new(secret).with_algorithm(algorithm))
            .with_valid_for(Duration::from_secs(input.valid_for)),
    )
}

#[test]
fn every_notification_vector() {
    let tally = vectors::run("notification.json", 26, |case: &NotificationCase| {
        let input = &case.input;
        let verifier = verifier_for(input)?;
        let body = input.body.as_bytes();
        let now = Timestamp::from_secs(input.now);

        // What Cloudinary would have sent for this body and timestamp.
        let sent_at: Timestamp = input
            .timestamp
            .parse()
            .expect("vector timestamps are well formed");
        assert_eq!(
            OutgoingNotification::new(body, sent_at)
                .sign(verifier.signer())
                .signature()
                .to_string(),
            case.expected.signature,
            "signature"
        );

        let verified = verifier.verify_at(
            body,
            NotificationHeaders {
                timestamp: &input.timestamp,
                signature: &input.signature,
            },
            now,
        )?;
        assert_eq!(verified.timestamp(), sent_at);
        assert_eq!(verified.body(), body);
        Ok(())
    });
    assert_eq!((tally.ok, tally.err()), (15, 11));
}

#[test]
fn expired_and_future_errors_carry_their_numbers() {
    let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd").unwrap()));
    let sent = Timestamp::from_secs(1_700_000_000);
    let sig = OutgoingNotification::new(b"{}", sent)
        .sign(verifier.signer())
        .signature()
        .to_string();
    let err = verifier
        .verify_at(
            b"{}",
            NotificationHeaders {
                timestamp: "1700000000",
                signature: &sig,
            },
            Timestamp::from_secs(1_700_010_000),
        )
        .unwrap_err();
    assert_eq!(
        err,
        cld_sign::Error::Expired {
            age: 10_000,
            valid_for: 7200
        }
    );
    let err = verifier
        .verify_at(
            b"{}",
            NotificationHeaders {
                timestamp: "1700000000",
                signature: &sig,
            },
            Timestamp::from_secs(1_699_999_000),
        )
        .unwrap_err();
    assert_eq!(
        err,
        cld_sign::Error::FromFuture {
            ahead: 1000,
            max_skew: 300
        }
    );
    // The skew boundary is still accepted; one more second is not.
    let at_skew = Timestamp::from_secs(1_700_000_000 - 300);
    assert_eq!(
        verifier
            .verify_at(
                b"{}",
                NotificationHeaders {
                    timestamp: "1700000000",
                    signature: &sig
                },
                at_skew
            )
            .map(|n| n.timestamp()),
        Ok(Timestamp::from_secs(1_700_000_000))
    );
    let past_skew = Timestamp::from_secs(1_700_000_000 - 301);
    assert!(
        verifier
            .verify_at(
                b"{}",
                NotificationHeaders {
                    timestamp: "1700000000",
                    signature: &sig
                },
                past_skew
            )
            .is_err()
    );
}

#[test]
fn malformed_headers_are_distinct_errors() {
    use cld_sign::{ErrorKind, SignatureProblem};
    let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd").unwrap()));
    let sig = OutgoingNotification::new(b"x", Timestamp::from_secs(5))
        .sign(verifier.signer())
        .signature()
        .to_string();
    let now = Timestamp::from_secs(5);
    for bad in [
        "",
        " 5",
        "5 ",
        "-5",
        "+5",
        "5.0",
        "12345678901234567890",
        "٥",
    ] {
        let err = verifier
            .verify_at(
                b"x",
                NotificationHeaders {
                    timestamp: bad,
                    signature: &sig,
                },
                now,
            )
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedTimestamp, "{bad:?}");
    }
    let err = verifier
        .verify_at(
            b"x",
            NotificationHeaders {
                timestamp: "5",
                signature: &sig[1..],
            },
            now,
        )
        .unwrap_err();
    assert_eq!(
        err,
        cld_sign::Error::MalformedSignature {
            reason: SignatureProblem::WrongLength {
                expected: 40,
                found: 39
            }
        }
    );
    let not_hex = format!("g{}", &sig[1..]);
    let err = verifier
        .verify_at(
            b"x",
            NotificationHeaders {
                timestamp: "5",
                signature: &not_hex,
            },
            now,
        )
        .unwrap_err();
    assert_eq!(
        err,
        cld_sign::Error::MalformedSignature {
            reason: SignatureProblem::NotHex
        }
    );
    // A malformed timestamp wins over a malformed signature.
    let err = verifier
        .verify_at(
            b"x",
            NotificationHeaders {
                timestamp: "x",
                signature: "y",
            },
            now,
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedTimestamp);
    // the notification rule (`cld_sign::notification`): no leading zero, so digits cannot move between body and timestamp:
    // `x0` + `1700000000` hashes the same bytes as `x` + `01700000000`.
    let moved = OutgoingNotification::new(b"x0", Timestamp::from_secs(1_700_000_000))
        .sign(verifier.signer())
        .signature()
        .to_string();
    let err = verifier
        .verify_at(
            b"x",
            NotificationHeaders {
                timestamp: "01700000000",
                signature: &moved,
            },
            Timestamp::from_secs(1_700_000_000),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedTimestamp);
    for leading in ["05", "00", "0001700000000"] {
        let err = verifier
            .verify_at(
                b"x",
                NotificationHeaders {
                    timestamp: leading,
                    signature: &sig,
                },
                now,
            )
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedTimestamp, "{leading}");
    }
    // `0` itself is a timestamp (long expired here, but well formed).
    let zero = OutgoingNotification::new(b"x", Timestamp::from_secs(0))
        .sign(verifier.signer())
        .signature()
        .to_string();
    let err = verifier
        .verify_at(
            b"x",
            NotificationHeaders {
                timestamp: "0",
                signature: &zero,
            },
            Timestamp::from_secs(1_700_000_000),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Expired);
}

#[test]
fn mismatch_wins_over_time_checks() {
    // Authenticity first: a forged, stale notification is reported as a mismatch, so an
    // `Expired` error always carries an age the sender really signed.
    let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd").unwrap()));
    let forged = "0".repeat(40);
    let err = verifier
        .verify_at(
            b"{}",
            NotificationHeaders {
                timestamp: "1",
                signature: &forged,
            },
            Timestamp::from_secs(1_700_000_000),
        )
        .unwrap_err();
    assert_eq!(err.kind(), cld_sign::ErrorKind::Mismatch);
}

#[test]
fn errors_never_show_the_secret() {
    let secret = "super-secret-value";
    let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new(secret).unwrap()));
    let now = Timestamp::from_secs(100);
    let sig = OutgoingNotification::new(b"body", now)
        .sign(verifier.signer())
        .signature()
        .to_string();
    let errors = [
        verifier
            .verify_at(
                b"body",
                NotificationHeaders {
                    timestamp: "abc",
                    signature: &sig,
                },
                now,
            )
            .unwrap_err(),
        verifier
            .verify_at(
                b"body",
                NotificationHeaders {
                    timestamp: "100",
                    signature: "zz",
                },
                now,
            )
            .unwrap_err(),
        verifier
            .verify_at(
                b"other",
                NotificationHeaders {
                    timestamp: "100",
                    signature: &sig,
                },
                now,
            )
            .unwrap_err(),
        verifier
            .verify_at(
                b"body",
                NotificationHeaders {
                    timestamp: "100",
                    signature: &sig,
                },
                Timestamp::from_secs(100_000),
            )
            .unwrap_err(),
    ];
    for err in errors {
        assert!(!err.to_string().contains(secret), "{err}");
        assert!(!format!("{err:?}").contains(secret), "{err:?}");
    }
    assert!(!format!("{verifier:?}").contains(secret));
}

/// The `http::HeaderMap` convenience gives the same verdict as the core on every vector.
#[test]
fn every_notification_vector_through_headers() {
    use http::{HeaderMap, HeaderValue};
    vectors::run("notification.json", 26, |case: &NotificationCase| {
        let input = &case.input;
        let verifier = verifier_for(input)?;
        let body = input.body.as_bytes();
        let now = Timestamp::from_secs(input.now);
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-cld-timestamp",
            HeaderValue::from_str(&input.timestamp).unwrap(),
        );
        headers.insert(
            "X-Cld-Signature",
            HeaderValue::from_str(&input.signature).unwrap(),
        );
        let result = verifier.verify_headers_at(body, &headers, now);
        assert_eq!(
            result,
            verifier.verify_at(
                body,
                NotificationHeaders {
                    timestamp: &input.timestamp,
                    signature: &input.signature,
                },
                now
            )
        );
        result.map(|_| ())
    });
}

/// A missing header is `missing_header`, naming it, as the web integrations answer; a header
/// that is present but not text is malformed.
#[test]
fn missing_headers_are_named_and_binary_ones_malformed() {
    use cld_sign::{Error, ErrorKind};
    use http::{HeaderMap, HeaderValue};
    let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd").unwrap()));
    let now = Timestamp::from_secs(1_700_000_000);
    let signature = OutgoingNotification::new(b"{}", now)
        .sign(verifier.signer())
        .signature()
        .to_string();
    let error = |headers: &HeaderMap| verifier.verify_headers_at(b"{}", headers, now).unwrap_err();
    let error_kind = |headers: &HeaderMap| error(headers).kind();
    let mut headers = HeaderMap::new();
    assert_eq!(
        error(&headers),
        Error::MissingHeader {
            name: cld_sign::notification::TIMESTAMP_HEADER
        }
    );
    assert_eq!(error_kind(&headers), ErrorKind::MissingHeader);
    headers.insert(
        "x-cld-signature",
        HeaderValue::from_str(&signature).unwrap(),
    );
    assert_eq!(
        error(&headers),
        Error::MissingHeader {
            name: cld_sign::notification::TIMESTAMP_HEADER
        }
    );
    headers.remove("x-cld-signature");
    headers.insert("x-cld-timestamp", HeaderValue::from_static("1700000000"));
    assert_eq!(
        error(&headers),
        Error::MissingHeader {
            name: cld_sign::notification::SIGNATURE_HEADER
        }
    );
    assert_eq!(
        error(&headers).to_string(),
        "the X-Cld-Signature header is missing; this is not a Cloudinary notification"
    );
    headers.insert(
        "x-cld-timestamp",
        HeaderValue::from_bytes(b"17\xff").unwrap(),
    );
    headers.insert(
        "x-cld-signature",
        HeaderValue::from_str(&signature).unwrap(),
    );
    assert_eq!(error_kind(&headers), ErrorKind::MalformedTimestamp);
    headers.insert("x-cld-timestamp", HeaderValue::from_static("1700000000"));
    headers.insert(
        "x-cld-signature",
        HeaderValue::from_bytes(b"\xff\xfe").unwrap(),
    );
    assert_eq!(error_kind(&headers), ErrorKind::MalformedSignature);
    headers.insert(
        "x-cld-signature",
        HeaderValue::from_str(&signature).unwrap(),
    );
    assert_eq!(
        verifier
            .verify_headers_at(b"{}", &headers, now)
            .map(|n| n.timestamp()),
        Ok(Timestamp::from_secs(1_700_000_000))
    );
}

/// A trigger with `auth_scheme` `eddsa_v2` sends only `X-Cld-Signature_v2`, which cannot be
/// verified: its own error, whose message says how to configure the trigger, not a
/// malformed or missing signature. With both headers (`default`), the first is checked.
#[test]
fn a_v2_signature_alone_is_an_unsupported_auth_scheme() {
    use http::{HeaderMap, HeaderValue};
    let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd").unwrap()));
    let now = Timestamp::from_secs(1_700_000_000);
    let mut headers = HeaderMap::new();
    headers.insert("x-cld-timestamp", HeaderValue::from_static("1700000000"));
    headers.insert(
        "X-Cld-Signature_v2",
        HeaderValue::from_static("3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="),
    );
    let err = verifier
        .verify_headers_at(b"{}", &headers, now)
        .unwrap_err();
    assert_eq!(err.kind().as_str(), "unsupported_auth_scheme", "{err}");
    let message = err.to_string();
    assert!(
        message.contains("auth_scheme") && message.contains("`default` or `legacy_hmac`"),
        "{message}"
    );
    let signature = OutgoingNotification::new(b"{}", now)
        .sign(verifier.signer())
        .signature()
        .to_string();
    headers.insert(
        "x-cld-signature",
        HeaderValue::from_str(&signature).unwrap(),
    );
    assert_eq!(
        verifier
            .verify_headers_at(b"{}", &headers, now)
            .map(|n| n.timestamp()),
        Ok(now)
    );
}
