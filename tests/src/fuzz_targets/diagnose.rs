//! The fuzz target of the invalid-signature diagnosis.

use cld_sign::{ApiSecret, ErrorKind, Params, Signer};

use super::{FIXED_SECRET, Outcome, control, fixed_signer, text};

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
