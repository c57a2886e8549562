//! An actix-web extractor that yields only verified notifications (feature `actix`).
//!
//! [`ActixVerifiedNotification`] has the contract of the axum extractor
//! (`AxumVerifiedNotification`, feature `axum`) and of the tower layer
//! (`NotificationLayer`, feature `tower`): the same checks, the same error
//! statuses and JSON bodies ([`NotificationError`]).

use std::future::Future;
use std::pin::Pin;

use actix_web::body::BoxBody;
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
use actix_web::web::{self, Bytes};
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError};

use super::state::{NotificationError, NotificationState, header_pair};
use crate::timestamp::Timestamp;

/// A Cloudinary notification whose signature and time window have been checked, as an
/// actix-web extractor.
///
/// It reads the `X-Cld-Timestamp` and `X-Cld-Signature` headers and the whole body (up to
/// the state's [`body_limit`](NotificationState::body_limit)) and verifies them with the
/// [`NotificationState`] registered as app data (`App::app_data(state)` or
/// `web::Data<NotificationState>`); without one, the request fails with 500. Refusals are
/// [`NotificationError`]s: 400 `missing_header`, 413 `payload_too_large`, 400
/// `unreadable_body`, 400 `not_json_object` (the body is not a JSON object, checked before
/// the signature), 401 for a malformed header, mismatch, expired or from the future, 401
/// `unsupported_auth_scheme` (only `X-Cld-Signature_v2`), each with the JSON body
/// `{"error", "message"}`, never the secret.
///
/// ```
/// use actix_web::{App, HttpResponse, web};
/// use cld_sign::notification::{ActixVerifiedNotification, NotificationState, NotificationVerifier};
/// use cld_sign::{ApiSecret, Signer};
///
/// async fn webhook(notification: ActixVerifiedNotification) -> HttpResponse {
///     // Only authentic notifications get here: `notification.body` is the exact body
///     // (with feature `json`, `notification.json::<cld_sign::notification::Notification>()` parses it).
///     assert!(!notification.body.is_empty());
///     HttpResponse::NoContent().finish()
/// }
///
/// let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd")?));
/// let state = NotificationState::new(verifier);
/// let app = App::new()
///     .app_data(state)
///     .route("/webhooks/cloudinary", web::post().to(webhook));
/// # let _ = app;
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct ActixVerifiedNotification {
    /// The raw body, exactly as received and signed.
    pub body: Bytes,
    /// The verified `X-Cld-Timestamp`.
    pub timestamp: Timestamp,
}

/// Shows the body's length, not the body: a webhook body can be large and hold personal data.
impl std::fmt::Debug for ActixVerifiedNotification {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActixVerifiedNotification")
            .field("body_len", &self.body.len())
            .field("timestamp", &self.timestamp)
            .finish()
    }
}

impl ActixVerifiedNotification {
    /// The verified body as JSON: `T` is typically [`Notification`](crate::notification::Notification).
    #[cfg(feature = "json")]
    #[cfg_attr(docsrs, doc(cfg(feature = "json")))]
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

impl FromRequest for ActixVerifiedNotification {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let state = request
            .app_data::<NotificationState>()
            .or_else(|| {
                request
                    .app_data::<web::Data<NotificationState>>()
                    .map(|data| data.get_ref())
            })
            .cloned();
        let headers = header_pair(|name| request.headers().get(name).map(HeaderValue::as_bytes));
        let payload = web::Payload::from_request(request, payload);
        Box::pin(async move {
            let Some(state) = state else {
                return Err(actix_web::error::ErrorInternalServerError(
                    "no NotificationState registered: add App::app_data(NotificationState::new(..))",
                ));
            };
            let (timestamp, signature) = headers?;
            let limit = state.body_limit();
            let raw = match payload.await?.to_bytes_limited(limit).await {
                Ok(Ok(raw)) => raw,
                Ok(Err(err)) => {
                    return Err(NotificationError::UnreadableBody {
                        reason: err.to_string(),
                    }
                    .into());
                }
                Err(_) => {
                    return Err(NotificationError::PayloadTooLarge { limit: Some(limit) }.into());
                }
            };
            let timestamp = state.check(&timestamp, &signature, &raw)?;
            Ok(Self {
                body: raw,
                timestamp,
            })
        })
    }
}

impl ResponseError for NotificationError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        HttpResponse::build(self.status_code())
            .insert_header((CONTENT_TYPE, HeaderValue::from_static("application/json")))
            .body(self.json_body())
    }
}

#[cfg(test)]
mod tests {
    use super::ActixVerifiedNotification;
    use crate::Timestamp;

    #[test]
    fn debug_shows_the_body_length_not_the_body() {
        let verified = ActixVerifiedNotification {
            body: actix_web::web::Bytes::from_static(b"personal data"),
            timestamp: Timestamp::from_secs(7),
        };
        let shown = format!("{verified:?}");
        assert!(
            shown.starts_with("ActixVerifiedNotification { body_len: 13, timestamp: "),
            "{shown}"
        );
        assert!(!shown.contains("personal"), "{shown}");
    }
}
