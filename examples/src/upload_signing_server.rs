//! A backend for the Upload Widget and for Cloudinary's notifications, on axum.
//!
//! Routes:
//! - `POST /api/sign-upload`: takes the Upload Widget's `{"paramsToSign": {...}}` and
//!   answers `{"signature", "timestamp", "api_key", "cloud_name"}`. The `timestamp` must be
//!   at most one hour old (SPEC §1.4) and at most 300 s ahead of the clock.
//! - `POST /webhooks/cloudinary`: answers 204 for a notification whose raw body,
//!   `X-Cld-Timestamp` and `X-Cld-Signature` verify (via [`VerifiedNotification`]).
//!
//! Every refusal is JSON, `{"error": "<kind>", "message": "<what to fix>"}`, and never
//! contains the secret:
//!
//! | route | problem | status | `error` |
//! |---|---|---|---|
//! | both | body over [`BODY_LIMIT`] | 413 | `payload_too_large` |
//! | both | body cannot be read (a broken upload) | 400 | `unreadable_body` |
//! | sign | not JSON | 400 | `malformed_json` |
//! | sign | not an object, or `paramsToSign` not an object | 400 | `invalid_request` |
//! | sign | no `paramsToSign` | 400 | `missing_params_to_sign` |
//! | sign | nested object, repeated name, no or bad `timestamp`, stale, from the future | 400 | `unsupported_value`, `duplicate_parameter`, `missing_timestamp`, `malformed_timestamp`, `expired`, `from_future` |
//! | webhook | `X-Cld-Timestamp` or `X-Cld-Signature` absent (not a notification) | 400 | `missing_header` |
//! | webhook | malformed header, wrong signature, too old, from the future | 401 | `malformed_timestamp`, `malformed_signature`, `mismatch`, `expired`, `from_future` |
//!
//! Signing whatever a browser sends is what the Upload Widget expects; a real service
//! authenticates its users before signing for them, and may restrict the parameters.

use std::future::Future;
use std::io;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, FromRef, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use cld_sign::{
    Config, Error, NotificationState, NotificationVerifier, Params, ReceivedParams,
    RequestVerifier, Signer, Timestamp, VerifiedNotification,
};
use serde::Deserialize;
use serde_json::json;
use tokio::net::TcpListener;

/// The largest request body accepted, in bytes (1 MiB); larger ones get 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The documentation's account, used when the environment configures none.
pub const DEMO_CLOUDINARY_URL: &str = "cloudinary://1234:abcd@demo";

/// The server's settings and clock. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    signer: Signer,
    api_key: Option<String>,
    cloud_name: Option<String>,
    clock: Arc<dyn Fn() -> Timestamp + Send + Sync>,
    notifications: NotificationState,
}

impl AppState {
    /// Signs and verifies with the account of `config`, against the system clock.
    pub fn new(config: &Config) -> Self {
        Self::with_clock(config, Timestamp::now)
    }

    /// Like [`AppState::new`], reading the time from `clock` (tests pin it).
    pub fn with_clock(
        config: &Config,
        clock: impl Fn() -> Timestamp + Send + Sync + 'static,
    ) -> Self {
        let signer = Signer::from_config(config);
        let clock: Arc<dyn Fn() -> Timestamp + Send + Sync> = Arc::new(clock);
        let notifications = NotificationState::new(NotificationVerifier::new(signer.clone()))
            .with_clock({
                let clock = Arc::clone(&clock);
                move || clock()
            });
        Self {
            inner: Arc::new(Inner {
                signer,
                api_key: config.api_key().map(str::to_owned),
                cloud_name: config.cloud_name().map(str::to_owned),
                clock,
                notifications,
            }),
        }
    }
}

impl FromRef<AppState> for NotificationState {
    fn from_ref(state: &AppState) -> Self {
        state.inner.notifications.clone()
    }
}

/// The configuration from `lookup` (the environment): `CLOUDINARY_URL`, or the
/// `CLOUDINARY_API_*` variables. When neither `CLOUDINARY_URL` nor `CLOUDINARY_API_SECRET`
/// is set, the documentation's demo account, and `true` to say so. A variable that is set
/// but wrong is an error, never replaced by the demo.
pub fn config_from(lookup: impl Fn(&str) -> Option<String>) -> Result<(Config, bool), Error> {
    let set = |name| lookup(name).is_some_and(|value| !value.trim().is_empty());
    if !set("CLOUDINARY_URL") && !set("CLOUDINARY_API_SECRET") {
        return Ok((Config::from_url(DEMO_CLOUDINARY_URL)?, true));
    }
    Ok((Config::from_lookup(lookup)?, false))
}

/// The routes, with the body limit, over `state`.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/api/sign-upload", post(sign_upload))
        .route("/webhooks/cloudinary", post(webhook))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Serves `app` on `listener` until `shutdown` completes, then finishes the requests in
/// flight and returns.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// `POST /webhooks/cloudinary`: the extractor has verified the notification; a real
/// handler would now parse `notification.body` (the exact bytes Cloudinary signed).
async fn webhook(_notification: VerifiedNotification) -> StatusCode {
    StatusCode::NO_CONTENT
}

