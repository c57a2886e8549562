//! What the web integrations (axum, tower, actix-web) share: the verifier and clock they
//! check against, the checks themselves, and the one error type with its statuses.

use std::fmt;
use std::sync::Arc;

use super::verifier::{NotificationHeaders, NotificationVerifier, present_headers};
use crate::error::{Error, ErrorKind};
use crate::refusal::refusal_json;
use crate::timestamp::Timestamp;

/// The body limit of the tower layer and the actix-web extractor unless set: 2 MiB, as
/// axum's `DefaultBodyLimit`.
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// What the integrations verify notifications with: a [`NotificationVerifier`], the clock
/// to check the time window against (the system clock unless
/// [`with_clock`](Self::with_clock) sets another), and the body limit of the tower layer and
/// the actix-web extractor (axum's extractor follows axum's `DefaultBodyLimit`). Cheap to
/// clone.
///
/// ```
/// use cld_sign::notification::{NotificationState, NotificationVerifier};
/// use cld_sign::{ApiSecret, Signer, Timestamp};
/// let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd")?));
/// let state = NotificationState::new(verifier).with_body_limit(64 * 1024);
/// assert_eq!(state.body_limit(), 64 * 1024);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone)]
pub struct NotificationState {
    verifier: Arc<NotificationVerifier>,
    clock: Arc<dyn Fn() -> Timestamp + Send + Sync>,
    body_limit: usize,
}

impl NotificationState {
    /// Verifies with `verifier`, against the system clock.
    pub fn new(verifier: NotificationVerifier) -> Self {
        Self {
            verifier: Arc::new(verifier),
            clock: Arc::new(Timestamp::now),
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }

    /// Reads the time from `clock` instead of the system clock (for deterministic tests).
    ///
    /// ```
    /// # use cld_sign::notification::{NotificationState, NotificationVerifier};
    /// # use cld_sign::{ApiSecret, Signer, Timestamp};
    /// let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd")?));
    /// let state = NotificationState::new(verifier).with_clock(|| Timestamp::from_secs(1_700_000_000));
    /// assert_eq!(state.now().as_secs(), 1_700_000_000);
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    #[must_use]
    pub fn with_clock(mut self, clock: impl Fn() -> Timestamp + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Refuses bodies over `limit` bytes with 413 (tower layer, actix-web extractor).
    #[must_use]
    pub fn with_body_limit(mut self, limit: usize) -> Self {
        self.body_limit = limit;
        self
    }

    /// The verifier.
    pub fn verifier(&self) -> &NotificationVerifier {
        &self.verifier
    }

    /// The current time, from the clock.
    pub fn now(&self) -> Timestamp {
        (self.clock)()
    }

    /// The body limit of the tower layer and the actix-web extractor, in bytes.
    pub fn body_limit(&self) -> usize {
        self.body_limit
    }

    /// Checks `body` against the two header values, at the clock's time: first its shape
    /// (a JSON object, see [`is_json_object_text`]), before any hashing, then the signature
    /// and the time.
    pub(crate) fn check(
        &self,
        timestamp: &str,
        signature: &str,
        body: &[u8],
    ) -> Result<Timestamp, NotificationError> {
        if !is_json_object_text(body) {
            return Err(NotificationError::NotJsonObject);
        }
        let headers = NotificationHeaders {
            timestamp,
            signature,
        };
        self.verifier
            .verify_at(body, headers, self.now())
            .map(|verified| verified.timestamp())
            .map_err(NotificationError::Invalid)
    }
}

impl From<NotificationVerifier> for NotificationState {
    fn from(verifier: NotificationVerifier) -> Self {
        Self::new(verifier)
    }
}

impl fmt::Debug for NotificationState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NotificationState")
            .field("verifier", &self.verifier)
            .field("body_limit", &self.body_limit)
            .finish_non_exhaustive()
    }
}

/// Whether `body` has the shape of a JSON object: after optional JSON whitespace (space,
/// tab, line feed, carriage return) its first byte is `{`, and before optional trailing
/// whitespace its last byte is `}`.
///
/// Every notification Cloudinary sends is one JSON object. The other schemes hash their
/// text with the same secret, and a notification's signed text is `body ++ timestamp`:
/// without this check, a request string to sign (`public_id=x&timestamp=1700000000`) cut
/// before its timestamp digits is a body (`public_id=x&timestamp=`) whose notification
/// signature is that request signature. A request string to sign starts with a parameter
/// name (lower-case ASCII letters, digits, `_`) and so never with `{`; a delivery URL's
/// signed path, a response signature's `public_id=…&version=…` and an auth token's fields
/// do not either.
///
/// Only the first and last bytes are looked at, not the whole body parsed: the check costs
/// nothing per webhook (a full parse would read every byte once more, before the handler
/// parses them again), it is enough to keep the other schemes' texts out, and the handler's
/// own parse (`Json<Notification>`, `serde_json::from_slice`) refuses a body that only
/// looks like an object.
pub(crate) fn is_json_object_text(body: &[u8]) -> bool {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let start = body.iter().position(|b| !is_space(b));
    let end = body.iter().rposition(|b| !is_space(b));
    match (start, end) {
        // One byte alone (`start == end`) cannot be both `{` and `}`.
        (Some(start), Some(end)) => body[start] == b'{' && body[end] == b'}',
        _ => false,
    }
}

