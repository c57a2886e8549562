//! The signing route as an actix-web handler (features `actix` and `serde`).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
use actix_web::web::{Bytes, Data};

use super::route::{SigningRoute, too_large_json, unreadable_json};

/// `POST` handler for a signing route: [`SigningRoute::answer`] over the request body.
///
/// Register the [`SigningRoute`] as app data (`web::Data`). A body actix-web cannot read
/// answers 413 `payload_too_large` (over its payload limit: 256 KiB unless a
/// `web::PayloadConfig` says otherwise) or 400 `unreadable_body`, in the same JSON shape.
///
/// ```
/// use actix_web::{App, web};
/// use cld_sign::Config;
/// use cld_sign::policy::{SigningPolicy, SigningRoute, actix::sign_params};
///
/// let config = Config::from_url("cloudinary://1234:abcd@demo")?;
/// let route = SigningRoute::new(SigningPolicy::upload_widget().build()?, &config);
/// // HttpServer::new(move || …)
/// let app = App::new()
///     .app_data(web::Data::new(route.clone()))
///     .route("/api/sign-upload", web::post().to(sign_params));
/// # drop(app);
/// # Ok::<(), cld_sign::Error>(())
/// ```
pub async fn sign_params(
    route: Data<SigningRoute>,
    body: Result<Bytes, actix_web::Error>,
) -> HttpResponse {
    let (status, json) = match body {
        Ok(body) => route.answer(&body),
        Err(error) if error.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE => {
            (413, too_large_json())
        }
        Err(error) => (400, unreadable_json(&error.to_string())),
    };
    HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .insert_header((CONTENT_TYPE, HeaderValue::from_static("application/json")))
        .body(json)
}
