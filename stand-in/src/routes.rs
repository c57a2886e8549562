//! The stand-in's routes: the Upload API (`app`) and delivery (`delivery`), with CORS.

use std::time::Duration;

use axum::Router;
use axum::http::Method;
use axum::http::header::{CONTENT_TYPE, HeaderName};
use axum::routing::{get, post};
use tower_http::cors::{Any, CorsLayer};

use crate::app::{self, AppState};
use crate::delivery;
use crate::reply::Refusal;

/// The routes, with CORS, over `state`.
pub(crate) fn router(state: AppState) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::POST, Method::GET, Method::OPTIONS])
        .allow_headers([
            CONTENT_TYPE,
            HeaderName::from_static("content-range"),
            HeaderName::from_static("content-disposition"),
            HeaderName::from_static("x-requested-with"),
            HeaderName::from_static("x-unique-upload-id"),
        ])
        .max_age(Duration::from_secs(1_728_000));
    Router::new()
        .route("/v1_1/{cloud}/{resource_type}/{action}", post(app::api))
        .route(
            "/v1_1/{cloud}/{resource_type}/download",
            get(delivery::download),
        )
        .route(
            "/{cloud}/{resource_type}/{delivery_type}/{*rest}",
            get(delivery::deliver),
        )
        .fallback(|| async { Refusal::not_found("Not found") })
        .layer(cors)
        .with_state(state)
}