/// The two header values, in that order, as text. Bytes that are not UTF-8 are kept
/// (replaced), so the verifier reports the header as malformed rather than missing.
///
/// Which header is missing is decided where `verify_headers_at` decides it
/// ([`present_headers`]): [`Error::MissingHeader`], or [`Error::SignatureV2Only`] for a
/// notification with `X-Cld-Signature_v2` and no `X-Cld-Signature` (a trigger with
/// `auth_scheme` `eddsa_v2`), whose message tells how to configure the trigger.
pub(crate) fn header_pair<'a>(
    get: impl Fn(&'static str) -> Option<&'a [u8]>,
) -> Result<(String, String), NotificationError> {
    let text = |value: &[u8]| String::from_utf8_lossy(value).into_owned();
    let (timestamp, signature) = present_headers(get).map_err(NotificationError::Invalid)?;
    Ok((text(timestamp), text(signature)))
}

/// Why a notification was refused, by any of the integrations. As a response: the status
/// of [`status`](Self::status) and a JSON body `{"error": kind, "message": sentence}`
/// ([`json_body`](Self::json_body)), which never contains the secret.
///
/// | problem | status | `error` ([`kind`](Self::kind)) |
/// |---|---|---|
/// | `X-Cld-Timestamp` or `X-Cld-Signature` absent | 400 | `missing_header` |
/// | only `X-Cld-Signature_v2` (trigger `auth_scheme` `eddsa_v2`, unverifiable) | 401 | `unsupported_auth_scheme` |
/// | the body exceeds the body limit | 413 | `payload_too_large` |
/// | the body cannot be read | 400 | `unreadable_body` |
/// | the body is not a JSON object (checked before the signature) | 400 | `not_json_object` |
/// | malformed header, wrong signature, too old, from the future | 401 | the [`ErrorKind`](crate::ErrorKind) name (`mismatch`, `expired`, ...) |
/// | (axum) the verified body refused by the inner extractor, e.g. `Json<T>` | the extractor's (400, 415, 422) | `invalid_body` |
#[derive(Debug)]
#[non_exhaustive]
pub enum NotificationError {
    /// The body is larger than the limit (413).
    PayloadTooLarge {
        /// The limit, in bytes, when known (axum's `DefaultBodyLimit` does not say).
        limit: Option<usize>,
    },
    /// The body could not be read: the connection broke, or the body stalled (400).
    UnreadableBody {
        /// What went wrong.
        reason: String,
    },
    /// The body is not a JSON object (400), as no Cloudinary notification is: refused
    /// before its signature is checked, so that a signature made for another scheme over
    /// the same secret (a request's `name=value&…`) cannot pass as a notification's.
    NotJsonObject,
    /// The notification failed verification: a header is absent
    /// ([`Error::MissingHeader`], 400: not a notification), or (401) a malformed header, a
    /// mismatch, too old, or from the future; or it carries only `X-Cld-Signature_v2`
    /// ([`Error::SignatureV2Only`]).
    Invalid(Error),
    /// The notification verified, but the extractor that reads its body refused it (axum's
    /// `AxumVerifiedNotification<T>`; e.g. `Json<T>` with a body that is not a `T`).
    InvalidBody {
        /// The inner extractor's status.
        status: u16,
        /// The inner extractor's message.
        reason: String,
    },
}

impl NotificationError {
    /// The response status: 400, 401 or 413, or the inner extractor's.
    pub fn status(&self) -> u16 {
        match self {
            Self::UnreadableBody { .. } | Self::NotJsonObject => 400,
            Self::Invalid(err) if err.kind() == ErrorKind::MissingHeader => 400,
            Self::PayloadTooLarge { .. } => 413,
            Self::Invalid(_) => 401,
            Self::InvalidBody { status, .. } => *status,
        }
    }

