//! The entry points that read the system clock, pinned without flakiness: a message signed
//! now verifies; one signed well outside the window (by minutes to hours, never seconds)
//! does not, with the error of its side of the window.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cld_sign::delivery::{AuthToken, AuthTokenVerifier, Expiry, TokenKey, TokenTarget};
use cld_sign::notification::OutgoingNotification;
use cld_sign::{
    ApiSecret, ErrorKind, Params, Signer, Timestamp,
    notification::{NotificationHeaders, NotificationVerifier},
    request::RequestVerifier,
};

fn signer() -> Signer {
    Signer::new(ApiSecret::new("abcd").unwrap())
}

/// `now` shifted by `secs` (negative: the past).
fn shifted(secs: i64) -> Timestamp {
    Timestamp::from_secs(Timestamp::now().as_secs().saturating_add_signed(secs))
}

#[test]
fn notifications_against_the_system_clock() {
    let verifier = NotificationVerifier::new(signer());
    let body = br#"{"notification_type":"upload"}"#;
    let verify = |sent: Timestamp| {
        let timestamp = sent.to_string();
        let signature = OutgoingNotification::new(body, sent)
            .sign(verifier.signer())
            .signature()
            .to_string();
        verifier.verify(
            body,
            NotificationHeaders {
                timestamp: &timestamp,
                signature: &signature,
            },
        )
    };
    let fresh = Timestamp::now();
    assert_eq!(verify(fresh).map(|n| n.timestamp()), Ok(fresh));
    // The window is two hours: three hours old is expired, ten minutes ahead is refused.
    assert_eq!(
        verify(shifted(-3 * 3600)).unwrap_err().kind(),
        ErrorKind::Expired
    );
    assert_eq!(
        verify(shifted(600)).unwrap_err().kind(),
        ErrorKind::FromFuture
    );
}

#[test]
fn notification_headers_against_the_system_clock() {
    use http::{HeaderMap, HeaderValue};
    let verifier = NotificationVerifier::new(signer());
    let headers_for = |sent: Timestamp| {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-cld-timestamp",
            HeaderValue::from_str(&sent.to_string()).unwrap(),
        );
        headers.insert(
            "x-cld-signature",
            HeaderValue::from_str(
                &OutgoingNotification::new(b"{}", sent)
                    .sign(verifier.signer())
                    .signature()
                    .to_string(),
            )
            .unwrap(),
        );
        headers
    };
    let fresh = Timestamp::now();
    assert_eq!(
        verifier
            .verify_headers(b"{}", &headers_for(fresh))
            .map(|n| n.timestamp()),
        Ok(fresh)
    );
    let stale = verifier.verify_headers(b"{}", &headers_for(shifted(-3 * 3600)));
    assert_eq!(stale.unwrap_err().kind(), ErrorKind::Expired);
    let ahead = verifier.verify_headers(b"{}", &headers_for(shifted(600)));
    assert_eq!(ahead.unwrap_err().kind(), ErrorKind::FromFuture);
}

#[test]
fn envelopes_against_the_system_clock() {
    let verifier = NotificationVerifier::new(signer());
    let body = br#"{"notification_type":"upload"}"#;
    let envelope = |sent: Timestamp| {
        serde_json::json!({
            "signed_payload": URL_SAFE_NO_PAD.encode(body),
            "signature": OutgoingNotification::new(body, sent).sign(verifier.signer()).signature().to_string(),
            "timestamp": sent.as_secs(),
        })
    };
    let fresh = Timestamp::now();
    let verified = verifier.verify_envelope(&envelope(fresh)).unwrap();
    assert_eq!(verified.timestamp(), fresh);
    assert_eq!(verified.body(), body);
    let stale = verifier.verify_envelope(&envelope(shifted(-3 * 3600)));
    assert_eq!(stale.unwrap_err().kind(), ErrorKind::Expired);
    let ahead = verifier.verify_envelope(&envelope(shifted(600)));
    assert_eq!(ahead.unwrap_err().kind(), ErrorKind::FromFuture);
}

#[test]
fn received_requests_against_the_system_clock() {
    let signer = signer();
    let verifier = RequestVerifier::new(signer.clone());
    let form = |sent: Timestamp| {
        let timestamp = sent.to_string();
        let params =
            Params::from_pairs([("timestamp", timestamp.as_str()), ("folder", "a")]).unwrap();
        let signature = signer.sign(&params).to_string();
        vec![
            ("timestamp", timestamp),
            ("folder", "a".to_owned()),
            ("signature", signature),
        ]
    };
    let fresh = Timestamp::now();
    let params = verifier.verify(form(fresh)).unwrap().into_params();
    assert_eq!(params.timestamp(), Ok(fresh));
    // The window is one hour: an hour and a half old is expired; ten minutes ahead is refused.
    let stale = verifier.verify(form(shifted(-5400)));
    assert_eq!(stale.unwrap_err().kind(), ErrorKind::Expired);
    let ahead = verifier.verify(form(shifted(600)));
    assert_eq!(ahead.unwrap_err().kind(), ErrorKind::FromFuture);
}

#[test]
fn auth_tokens_against_the_system_clock() {
    let key = TokenKey::from_hex("00112233FF99").unwrap();
    let verifier = AuthTokenVerifier::new(key.clone());
    let acl = TokenTarget::Acl("/image/*");
    let grant = |expiry| AuthToken::for_acl("/image/*", expiry).unwrap();
    // A validity given as a duration without a start counts from the clock's second.
    let before = Timestamp::now();
    let token = grant(Expiry::After(Duration::from_secs(600)))
        .sign(&key)
        .unwrap();
    let verified = verifier.verify(token.value(), acl, None).unwrap();
    let expiration = verified.expiration().as_secs();
    assert!(
        (before.as_secs() + 600..=shifted(600).as_secs()).contains(&expiration),
        "{expiration}"
    );
    // Expired an hour ago; valid only from ten minutes on.
    let old = grant(Expiry::At(shifted(-3600))).sign(&key).unwrap();
    assert_eq!(
        verifier.verify(old.value(), acl, None).unwrap_err().kind(),
        ErrorKind::Expired
    );
    let early = grant(Expiry::After(Duration::from_secs(600)))
        .with_start_time(shifted(600))
        .unwrap()
        .sign(&key)
        .unwrap();
    assert_eq!(
        verifier
            .verify(early.value(), acl, None)
            .unwrap_err()
            .kind(),
        ErrorKind::FromFuture
    );
}
