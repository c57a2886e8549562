//! Key rotation: a signer with previous secrets signs with its current secret only, and
//! every verifier that checks an API-secret signature accepts the current secret or any
//! previous one (and no other).
//!
//! For each verifier: a signature made with secret A verifies with current B and previous
//! A; it fails with B alone; a signer with current A and previous B signs exactly as A alone.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cld_sign::delivery::DeliveryUrlVerifier;
use cld_sign::notification::{NotificationHeaders, NotificationVerifier, OutgoingNotification};
use cld_sign::response::{ApiResponse, PreloadedFile, ResponseVerifier};
use cld_sign::{
    Algorithm, ApiSecret, Config, Error, ErrorKind, Params, Signer, Timestamp,
    delivery::{DeliveryUrl, UrlSignatureKind},
    request::RequestVerifier,
};

const A: &str = "secret-A-old";
const B: &str = "secret-B-new";
const C: &str = "secret-C-other";
const TS: u64 = 1_700_000_000;

fn signer(secret: &str) -> Signer {
    Signer::new(ApiSecret::new(secret).unwrap())
}

fn secret(text: &str) -> ApiSecret {
    ApiSecret::new(text).unwrap()
}

/// Current B, previous A: the rotation from A to B.
fn rotating() -> Signer {
    signer(B).with_previous_secret(secret(A))
}

/// Current A with a previous B: must sign as A alone.
fn a_with_previous_b() -> Signer {
    signer(A).with_previous_secret(secret(B))
}

/// Each algorithm, applied to a signer.
fn algorithms() -> [Algorithm; 2] {
    [Algorithm::Sha1, Algorithm::Sha256]
}

fn params() -> Params {
    Params::from_pairs([
        ("public_id", "sample_image".to_owned()),
        ("eager", "w_400,h_300,c_pad".to_owned()),
        ("timestamp", TS.to_string()),
    ])
    .unwrap()
}

fn kind<T: std::fmt::Debug>(result: Result<T, Error>) -> ErrorKind {
    result.unwrap_err().kind()
}

#[test]
fn request_verifier_accepts_a_previous_secret() {
    for algorithm in algorithms() {
        let params = params();
        let old = signer(A).with_algorithm(algorithm);
        let signature = old.sign(&params).to_string();
        let now = Timestamp::from_secs(TS + 10);
        let verify = |signer: Signer| {
            RequestVerifier::new(signer.with_algorithm(algorithm)).verify_signed_at(
                params.clone(),
                &signature,
                now,
            )
        };
        verify(rotating()).unwrap();
        // The current secret still verifies its own signatures.
        let new_signature = signer(B)
            .with_algorithm(algorithm)
            .sign(&params)
            .to_string();
        RequestVerifier::new(rotating().with_algorithm(algorithm))
            .verify_signed_at(params.clone(), &new_signature, now)
            .unwrap();
        let err = verify(signer(B)).unwrap_err();
        // The mismatch still carries the string to sign, never a secret.
        assert_eq!(
            err,
            Error::Mismatch {
                string_to_sign: Some(signer(B).string_to_sign(&params))
            }
        );
        assert_eq!(
            kind(verify(signer(C).with_previous_secret(secret(B)))),
            ErrorKind::Mismatch
        );
        // The time checks still run after a match with a previous secret.
        let late = Timestamp::from_secs(TS + 3601);
        let err = RequestVerifier::new(rotating().with_algorithm(algorithm))
            .verify_signed_at(params.clone(), &signature, late)
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Expired);

        assert_eq!(
            a_with_previous_b().with_algorithm(algorithm).sign(&params),
            old.sign(&params)
        );
    }
}

#[test]
fn request_forms_verify_with_a_previous_secret() {
    let params = params();
    let signature = signer(A).sign(&params).to_string();
    let form = [
        ("public_id", "sample_image"),
        ("eager", "w_400,h_300,c_pad"),
        ("timestamp", "1700000000"),
        ("api_key", "1234"),
        ("signature", signature.as_str()),
    ];
    let now = Timestamp::from_secs(TS);
    RequestVerifier::new(rotating())
        .verify_at(form, now)
        .unwrap();
    assert_eq!(
        kind(RequestVerifier::new(signer(B)).verify_at(form, now)),
        ErrorKind::Mismatch
    );
}

