//! A local stand-in for Cloudinary's upload API, for tests and for offline development of
//! apps that upload.
//!
//! **It checks signatures only and stores nothing durable**: the file's bytes are counted
//! and dropped, the answer's URLs point at Cloudinary's CDN but nothing is there, and the
//! only state kept is a log of the notifications it sent ([`StandInState::deliveries`]).
//!
//! `POST /v1_1/<cloud>/<resource_type>/upload`, `multipart/form-data` or
//! `application/x-www-form-urlencoded`, checks the request as Cloudinary does:
//! the cloud name and `api_key` must be the configured ones; the signature is recomputed
//! over every received field except the excluded names (`file`, `cloud_name`,
//! `resource_type`, `api_key`, `signature`), fields named `name[]` being one list
//! parameter `name`, items comma-joined in the order received (SPEC §1.4, as
//! `RequestVerifier` reads a form); a timestamp
//! more than one hour old is stale. Answers, as Cloudinary does,
//! `{"error": {"message": "..."}}`:
//!
//! | problem | status | message |
//! |---|---|---|
//! | wrong cloud name | 401 | `Invalid cloud_name <cloud>` |
//! | no `api_key` / another key | 401 | `Must supply api_key` / `Unknown API key <key>` |
//! | wrong or malformed signature | 401 | `Invalid Signature <sig>. String to sign - '<string>'.` |
//! | timestamp older than one hour | 400 | `Stale request - reported time is <time> which is more than 1 hour ago` |
//! | timestamp more than 300 s ahead | 400 | `Invalid timestamp - reported time is <time> which is in the future` |
//! | no `timestamp`, malformed one | 400 | `Missing required parameter - timestamp`, `Invalid timestamp <text>` |
//! | a name twice (`tags` and `tags[]` included), a malformed name | 400 | `Duplicate parameter - <name>`, `Invalid parameter - <name>` |
//! | `public_id` or `folder` holding `? & # \ % < > +` or a control character (Cloudinary's naming rules) | 400 | `Invalid public_id "<id>": ...` |
//! | no `file` | 400 | `Missing required parameter - file` |
//! | resource type not `image`, `video`, `raw`, `auto` | 400 | `Invalid resource type <type>` |
//! | other content types | 400 | `Unsupported content type` |
//! | body stalls past the body timeout / too large | 408 / 413 | `Request timeout` / `Request too large` |
//!
//! Otherwise 200 with an upload response: `asset_id`, `public_id` (the `folder`, then the
//! signed `public_id` or a random one), `version` (the clock), `version_id`, `signature`
//! (the response signature of SPEC §4, which clients should verify), `resource_type`,
//! `format`, `created_at`, `tags` (a list), `bytes`, `type`, `placeholder`, `url`,
//! `secure_url`, `folder`, `original_filename`, `api_key`, and every other signed field as
//! the text that was signed. When a `notification_url` was signed and sent, the stand-in
//! then POSTs an `upload` notification to it (the response's fields plus
//! `notification_type` and `timestamp`), signed as SPEC §2 says (`X-Cld-Timestamp`,
//! `X-Cld-Signature`); `http://` URLs only (no TLS here).
//!
//! Responses carry the CORS headers Cloudinary's API sends (`Access-Control-Allow-Origin:
//! *`, preflight answered for `POST`), so a page on another origin can post to it.

use std::collections::hash_map::RandomState;
use std::fmt::Write as _;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::header::{CONTENT_TYPE, HeaderName};
use axum::http::{HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use cld_sign::{
    Error, NotificationVerifier, Params, RequestVerifier, SignatureVersion, Signer, Timestamp,
};
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use serde_json::{Map, Value, json};
use tower_http::cors::{Any, CorsLayer};

use crate::account::Account;

/// The largest upload accepted, in bytes (100 MiB, Cloudinary's limit for most plans).
pub const UPLOAD_LIMIT: usize = 100 * 1024 * 1024;

/// The most text (all non-file fields together), in bytes: 1 MiB.
pub const TEXT_LIMIT: usize = 1024 * 1024;

/// How long a notification delivery may take.
pub const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);