    /// The snake_case name of the problem: `payload_too_large`, `unreadable_body`,
    /// `not_json_object`, `invalid_body`, or the [`ErrorKind`](crate::ErrorKind) of a
    /// failed verification (`missing_header`, `mismatch`, `expired`, ...).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::UnreadableBody { .. } => "unreadable_body",
            Self::NotJsonObject => "not_json_object",
            Self::Invalid(err) => err.kind().as_str(),
            Self::InvalidBody { .. } => "invalid_body",
        }
    }

    /// The verification error, if the notification was read and failed verification.
    pub fn error(&self) -> Option<&Error> {
        match self {
            Self::Invalid(err) => Some(err),
            _ => None,
        }
    }

    /// The response body: `{"error": kind, "message": sentence}`.
    ///
    /// ```
    /// use cld_sign::notification::{NotificationError, TIMESTAMP_HEADER};
    /// use cld_sign::Error;
    /// let err = NotificationError::Invalid(Error::MissingHeader { name: TIMESTAMP_HEADER });
    /// assert_eq!(err.status(), 400);
    /// assert_eq!(
    ///     err.json_body(),
    ///     r#"{"error":"missing_header","message":"the X-Cld-Timestamp header is missing; this is not a Cloudinary notification"}"#
    /// );
    /// ```
    pub fn json_body(&self) -> String {
        refusal_json(self.kind(), &self.to_string())
    }
}

impl fmt::Display for NotificationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PayloadTooLarge { limit: Some(limit) } => {
                write!(f, "the body is larger than the limit of {limit} bytes")
            }
            Self::PayloadTooLarge { limit: None } => {
                f.write_str("the body is larger than the limit")
            }
            Self::UnreadableBody { reason } => write!(f, "the body could not be read: {reason}"),
            Self::NotJsonObject => f.write_str(
                "the body is not a JSON object; Cloudinary notifications always are, so this \
                 is not a Cloudinary notification (send the JSON object Cloudinary signed, \
                 byte for byte)",
            ),
            Self::Invalid(err) => err.fmt(f),
            Self::InvalidBody { reason, .. } => {
                write!(
                    f,
                    "the notification verified, but its body was refused: {reason}"
                )
            }
        }
    }
}

