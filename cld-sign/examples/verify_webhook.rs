//! Verifies a Cloudinary notification (webhook) as a handler would, then shows each way
//! verification can fail.
//!
//! ```text
//! cargo run --example verify_webhook
//! ```
//!
//! The notification is signed here with the documentation's secret `abcd`, as Cloudinary
//! would sign it; a handler gets the same three inputs from the request: the raw body and
//! the `X-Cld-Timestamp` and `X-Cld-Signature` headers.

use std::time::Duration;

use cld_sign::notification::{OutgoingNotification, VerifiedNotification};
use cld_sign::{
    ApiSecret, Error, Signer, Timestamp,
    notification::{NotificationHeaders, NotificationVerifier},
};

fn main() -> Result<(), Error> {
    let signer = Signer::new(ApiSecret::new("abcd")?);

    // What Cloudinary POSTs: the raw body (never re-serialise it) and two headers.
    let body = br#"{"notification_type":"upload","public_id":"sample","version":1315060510}"#;
    let sent = Timestamp::from_secs(1_700_000_000);
    let timestamp = sent.to_string();
    let signature = OutgoingNotification::new(body, sent)
        .sign(&signer)
        .signature()
        .to_string();
    println!("X-Cld-Timestamp: {timestamp}");
    println!("X-Cld-Signature: {signature}");

    // Received a minute later.
    let verifier = NotificationVerifier::new(signer).with_valid_for(Duration::from_secs(7200));
    let now = Timestamp::from_secs(sent.as_secs() + 60);
    verifier.verify_at(
        body,
        NotificationHeaders {
            timestamp: &timestamp,
            signature: &signature,
        },
        now,
    )?;
    println!("valid notification:   accepted");

    let upper = signature.to_ascii_uppercase();
    verifier.verify_at(
        body,
        NotificationHeaders {
            timestamp: &timestamp,
            signature: &upper,
        },
        now,
    )?;
    println!("upper-case hex:       accepted");

    let tampered = br#"{"notification_type":"upload","public_id":"evil","version":1315060510}"#;
    let late = Timestamp::from_secs(sent.as_secs() + 7201);
    let early = Timestamp::from_secs(sent.as_secs() - 301);
    let failures: [(&str, Result<VerifiedNotification<'_>, Error>); 6] = [
        (
            "body changed",
            verifier.verify_at(
                tampered,
                NotificationHeaders {
                    timestamp: &timestamp,
                    signature: &signature,
                },
                now,
            ),
        ),
        (
            "re-serialised body",
            verifier.verify_at(
                b"{\"notification_type\": \"upload\"}",
                NotificationHeaders {
                    timestamp: &timestamp,
                    signature: &signature,
                },
                now,
            ),
        ),
        (
            "timestamp not digits",
            verifier.verify_at(
                body,
                NotificationHeaders {
                    timestamp: "2023-11-14T22:13:20Z",
                    signature: &signature,
                },
                now,
            ),
        ),
        (
            "signature truncated",
            verifier.verify_at(
                body,
                NotificationHeaders {
                    timestamp: &timestamp,
                    signature: &signature[..30],
                },
                now,
            ),
        ),
        (
            "older than 2 hours",
            verifier.verify_at(
                body,
                NotificationHeaders {
                    timestamp: &timestamp,
                    signature: &signature,
                },
                late,
            ),
        ),
        (
            "from the future",
            verifier.verify_at(
                body,
                NotificationHeaders {
                    timestamp: &timestamp,
                    signature: &signature,
                },
                early,
            ),
        ),
    ];
    for (what, result) in failures {
        match result {
            Ok(_) => {
                eprintln!("{what}: unexpectedly accepted");
                std::process::exit(1);
            }
            Err(err) => println!("{what:<21} rejected ({}): {err}", err.kind()),
        }
    }
    Ok(())
}