/// One notification the stand-in sent (or tried to).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// The signed `notification_url`.
    pub url: String,
    /// The body sent, exactly.
    pub body: String,
    /// The receiver's HTTP status, or why nothing was delivered.
    pub outcome: Result<u16, String>,
}

/// The stand-in's account, clock and delivery log. Cheap to clone.
#[derive(Clone)]
pub struct StandInState {
    inner: Arc<Inner>,
}

struct Inner {
    account: Account,
    signer: Signer,
    requests: RequestVerifier,
    notifications: NotificationVerifier,
    clock: Arc<dyn Fn() -> Timestamp + Send + Sync>,
    client: Client<HttpConnector, Full<Bytes>>,
    deliveries: Mutex<Vec<Delivery>>,
    counter: AtomicU64,
    random: RandomState,
}

impl std::fmt::Debug for StandInState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StandInState")
            .field("account", &self.inner.account)
            .finish_non_exhaustive()
    }
}

impl StandInState {
    /// Checks uploads signed for `account`, against the system clock.
    pub fn new(account: Account) -> Self {
        Self::with_clock(account, Timestamp::now)
    }

    /// Like [`StandInState::new`], reading the time from `clock`.
    pub fn with_clock(
        account: Account,
        clock: impl Fn() -> Timestamp + Send + Sync + 'static,
    ) -> Self {
        let signer = Signer::from_config(&account.config);
        Self {
            inner: Arc::new(Inner {
                requests: match signer.signature_version() {
                    // The account signs with the legacy version: accept it, explicitly.
                    SignatureVersion::V1 => {
                        RequestVerifier::new(signer.clone()).allow_signature_version_1()
                    }
                    _ => RequestVerifier::new(signer.clone()),
                },
                notifications: NotificationVerifier::new(signer.clone()),
                signer,
                account,
                clock: Arc::new(clock),
                // Idle connections are dropped before a server's 10 s header-read timeout
                // closes them under a request.
                client: Client::builder(TokioExecutor::new())
                    .pool_timer(TokioTimer::new())
                    .pool_idle_timeout(Duration::from_secs(5))
                    .build_http(),
                deliveries: Mutex::new(Vec::new()),
                counter: AtomicU64::new(0),
                random: RandomState::new(),
            }),
        }
    }

    /// The notifications sent so far, in order (for tests and for a look at what an app
    /// received).
    pub fn deliveries(&self) -> Vec<Delivery> {
        lock(&self.inner.deliveries).clone()
    }

    fn now(&self) -> Timestamp {
        (self.inner.clock)()
    }

    /// `len` random lower-case letters and digits (Cloudinary's random public IDs).
    fn random_id(&self, len: usize) -> String {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        let mut out = String::with_capacity(len);
        while out.len() < len {
            let n = self.inner.counter.fetch_add(1, Ordering::Relaxed);
            let mut bits = self.inner.random.hash_one((n, SystemTime::now()));
            for _ in 0..10 {
                if out.len() == len {
                    break;
                }
                out.push(char::from(ALPHABET[(bits % 36) as usize]));
                bits /= 36;
            }
        }
        out
    }

    fn random_hex(&self) -> String {
        let n = self.inner.counter.fetch_add(1, Ordering::Relaxed);
        let a = self.inner.random.hash_one((n, 'a', SystemTime::now()));
        let b = self.inner.random.hash_one((n, 'b', SystemTime::now()));
        format!("{a:016x}{b:016x}")
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The route, with the upload limit and CORS, over `state`. Serve it with
/// [`crate::serve::serve`].
pub fn app(state: StandInState) -> Router {
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
        .route("/v1_1/{cloud}/{resource_type}/upload", post(upload))
        .fallback(|| async { cloudinary_error(StatusCode::NOT_FOUND, "Not found".into()) })
        .layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
        .layer(cors)
        .with_state(state)
}

/// Cloudinary's error shape.
fn cloudinary_error(status: StatusCode, message: String) -> Response {
    json_response(status, &json!({ "error": { "message": message } }))
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let content_type = [(CONTENT_TYPE, HeaderValue::from_static("application/json"))];
    (status, content_type, body.to_string()).into_response()
}

/// A refused upload.
struct Refusal(StatusCode, String);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        cloudinary_error(self.0, self.1)
    }
}

