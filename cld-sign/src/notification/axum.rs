//! An axum extractor that yields only verified notifications (feature `axum`).

use std::fmt::{self, Write as _};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::verifier::{NotificationVerifier, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use crate::error::Error;
use crate::timestamp::Timestamp;

/// A Cloudinary notification whose signature and time window have been checked.
///
/// As a handler argument, it reads the raw body and the `X-Cld-Timestamp` and
/// `X-Cld-Signature` headers and verifies them with the [`NotificationState`] taken from
/// the router's state (through [`FromRef`]), so the handler runs only for authentic, fresh
/// notifications. Anything else is refused with a [`NotificationRejection`]:
///
/// | problem | status | `error` |
/// |---|---|---|
/// | a header is absent | 400 | `missing_header` |
/// | the body exceeds the body limit (axum's `DefaultBodyLimit`, 2 MiB unless set) | 413 | `payload_too_large` |
/// | the body cannot be read | 400 | `unreadable_body` |
/// | malformed header, wrong signature, too old, from the future | 401 | the [`ErrorKind`](crate::ErrorKind) name (`mismatch`, `expired`, ...) |
///
/// The rejection's body is JSON, `{"error": "<kind>", "message": "<sentence>"}`; it never
/// contains the secret. Being the body's reader, the extractor must be the handler's last
/// argument.
///
/// ```
/// use axum::{Router, body::Body, http::Request, routing::post};
/// use cld_sign::{ApiSecret, NotificationState, NotificationVerifier, Signer, Timestamp,
///                VerifiedNotification};
///
/// async fn webhook(notification: VerifiedNotification) -> axum::http::StatusCode {
///     // Only authentic notifications get here: parse `notification.body` as JSON.
///     axum::http::StatusCode::NO_CONTENT
/// }
///
/// let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd")?));
/// let state = NotificationState::new(verifier.clone());
/// let app: Router = Router::new()
///     .route("/webhooks/cloudinary", post(webhook))
///     .with_state(state.clone());
/// // Serve it: axum::serve(tokio::net::TcpListener::bind("127.0.0.1:3000").await?, app).await?;
///
/// // What the extractor does with a request Cloudinary signed one minute ago:
/// # use axum::extract::FromRequest;
/// # fn ready<T>(future: impl std::future::Future<Output = T>) -> T {
/// #     // The body is in memory, so the extraction never waits.
/// #     let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
/// #     match std::pin::pin!(future).poll(&mut cx) {
/// #         std::task::Poll::Ready(value) => value,
/// #         std::task::Poll::Pending => unreachable!("an in-memory body is ready at once"),
/// #     }
/// # }
/// let sent = Timestamp::from_secs(Timestamp::now().as_secs() - 60);
/// let body = r#"{"notification_type":"upload"}"#;
/// let request = |signature: String| {
///     Request::post("/webhooks/cloudinary")
///         .header("X-Cld-Timestamp", sent.to_string())
///         .header("X-Cld-Signature", signature)
///         .body(Body::from(body))
///         .unwrap()
/// };
/// let signature = verifier.sign(body.as_bytes(), sent).to_string();
/// let notification = ready(VerifiedNotification::from_request(request(signature), &state))?;
/// assert_eq!(notification.body, body.as_bytes());
/// assert_eq!(notification.timestamp, sent);
///
/// let forged = "0".repeat(40);
/// let rejection = ready(VerifiedNotification::from_request(request(forged), &state)).unwrap_err();
/// assert_eq!(rejection.status(), 401);
/// assert_eq!(rejection.kind(), "mismatch");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct VerifiedNotification {
    /// The raw body, exactly as received and signed.
    pub body: Bytes,
    /// The verified `X-Cld-Timestamp`.
    pub timestamp: Timestamp,
}

/// What [`VerifiedNotification`] takes from the router's state: a
/// [`NotificationVerifier`] and the clock to check the time window against (the system
/// clock unless [`with_clock`](Self::with_clock) sets another). Cheap to clone.
///
/// Use it as the state itself, or give your own state an `impl FromRef<AppState> for
/// NotificationState`.
#[derive(Clone)]
pub struct NotificationState {
    verifier: Arc<NotificationVerifier>,
    clock: Arc<dyn Fn() -> Timestamp + Send + Sync>,
}

impl NotificationState {
    /// Verifies with `verifier`, against the system clock.
    pub fn new(verifier: NotificationVerifier) -> Self {
        Self {
            verifier: Arc::new(verifier),
            clock: Arc::new(Timestamp::now),
        }
    }

    /// Reads the time from `clock` instead of the system clock (for deterministic tests).
    ///
    /// ```
    /// # use cld_sign::{ApiSecret, NotificationState, NotificationVerifier, Signer, Timestamp};
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

