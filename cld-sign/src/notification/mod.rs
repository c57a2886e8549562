//! Notification (webhook) signatures (see `cld_sign::notification`) and polled notification envelopes (see `cld_sign::notification`).
//!
//! # The rule
//!
//! Cloudinary POSTs a notification with two headers, `X-Cld-Timestamp` (Unix seconds) and
//! `X-Cld-Signature` (hex):
//!
//! signature = hex(HASH(raw_body ++ timestamp_header_text ++ secret))
//!
//! with the account's algorithm (SHA-1 by default). The body is the exact bytes received,
//! never re-serialised JSON. Verifying, in this order, each failure its own error:
//!
//! 1. the timestamp header is 1 to 19 ASCII digits with no leading zero (`0` aside), else
//!    [`Error::MalformedTimestamp`](crate::Error::MalformedTimestamp): a leading zero would
//!    let digits move between body and timestamp (`x0` + `T` = `x` + `0T`);
//! 2. the signature is hex of the algorithm's length, either case, else
//!    [`Error::MalformedSignature`](crate::Error::MalformedSignature);
//! 3. the decoded bytes match, compared in constant time, else
//!    [`Error::Mismatch`](crate::Error::Mismatch) (with previous secrets, a match with any
//!    of the secrets: see below);
//! 4. `now - timestamp > valid_for` (default 7200 s; the boundary second is still valid) is
//!    [`Error::Expired`](crate::Error::Expired); `timestamp - now > max_skew` (default
//!    300 s) is [`Error::FromFuture`](crate::Error::FromFuture).
//!
//! # Example
//!
//! ```
//! use cld_sign::notification::{NotificationHeaders, NotificationVerifier, OutgoingNotification};
//! use cld_sign::{ApiSecret, Signer, Timestamp};
//!
//! let signer = Signer::new(ApiSecret::new("abcd")?);
//! let body = br#"{"notification_type":"upload","public_id":"sample"}"#;
//! // As Cloudinary signs it (for tests; a handler only verifies):
//! let signed = OutgoingNotification::new(body, Timestamp::from_secs(1_700_000_000)).sign(&signer);
//! assert_eq!(signed.signature().to_string(), "6739aae925cb229c5a4948b84c1db8a994a4caf1");
//!
//! // The headers as received:
//! let verifier = NotificationVerifier::new(signer);
//! let signature = "6739aae925cb229c5a4948b84c1db8a994a4caf1";
//! let headers = NotificationHeaders { timestamp: "1700000000", signature };
//! let verified = verifier.verify_at(body, headers, Timestamp::from_secs(1_700_000_060))?;
//! assert_eq!(verified.timestamp(), Timestamp::from_secs(1_700_000_000));
//! assert_eq!(verified.body(), body);
//! # Ok::<(), cld_sign::Error>(())
//! ```
//!
//! # Accounts with several API keys, and key rotation
//!
//! Cloudinary signs every notification with one secret: the secret of the account's
//! dedicated notification key if one is set, otherwise the secret of the oldest active API
//! key. The `signature_key` field of the notification body names the API key whose secret
//! signed it. So an account with several API keys configures its verifier with the secret
//! of that one key (not the key its uploads use, if that is another), and polled envelopes
//! are verified with the same secret.
//!
//! While that key's secret is rotated, notifications signed with the old secret may still
//! arrive (retries, envelopes polled later). Give the verifier's signer the new secret and
//! The old one as a previous secret
//! ([`Signer::with_previous_secret`](crate::Signer::with_previous_secret), or
//! `CLOUDINARY_PREVIOUS_API_SECRETS` through [`Config::from_env`](crate::Config::from_env)):
//! a notification signed with either verifies. Each secret's signature is compared in
//! constant time and every secret is compared, whichever matched, so timing does not tell
//! which secret signed. Drop the old secret once its notifications are older than the
//! validity window. [`OutgoingNotification::sign`] always uses the current secret.
//!
//! ```
//! use cld_sign::notification::{NotificationVerifier, OutgoingNotification};
//! use cld_sign::{ApiSecret, ErrorKind, Signer, Timestamp};
//!
//! let old = Signer::new(ApiSecret::new("old-secret")?);
//! let rotating = NotificationVerifier::new(
//!     Signer::new(ApiSecret::new("new-secret")?)
//!         .with_previous_secret(ApiSecret::new("old-secret")?),
//! );
//! let body = br#"{"notification_type":"upload","signature_key":"123456789"}"#;
//! let sent = Timestamp::from_secs(1_700_000_000);
//! let signed = OutgoingNotification::new(body, sent).sign(&old);
//! let headers = signed.headers();
//! assert_eq!(rotating.verify_at(body, headers, sent)?.timestamp(), sent);
//!
//! // Without the previous secret, the old signature is refused.
//! let new_only = NotificationVerifier::new(Signer::new(ApiSecret::new("new-secret")?));
//! let err = new_only.verify_at(body, headers, sent).unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::Mismatch);
//! # Ok::<(), cld_sign::Error>(())
//! ```
//!
//! # The rule: polled notification envelopes
//!
//! A notification fetched from the API is a JSON object with `signed_payload` (base64url of
//! The raw body; Cloudinary sends it unpadded), `signature` and `timestamp`; other members
//! are ignored. [`NotificationVerifier::verify_envelope_at`] (feature `serde`, on by
//! default) checks, stopping at the first failure:
//!
//! 1. the message is an object and `signed_payload` is text in **strict base64url**:
//!    alphabet `A–Z a–z 0–9 - _`; `=` padding optional but, when present, exactly the count
//!    that makes the length a multiple of 4; a length ≡ 1 (mod 4) is invalid; the unused low
//!    bits of the last character must be 0 (canonical). Whitespace, `+`, `/` or any other
//!    character is [`Error::MalformedPayload`](crate::Error::MalformedPayload). Empty text
//!    is an empty body;
//! 2. `timestamp`: a JSON non-negative integer (its decimal text) or text of 1–19 ASCII
//!    digits (as above); otherwise (missing, float, negative, spaces, 20 digits, boolean)
//!    [`Error::MalformedTimestamp`](crate::Error::MalformedTimestamp);
//! 3. `signature`: text, hex of the algorithm's length, either case; otherwise (missing
//!    too) [`Error::MalformedSignature`](crate::Error::MalformedSignature);
//! 4. the rule above over the **decoded bytes** (no UTF-8 requirement):
//!    hex(HASH(body ++ timestamp text ++ secret)), compared in constant time, then the
//!    time window.
//!
//! ```
//! use cld_sign::notification::NotificationVerifier;
//! use cld_sign::{ApiSecret, Signer, Timestamp};
//!
//! let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd")?));
//! let message = r#"{"signed_payload":
//!     "eyJub3RpZmljYXRpb25fdHlwZSI6InVwbG9hZCIsInB1YmxpY19pZCI6InNhbXBsZSIsInZlcnNpb24iOjEzMTUwNjA1MTB9",
//!     "signature": "7a2606b160489c1414a2a85eb6b54e784870ce44", "timestamp": 1699999990}"#;
//! let envelope = verifier.verify_envelope_json_at(message, Timestamp::from_secs(1_700_000_000))?;
//! assert!(envelope.body().starts_with(br#"{"notification_type":"upload""#));
//! # Ok::<(), cld_sign::Error>(())
//! ```
//!
//! With feature `http`, `NotificationVerifier::verify_headers_at` reads the two headers
//! from an `http::HeaderMap`; with feature `axum`, `AxumVerifiedNotification` is an extractor
//! that hands a handler only verified notifications, and with feature `actix`,
//! `ActixVerifiedNotification` is its actix-web counterpart.
//!
//! # What the web integrations refuse besides
//!
//! Every Cloudinary scheme hashes `text ++ api_secret` with the same secret, and the
//! notification rule hashes `body ++ timestamp`. So a request's string to sign
//! (`public_id=x&timestamp=1700000000`), cut before its timestamp value, is a body
//! (`public_id=x&timestamp=`) whose notification signature, with `X-Cld-Timestamp:
//! 1700000000`, is the request signature: any route that signs parameters a browser
//! chose would hand out notification signatures. Cloudinary's notifications are always
//! one JSON object, so the integrations (axum, tower, actix-web) refuse, **before
//! hashing**, a body whose first byte after JSON whitespace is not `{` or whose last byte
//! before trailing whitespace is not `}`: 400 `not_json_object`
//! (`NotificationError::NotJsonObject`).
//!
//! The check reads those two bytes and does not parse the body. A request's string to
//! sign starts with a parameter name (lower-case ASCII letters, digits, `_`), never with
//! `{`, so two bytes are enough to keep it out, at no cost per webhook; a full parse would
//! read every byte once more before the handler parses them again, and that parse
//! (`Json<Notification>`; `Notification` refuses anything but an object) refuses a body
//! that only looks like an object. The byte-level [`NotificationVerifier::verify_at`]
//! keeps the SDKs' behaviour (it checks the signature, whatever the body): a caller of it
//! parses the body as an object before acting on it.
//!
//! A notification trigger's `auth_scheme` chooses its headers: `default` sends
//! `X-Cld-Signature` and `X-Cld-Signature_v2`, `legacy_hmac` only `X-Cld-Signature`,
//! `eddsa_v2` only `X-Cld-Signature_v2`, an Ed25519 signature with a key Cloudinary manages
//! and publishes nowhere, which therefore cannot be verified. A notification with
//! `X-Cld-Signature_v2` and no `X-Cld-Signature` is refused with
//! [`Error::SignatureV2Only`](crate::Error::SignatureV2Only) (kind
//! `unsupported_auth_scheme`; 401 from the integrations), whose message says to set the
//! trigger's `auth_scheme` to `default` or `legacy_hmac`, by
//! `NotificationVerifier::verify_headers_at` (feature `http`) and the integrations alike.
//! A notification without `X-Cld-Timestamp` or `X-Cld-Signature` is
//! [`Error::MissingHeader`](crate::Error::MissingHeader) (kind `missing_header`, naming the
//! header; 400 from the integrations), from every entry point.

