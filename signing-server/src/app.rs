//! The signed-upload app on axum: a signing backend for an upload form and for the Upload
//! Widget, the two pages, and a verified webhook endpoint. It ports Cloudinary's sample app
//! (`cloudinary-devs/cld-signed-upload-examples`, Node + Express) to Rust.
//!
//! Routes:
//! - `GET /`: the upload form page. It asks `GET /api/signuploadform` for a signature,
//!   appends exactly the server-chosen params (rendered into the form as hidden fields)
//!   plus `api_key`, `timestamp` and `signature` to a `FormData`, POSTs it with the file
//!   to `<upload_prefix>/v1_1/<cloud>/auto/upload`, and shows the answer.
//! - `GET /widget`: the Upload Widget page (the widget script loads from Cloudinary's
//!   CDN), signed through `GET /api/signuploadwidget`.
//! - `GET /api/signuploadform`, `GET /api/signuploadwidget`: sign the server-chosen
//!   params ([`UploadChoices`]: an `eager` and a folder, and a `notification_url` when
//!   configured; or `source=uw` and a folder) with a fresh timestamp and answer
//!   `{"signature", "timestamp", "cloudname", "apikey"}`, as the sample app does.
//! - `POST /api/sign-upload`: signs the params a browser chose, for the Upload Widget's
//!   `uploadSignature` callback, through the library's signing route
//!   ([`cld_sign::policy::SigningRoute`]): the body is `{"paramsToSign": {...}}` (the
//!   widget, next-cloudinary, svelte-cloudinary), `{"params_to_sign": {...}}` or the
//!   params object itself. The policy ([`Settings::policy`], default [`widget_policy`]) is
//!   the Upload Widget preset with the widget's folder forced: `source=uw`, the `folder`,
//!   `custom_coordinates` and a `timestamp` at most 300 s from the clock. Answers
//!   `{"signature", "timestamp", "api_key", "cloud_name"}`.
//! - `POST /webhooks/cloudinary`: answers 204 for a notification whose raw body,
//!   `X-Cld-Timestamp` and `X-Cld-Signature` verify (via [`AxumVerifiedNotification`]), and
//!   keeps the last [`KEPT_NOTIFICATIONS`] ([`AppState::received_notifications`]).
//!
//! Every refusal is JSON, `{"error": "<kind>", "message": "<what to fix>"}`, and never
//! contains the secret:
//!
//! | route | problem | status | `error` |
//! |---|---|---|---|
//! | POST | body over [`BODY_LIMIT`] | 413 | `payload_too_large` |
//! | POST | body cannot be read (a broken upload) | 400 | `unreadable_body` |
//! | sign | body stalls past the body timeout ([`Limits`]) | 408 | `request_timeout` |
//! | sign | not JSON | 400 | `malformed_json` |
//! | sign | not an object; the wrapper not an object; both wrappers, or one twice | 400 | `invalid_request` |
//! | sign | `{"paramsToSign": null}` | 400 | `missing_params_to_sign` |
//! | sign | a name the policy does not allow | 400 | `unsupported_parameter` |
//! | sign | a value its rule refuses; too many or too large params | 400 | `disallowed_value`, `too_many_parameters`, `params_too_large` |
//! | sign | nested object, repeated name, no or bad `timestamp`, stale, from the future | 400 | `unsupported_value`, `duplicate_parameter`, `missing_timestamp`, `malformed_timestamp`, `expired`, `from_future` |
//! | webhook | `X-Cld-Timestamp` or `X-Cld-Signature` absent (not a notification) | 400 | `missing_header` |
//! | webhook | only `X-Cld-Signature_v2` (the trigger's `auth_scheme` is `eddsa_v2`; set it to `default` or `legacy_hmac`) | 401 | `unsupported_auth_scheme` |
//! | webhook | the body is not a JSON object (a request's string to sign replayed as a body, for one), checked before the signature | 400 | `not_json_object` |
//! | webhook | malformed header, wrong signature, too old, from the future | 401 | `malformed_timestamp`, `malformed_signature`, `mismatch`, `expired`, `from_future` |
//!
//! A real service also authenticates its users before signing for them.
//!
//! [`Limits`]: crate::serve::Limits

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, FromRef, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use cld_sign::policy::{Rule, SigningPolicy, SigningRoute};
use cld_sign::{
    Params, Signer, Timestamp,
    notification::{AxumVerifiedNotification, NotificationState, NotificationVerifier},
};
use serde_json::json;

use crate::account::Account;

/// The largest request body accepted, in bytes (1 MiB); larger ones get 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// How many verified notifications [`AppState::received_notifications`] keeps.
pub const KEPT_NOTIFICATIONS: usize = 64;