#[test]
fn notification_verifier_accepts_a_previous_secret() {
    let body = br#"{"notification_type":"upload","signature_key":"1234"}"#;
    let sent = Timestamp::from_secs(TS);
    for algorithm in algorithms() {
        let verifier = |signer: Signer| NotificationVerifier::new(signer.with_algorithm(algorithm));
        let sign = |signer: Signer| {
            OutgoingNotification::new(body, sent).sign(&signer.with_algorithm(algorithm))
        };
        let signature = sign(signer(A)).signature().to_string();
        let headers = NotificationHeaders {
            timestamp: "1700000000",
            signature: &signature,
        };
        assert_eq!(
            verifier(rotating())
                .verify_at(body, headers, sent)
                .unwrap()
                .timestamp(),
            sent
        );
        assert_eq!(
            kind(verifier(signer(B)).verify_at(body, headers, sent)),
            ErrorKind::Mismatch
        );
        assert_eq!(
            kind(
                verifier(signer(C).with_previous_secret(secret(B))).verify_at(body, headers, sent)
            ),
            ErrorKind::Mismatch
        );
        // A change of body still fails with every secret.
        assert_eq!(
            kind(verifier(rotating()).verify_at(b"{}", headers, sent)),
            ErrorKind::Mismatch
        );
        assert_eq!(sign(a_with_previous_b()), sign(signer(A)));
        assert_ne!(sign(rotating()), sign(signer(A)));
    }
}

#[test]
fn notification_headers_verify_with_a_previous_secret() {
    let body = b"{}";
    let sent = Timestamp::from_secs(TS);
    let signed = OutgoingNotification::new(body, sent).sign(&signer(A));
    let signature = signed.signature();
    let mut headers = http::HeaderMap::new();
    headers.insert("x-cld-timestamp", "1700000000".parse().unwrap());
    headers.insert("x-cld-signature", signature.to_string().parse().unwrap());
    NotificationVerifier::new(rotating())
        .verify_headers_at(body, &headers, sent)
        .unwrap();
    assert_eq!(
        kind(NotificationVerifier::new(signer(B)).verify_headers_at(body, &headers, sent)),
        ErrorKind::Mismatch
    );
}

#[test]
fn envelope_verifier_accepts_a_previous_secret() {
    let body = br#"{"notification_type":"upload","public_id":"sample"}"#;
    let sent = Timestamp::from_secs(TS);
    for algorithm in algorithms() {
        let verifier = |signer: Signer| NotificationVerifier::new(signer.with_algorithm(algorithm));
        let sign = |signer: Signer| {
            OutgoingNotification::new(body, sent)
                .sign(&signer.with_algorithm(algorithm))
                .signature()
                .to_string()
        };
        let signature = sign(signer(A));
        let message = serde_json::json!({
            "signed_payload": URL_SAFE_NO_PAD.encode(body),
            "signature": signature,
            "timestamp": TS,
        });
        let envelope = verifier(rotating())
            .verify_envelope_at(&message, sent)
            .unwrap();
        assert_eq!(envelope.body(), body);
        assert_eq!(envelope.timestamp(), sent);
        assert_eq!(
            kind(verifier(signer(B)).verify_envelope_at(&message, sent)),
            ErrorKind::Mismatch
        );
        // The envelope is signed as a notification: A with a previous B signs it as A.
        assert_eq!(sign(a_with_previous_b()), signature);
    }
}

#[test]
fn response_verification_accepts_a_previous_secret() {
    for algorithm in algorithms() {
        let with = |signer: Signer| signer.with_algorithm(algorithm);
        let signature = ApiResponse::new("sample", "1315060510")
            .sign(&with(signer(A)))
            .to_string();
        ResponseVerifier::new(with(rotating()))
            .verify("sample", "1315060510", &signature)
            .unwrap();
        let err = ResponseVerifier::new(with(signer(B)))
            .verify("sample", "1315060510", &signature)
            .unwrap_err();
        assert_eq!(
            err,
            Error::Mismatch {
                string_to_sign: Some("public_id=sample&version=1315060510".to_owned())
            }
        );
        // Another public ID fails with every secret.
        assert_eq!(
            kind(ResponseVerifier::new(with(rotating())).verify("other", "1315060510", &signature)),
            ErrorKind::Mismatch
        );
        assert_eq!(
            ApiResponse::new("sample", "1315060510").sign(&with(a_with_previous_b())),
            ApiResponse::new("sample", "1315060510").sign(&with(signer(A)))
        );
    }
}

#[test]
fn preloaded_verification_accepts_a_previous_secret() {
    for algorithm in algorithms() {
        let with = |signer: Signer| signer.with_algorithm(algorithm);
        let preloaded = PreloadedFile::builder("sample", "1315060510").with_format("jpg");
        let file = preloaded.sign(&with(signer(A))).unwrap();
        ResponseVerifier::new(with(rotating()))
            .verify_preloaded(file.as_str())
            .unwrap();
        let err = ResponseVerifier::new(with(signer(B)))
            .verify_preloaded(file.as_str())
            .unwrap_err();
        assert_eq!(
            err,
            Error::Mismatch {
                string_to_sign: Some("public_id=sample&version=1315060510".to_owned())
            }
        );
        assert_eq!(
            preloaded
                .sign(&with(a_with_previous_b()))
                .unwrap()
                .to_string(),
            file.to_string()
        );
    }
}