fn bad_request(message: String) -> Refusal {
    Refusal(StatusCode::BAD_REQUEST, message)
}

/// What was received as the `file` field.
#[derive(Default)]
struct FileInfo {
    name: Option<String>,
    content_type: Option<String>,
    bytes: u64,
}

/// The received form: text fields in order, and the file.
#[derive(Default)]
struct Received {
    fields: Vec<(String, String)>,
    file: Option<FileInfo>,
    text_bytes: usize,
}

impl Received {
    fn push_text(&mut self, name: String, value: String) -> Result<(), Refusal> {
        self.text_bytes += name.len() + value.len();
        if self.text_bytes > TEXT_LIMIT {
            return Err(Refusal(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Request too large".into(),
            ));
        }
        if name == "file" {
            // A remote URL or data URI in place of a file.
            let file = FileInfo {
                name: value.rsplit('/').next().map(str::to_owned),
                content_type: None,
                bytes: value.len() as u64,
            };
            return self.set_file(file);
        }
        self.fields.push((name, value));
        Ok(())
    }

    fn set_file(&mut self, file: FileInfo) -> Result<(), Refusal> {
        if self.file.replace(file).is_some() {
            return Err(bad_request("Duplicate parameter - file".into()));
        }
        Ok(())
    }
}

async fn upload(
    State(state): State<StandInState>,
    Path((cloud, resource_type)): Path<(String, String)>,
    request: Request,
) -> Response {
    match handle(&state, &cloud, &resource_type, request).await {
        Ok(response) => response,
        Err(refusal) => refusal.into_response(),
    }
}

async fn handle(
    state: &StandInState,
    cloud: &str,
    resource_type: &str,
    request: Request,
) -> Result<Response, Refusal> {
    let config = &state.inner.account.config;
    if config.cloud_name() != Some(cloud) {
        return Err(Refusal(
            StatusCode::UNAUTHORIZED,
            format!("Invalid cloud_name {cloud}"),
        ));
    }
    if !["image", "video", "raw", "auto"].contains(&resource_type) {
        return Err(bad_request(format!(
            "Invalid resource type {resource_type}"
        )));
    }
    let received = read_form(request).await?;
    let fields = received.fields;

    let api_key = fields.iter().find(|(n, _)| n == "api_key").map(|(_, v)| v);
    match api_key {
        None => {
            return Err(Refusal(
                StatusCode::UNAUTHORIZED,
                "Must supply api_key".into(),
            ));
        }
        Some(key) if Some(key.as_str()) != config.api_key() => {
            return Err(Refusal(
                StatusCode::UNAUTHORIZED,
                format!("Unknown API key {key}"),
            ));
        }
        Some(_) => {}
    }
    let signature = fields
        .iter()
        .find(|(n, _)| n == "signature")
        .map_or("", |(_, v)| v.as_str())
        .to_owned();
    let now = state.now();
    let params = match state
        .inner
        .requests
        .verify_form_at(fields.iter().map(|(n, v)| (n, v)), now)
    {
        Ok(params) => params,
        Err(Error::MalformedSignature { .. }) => {
            // Cloudinary answers a malformed signature like a wrong one: check a well-formed
            // stand-in for it to get the string to sign.
            let zeros = "0".repeat(state.inner.signer.sign_response("", "").to_string().len());
            let stand_in = fields
                .iter()
                .filter(|(n, _)| n != "signature")
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .chain([("signature", zeros.as_str())]);
            let err = match state.inner.requests.verify_form_at(stand_in, now) {
                Err(err) => err,
                Ok(_) => Error::Mismatch {
                    string_to_sign: None,
                },
            };
            return Err(match err {
                Error::Mismatch {
                    string_to_sign: Some(string),
                } => invalid_signature(&signature, &string),
                other => refusal_for(other, &signature, now),
            });
        }
        Err(err) => return Err(refusal_for(err, &signature, now)),
    };
    for name in ["public_id", "folder"] {
        if let Some(value) = params.get(name) {
            check_public_id_text(name, value)?;
        }
    }
    let Some(file) = received.file else {
        return Err(bad_request("Missing required parameter - file".into()));
    };
    let answer = upload_response(state, &params, resource_type, &file, now);
    if let Some(url) = params.get("notification_url") {
        notify(state, url.to_owned(), &answer, now);
    }
    Ok(json_response(StatusCode::OK, &Value::Object(answer)))
}