    /// The verifier.
    pub fn verifier(&self) -> &NotificationVerifier {
        &self.verifier
    }

    /// The current time, from the clock.
    pub fn now(&self) -> Timestamp {
        (self.clock)()
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
            .finish_non_exhaustive()
    }
}

impl<S> FromRequest<S> for VerifiedNotification
where
    S: Send + Sync,
    NotificationState: FromRef<S>,
{
    type Rejection = NotificationRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let notifications = NotificationState::from_ref(state);
        let timestamp = header_text(request.headers(), TIMESTAMP_HEADER)?;
        let signature = header_text(request.headers(), SIGNATURE_HEADER)?;
        let body = Bytes::from_request(request, state)
            .await
            .map_err(NotificationRejection::Body)?;
        notifications
            .verifier()
            .verify_at(&body, &timestamp, &signature, notifications.now())
            .map_err(NotificationRejection::Invalid)?;
        // Verification parsed it already; parse again for the typed value.
        let timestamp = timestamp.parse().map_err(NotificationRejection::Invalid)?;
        Ok(Self { body, timestamp })
    }
}

/// A header's text. Bytes that are not UTF-8 are kept (replaced), so the verifier reports
/// the header as malformed rather than missing.
fn header_text(headers: &HeaderMap, name: &'static str) -> Result<String, NotificationRejection> {
    headers
        .get(name)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .ok_or(NotificationRejection::MissingHeader { name })
}

/// Why [`VerifiedNotification`] refused a request. As a response: the status of
/// [`status`](Self::status) and a JSON body `{"error": kind, "message": sentence}`.
#[derive(Debug)]
#[non_exhaustive]
pub enum NotificationRejection {
    /// `X-Cld-Timestamp` or `X-Cld-Signature` is absent: not a notification (400).
    MissingHeader {
        /// The header's name.
        name: &'static str,
    },
    /// The body could not be read: too large (413) or broken (400).
    Body(BytesRejection),
    /// The notification failed verification (401): a malformed header, a mismatch, too
    /// old, or from the future.
    Invalid(Error),
}

impl NotificationRejection {
    /// The response status: 400, 401 or 413 (see [`VerifiedNotification`]).
    pub fn status(&self) -> StatusCode {
        match self {
            Self::MissingHeader { .. } => StatusCode::BAD_REQUEST,
            Self::Body(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            Self::Body(_) => StatusCode::BAD_REQUEST,
            Self::Invalid(_) => StatusCode::UNAUTHORIZED,
        }
    }

    /// The snake_case name of the problem: `missing_header`, `payload_too_large`,
    /// `unreadable_body`, or the [`ErrorKind`](crate::ErrorKind) of a failed verification.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::MissingHeader { .. } => "missing_header",
            Self::Body(_) if self.status() == StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
            Self::Body(_) => "unreadable_body",
            Self::Invalid(err) => err.kind().as_str(),
        }
    }

    /// The verification error, if the notification was read and failed verification.
    pub fn error(&self) -> Option<&Error> {
        match self {
            Self::Invalid(err) => Some(err),
            _ => None,
        }
    }
}

impl fmt::Display for NotificationRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeader { name } => {
                write!(
                    f,
                    "the {name} header is missing; this is not a Cloudinary notification"
                )
            }
            Self::Body(rejection) => write!(f, "{}", rejection.body_text()),
            Self::Invalid(err) => err.fmt(f),
        }
    }
}

impl std::error::Error for NotificationRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Body(rejection) => Some(rejection),
            Self::Invalid(err) => Some(err),
            Self::MissingHeader { .. } => None,
        }
    }
}

impl IntoResponse for NotificationRejection {
    fn into_response(self) -> Response {
        let mut body = String::from(r#"{"error":"#);
        push_json_string(&mut body, self.kind());
        body.push_str(r#","message":"#);
        push_json_string(&mut body, &self.to_string());
        body.push('}');
        let content_type = [(CONTENT_TYPE, HeaderValue::from_static("application/json"))];
        (self.status(), content_type, body).into_response()
    }
}

/// Appends `text` as a JSON string literal.
fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped() {
        let mut out = String::new();
        push_json_string(&mut out, "a \"b\" \\ \n\u{1}é");
        assert_eq!(out, r#""a \"b\" \\ \u000a\u0001é""#);
    }

    #[test]
    fn rejection_body_is_kind_and_message() {
        let rejection = NotificationRejection::Invalid(Error::Expired {
            age: 7300,
            valid_for: 7200,
        });
        assert_eq!(rejection.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(rejection.kind(), "expired");
        let missing = NotificationRejection::MissingHeader {
            name: SIGNATURE_HEADER,
        };
        assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            missing.to_string(),
            "the X-Cld-Signature header is missing; this is not a Cloudinary notification"
        );
    }
}
