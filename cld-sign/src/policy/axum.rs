//! The signing route as an axum handler (features `axum` and `serde`).

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::route::{SigningRoute, too_large_json, unreadable_json};

/// `POST` handler for a signing route: [`SigningRoute::answer`] over the request body.
///
/// Mount it with a [`SigningRoute`] as the router's state (or reachable from it through
/// `FromRef`). A body axum cannot read answers 413 `payload_too_large` (over the router's
/// `DefaultBodyLimit`) or 400 `unreadable_body`, in the same JSON shape.
///
/// ```
/// use axum::{Router, routing::post};
/// use cld_sign::Config;
/// use cld_sign::policy::{Rule, SigningPolicy, SigningRoute, axum::sign_params};
///
/// let policy = SigningPolicy::upload_widget()
///     .allow("folder", Rule::forced("uploads"))
///     .build()?;
/// let config = Config::from_url("cloudinary://1234:abcd@demo")?;
/// let app: Router = Router::new()
///     .route("/api/sign-upload", post(sign_params))
///     .with_state(SigningRoute::new(policy, &config));
/// // axum::serve(listener, app)
/// # Ok::<(), cld_sign::Error>(())
/// ```
pub async fn sign_params(
    State(route): State<SigningRoute>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let (status, json) = match body {
        Ok(body) => route.answer(&body),
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            (413, too_large_json())
        }
        Err(rejection) => (400, unreadable_json(&rejection.body_text())),
    };
    json_response(status, json)
}

fn json_response(status: u16, json: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let content_type = [(CONTENT_TYPE, HeaderValue::from_static("application/json"))];
    (status, content_type, json).into_response()
}