impl std::error::Error for NotificationError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Invalid(err) => Some(err),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notification::{
        OutgoingNotification, SIGNATURE_HEADER, SIGNATURE_V2_HEADER, TIMESTAMP_HEADER,
    };

    #[test]
    fn a_verification_failure_is_the_rejections_error_and_source() {
        let rejection = NotificationError::Invalid(Error::MissingTimestamp);
        assert!(matches!(rejection.error(), Some(Error::MissingTimestamp)));
        let source = std::error::Error::source(&rejection).map(ToString::to_string);
        assert_eq!(source, Some(Error::MissingTimestamp.to_string()));
        let large = NotificationError::PayloadTooLarge { limit: None };
        assert!(large.error().is_none());
        assert!(std::error::Error::source(&large).is_none());
    }

    #[test]
    fn the_default_limit_is_two_mebibytes_and_debug_shows_it_without_the_secret() {
        assert_eq!(DEFAULT_BODY_LIMIT, 2 << 20);
        let signer = crate::Signer::new(crate::ApiSecret::new("abcd-secret").unwrap());
        let state = NotificationState::new(NotificationVerifier::new(signer));
        let shown = format!("{state:?}");
        assert!(
            shown.starts_with("NotificationState { verifier: "),
            "{shown}"
        );
        assert!(shown.contains("body_limit: 2097152"), "{shown}");
        assert!(!shown.contains("abcd-secret"), "{shown}");
        let smaller = format!("{:?}", state.with_body_limit(10));
        assert!(smaller.contains("body_limit: 10"), "{smaller}");
    }

    #[test]
    fn statuses_and_kinds() {
        let expired = NotificationError::Invalid(Error::Expired {
            age: 7300,
            valid_for: 7200,
        });
        assert_eq!((expired.status(), expired.kind()), (401, "expired"));
        let missing = NotificationError::Invalid(Error::MissingHeader {
            name: SIGNATURE_HEADER,
        });
        assert_eq!((missing.status(), missing.kind()), (400, "missing_header"));
        assert_eq!(
            missing.json_body(),
            r#"{"error":"missing_header","message":"the X-Cld-Signature header is missing; this is not a Cloudinary notification"}"#
        );
        let large = NotificationError::PayloadTooLarge { limit: Some(10) };
        assert_eq!((large.status(), large.kind()), (413, "payload_too_large"));
        let body = NotificationError::InvalidBody {
            status: 422,
            reason: "missing field".into(),
        };
        assert_eq!((body.status(), body.kind()), (422, "invalid_body"));
        assert_eq!(
            body.json_body(),
            r#"{"error":"invalid_body","message":"the notification verified, but its body was refused: missing field"}"#
        );
    }

    #[test]
    fn only_json_object_texts_pass_the_shape_check() {
        for yes in [
            &b"{}"[..],
            b"{\"a\":1}",
            b" \t\r\n{\"notification_type\":\"upload\"}\n",
        ] {
            assert!(
                is_json_object_text(yes),
                "{:?}",
                String::from_utf8_lossy(yes)
            );
        }
        for no in [
            &b""[..],
            b"   ",
            b"{",
            b"}",
            b" { ",
            b"public_id=x&timestamp=",
            b"[{}]",
            b"\"{}\"",
            b"\x0c{}",
            b"\xef\xbb\xbf{}",
            b"{}x",
            b"null",
        ] {
            assert!(
                !is_json_object_text(no),
                "{:?}",
                String::from_utf8_lossy(no)
            );
        }
    }

    #[test]
    fn a_body_that_is_not_an_object_is_refused_before_its_signature() {
        let signer = crate::Signer::new(crate::ApiSecret::new("abcd").unwrap());
        let verifier = NotificationVerifier::new(signer);
        let sent = Timestamp::from_secs(1_700_000_000);
        let state = NotificationState::new(verifier.clone()).with_clock(move || sent);
        // Finding: a request string to sign cut before its timestamp digits verifies as a
        // notification body with the request signature.
        let body = b"public_id=x&timestamp=";
        let signature = OutgoingNotification::new(body, sent)
            .sign(verifier.signer())
            .signature()
            .to_string();
        let headers = NotificationHeaders {
            timestamp: "1700000000",
            signature: &signature,
        };
        assert!(verifier.verify_at(body, headers, sent).is_ok());
        let rejection = state.check("1700000000", &signature, body).unwrap_err();
        assert!(matches!(rejection, NotificationError::NotJsonObject));
        assert_eq!(
            (rejection.status(), rejection.kind()),
            (400, "not_json_object")
        );
        assert!(
            rejection.to_string().contains("not a JSON object"),
            "{rejection}"
        );
        // A signed object still passes.
        let body = br#"{"notification_type":"upload"}"#;
        let signature = OutgoingNotification::new(body, sent)
            .sign(verifier.signer())
            .signature()
            .to_string();
        assert_eq!(state.check("1700000000", &signature, body).unwrap(), sent);
    }

    #[test]
    fn a_v2_signature_alone_is_refused_with_its_own_kind() {
        let v2_only = |name: &'static str| match name {
            TIMESTAMP_HEADER => Some(&b"1700000000"[..]),
            SIGNATURE_V2_HEADER => Some(&b"c2lnbmF0dXJl"[..]),
            _ => None,
        };
        let rejection = header_pair(v2_only).unwrap_err();
        assert!(matches!(
            rejection,
            NotificationError::Invalid(Error::SignatureV2Only)
        ));
        assert_eq!(
            (rejection.status(), rejection.kind()),
            (401, "unsupported_auth_scheme")
        );
        let message = rejection.to_string();
        assert!(
            message.contains("auth_scheme") && message.contains("`default` or `legacy_hmac`"),
            "{message}"
        );
        // Both signatures (auth_scheme `default`): the first one is read.
        let both = |name: &'static str| match name {
            TIMESTAMP_HEADER => Some(&b"1700000000"[..]),
            SIGNATURE_HEADER => Some(&b"ab"[..]),
            SIGNATURE_V2_HEADER => Some(&b"c2ln"[..]),
            _ => None,
        };
        assert_eq!(
            header_pair(both).unwrap(),
            ("1700000000".to_owned(), "ab".to_owned())
        );
    }

    #[test]
    fn headers_are_read_in_order_and_missing_ones_named() {
        let both = |name: &'static str| match name {
            TIMESTAMP_HEADER => Some(&b"1700000000"[..]),
            SIGNATURE_HEADER => Some(&b"ab\xff"[..]),
            _ => None,
        };
        assert_eq!(
            header_pair(both).unwrap(),
            ("1700000000".to_owned(), "ab\u{fffd}".to_owned())
        );
        let none = |_: &'static str| None;
        match header_pair(none).unwrap_err() {
            NotificationError::Invalid(Error::MissingHeader { name }) => {
                assert_eq!(name, TIMESTAMP_HEADER);
            }
            other => panic!("{other:?}"),
        }
        let no_signature = |name: &'static str| match name {
            TIMESTAMP_HEADER => Some(&b"1700000000"[..]),
            _ => None,
        };
        match header_pair(no_signature).unwrap_err() {
            NotificationError::Invalid(Error::MissingHeader { name }) => {
                assert_eq!(name, SIGNATURE_HEADER);
            }
            other => panic!("{other:?}"),
        }
    }
}