/// The characters Cloudinary refuses in a public ID: "`?&#\\%<>+` are utterly forbidden"
/// (Permitted naming conventions,
/// <https://cloudinary.com/documentation/ts_permitted_naming_conventions>), and control
/// characters, which no public ID can carry in a URL.
fn is_forbidden_in_public_id(c: char) -> bool {
    matches!(c, '?' | '&' | '#' | '\\' | '%' | '<' | '>' | '+') || c.is_control()
}

/// Refuses a `public_id` or a `folder` (the stand-in builds public IDs from both) holding
/// a character Cloudinary refuses in public IDs. Besides mirroring Cloudinary, this keeps
/// the response signature, hash(`public_id=<id>&version=<v>` ++ secret), from being a
/// request signature: with `&` and `=` in the ID it would sign more params than two.
fn check_public_id_text(name: &str, value: &str) -> Result<(), Refusal> {
    if value.contains(is_forbidden_in_public_id) {
        return Err(bad_request(format!(
            "Invalid {name} {value:?}: public IDs and folders must not contain ? & # \\ % < > + \
             or control characters"
        )));
    }
    Ok(())
}

fn invalid_signature(signature: &str, string_to_sign: &str) -> Refusal {
    Refusal(
        StatusCode::UNAUTHORIZED,
        format!("Invalid Signature {signature}. String to sign - '{string_to_sign}'."),
    )
}

/// Cloudinary's answer to a failed check.
fn refusal_for(err: Error, signature: &str, now: Timestamp) -> Refusal {
    match err {
        Error::Mismatch {
            string_to_sign: Some(string),
        } => invalid_signature(signature, &string),
        Error::Expired { age, .. } => bad_request(format!(
            "Stale request - reported time is {} which is more than 1 hour ago",
            rfc3339(now.as_secs().saturating_sub(age))
        )),
        Error::FromFuture { ahead, .. } => bad_request(format!(
            "Invalid timestamp - reported time is {} which is in the future",
            rfc3339(now.as_secs().saturating_add(ahead))
        )),
        Error::MissingTimestamp => bad_request("Missing required parameter - timestamp".into()),
        Error::MalformedTimestamp { .. } => bad_request(format!("Invalid timestamp: {err}")),
        Error::DuplicateParameter { name } => bad_request(format!("Duplicate parameter - {name}")),
        other => bad_request(format!("Invalid parameter - {other}")),
    }
}

/// Unix seconds as RFC 3339 text (`2023-11-14T22:13:20Z`).
fn rfc3339(secs: u64) -> String {
    SystemTime::UNIX_EPOCH
        .checked_add(Duration::from_secs(secs))
        .map_or_else(
            || "out of range".into(),
            |time| humantime::format_rfc3339_seconds(time).to_string(),
        )
}