/// The params the server chooses and signs for the upload form and the widget. Defaults
/// are the sample app's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadChoices {
    /// The form's `folder` (default `signed_upload_demo_form`).
    pub form_folder: String,
    /// The form's `eager` transformations (default `c_pad,h_300,w_400|c_crop,h_200,w_260`).
    pub form_eager: String,
    /// The form's `notification_url`, if any: where Cloudinary reports the upload (this
    /// server's `/webhooks/cloudinary` when it is reachable from Cloudinary).
    pub notification_url: Option<String>,
    /// The widget's `folder` (default `signed_upload_demo_uw`); the widget adds `source=uw`.
    pub widget_folder: String,
}

impl Default for UploadChoices {
    fn default() -> Self {
        Self {
            form_folder: "signed_upload_demo_form".into(),
            form_eager: "c_pad,h_300,w_400|c_crop,h_200,w_260".into(),
            notification_url: None,
            widget_folder: "signed_upload_demo_uw".into(),
        }
    }
}

impl UploadChoices {
    /// The form's params, without the timestamp, in the order the page appends them.
    pub fn form_params(&self) -> Vec<(&'static str, &str)> {
        let mut params = vec![
            ("eager", self.form_eager.as_str()),
            ("folder", self.form_folder.as_str()),
        ];
        if let Some(url) = &self.notification_url {
            params.push(("notification_url", url.as_str()));
        }
        params.retain(|(_, value)| !value.is_empty());
        params
    }

    /// The widget's params, without the timestamp: `source=uw` and its folder.
    pub fn widget_params(&self) -> Vec<(&'static str, &str)> {
        let mut params = vec![("folder", self.widget_folder.as_str()), ("source", "uw")];
        params.retain(|(_, value)| !value.is_empty());
        params
    }
}

/// Everything the app is configured with.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The account: credentials and upload base URL.
    pub account: Account,
    /// What `POST /api/sign-upload` signs (default: [`widget_policy`] for the widget's
    /// folder).
    pub policy: SigningPolicy,
    /// The params of the two GET signing routes.
    pub choices: UploadChoices,
}

impl Settings {
    /// The defaults for `account`.
    pub fn new(account: Account) -> Self {
        let choices = UploadChoices::default();
        Self {
            account,
            policy: widget_policy(&choices.widget_folder),
            choices,
        }
    }
}

/// The Upload Widget preset ([`SigningPolicy::upload_widget`]) with `folder` forced to
/// `folder`: what the widget page signs through `uploadSignature`.
pub fn widget_policy(folder: &str) -> SigningPolicy {
    SigningPolicy::upload_widget()
        .allow("folder", Rule::forced(folder))
        .build()
        .expect("the widget preset with a forced folder is a safe policy")
}

/// The policy of the GET routes: the server's own `params`, each forced, and the server's
/// clock as the timestamp.
fn server_policy(params: &[(&'static str, &str)]) -> SigningPolicy {
    params
        .iter()
        .fold(
            SigningPolicy::builder().with_server_timestamp(),
            |policy, (name, value)| policy.allow(*name, Rule::forced(*value)),
        )
        .build()
        .expect("forced values are a safe policy")
}

/// The server's settings, clock and received notifications. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    signer: Signer,
    route: SigningRoute,
    form_policy: SigningPolicy,
    widget_policy: SigningPolicy,
    settings: Settings,
    clock: Arc<dyn Fn() -> Timestamp + Send + Sync>,
    notifications: NotificationState,
    received: Mutex<VecDeque<AxumVerifiedNotification>>,
}

impl fmt::Debug for AppState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppState")
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// Signs and verifies with `settings`, against the system clock.
    pub fn new(settings: Settings) -> Self {
        Self::with_clock(settings, Timestamp::now)
    }

    /// Like [`AppState::new`], reading the time from `clock` (tests pin it).
    pub fn with_clock(
        settings: Settings,
        clock: impl Fn() -> Timestamp + Send + Sync + 'static,
    ) -> Self {
        let signer = Signer::from_config(&settings.account.config);
        let clock: Arc<dyn Fn() -> Timestamp + Send + Sync> = Arc::new(clock);
        let notifications = NotificationState::new(NotificationVerifier::new(signer.clone()))
            .with_clock({
                let clock = Arc::clone(&clock);
                move || clock()
            });
        let route = SigningRoute::new(settings.policy.clone(), &settings.account.config)
            .with_clock({
                let clock = Arc::clone(&clock);
                move || clock()
            });
        let choices = &settings.choices;
        let form_policy = server_policy(&choices.form_params());
        let widget_policy = server_policy(&choices.widget_params());
        Self {
            inner: Arc::new(Inner {
                signer,
                route,
                form_policy,
                widget_policy,
                settings,
                clock,
                notifications,
                received: Mutex::new(VecDeque::new()),
            }),
        }
    }

    /// The last [`KEPT_NOTIFICATIONS`] verified notifications, oldest first.
    pub fn received_notifications(&self) -> Vec<AxumVerifiedNotification> {
        let received = self
            .inner
            .received
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        received.iter().cloned().collect()
    }

    fn now(&self) -> Timestamp {
        (self.inner.clock)()
    }

    fn api_key(&self) -> Option<&str> {
        self.inner.settings.account.config.api_key()
    }

    fn cloud_name(&self) -> Option<&str> {
        self.inner.settings.account.config.cloud_name()
    }
}

