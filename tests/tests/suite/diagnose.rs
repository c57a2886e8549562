//! `cld_sign::diagnose`: each verdict from a message built the way Cloudinary builds it
//! (the signature that was sent, the string to sign of what it received), malformed
//! messages as typed errors, and no panic on any body.

use cld_sign::diagnose::{InvalidSignature, Verdict, invalid_signature};
use cld_sign::{
    Algorithm, ApiSecret, Error, ErrorKind, MessageProblem, Params, SignatureProblem,
    SignatureVersion, Signer,
};
use proptest::prelude::*;

const SECRET: &str = "s3cr3t-ACCOUNT";

fn signer() -> Signer {
    Signer::new(ApiSecret::new(SECRET).unwrap())
}

fn params(pairs: &[(&str, &str)]) -> Params {
    Params::from_pairs(pairs.iter().copied()).unwrap()
}

/// Cloudinary's 401 body for a request that carried `sent` and whose parameters give
/// `received` (the format of the messages quoted in cloudinary_npm issue #59 and
/// cloudinary_java issue #53).
fn body(sent: &str, received: &str) -> String {
    let message = format!("Invalid Signature {sent}. String to sign - '{received}'.");
    serde_json::json!({"error": {"message": message}}).to_string()
}

/// What Cloudinary says when it received `sent_params` signed by `sender`.
fn answer(sender: &Signer, sent_params: &Params, cloudinary: &Signer) -> String {
    body(
        &sender.sign(sent_params).to_string(),
        &cloudinary.string_to_sign(sent_params),
    )
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn a_field_changed_after_signing_is_named() {
    let signed = params(&[("public_id", "cat"), ("timestamp", "1700000000")]);
    // The client signed `cat`, then sent `dog` with that signature, and a widget field.
    let sent = params(&[
        ("public_id", "dog"),
        ("source", "uw"),
        ("timestamp", "1700000000"),
    ]);
    let reply = body(
        &signer().sign(&signed).to_string(),
        &signer().string_to_sign(&sent),
    );
    let diagnosis = invalid_signature(&reply, &signed, &signer()).unwrap();
    assert_eq!(diagnosis.verdict(), Verdict::ParametersDiffer);
    assert!(diagnosis.verdict().found_cause());
    assert_eq!(diagnosis.received_not_signed(), owned(&[("source", "uw")]));
    assert!(diagnosis.signed_not_received().is_empty());
    let [difference] = diagnosis.different_values() else {
        panic!("{diagnosis}");
    };
    assert_eq!(
        (
            difference.name.as_str(),
            difference.signed.as_str(),
            difference.received.as_str()
        ),
        ("public_id", "cat", "dog")
    );
    let text = diagnosis.to_string();
    assert!(text.starts_with("parameters_differ\n"), "{text}");
    assert!(
        text.contains("different value: public_id: signed 'cat', received 'dog'"),
        "{text}"
    );
    assert!(text.contains("received, not signed: source=uw"), "{text}");
    assert!(
        text.ends_with("received: 'public_id=dog&source=uw&timestamp=1700000000'"),
        "{text}"
    );
}

#[test]
fn a_field_signed_but_not_sent_is_named() {
    let signed = params(&[
        ("eager", "w_100"),
        ("folder", "a"),
        ("timestamp", "1700000000"),
    ]);
    let sent = params(&[("folder", "a"), ("timestamp", "1700000000")]);
    let reply = body(
        &signer().sign(&signed).to_string(),
        &signer().string_to_sign(&sent),
    );
    let diagnosis = invalid_signature(&reply, &signed, &signer()).unwrap();
    assert_eq!(diagnosis.verdict(), Verdict::ParametersDiffer);
    assert_eq!(
        diagnosis.signed_not_received(),
        owned(&[("eager", "w_100")])
    );
    assert!(diagnosis.received_not_signed().is_empty());
    assert!(diagnosis.different_values().is_empty());
    assert!(
        diagnosis
            .to_string()
            .contains("signed, not received: eager=w_100")
    );
}

#[test]
fn another_secret_is_a_wrong_secret() {
    let p = params(&[("public_id", "cat"), ("timestamp", "1700000000")]);
    let stale = Signer::new(ApiSecret::new("an-old-secret").unwrap());
    let reply = answer(&stale, &p, &signer());
    let diagnosis = invalid_signature(&reply, &p, &signer()).unwrap();
    assert_eq!(diagnosis.verdict(), Verdict::WrongSecret);
    assert!(diagnosis.verdict().found_cause());
    assert!(diagnosis.different_values().is_empty());
    assert!(diagnosis.signed_not_received().is_empty());
    assert!(diagnosis.received_not_signed().is_empty());
    assert_eq!(diagnosis.signed(), diagnosis.received());
    let text = diagnosis.to_string();
    assert!(text.starts_with("wrong_secret\n"), "{text}");
    // Never the secret, in Display or Debug, of either side.
    for shown in [text, format!("{diagnosis:?}")] {
        assert!(!shown.contains(SECRET) && !shown.contains("an-old-secret"));
    }
}

#[test]
fn the_right_signature_is_no_difference() {
    let p = params(&[("public_id", "cat"), ("timestamp", "1700000000")]);
    let reply = answer(&signer(), &p, &signer());
    let diagnosis = invalid_signature(&reply, &p, &signer()).unwrap();
    assert_eq!(diagnosis.verdict(), Verdict::NoDifference);
    assert!(!diagnosis.verdict().found_cause());
    let text = diagnosis.to_string();
    assert!(text.starts_with("no_difference\n"), "{text}");
    assert!(
        text.contains("SHA-256") || text.contains("sha256"),
        "{text}"
    );
}

#[test]
fn a_signature_of_the_other_length_is_another_algorithm() {
    let p = params(&[("public_id", "cat"), ("timestamp", "1700000000")]);
    let sha256 = signer().with_algorithm(Algorithm::Sha256);
    for (sender, diagnoser, digits) in [(&sha256, &signer(), 64), (&signer(), &sha256, 40)] {
        let reply = answer(sender, &p, diagnoser);
        let diagnosis = invalid_signature(&reply, &p, diagnoser).unwrap();
        assert_eq!(diagnosis.verdict(), Verdict::AlgorithmDiffers);
        assert_eq!(diagnosis.sent_algorithm(), sender.algorithm());
        assert_eq!(diagnosis.algorithm(), diagnoser.algorithm());
        let text = diagnosis.to_string();
        assert!(text.starts_with("algorithm_differs\n"), "{text}");
        assert!(text.contains(&format!("has {digits} hex digits")), "{text}");
    }
}

#[test]
fn an_ampersand_signed_with_another_version_is_a_version_difference() {
    let p = params(&[("context", "alt=a&b"), ("timestamp", "1700000000")]);
    let v1 = signer().with_signature_version(SignatureVersion::V1);
    // Cloudinary read the text of version 1; the sender signed version 2.
    let reply = answer(&signer(), &p, &v1);
    let diagnosis = invalid_signature(&reply, &p, &signer()).unwrap();
    assert_eq!(diagnosis.verdict(), Verdict::SignatureVersionDiffers);
    assert_eq!(diagnosis.received_version(), Some(SignatureVersion::V1));
    let text = diagnosis.to_string();
    assert!(text.starts_with("signature_version_differs\n"), "{text}");
    assert!(text.contains("signature_version=1"), "{text}");

    // Cloudinary read version 2's text; the sender signed version 1.
    let reply = answer(&v1, &p, &signer());
    let diagnosis = invalid_signature(&reply, &p, &signer()).unwrap();
    assert_eq!(diagnosis.verdict(), Verdict::SignatureVersionDiffers);
    assert_eq!(diagnosis.received_version(), Some(SignatureVersion::V2));
    assert!(diagnosis.to_string().contains("signature_version=2"));

    // Without an `&` both versions are one text: a wrong secret, not a version.
    let plain = params(&[("context", "alt=a"), ("timestamp", "1700000000")]);
    let stale = Signer::new(ApiSecret::new("other").unwrap());
    let reply = answer(&stale, &plain, &signer());
    let diagnosis = invalid_signature(&reply, &plain, &signer()).unwrap();
    assert_eq!(diagnosis.verdict(), Verdict::WrongSecret);
    assert_eq!(diagnosis.received_version(), None);

    // With an `&`, another secret over the same text is still a wrong secret, in either
    // version.
    for version in [SignatureVersion::V1, SignatureVersion::V2] {
        let ours = signer().with_signature_version(version);
        let theirs = stale.clone().with_signature_version(version);
        let reply = answer(&theirs, &p, &ours);
        let diagnosis = invalid_signature(&reply, &p, &ours).unwrap();
        assert_eq!(diagnosis.verdict(), Verdict::WrongSecret, "{version}");
        assert_eq!(diagnosis.received_version(), None);
    }
}

#[test]
fn an_empty_string_to_sign_received_nothing() {
    let p = params(&[("public_id", "cat"), ("timestamp", "1700000000")]);
    let reply = body(&signer().sign(&p).to_string(), "");
    let diagnosis = invalid_signature(&reply, &p, &signer()).unwrap();
    assert_eq!(diagnosis.received(), "");
    assert_eq!(diagnosis.verdict(), Verdict::ParametersDiffer);
    assert_eq!(
        diagnosis.signed_not_received(),
        owned(&[("public_id", "cat"), ("timestamp", "1700000000")])
    );
    assert!(diagnosis.received_not_signed().is_empty());
    assert!(diagnosis.to_string().ends_with("received: ''"));
}

/// A message quoted in nuxt-modules/cloudinary issue #69, and the plain forms the SDKs
/// print (keystone-classic issue #1198: `Image upload failed - Invalid Signature …`).
#[test]
fn messages_as_cloudinary_words_them() {
    let quoted = r#"{"error":{"message":"Invalid Signature 3f2d82155b2fe09308a0177d5e3bdd3b2b030e0f. String to sign - 'public_id=c/us1-rhdhaiyjiahvsruilkkskhyo/public/logo/raphael-arias2.jpg&timestamp=1614484254'."}}"#;
    let message = InvalidSignature::parse(quoted).unwrap();
    assert_eq!(
        message.signature(),
        "3f2d82155b2fe09308a0177d5e3bdd3b2b030e0f"
    );
    assert_eq!(
        message.string_to_sign(),
        "public_id=c/us1-rhdhaiyjiahvsruilkkskhyo/public/logo/raphael-arias2.jpg&timestamp=1614484254"
    );
    let plain = "Image upload failed - Invalid Signature bdcbf09d52758c39cb147e4e940457e8dfa11e95. \
                 String to sign - 'tags=posts_image,dev&timestamp=1426101730'.\n";
    let message = InvalidSignature::parse(plain).unwrap();
    assert_eq!(
        message.string_to_sign(),
        "tags=posts_image,dev&timestamp=1426101730"
    );
    // A `'` inside the text: the text runs to the last one.
    let quote = "invalid signature ABCDEF0123456789abcdef0123456789abcdef01. string to sign - 'a=it's&timestamp=1'.";
    let message = InvalidSignature::parse(quote).unwrap();
    assert_eq!(
        message.signature(),
        "ABCDEF0123456789abcdef0123456789abcdef01"
    );
    assert_eq!(message.string_to_sign(), "a=it's&timestamp=1");
    // An upper-case signature diagnoses as the same signature.
    let p = params(&[("timestamp", "1")]);
    let upper = body(
        &signer().sign(&p).to_string().to_ascii_uppercase(),
        "timestamp=1",
    );
    assert_eq!(
        invalid_signature(&upper, &p, &signer()).unwrap().verdict(),
        Verdict::NoDifference
    );
}

#[test]
fn malformed_messages_are_typed_errors() {
    let p = params(&[("timestamp", "1")]);
    let sig = "f11d48772281ea76f3fc49f25cb048ddef90a43d";
    let message_error = |problem| Error::MalformedMessage { problem };
    for (body, want) in [
        (
            "{\"error\": ".to_owned(),
            message_error(MessageProblem::NotJson),
        ),
        (
            r#"{"error":{"msg":"x"}}"#.to_owned(),
            message_error(MessageProblem::NoErrorMessage),
        ),
        (
            r#"{"error":{"message":7}}"#.to_owned(),
            message_error(MessageProblem::NoErrorMessage),
        ),
        (
            r#"{"error":{"message":"Missing required parameter - file"}}"#.to_owned(),
            message_error(MessageProblem::NotInvalidSignature),
        ),
        (
            String::new(),
            message_error(MessageProblem::NotInvalidSignature),
        ),
        (
            format!("Invalid Signature {sig}."),
            message_error(MessageProblem::NoStringToSign),
        ),
        (
            format!("String to sign - 'a=1'. Invalid Signature {sig}."),
            message_error(MessageProblem::NoStringToSign),
        ),
        (
            format!("Invalid Signature {sig}. String to sign - "),
            message_error(MessageProblem::NoStringToSign),
        ),
        (
            format!("Invalid Signature {sig}. String to sign - 'a=1"),
            message_error(MessageProblem::NoStringToSign),
        ),
        (
            "Invalid Signature . String to sign - 'a=1'.".to_owned(),
            Error::MalformedSignature {
                reason: SignatureProblem::Missing,
            },
        ),
        (
            body("abc", "timestamp=1"),
            Error::MalformedSignature {
                reason: SignatureProblem::WrongLength {
                    expected: 40,
                    found: 3,
                },
            },
        ),
        (
            body(&"g".repeat(40), "timestamp=1"),
            Error::MalformedSignature {
                reason: SignatureProblem::NotHex,
            },
        ),
    ] {
        let err = invalid_signature(&body, &p, &signer()).unwrap_err();
        assert_eq!(err, want, "{body:?}");
        let kind = err.kind();
        assert!(
            matches!(
                kind,
                ErrorKind::MalformedMessage | ErrorKind::MalformedSignature
            ),
            "{kind}"
        );
        assert!(err.to_string().len() > 20, "{err}");
    }
    // Each problem words its own sentence.
    let sentences: std::collections::HashSet<String> = [
        MessageProblem::NotJson,
        MessageProblem::NoErrorMessage,
        MessageProblem::NotInvalidSignature,
        MessageProblem::NoStringToSign,
    ]
    .iter()
    .map(|&problem| Error::MalformedMessage { problem }.to_string())
    .collect();
    assert_eq!(sentences.len(), 4);
}

proptest! {
    /// Any body: a diagnosis or a typed error, never a panic.
    #[test]
    fn any_body_is_diagnosed_or_refused(body in ".{0,200}") {
        let p = params(&[("public_id", "a"), ("timestamp", "1")]);
        match invalid_signature(&body, &p, &signer()) {
            Ok(diagnosis) => prop_assert!(!diagnosis.to_string().contains(SECRET)),
            Err(err) => prop_assert!(matches!(
                err.kind(),
                ErrorKind::MalformedMessage | ErrorKind::MalformedSignature
            )),
        }
    }

    /// Bodies shaped like Cloudinary's with arbitrary parts: the texts round-trip, and
    /// the verdict is one of the five.
    #[test]
    fn shaped_bodies_read_back(
        prefix in "[^{]{0,20}",
        sig in "[0-9a-fA-F]{40}|[0-9a-f]{64}|[a-z0-9]{0,70}",
        text in "[ -~]{0,80}",
        json in any::<bool>(),
    ) {
        let message = format!("{prefix}Invalid Signature {sig}. String to sign - '{text}'.");
        let body = if json {
            serde_json::json!({"error": {"message": message}}).to_string()
        } else {
            message.clone()
        };
        let p = params(&[("public_id", "a"), ("timestamp", "1")]);
        match invalid_signature(&body, &p, &signer()) {
            Ok(diagnosis) => {
                prop_assert_eq!(diagnosis.received(), text.as_str());
                let first = diagnosis.to_string();
                let first = first.lines().next().unwrap_or_default().to_owned();
                prop_assert_eq!(first, diagnosis.verdict().as_str());
            }
            Err(err) => prop_assert_eq!(err.kind(), ErrorKind::MalformedSignature),
        }
    }
}
