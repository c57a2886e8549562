//! The fuzz targets of notifications: the signed headers and the signed envelope.

use std::time::Duration;

use cld_sign::notification::{NotificationHeaders, NotificationVerifier, OutgoingNotification};
use cld_sign::{ErrorKind, Signature, Timestamp};

use super::{Outcome, assert_window_error, control, fields, in_window, pick_now, signer, text};

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
