//! Cloudinary's answers: JSON bodies and its error shape `{"error": {"message": "..."}}`.

use axum::http::StatusCode;
use axum::http::header::{CONTENT_TYPE, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::serve;

/// A refused request: its status and Cloudinary's message.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
}

impl Refusal {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub(crate) fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        cloudinary_error(self.status, &self.message)
    }
}

/// Cloudinary's error shape.
pub(crate) fn cloudinary_error(status: StatusCode, message: &str) -> Response {
    json_response(status, &json!({ "error": { "message": message } }))
}

pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    let content_type = [(CONTENT_TYPE, HeaderValue::from_static("application/json"))];
    (status, content_type, body.to_string()).into_response()
}

/// The server's own refusals in Cloudinary's shape. Excess load is `429`, one of the
/// statuses the SDKs read an error from (the Node SDK gives up on a `503` without
/// reading it).
pub(crate) fn server_refusal(refusal: serve::Refusal) -> Response {
    match refusal {
        serve::Refusal::Timeout => cloudinary_error(refusal.status(), "Request timeout"),
        serve::Refusal::TooLarge => cloudinary_error(refusal.status(), "Request too large"),
        _ => cloudinary_error(
            StatusCode::TOO_MANY_REQUESTS,
            "Server busy - too many connections or bytes in flight, retry shortly",
        ),
    }
}