#[test]
fn delivery_url_verification_accepts_a_previous_secret() {
    for kind_of_signature in [UrlSignatureKind::Short, UrlSignatureKind::Long] {
        for algorithm in algorithms() {
            let with = |signer: Signer| signer.with_algorithm(algorithm);
            let url = DeliveryUrl::new("demo", "folder/sample")
                .with_transformation("c_fill,h_150,w_100")
                .with_version(1315060510)
                .with_format("jpg")
                .with_signature_kind(kind_of_signature);
            let signed = url.sign(&with(signer(A))).unwrap();
            let reading = DeliveryUrlVerifier::new(with(rotating()))
                .verify(signed.as_str())
                .unwrap();
            assert_eq!(reading.public_id(), "folder/sample");
            assert_eq!(
                kind(DeliveryUrlVerifier::new(with(signer(B))).verify(signed.as_str())),
                ErrorKind::Mismatch
            );
            assert_eq!(
                kind(
                    DeliveryUrlVerifier::new(with(signer(C).with_previous_secret(secret(B))))
                        .verify(signed.as_str())
                ),
                ErrorKind::Mismatch
            );
            assert_eq!(
                url.sign(&with(a_with_previous_b())).unwrap().as_str(),
                signed.as_str()
            );
        }
    }
    // Suffixed readings are tried with every secret too.
    let suffixed = DeliveryUrl::new("demo", "sample")
        .with_format("png")
        .with_url_suffix("Spring2024")
        .sign(&signer(A))
        .unwrap();
    let reading = DeliveryUrlVerifier::new(rotating())
        .verify(suffixed.as_str())
        .unwrap();
    assert_eq!(reading.suffix(), Some("Spring2024"));
    assert_eq!(
        kind(DeliveryUrlVerifier::new(signer(B)).verify(suffixed.as_str())),
        ErrorKind::Mismatch
    );
}

/// Several previous secrets: each verifies, in whatever position; a secret that is not
/// listed does not.
#[test]
fn every_listed_secret_verifies_and_no_other() {
    let many = signer("current")
        .with_previous_secret(secret("prev-1"))
        .with_previous_secret(secret("prev-2"))
        .with_previous_secret(secret("prev-3"));
    assert_eq!(many.previous_secret_count(), 3);
    for text in ["current", "prev-1", "prev-2", "prev-3"] {
        let signature = ApiResponse::new("sample", "1")
            .sign(&signer(text))
            .to_string();
        ResponseVerifier::new(many.clone())
            .verify("sample", "1", &signature)
            .unwrap();
    }
    let stranger = ApiResponse::new("sample", "1")
        .sign(&signer("prev-4"))
        .to_string();
    assert_eq!(
        kind(ResponseVerifier::new(many.clone()).verify("sample", "1", &stranger)),
        ErrorKind::Mismatch
    );
    // Only the current secret signs.
    assert_eq!(
        ApiResponse::new("sample", "1").sign(&many),
        ApiResponse::new("sample", "1").sign(&signer("current"))
    );
}

/// A configuration's previous secrets reach the signer, and its `Debug` hides them.
#[test]
fn config_previous_secrets_reach_the_verifiers() {
    let config = Config::from_lookup(|name| match name {
        "CLOUDINARY_URL" => Some(format!("cloudinary://1234:{B}@demo")),
        "CLOUDINARY_PREVIOUS_API_SECRETS" => Some(format!("{C},{A}")),
        _ => None,
    })
    .unwrap();
    let from_config = Signer::from_config(&config);
    assert_eq!(from_config.previous_secret_count(), 2);
    let signature = ApiResponse::new("sample", "1").sign(&signer(A)).to_string();
    ResponseVerifier::new(from_config.clone())
        .verify("sample", "1", &signature)
        .unwrap();
    for shown in [format!("{from_config:?}"), format!("{config:?}")] {
        for text in [A, B, C] {
            assert!(!shown.contains(text), "{shown}");
        }
    }
}

/// `Debug` of a rotating signer, and of verifiers holding one, hides every secret.
#[test]
fn debug_never_shows_a_previous_secret() {
    let shown = [
        format!("{:?}", rotating()),
        format!("{:?}", RequestVerifier::new(rotating())),
        format!("{:?}", NotificationVerifier::new(rotating())),
    ];
    for shown in shown {
        assert!(!shown.contains(A), "{shown}");
        assert!(!shown.contains(B), "{shown}");
        assert!(!shown.contains("secret-"), "{shown}");
    }
}
