//! An axum extractor that yields only verified notifications (feature `axum`).

use std::fmt;

use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::state::{NotificationError, NotificationState, header_pair};
use crate::timestamp::Timestamp;

/// The most of an inner extractor's rejection body kept as the rejection's message.
const REASON_LIMIT: usize = 16 * 1024;

/// A Cloudinary notification whose signature and time window have been checked, its body
/// read by `T` (default: the raw [`Bytes`]).
///
/// As a handler argument, it reads the raw body and the `X-Cld-Timestamp` and
/// `X-Cld-Signature` headers and verifies them with the [`NotificationState`] taken from
/// the router's state (through [`FromRef`]); only then does `T` (any body extractor:
/// `Bytes`, `String`, `axum::Json<Notification>`, ...) read the verified bytes. So the handler
/// runs only for authentic, fresh notifications, and `T` never parses an unverified body.
/// Anything else is refused with a [`NotificationError`]:
///
/// | problem | status | `error` |
/// |---|---|---|
/// | a header is absent | 400 | `missing_header` |
/// | only `X-Cld-Signature_v2` (trigger `auth_scheme` `eddsa_v2`: set it to `default` or `legacy_hmac`) | 401 | `unsupported_auth_scheme` |
/// | the body exceeds the body limit (axum's `DefaultBodyLimit`, 2 MiB unless set) | 413 | `payload_too_large` |
/// | the body cannot be read | 400 | `unreadable_body` |
/// | the body is not a JSON object (checked before the signature) | 400 | `not_json_object` |
/// | malformed header, wrong signature, too old, from the future | 401 | the [`ErrorKind`](crate::ErrorKind) name (`mismatch`, `expired`, ...) |
/// | verified, but `T` refuses the body (e.g. `Json<T>`: not JSON, not a `T`) | `T`'s (400, 415, 422) | `invalid_body` |
///
/// The error's body is JSON, `{"error": "<kind>", "message": "<sentence>"}`; it never
/// contains the secret. Being the body's reader, the extractor must be the handler's last
/// argument. With axum's `json` feature, `AxumVerifiedNotification<Json<Notification>>` (see
/// `cld_sign::notification::Notification`, feature `json`) gives the typed fields.
///
/// ```
/// use axum::{Router, body::Body, http::Request, routing::post};
/// use cld_sign::notification::{AxumVerifiedNotification, NotificationState, NotificationVerifier};
/// use cld_sign::{ApiSecret, Signer, Timestamp};
///
/// async fn webhook(notification: AxumVerifiedNotification<String>) -> axum::http::StatusCode {
///     // Only authentic notifications get here.
///     println!("{}", notification.body);
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
/// use cld_sign::notification::OutgoingNotification;
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
/// let signed = OutgoingNotification::new(body.as_bytes(), sent).sign(verifier.signer());
/// let signature = signed.signature().to_string();
/// let notification: AxumVerifiedNotification =
///     ready(AxumVerifiedNotification::from_request(request(signature), &state))?;
/// assert_eq!(notification.body, body.as_bytes());
/// assert_eq!(notification.timestamp, sent);
///
/// let forged = "0".repeat(40);
/// let err = ready(AxumVerifiedNotification::<String>::from_request(request(forged), &state))
///     .unwrap_err();
/// assert_eq!(err.status(), 401);
/// assert_eq!(err.kind(), "mismatch");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct AxumVerifiedNotification<T = Bytes> {
    /// The body, read by `T` from the exact bytes received and signed.
    pub body: T,
    /// The verified `X-Cld-Timestamp`.
    pub timestamp: Timestamp,
}

/// Shows the body's type, not the body: a webhook body can be large and hold personal data.
impl<T> fmt::Debug for AxumVerifiedNotification<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AxumVerifiedNotification")
            .field("body", &format_args!("<{}>", std::any::type_name::<T>()))
            .field("timestamp", &self.timestamp)
            .finish()
    }
}

impl<S, T> FromRequest<S> for AxumVerifiedNotification<T>
where
    S: Send + Sync,
    NotificationState: FromRef<S>,
    T: FromRequest<S>,
{
    type Rejection = NotificationError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let notifications = NotificationState::from_ref(state);
        let (timestamp, signature) =
            header_pair(|name| request.headers().get(name).map(HeaderValue::as_bytes))?;
        let (parts, body) = request.into_parts();
        // `Bytes` honours the router's `DefaultBodyLimit` (in the request's extensions).
        let raw = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(body_rejection)?;
        let timestamp = notifications.check(&timestamp, &signature, &raw)?;
        let verified = Request::from_parts(parts, Body::from(raw));
        let refused = match T::from_request(verified, state).await {
            Ok(body) => return Ok(Self { body, timestamp }),
            Err(rejection) => rejection.into_response(),
        };
        Err(invalid_body(refused).await)
    }
}

fn body_rejection(rejection: BytesRejection) -> NotificationError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        NotificationError::PayloadTooLarge { limit: None }
    } else {
        NotificationError::UnreadableBody {
            reason: rejection.body_text(),
        }
    }
}

/// The inner extractor's refusal, kept as status and message.
async fn invalid_body(response: Response) -> NotificationError {
    let status = response.status().as_u16();
    let reason = match axum::body::to_bytes(response.into_body(), REASON_LIMIT).await {
        Ok(text) => String::from_utf8_lossy(&text).into_owned(),
        Err(_) => format!("status {status}"),
    };
    NotificationError::InvalidBody { status, reason }
}

impl IntoResponse for NotificationError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let content_type = [(CONTENT_TYPE, HeaderValue::from_static("application/json"))];
        (status, content_type, self.json_body()).into_response()
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use axum::response::{IntoResponse, Response};

    use super::{AxumVerifiedNotification, NotificationError, invalid_body};
    use crate::Timestamp;

    /// Polls a future that needs no I/O (an in-memory body) to its end.
    fn ready<F: Future>(future: F) -> F::Output {
        let mut future = pin!(future);
        match future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(output) => output,
            Poll::Pending => panic!("an in-memory body is ready at once"),
        }
    }

    fn reason_of(response: Response) -> String {
        match ready(invalid_body(response)) {
            NotificationError::InvalidBody { reason, .. } => reason,
            other => panic!("{other:?}"),
        }
    }

    /// An inner rejection's body is kept as the reason up to 16 KiB; past that, its status.
    #[test]
    fn rejection_reasons_are_kept_up_to_16_kib() {
        let fits = "x".repeat(16 * 1024);
        let response = (axum::http::StatusCode::BAD_REQUEST, fits.clone()).into_response();
        assert_eq!(reason_of(response), fits);
        let over = "x".repeat(16 * 1024 + 1);
        let response = (axum::http::StatusCode::BAD_REQUEST, over).into_response();
        assert_eq!(reason_of(response), "status 400");
    }

    #[test]
    fn debug_shows_the_body_type_not_the_body() {
        let verified = AxumVerifiedNotification {
            body: "personal data".to_owned(),
            timestamp: Timestamp::from_secs(7),
        };
        let shown = format!("{verified:?}");
        assert!(
            shown.starts_with("AxumVerifiedNotification { body: <"),
            "{shown}"
        );
        assert!(shown.contains("String>, timestamp: "), "{shown}");
        assert!(!shown.contains("personal"), "{shown}");
    }
}