/// Reads a multipart or urlencoded form.
async fn read_form(request: Request) -> Result<Received, Refusal> {
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut received = Received::default();
    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(request, &())
            .await
            .map_err(|rejection| bad_request(rejection.body_text()))?;
        while let Some(mut field) = multipart.next_field().await.map_err(body_refusal)? {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "file" && field.file_name().is_some() {
                let mut file = FileInfo {
                    name: field.file_name().map(str::to_owned),
                    content_type: field.content_type().map(str::to_owned),
                    bytes: 0,
                };
                // Counted, never kept.
                while let Some(chunk) = field.chunk().await.map_err(body_refusal)? {
                    file.bytes += chunk.len() as u64;
                }
                received.set_file(file)?;
            } else {
                let mut value = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(body_refusal)? {
                    if received.text_bytes + value.len() + chunk.len() > TEXT_LIMIT {
                        return Err(Refusal(
                            StatusCode::PAYLOAD_TOO_LARGE,
                            "Request too large".into(),
                        ));
                    }
                    value.extend_from_slice(&chunk);
                }
                let value = String::from_utf8(value)
                    .map_err(|_| bad_request(format!("Invalid parameter - {name} is not UTF-8")))?;
                received.push_text(name, value)?;
            }
        }
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        let body = Bytes::from_request(request, &())
            .await
            .map_err(|rejection| {
                if crate::serve::is_body_timeout(&rejection) {
                    Refusal(StatusCode::REQUEST_TIMEOUT, "Request timeout".into())
                } else if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    Refusal(StatusCode::PAYLOAD_TOO_LARGE, "Request too large".into())
                } else {
                    bad_request(rejection.body_text())
                }
            })?;
        for (name, value) in form_urlencoded::parse(&body) {
            received.push_text(name.into_owned(), value.into_owned())?;
        }
    } else {
        return Err(bad_request("Unsupported content type".into()));
    }
    Ok(received)
}

fn body_refusal(err: axum::extract::multipart::MultipartError) -> Refusal {
    if crate::serve::is_body_timeout(&err) {
        Refusal(StatusCode::REQUEST_TIMEOUT, "Request timeout".into())
    } else if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Refusal(StatusCode::PAYLOAD_TOO_LARGE, "Request too large".into())
    } else {
        bad_request(err.body_text())
    }
}

/// The resource type of an `auto` upload, from the file's content type or extension.
fn detect_resource_type(file: &FileInfo) -> &'static str {
    let content_type = file.content_type.as_deref().unwrap_or_default();
    if content_type.starts_with("image/") {
        return "image";
    }
    if content_type.starts_with("video/") || content_type.starts_with("audio/") {
        return "video";
    }
    match extension(file).as_deref() {
        Some(
            "jpg" | "jpeg" | "png" | "gif" | "webp" | "avif" | "svg" | "bmp" | "tif" | "tiff"
            | "heic" | "ico" | "pdf",
        ) => "image",
        Some("mp4" | "mov" | "webm" | "mkv" | "avi" | "mp3" | "wav" | "ogg" | "flac" | "m4a") => {
            "video"
        }
        _ => "raw",
    }
}

fn extension(file: &FileInfo) -> Option<String> {
    let name = file.name.as_deref()?;
    let (_, ext) = name.rsplit_once('.')?;
    // ASCII letters and digits only: a raw file's extension ends its public ID.
    let plain = ext.bytes().all(|b| b.is_ascii_alphanumeric());
    (!ext.is_empty() && ext.len() <= 8 && plain).then(|| ext.to_ascii_lowercase())
}

/// The file name without its extension, characters refused in public IDs replaced by
/// `_` (as Cloudinary does with `use_filename`).
fn stem(file: &FileInfo) -> String {
    let name = file.name.as_deref().unwrap_or("file");
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    if stem.is_empty() {
        "file".into()
    } else {
        stem.replace(is_forbidden_in_public_id, "_")
    }
}