impl FromRef<AppState> for SigningRoute {
    fn from_ref(state: &AppState) -> Self {
        state.inner.route.clone()
    }
}

impl FromRef<AppState> for NotificationState {
    fn from_ref(state: &AppState) -> Self {
        state.inner.notifications.clone()
    }
}

/// The routes, with the body limit, over `state`. Serve it with [`crate::serve::serve`]
/// (timeouts and limits).
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(form_page))
        .route("/widget", get(widget_page))
        .route("/api/signuploadform", get(sign_upload_form))
        .route("/api/signuploadwidget", get(sign_upload_widget))
        .route("/api/sign-upload", post(sign_upload))
        .route("/webhooks/cloudinary", post(webhook))
        .fallback(|| async {
            Refusal::new(StatusCode::NOT_FOUND, "not_found", "no such route".into())
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// `POST /webhooks/cloudinary`: the extractor has verified the notification; a real
/// handler would now parse `notification.body` (the exact bytes Cloudinary signed).
async fn webhook(
    State(state): State<AppState>,
    notification: AxumVerifiedNotification,
) -> StatusCode {
    let mut received = state
        .inner
        .received
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if received.len() == KEPT_NOTIFICATIONS {
        received.pop_front();
    }
    received.push_back(notification);
    StatusCode::NO_CONTENT
}

/// `GET /api/signuploadform`: the form's server-chosen params, signed now.
async fn sign_upload_form(State(state): State<AppState>) -> Response {
    let choices = &state.inner.settings.choices;
    sign_chosen(&state, &state.inner.form_policy, choices.form_params())
}

/// `GET /api/signuploadwidget`: `source=uw` and the widget's folder, signed now.
async fn sign_upload_widget(State(state): State<AppState>) -> Response {
    let choices = &state.inner.settings.choices;
    sign_chosen(&state, &state.inner.widget_policy, choices.widget_params())
}

/// Signs server-chosen `params` through `policy` (forced values, the server's clock) and
/// answers as the sample app: `{"signature", "timestamp", "cloudname", "apikey"}`.
fn sign_chosen(
    state: &AppState,
    policy: &SigningPolicy,
    params: Vec<(&'static str, &str)>,
) -> Response {
    let signed = Params::from_pairs(params).and_then(|params| {
        policy
            .request(params)
            .sign_at(&state.inner.signer, state.now())
    });
    match signed {
        Ok(signed) => json_response(
            StatusCode::OK,
            &json!({
                "signature": signed.signature().to_string(),
                "timestamp": signed.timestamp().as_secs(),
                "cloudname": state.cloud_name(),
                "apikey": state.api_key(),
            }),
        ),
        // The chosen params are the server's own configuration.
        Err(err) => Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "misconfigured",
            format!("the server's upload params cannot be signed: {err}"),
        )
        .into_response(),
    }
}

/// `POST /api/sign-upload`: the library's signing route. A body that stalls past the body
/// timeout is answered by the server itself (`408 request_timeout`, see [`crate::serve`]).
async fn sign_upload(
    State(route): State<SigningRoute>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    cld_sign::policy::axum::sign_params(State(route), body).await
}

/// `GET /`: the upload form page.
async fn form_page(State(state): State<AppState>) -> Response {
    let settings = &state.inner.settings;
    let mut hidden = String::new();
    for (name, value) in settings.choices.form_params() {
        hidden.push_str(&format!(
            "    <input type=\"hidden\" name=\"{name}\" value=\"{}\">\n",
            escape_html(value)
        ));
    }
    let config = json!({ "upload_prefix": settings.account.upload_prefix });
    page(
        include_str!("pages/upload_form.html")
            .replace("<!-- HIDDEN_FIELDS -->\n", &hidden)
            .replace("/*CONFIG*/{}", &script_json(&config)),
    )
}

/// `GET /widget`: the Upload Widget page.
async fn widget_page(State(state): State<AppState>) -> Response {
    let choices = &state.inner.settings.choices;
    let config = json!({ "folder": choices.widget_folder });
    page(include_str!("pages/upload_widget.html").replace("/*CONFIG*/{}", &script_json(&config)))
}

fn page(html: String) -> Response {
    ([(CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

/// JSON text safe inside a `<script>` element (no `</script>`, no `<!--`).
fn script_json(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// Text safe inside an HTML attribute value in double quotes, or element content.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A refused request: its status and the JSON body `{"error", "message"}`.
struct Refusal {
    status: StatusCode,
    kind: &'static str,
    message: String,
}

impl Refusal {
    fn new(status: StatusCode, kind: &'static str, message: String) -> Self {
        Self {
            status,
            kind,
            message,
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

    #[test]
    fn html_and_script_escaping() {
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(
            script_json(&json!({"a": "</script><!--"})),
            r#"{"a":"\u003c/script>\u003c!--"}"#
        );
    }
}
