//! Verifies a polled notification envelope (see `cld_sign::notification`), then shows how each bad envelope is
//! refused.
//!
//! ```text
//! cargo run --example verify_envelope
//! ```
//!
//! Uses the specification's example: secret `abcd`, now 1700000000.

use cld_sign::{ApiSecret, Error, Signer, Timestamp, notification::NotificationVerifier};

fn main() -> Result<(), Error> {
    let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd")?));
    let now = Timestamp::from_secs(1_700_000_000);
    let payload = "eyJub3RpZmljYXRpb25fdHlwZSI6InVwbG9hZCIsInB1YmxpY19pZCI6InNhbXBsZSIsInZlcnNpb24iOjEzMTUwNjA1MTB9";
    let message = format!(
        r#"{{"signed_payload": "{payload}", "signature": "7a2606b160489c1414a2a85eb6b54e784870ce44", "timestamp": 1699999990}}"#
    );
    let envelope = verifier.verify_envelope_json_at(&message, now)?;
    println!(
        "valid, signed at {}: {}",
        envelope.timestamp(),
        String::from_utf8_lossy(envelope.body())
    );

    for (what, bad) in [
        (
            "standard base64 (+ and /)",
            message.replace(payload, "fn5+Pz8/Pj4+"),
        ),
        (
            "a line break in the payload",
            message.replace("eyJub3Rp", "eyJub3Rp\\n"),
        ),
        (
            "a float timestamp",
            message.replace("1699999990", "1699999990.0"),
        ),
        ("a short signature", message.replace("ce44\"", "\"")),
        ("another body", message.replace("eyJub3Rp", "eyJub3Rq")),
    ] {
        match verifier.verify_envelope_json_at(&bad, now) {
            Ok(_) => {
                eprintln!("{what}: accepted");
                std::process::exit(1);
            }
            Err(err) => println!("{what}: rejected ({}): {err}", err.kind()),
        }
    }
    Ok(())
}