/// The Upload Widget's request body.
#[derive(Deserialize)]
struct SignRequest {
    #[serde(rename = "paramsToSign")]
    params_to_sign: Option<ReceivedParams>,
}

/// `POST /api/sign-upload`.
async fn sign_upload(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match sign(&state, body) {
        Ok(answer) => json_response(StatusCode::OK, &answer),
        Err(refusal) => refusal.into_response(),
    }
}

fn sign(
    state: &AppState,
    body: Result<Bytes, BytesRejection>,
) -> Result<serde_json::Value, Refusal> {
    let body = body.map_err(Refusal::body)?;
    let request: SignRequest = serde_json::from_slice(&body).map_err(Refusal::json)?;
    let entries = request.params_to_sign.ok_or_else(|| Refusal {
        status: StatusCode::BAD_REQUEST,
        kind: "missing_params_to_sign",
        message: "the body has no `paramsToSign` object; send {\"paramsToSign\": {...}}".into(),
    })?;
    let params = Params::try_from(entries).map_err(Refusal::params)?;
    let timestamp = params.timestamp().map_err(Refusal::params)?;
    check_time(timestamp, (state.inner.clock)()).map_err(Refusal::params)?;
    let signature = state.inner.signer.sign(&params);
    Ok(json!({
        "signature": signature.to_string(),
        "timestamp": timestamp.as_secs(),
        "api_key": state.inner.api_key,
        "cloud_name": state.inner.cloud_name,
    }))
}

/// Refuses a `timestamp` Cloudinary would refuse (older than one hour: "Stale request"),
/// and one further ahead of `now` than the default clock skew.
fn check_time(timestamp: Timestamp, now: Timestamp) -> Result<(), Error> {
    let valid_for = RequestVerifier::VALID_FOR.as_secs();
    let max_skew = RequestVerifier::DEFAULT_MAX_SKEW.as_secs();
    let (timestamp, now) = (timestamp.as_secs(), now.as_secs());
    match now.checked_sub(timestamp) {
        Some(age) if age > valid_for => Err(Error::Expired { age, valid_for }),
        None if timestamp - now > max_skew => Err(Error::FromFuture {
            ahead: timestamp - now,
            max_skew,
        }),
        _ => Ok(()),
    }
}

/// A refused request: its status and the JSON body `{"error", "message"}`.
struct Refusal {
    status: StatusCode,
    kind: &'static str,
    message: String,
}

impl Refusal {
    fn body(rejection: BytesRejection) -> Self {
        let too_large = rejection.status() == StatusCode::PAYLOAD_TOO_LARGE;
        Self {
            status: if too_large {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::BAD_REQUEST
            },
            kind: if too_large {
                "payload_too_large"
            } else {
                "unreadable_body"
            },
            message: if too_large {
                format!("the body is larger than {BODY_LIMIT} bytes")
            } else {
                rejection.body_text()
            },
        }
    }

    fn json(err: serde_json::Error) -> Self {
        let (kind, what) = if err.is_data() {
            (
                "invalid_request",
                "the body must be {\"paramsToSign\": {...}}",
            )
        } else {
            ("malformed_json", "the body is not JSON")
        };
        Self {
            status: StatusCode::BAD_REQUEST,
            kind,
            message: format!("{what}: {err}"),
        }
    }

    fn params(err: Error) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            kind: err.kind().as_str(),
            message: err.to_string(),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.kind, "message": self.message });
        json_response(self.status, &body)
    }
}

fn json_response(status: StatusCode, body: &serde_json::Value) -> Response {
    (
        status,
        [(CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn demo_account_only_when_nothing_is_configured() {
        let (config, demo) = config_from(env(&[])).unwrap();
        assert!(demo);
        assert_eq!(config.cloud_name(), Some("demo"));
        assert_eq!(config.api_key(), Some("1234"));

        let (config, demo) =
            config_from(env(&[("CLOUDINARY_URL", "cloudinary://k:s@mine")])).unwrap();
        assert!(!demo);
        assert_eq!(config.cloud_name(), Some("mine"));

        let (_, demo) = config_from(env(&[("CLOUDINARY_API_SECRET", "s")])).unwrap();
        assert!(!demo);

        let err = config_from(env(&[("CLOUDINARY_URL", "https://k:s@mine")])).unwrap_err();
        assert_eq!(err.kind().as_str(), "malformed_url");
    }

    #[test]
    fn time_window_boundaries() {
        let now = Timestamp::from_secs(10_000);
        let at = |secs| check_time(Timestamp::from_secs(secs), now);
        assert!(at(10_000 - 3600).is_ok());
        assert_eq!(
            at(10_000 - 3601).unwrap_err(),
            Error::Expired {
                age: 3601,
                valid_for: 3600
            }
        );
        assert!(at(10_000 + 300).is_ok());
        assert_eq!(
            at(10_000 + 301).unwrap_err(),
            Error::FromFuture {
                ahead: 301,
                max_skew: 300
            }
        );
    }
}
