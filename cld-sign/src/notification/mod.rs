//! Notification (webhook) signatures (SPEC §2).
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
//!    [`Error::Mismatch`](crate::Error::Mismatch);
//! 4. `now - timestamp > valid_for` (default 7200 s; the boundary second is still valid) is
//!    [`Error::Expired`](crate::Error::Expired); `timestamp - now > max_skew` (default
//!    300 s) is [`Error::FromFuture`](crate::Error::FromFuture).
//!
//! # Example
//!
//! ```
//! use cld_sign::notification::{NotificationHeaders, NotificationVerifier};
//! use cld_sign::{ApiSecret, Signer, Timestamp};
//!
//! let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd")?));
//! let body = br#"{"notification_type":"upload","public_id":"sample"}"#;
//! let signature = verifier.sign(body, Timestamp::from_secs(1_700_000_000));
//! assert_eq!(signature.to_string(), "6739aae925cb229c5a4948b84c1db8a994a4caf1");
//! let signature = signature.to_string();
//! let headers = NotificationHeaders { timestamp: "1700000000", signature: &signature };
//! let sent = verifier.verify_at(body, headers, Timestamp::from_secs(1_700_000_060))?;
//! assert_eq!(sent, Timestamp::from_secs(1_700_000_000));
//! # Ok::<(), cld_sign::Error>(())
//! ```
//!
//! With feature `http`, [`NotificationVerifier::verify_headers_at`] reads the two headers
//! from an `http::HeaderMap`; with feature `axum`, `VerifiedNotification` is an extractor
//! that hands a handler only verified notifications.

#[cfg(feature = "actix")]
#[cfg_attr(docsrs, doc(cfg(feature = "actix")))]
pub mod actix;
#[cfg(feature = "axum")]
mod axum;
#[cfg(feature = "json")]
mod payload;
#[cfg(any(feature = "axum", feature = "tower", feature = "actix"))]
mod state;
#[cfg(feature = "tower")]
mod tower;
mod verifier;

#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub use self::axum::VerifiedNotification;
#[cfg(feature = "json")]
#[cfg_attr(docsrs, doc(cfg(feature = "json")))]
pub use self::payload::Notification;
#[cfg(any(feature = "axum", feature = "tower", feature = "actix"))]
#[cfg_attr(
    docsrs,
    doc(cfg(any(feature = "axum", feature = "tower", feature = "actix")))
)]
pub use self::state::{DEFAULT_BODY_LIMIT, NotificationRejection, NotificationState};
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub use self::tower::{NotificationLayer, NotificationService, VerifiedBody};
pub use self::verifier::{
    NotificationHeaders, NotificationVerifier, SIGNATURE_HEADER, TIMESTAMP_HEADER,
};