/// The 200 answer for an accepted upload.
fn upload_response(
    state: &StandInState,
    params: &Params,
    resource_type: &str,
    file: &FileInfo,
    now: Timestamp,
) -> Map<String, Value> {
    let resource_type = match resource_type {
        "auto" => detect_resource_type(file),
        "image" => "image",
        "video" => "video",
        _ => "raw",
    };
    let truthy = |name| matches!(params.get(name), Some("true" | "1"));
    let falsy = |name| matches!(params.get(name), Some("false" | "0"));
    let format = extension(file).filter(|_| resource_type != "raw");
    let base = match params.get("public_id") {
        Some(id) => id.to_owned(),
        None if truthy("use_filename") && falsy("unique_filename") => stem(file),
        None if truthy("use_filename") => format!("{}_{}", stem(file), state.random_id(6)),
        None => state.random_id(20),
    };
    let base = match (resource_type, extension(file)) {
        ("raw", Some(ext)) if params.get("public_id").is_none() => format!("{base}.{ext}"),
        _ => base,
    };
    let folder = params.get("folder").unwrap_or_default().trim_matches('/');
    let public_id = if folder.is_empty() {
        base
    } else {
        format!("{folder}/{base}")
    };
    let version = now.as_secs();
    let signature = state.inner.signer.sign_response(&public_id, &version);
    let delivery_type = params.get("type").unwrap_or("upload");
    let cloud = state.inner.account.config.cloud_name().unwrap_or_default();
    let mut path = format!("{cloud}/{resource_type}/{delivery_type}/v{version}/{public_id}");
    if let Some(format) = &format {
        let _ = write!(path, ".{format}");
    }
    let tags: Vec<&str> = params
        .get("tags")
        .map(|t| t.split(',').collect())
        .unwrap_or_default();
    let created_at = rfc3339(version);

    let mut answer = Map::new();
    // Every other signed field, as the text that was signed.
    for (name, value) in params.iter() {
        if name != "timestamp" {
            answer.insert(name.to_owned(), Value::from(value));
        }
    }
    let fields = [
        ("asset_id", Value::from(state.random_hex())),
        ("public_id", Value::from(public_id)),
        ("version", Value::from(version)),
        ("version_id", Value::from(state.random_hex())),
        ("signature", Value::from(signature.to_string())),
        ("resource_type", Value::from(resource_type)),
        ("format", format.map_or(Value::Null, Value::from)),
        ("created_at", Value::from(created_at)),
        ("tags", Value::from(tags)),
        ("bytes", Value::from(file.bytes)),
        ("type", Value::from(delivery_type)),
        ("placeholder", Value::from(false)),
        (
            "url",
            Value::from(format!("http://res.cloudinary.com/{path}")),
        ),
        (
            "secure_url",
            Value::from(format!("https://res.cloudinary.com/{path}")),
        ),
        ("folder", Value::from(folder)),
        ("original_filename", Value::from(stem(file))),
        ("api_key", Value::from(state.inner.account.config.api_key())),
    ];
    for (name, value) in fields {
        answer.insert(name.to_owned(), value);
    }
    answer
}

/// Sends the `upload` notification for `answer` to `url`, in the background.
fn notify(state: &StandInState, url: String, answer: &Map<String, Value>, now: Timestamp) {
    let mut body = answer.clone();
    body.insert("notification_type".into(), Value::from("upload"));
    body.insert("timestamp".into(), Value::from(rfc3339(now.as_secs())));
    body.insert("request_id".into(), Value::from(state.random_hex()));
    let body = Value::Object(body).to_string();
    let signature = state.inner.notifications.sign(body.as_bytes(), now);
    let state = state.clone();
    tokio::spawn(async move {
        let outcome = deliver(&state, &url, &body, now, &signature.to_string()).await;
        lock(&state.inner.deliveries).push(Delivery { url, body, outcome });
    });
}

async fn deliver(
    state: &StandInState,
    url: &str,
    body: &str,
    now: Timestamp,
    signature: &str,
) -> Result<u16, String> {
    let uri: Uri = url.parse().map_err(|err| format!("not a URL: {err}"))?;
    if uri.scheme_str() != Some("http") {
        return Err(
            "only http:// notification URLs can be reached from the stand-in (no TLS)".into(),
        );
    }
    let request = axum::http::Request::post(uri)
        .header(CONTENT_TYPE, "application/json")
        .header(cld_sign::TIMESTAMP_HEADER, now.to_string())
        .header(cld_sign::SIGNATURE_HEADER, signature)
        .body(Full::new(Bytes::from(body.to_owned())))
        .map_err(|err| err.to_string())?;
    let response = tokio::time::timeout(DELIVERY_TIMEOUT, state.inner.client.request(request))
        .await
        .map_err(|_| "timed out".to_owned())?
        .map_err(|err| err.to_string())?;
    Ok(response.status().as_u16())
}