#[cfg(feature = "actix")]
mod actix;
#[cfg(feature = "axum")]
mod axum;
#[cfg(feature = "serde")]
mod envelope;
mod outgoing;
#[cfg(feature = "json")]
mod payload;
#[cfg(any(feature = "axum", feature = "tower", feature = "actix"))]
mod state;
#[cfg(feature = "tower")]
mod tower;
mod verified;
mod verifier;

#[cfg(feature = "actix")]
#[cfg_attr(docsrs, doc(cfg(feature = "actix")))]
pub use self::actix::ActixVerifiedNotification;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub use self::axum::AxumVerifiedNotification;
pub use self::outgoing::{OutgoingNotification, SignedNotification};
#[cfg(feature = "json")]
#[cfg_attr(docsrs, doc(cfg(feature = "json")))]
pub use self::payload::Notification;
#[cfg(any(feature = "axum", feature = "tower", feature = "actix"))]
#[cfg_attr(
    docsrs,
    doc(cfg(any(feature = "axum", feature = "tower", feature = "actix")))
)]
pub use self::state::{DEFAULT_BODY_LIMIT, NotificationError, NotificationState};
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub use self::tower::{NotificationLayer, NotificationService, VerifiedBody};
pub use self::verified::VerifiedNotification;
pub use self::verifier::{
    NotificationHeaders, NotificationVerifier, SIGNATURE_HEADER, SIGNATURE_V2_HEADER,
    TIMESTAMP_HEADER,
};
