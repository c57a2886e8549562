//! The stand-in's state and routes: the upload API (`upload`, chunked uploads, `destroy`,
//! `explicit`, `download`) and delivery.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use axum::extract::{Path, Request, State};
use axum::http::header::{CONTENT_TYPE, HeaderMap};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use cld_sign::delivery::{AuthTokenVerifier, DeliveryUrlVerifier};
use cld_sign::notification::OutgoingNotification;
use cld_sign::response::ApiResponse;
use cld_sign::{
    Config, Error, Params, SignatureVersion, Signer, Timestamp, delivery::TokenKey,
    request::RequestVerifier,
};
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use serde_json::{Map, Value};

use crate::chunks::{Parts, Range, RangeRefusal};

use crate::answer;
use crate::form::{FileData, Form, read_form};
use crate::reply::{Refusal, json_response};
use crate::store::{Asset, Store};

/// How long a notification delivery may take.
pub(crate) const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);

/// Unfinished chunked uploads kept at once at most.
pub const MAX_CHUNKED_UPLOADS: usize = 64;

/// How long an unfinished chunked upload is kept after its last chunk.
pub(crate) const CHUNKED_EXPIRY: Duration = Duration::from_secs(3600);

/// One notification the stand-in sent (or tried to).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Notification {
    /// The signed `notification_url`.
    pub url: String,
    /// The body sent, exactly.
    pub body: String,
    /// The `X-Cld-Timestamp` header sent.
    pub timestamp: Timestamp,
    /// The receiver's HTTP status, or why nothing was delivered.
    pub outcome: Result<u16, String>,
}

/// The stand-in's account, clock, store and logs. Cheap to clone.
#[derive(Clone)]
pub(crate) struct AppState {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) cloud: String,
    pub(crate) api_key: String,
    pub(crate) signer: Signer,
    requests: RequestVerifier,
    pub(crate) delivery_urls: DeliveryUrlVerifier,
    pub(crate) tokens: Option<AuthTokenVerifier>,
    clock: Arc<dyn Fn() -> Timestamp + Send + Sync>,
    client: Client<HttpConnector, Full<Bytes>>,
    pub(crate) deliveries: Mutex<Vec<Notification>>,
    pub(crate) received: Mutex<Vec<Asset>>,
    pub(crate) store: Store,
    chunks: Mutex<HashMap<String, Partial>>,
    pub(crate) base_url: String,
    counter: AtomicU64,
    random: RandomState,
}

/// An unfinished chunked upload.
struct Partial {
    public_id: String,
    resource_type: &'static str,
    file: FileData,
    parts: Parts,
    last_seen: std::time::Instant,
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl AppState {
    pub(crate) fn new(
        config: &Config,
        token_key: Option<TokenKey>,
        clock: Arc<dyn Fn() -> Timestamp + Send + Sync>,
        store: Store,
        base_url: String,
    ) -> Self {
        let signer = Signer::from_config(config);
        Self {
            inner: Arc::new(Inner {
                cloud: config.cloud_name().unwrap_or_default().to_owned(),
                api_key: config.api_key().unwrap_or_default().to_owned(),
                requests: match signer.signature_version() {
                    // The account signs with the legacy version: accept it, explicitly.
                    SignatureVersion::V1 => {
                        RequestVerifier::new(signer.clone()).allow_signature_version_1()
                    }
                    _ => RequestVerifier::new(signer.clone()),
                },
                delivery_urls: DeliveryUrlVerifier::new(signer.clone()),
                signer,
                tokens: token_key.map(AuthTokenVerifier::new),
                clock,
                // Idle connections are dropped before a server's 10 s header-read timeout
                // closes them under a request.
                client: Client::builder(TokioExecutor::new())
                    .pool_timer(TokioTimer::new())
                    .pool_idle_timeout(Duration::from_secs(5))
                    .build_http(),
                deliveries: Mutex::new(Vec::new()),
                received: Mutex::new(Vec::new()),
                store,
                chunks: Mutex::new(HashMap::new()),
                base_url,
                counter: AtomicU64::new(0),
                random: RandomState::new(),
            }),
        }
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    pub(crate) fn now(&self) -> Timestamp {
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

    /// The delivery URL of an asset (with `transformation`, in `format`).
    pub(crate) fn asset_url(
        &self,
        resource_type: &str,
        delivery_type: &str,
        transformation: Option<&str>,
        version: u64,
        public_id: &str,
        format: Option<&str>,
    ) -> String {
        let mut url = format!(
            "{}/{}/{resource_type}/{delivery_type}/",
            self.inner.base_url, self.inner.cloud
        );
        if let Some(transformation) = transformation {
            url.push_str(transformation);
            url.push('/');
        }
        url.push_str(&format!("v{version}/{public_id}"));
        if let Some(format) = format {
            url.push('.');
            url.push_str(format);
        }
        url
    }
}

/// The Upload API: `upload`, chunked uploads, `destroy` and `explicit`.
pub(crate) async fn api(
    State(state): State<AppState>,
    Path((cloud, resource_type, action)): Path<(String, String, String)>,
    request: Request,
) -> Response {
    let headers = request.headers().clone();
    // The whole body is read before any check, so every answer follows its end.
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(refusal) => return refusal.into_response(),
    };
    let result = match action.as_str() {
        "upload" => upload(&state, &cloud, &resource_type, &headers, form).await,
        "destroy" => destroy(&state, &cloud, &resource_type, form).await,
        "explicit" => explicit(&state, &cloud, &resource_type, form).await,
        _ => Err(Refusal::not_found("Not found")),
    };
    result.unwrap_or_else(IntoResponse::into_response)
}

/// Checks the cloud name, the API key and the signature of `form`, as Cloudinary does;
/// the verified parameters.
pub(crate) fn check_signed(
    state: &AppState,
    cloud: &str,
    fields: &[(String, String)],
) -> Result<Params, Refusal> {
    let inner = &state.inner;
    if cloud != inner.cloud {
        return Err(Refusal::unauthorized(format!("Invalid cloud_name {cloud}")));
    }
    match fields.iter().find(|(n, _)| n == "api_key").map(|(_, v)| v) {
        None => return Err(Refusal::unauthorized("Must supply api_key")),
        Some(key) if *key != inner.api_key => {
            return Err(Refusal::unauthorized(format!("Unknown API key {key}")));
        }
        Some(_) => {}
    }
    let signature = fields
        .iter()
        .find(|(n, _)| n == "signature")
        .map_or("", |(_, v)| v.as_str());
    let now = state.now();
    match inner
        .requests
        .verify_at(fields.iter().map(|(n, v)| (n, v)), now)
    {
        Ok(verified) => Ok(verified.into_params()),
        Err(Error::MalformedSignature { .. }) => {
            // Cloudinary answers a malformed signature like a wrong one: check a well-formed
            // stand-in for it to get the string to sign.
            let zeros = "0".repeat(
                ApiResponse::new("", "")
                    .sign(&inner.signer)
                    .to_string()
                    .len(),
            );
            let stand_in = fields
                .iter()
                .filter(|(n, _)| n != "signature")
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .chain([("signature", zeros.as_str())]);
            let err = match inner.requests.verify_at(stand_in, now) {
                Err(err) => err,
                Ok(_) => Error::Mismatch {
                    string_to_sign: None,
                },
            };
            Err(refusal_for(err, signature, now))
        }
        Err(err) => Err(refusal_for(err, signature, now)),
    }
}

/// Cloudinary's answer to a failed check.
fn refusal_for(err: Error, signature: &str, now: Timestamp) -> Refusal {
    match err {
        Error::Mismatch {
            string_to_sign: Some(string),
        } => Refusal::unauthorized(format!(
            "Invalid Signature {signature}. String to sign - '{string}'."
        )),
        Error::Expired { age, .. } => Refusal::bad_request(format!(
            "Stale request - reported time is {} which is more than 1 hour ago",
            rfc3339(now.as_secs().saturating_sub(age))
        )),
        Error::FromFuture { ahead, .. } => Refusal::bad_request(format!(
            "Invalid timestamp - reported time is {} which is in the future",
            rfc3339(now.as_secs().saturating_add(ahead))
        )),
        Error::MissingTimestamp => Refusal::bad_request("Missing required parameter - timestamp"),
        Error::MalformedTimestamp { .. } => {
            Refusal::bad_request(format!("Invalid timestamp: {err}"))
        }
        Error::DuplicateParameter { name } => {
            Refusal::bad_request(format!("Duplicate parameter - {name}"))
        }
        other => Refusal::bad_request(format!("Invalid parameter - {other}")),
    }
}

/// Unix seconds as RFC 3339 text (`2023-11-14T22:13:20Z`).
pub(crate) fn rfc3339(secs: u64) -> String {
    SystemTime::UNIX_EPOCH
        .checked_add(Duration::from_secs(secs))
        .map_or_else(
            || "out of range".into(),
            |time| humantime::format_rfc3339_seconds(time).to_string(),
        )
}

/// The characters Cloudinary refuses in a public ID: "`?&#\\%<>+` are utterly forbidden"
/// (Permitted naming conventions,
/// <https://cloudinary.com/documentation/ts_permitted_naming_conventions>), and control
/// characters, which no public ID can carry in a URL.
fn is_forbidden_in_public_id(c: char) -> bool {
    matches!(c, '?' | '&' | '#' | '\\' | '%' | '<' | '>' | '+') || c.is_control()
}

/// Refuses a `public_id` or a `folder` (the stand-in builds public IDs from both) holding
/// a character Cloudinary refuses, with Cloudinary's message. Besides mirroring
/// Cloudinary, this keeps the response signature, hash(`public_id=<id>&version=<v>` ++
/// secret), from being a request signature: with `&` and `=` in the ID it would sign more
/// params than two.
fn check_public_id_text(name: &str, value: &str) -> Result<(), Refusal> {
    if value.contains(is_forbidden_in_public_id) {
        return Err(Refusal::bad_request(format!("{name} ({value}) is invalid")));
    }
    Ok(())
}

/// The resource type of an `auto` upload, from the file's content type or extension.
fn detect_resource_type(file: &FileData) -> &'static str {
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

fn extension(file: &FileData) -> Option<String> {
    let name = file.name.as_deref()?;
    let (_, ext) = name.rsplit_once('.')?;
    // ASCII letters and digits only: a raw file's extension ends its public ID.
    let plain = ext.bytes().all(|b| b.is_ascii_alphanumeric());
    (!ext.is_empty() && ext.len() <= 8 && plain).then(|| ext.to_ascii_lowercase())
}

/// The file name without its extension, characters refused in public IDs replaced by
/// `_` (as Cloudinary does with `use_filename`).
fn stem(file: &FileData) -> String {
    let name = file.name.as_deref().unwrap_or("file");
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    if stem.is_empty() {
        "file".into()
    } else {
        stem.replace(is_forbidden_in_public_id, "_")
    }
}

fn resource_type_of(resource_type: &str, file: &FileData) -> Result<&'static str, Refusal> {
    Ok(match resource_type {
        "auto" => detect_resource_type(file),
        "image" => "image",
        "video" => "video",
        "raw" => "raw",
        other => {
            return Err(Refusal::bad_request(format!(
                "Invalid resource type {other}"
            )));
        }
    })
}

/// The public ID an upload gets: the `folder`, then the signed `public_id`, or one from
/// the file name (`use_filename`), or a random one; a raw file's keeps its extension.
fn choose_public_id(
    state: &AppState,
    params: &Params,
    resource_type: &str,
    file: &FileData,
) -> String {
    let truthy = |name| matches!(params.get(name), Some("true" | "1"));
    let falsy = |name| matches!(params.get(name), Some("false" | "0"));
    let base = match params.get("public_id") {
        Some(id) => return id.to_owned(),
        None if truthy("use_filename") && falsy("unique_filename") => stem(file),
        None if truthy("use_filename") => format!("{}_{}", stem(file), state.random_id(6)),
        None => state.random_id(20),
    };
    let base = match (resource_type, extension(file)) {
        ("raw", Some(ext)) => format!("{base}.{ext}"),
        _ => base,
    };
    let folder = params.get("folder").unwrap_or_default().trim_matches('/');
    if folder.is_empty() {
        base
    } else {
        format!("{folder}/{base}")
    }
}

fn check_resource_type(resource_type: &str) -> Result<(), Refusal> {
    if ["image", "video", "raw", "auto"].contains(&resource_type) {
        Ok(())
    } else {
        Err(Refusal::bad_request(format!(
            "Invalid resource type {resource_type}"
        )))
    }
}

async fn upload(
    state: &AppState,
    cloud: &str,
    resource_type: &str,
    headers: &HeaderMap,
    form: Form,
) -> Result<Response, Refusal> {
    if cloud != state.inner.cloud {
        return Err(Refusal::unauthorized(format!("Invalid cloud_name {cloud}")));
    }
    check_resource_type(resource_type)?;
    let params = check_signed(state, cloud, &form.fields)?;
    for name in ["public_id", "folder"] {
        if let Some(value) = params.get(name) {
            check_public_id_text(name, value)?;
        }
    }
    for name in ["type", "access_mode"] {
        let allowed: &[&str] = if name == "type" {
            &["upload", "private", "authenticated"]
        } else {
            &["public", "authenticated"]
        };
        if let Some(value) = params.get(name).filter(|v| !allowed.contains(v)) {
            return Err(Refusal::bad_request(format!("Invalid {name} {value}")));
        }
    }
    let Some(file) = form.file else {
        return Err(Refusal::bad_request("Missing required parameter - file"));
    };
    let upload_id = headers
        .get("x-unique-upload-id")
        .and_then(|v| v.to_str().ok());
    let range = headers.get("content-range").and_then(|v| v.to_str().ok());
    let (file, public_id, resource_type) = match (upload_id, range) {
        (Some(id), Some(range)) => match chunk(state, id, range, &params, resource_type, file)? {
            Chunk::Partial(answer) => return Ok(json_response(StatusCode::OK, &answer)),
            Chunk::Done(file, public_id, resource_type) => (file, public_id, resource_type),
        },
        (None, None) => {
            let resource_type = resource_type_of(resource_type, &file)?;
            let public_id = choose_public_id(state, &params, resource_type, &file);
            (file, public_id, resource_type)
        }
        _ => {
            return Err(Refusal::bad_request(
                "Chunked uploads need both X-Unique-Upload-Id and Content-Range",
            ));
        }
    };
    accept(state, &params, resource_type, public_id, file).await
}

/// Keeps the upload, answers it, and sends its notification.
async fn accept(
    state: &AppState,
    params: &Params,
    resource_type: &'static str,
    public_id: String,
    file: FileData,
) -> Result<Response, Refusal> {
    let now = state.now();
    let asset = describe(state, params, resource_type, public_id, file, now);
    state.inner.store.put(asset.clone()).await.map_err(|err| {
        Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("The upload could not be stored: {err}"),
        )
    })?;
    lock(&state.inner.received).push(asset.clone());
    if let Some(url) = params.get("notification_url") {
        let Value::Object(answer) = &asset.response else {
            unreachable!("an upload response is an object")
        };
        notify(state, url.to_owned(), answer, now);
    }
    Ok(json_response(StatusCode::OK, &asset.response))
}

/// The asset and the `200` answer for an accepted upload.
fn describe(
    state: &AppState,
    params: &Params,
    resource_type: &'static str,
    public_id: String,
    file: FileData,
    now: Timestamp,
) -> Asset {
    let format = extension(&file).filter(|_| resource_type != "raw");
    let version = now.as_secs();
    let signature = ApiResponse::new(&public_id, &version).sign(&state.inner.signer);
    let delivery_type = params.get("type").unwrap_or("upload").to_owned();
    let access_mode = params.get("access_mode").unwrap_or("public").to_owned();
    let url = |transformation: Option<&str>, format: Option<&str>| {
        state.asset_url(
            resource_type,
            &delivery_type,
            transformation,
            version,
            &public_id,
            format,
        )
    };
    let tags: Vec<&str> = params
        .get("tags")
        .map(|t| t.split(',').filter(|t| !t.is_empty()).collect())
        .unwrap_or_default();
    let folder = public_id.rsplit_once('/').map_or("", |(folder, _)| folder);
    let dimensions = dimensions(&file.bytes);

    let mut answer = Map::new();
    let mut put = |name: &str, value: Value| {
        answer.insert(name.to_owned(), value);
    };
    put("asset_id", Value::from(state.random_hex()));
    put("public_id", Value::from(public_id.as_str()));
    put("version", Value::from(version));
    put("version_id", Value::from(state.random_hex()));
    put("signature", Value::from(signature.to_string()));
    if let Some((width, height)) = dimensions {
        put("width", Value::from(width));
        put("height", Value::from(height));
    }
    if let Some(format) = &format {
        put("format", Value::from(format.as_str()));
    }
    put("resource_type", Value::from(resource_type));
    put("created_at", Value::from(rfc3339(version)));
    put("tags", Value::from(tags));
    put("bytes", Value::from(file.bytes.len()));
    put("type", Value::from(delivery_type.as_str()));
    put("placeholder", Value::from(false));
    put("url", Value::from(url(None, format.as_deref())));
    put("secure_url", Value::from(url(None, format.as_deref())));
    put("access_mode", Value::from(access_mode.as_str()));
    put("folder", Value::from(folder));
    put("asset_folder", Value::from(folder));
    put(
        "display_name",
        Value::from(public_id.rsplit('/').next().unwrap_or_default()),
    );
    if params
        .get("discard_original_filename")
        .is_none_or(|v| v == "false" || v == "0")
    {
        put("original_filename", Value::from(stem(&file)));
    }
    put("api_key", Value::from(state.inner.api_key.as_str()));
    if let Some(text) = params.get("context") {
        put("context", answer::context(text));
    }
    if let Some(text) = params.get("metadata") {
        put("metadata", Value::Object(answer::key_values(text)));
    }
    if let Some(text) = params.get("eager") {
        let items = answer::eager_items(text)
            .into_iter()
            .map(|(transformation, eager_format)| {
                let format = eager_format.or_else(|| format.clone());
                let url = url(Some(&transformation), format.as_deref());
                let mut item = serde_json::json!({
                    "transformation": transformation,
                    "bytes": file.bytes.len(),
                    "format": format,
                    "url": url,
                    "secure_url": url,
                });
                if let Some((width, height)) = dimensions {
                    item["width"] = Value::from(width);
                    item["height"] = Value::from(height);
                }
                item
            })
            .collect::<Vec<_>>();
        put("eager", Value::from(items));
    }
    if let Some(settings) = params
        .get("responsive_breakpoints")
        .and_then(answer::breakpoint_settings)
    {
        let items = settings
            .into_iter()
            .map(|(transformation, breakpoint_format, max_width)| {
                // Transformations are not applied: one breakpoint, the image as uploaded.
                let width = dimensions.map_or(max_width, |(w, _)| w.min(max_width));
                let format = breakpoint_format.or_else(|| format.clone());
                let chain = match &transformation {
                    Some(t) => format!("{t}/c_scale,w_{width}"),
                    None => format!("c_scale,w_{width}"),
                };
                let url = url(Some(&chain), format.as_deref());
                let mut breakpoint = serde_json::json!({
                    "width": width,
                    "bytes": file.bytes.len(),
                    "url": url,
                    "secure_url": url,
                });
                if let Some((w, h)) = dimensions {
                    breakpoint["height"] = Value::from(h * width / w.max(1));
                }
                let mut item = serde_json::json!({ "breakpoints": [breakpoint] });
                if let Some(transformation) = transformation {
                    item["transformation"] = Value::from(transformation);
                }
                item
            })
            .collect::<Vec<_>>();
        put("responsive_breakpoints", Value::from(items));
    }
    Asset {
        public_id,
        resource_type: resource_type.to_owned(),
        delivery_type,
        access_mode,
        version,
        format,
        content_type: file.content_type,
        bytes: file.bytes,
        params: params
            .iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect(),
        response: Value::Object(answer),
    }
}

/// Width and height of a PNG or GIF, read from its header.
fn dimensions(bytes: &[u8]) -> Option<(u64, u64)> {
    let be = |b: &[u8]| u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    let le = |b: &[u8]| u64::from(u16::from_le_bytes([b[0], b[1]]));
    if bytes.len() >= 24 && bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR" {
        return Some((be(&bytes[16..20]), be(&bytes[20..24])));
    }
    if bytes.len() >= 10 && (bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a")) {
        return Some((le(&bytes[6..8]), le(&bytes[8..10])));
    }
    None
}

/// What a chunk completed.
enum Chunk {
    /// More chunks are expected: the intermediate answer.
    Partial(Value),
    /// The last chunk: the whole file, its public ID and resource type.
    Done(FileData, String, &'static str),
}

/// Adds a chunk of a chunked upload (its signature already checked).
fn chunk(
    state: &AppState,
    upload_id: &str,
    range: &str,
    params: &Params,
    resource_type: &str,
    file: FileData,
) -> Result<Chunk, Refusal> {
    let invalid_range = || Refusal::bad_request(format!("Invalid Content-Range {range}"));
    let range = Range::parse(range, file.bytes.len()).map_err(|refusal| match refusal {
        RangeRefusal::TooLarge => {
            Refusal::new(StatusCode::PAYLOAD_TOO_LARGE, "File size too large")
        }
        RangeRefusal::Invalid => invalid_range(),
    })?;
    let mut chunks = lock(&state.inner.chunks);
    chunks.retain(|_, partial| partial.last_seen.elapsed() < CHUNKED_EXPIRY);
    if !chunks.contains_key(upload_id) {
        if upload_id.is_empty() || upload_id.len() > 128 {
            return Err(Refusal::bad_request("Invalid X-Unique-Upload-Id"));
        }
        if chunks.len() >= MAX_CHUNKED_UPLOADS {
            return Err(Refusal::new(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many unfinished chunked uploads - finish or abandon some first",
            ));
        }
        let resource_type = resource_type_of(resource_type, &file)?;
        let public_id = choose_public_id(state, params, resource_type, &file);
        chunks.insert(
            upload_id.to_owned(),
            Partial {
                public_id,
                resource_type,
                file: FileData {
                    name: file.name.clone(),
                    content_type: file.content_type.clone(),
                    bytes: Bytes::new(),
                },
                parts: Parts::new(),
                last_seen: std::time::Instant::now(),
            },
        );
    }
    let partial = chunks.get_mut(upload_id).expect("inserted above");
    if let Some(id) = params.get("public_id")
        && id != partial.public_id
    {
        return Err(Refusal::bad_request(format!(
            "public_id {id} does not match the chunked upload's {}",
            partial.public_id
        )));
    }
    let whole = partial
        .parts
        .add(range, file.bytes)
        .map_err(|_| invalid_range())?;
    partial.last_seen = std::time::Instant::now();
    let Some(whole) = whole else {
        let answer = serde_json::json!({
            "done": false,
            "public_id": partial.public_id,
            "resource_type": partial.resource_type,
            "bytes": partial.parts.received(),
            "upload_id": upload_id,
        });
        return Ok(Chunk::Partial(answer));
    };
    let mut partial = chunks.remove(upload_id).expect("present");
    partial.file.bytes = whole;
    Ok(Chunk::Done(
        partial.file,
        partial.public_id,
        partial.resource_type,
    ))
}

/// The asset a signed `destroy` or `explicit` names: its checked parameters, `public_id`,
/// `type` (default `upload`) and resource type (`auto` taken as `image`).
struct Target<'r> {
    params: Params,
    public_id: String,
    delivery_type: String,
    resource_type: &'r str,
}

fn signed_target<'r>(
    state: &AppState,
    cloud: &str,
    resource_type: &'r str,
    form: &Form,
) -> Result<Target<'r>, Refusal> {
    let params = check_signed(state, cloud, &form.fields)?;
    let public_id = params
        .get("public_id")
        .ok_or_else(|| Refusal::bad_request("Missing required parameter - public_id"))?
        .to_owned();
    let delivery_type = params.get("type").unwrap_or("upload").to_owned();
    let resource_type = if resource_type == "auto" {
        "image"
    } else {
        resource_type
    };
    Ok(Target {
        params,
        public_id,
        delivery_type,
        resource_type,
    })
}

/// `destroy`: removes an asset, as Cloudinary does for a signed `public_id` (and `type`).
async fn destroy(
    state: &AppState,
    cloud: &str,
    resource_type: &str,
    form: Form,
) -> Result<Response, Refusal> {
    let Target {
        params: _,
        public_id,
        delivery_type,
        resource_type,
    } = signed_target(state, cloud, resource_type, &form)?;
    let (public_id, delivery_type) = (public_id.as_str(), delivery_type.as_str());
    let removed = state
        .inner
        .store
        .remove(resource_type, delivery_type, public_id)
        .await
        .map_err(|err| Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, err.to_string()))?;
    let result = if removed { "ok" } else { "not found" };
    Ok(json_response(
        StatusCode::OK,
        &serde_json::json!({ "result": result }),
    ))
}

/// `explicit`: for an existing asset, replaces what was signed (`tags`, `context`,
/// `metadata`, `eager`) and answers as an upload of it.
async fn explicit(
    state: &AppState,
    cloud: &str,
    resource_type: &str,
    form: Form,
) -> Result<Response, Refusal> {
    let Target {
        params,
        public_id,
        delivery_type,
        resource_type,
    } = signed_target(state, cloud, resource_type, &form)?;
    let (public_id, delivery_type) = (public_id.as_str(), delivery_type.as_str());
    let Some(existing) = state
        .inner
        .store
        .get(resource_type, delivery_type, public_id)
    else {
        return Err(Refusal::not_found(format!(
            "Resource not found - {public_id}"
        )));
    };
    let resource_type: &'static str = match existing.resource_type.as_str() {
        "image" => "image",
        "video" => "video",
        _ => "raw",
    };
    let file = FileData {
        name: Some(match &existing.format {
            Some(format) => format!("{public_id}.{format}"),
            None => public_id.to_owned(),
        }),
        content_type: existing.content_type.clone(),
        bytes: existing.bytes.clone(),
    };
    accept(state, &params, resource_type, public_id.to_owned(), file).await
}

/// Sends the `upload` notification for `answer` to `url`, in the background.
fn notify(state: &AppState, url: String, answer: &Map<String, Value>, now: Timestamp) {
    let mut body = answer.clone();
    body.insert("notification_type".into(), Value::from("upload"));
    body.insert("timestamp".into(), Value::from(rfc3339(now.as_secs())));
    body.insert("request_id".into(), Value::from(state.random_hex()));
    let body = Value::Object(body).to_string();
    let signed = OutgoingNotification::new(body.as_bytes(), now).sign(&state.inner.signer);
    let signature = signed.signature().to_string();
    let state = state.clone();
    tokio::spawn(async move {
        let outcome = deliver(&state, &url, &body, now, &signature).await;
        lock(&state.inner.deliveries).push(Notification {
            url,
            body,
            timestamp: now,
            outcome,
        });
    });
}

async fn deliver(
    state: &AppState,
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
        .header(cld_sign::notification::TIMESTAMP_HEADER, now.to_string())
        .header(cld_sign::notification::SIGNATURE_HEADER, signature)
        .body(Full::new(Bytes::from(body.to_owned())))
        .map_err(|err| err.to_string())?;
    let response = tokio::time::timeout(DELIVERY_TIMEOUT, state.inner.client.request(request))
        .await
        .map_err(|_| "timed out".to_owned())?
        .map_err(|err| err.to_string())?;
    Ok(response.status().as_u16())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chunks::parse_range;

    #[test]
    fn content_ranges() {
        assert_eq!(parse_range("bytes 0-9/20"), Some((0, 9, Some(20))));
        assert_eq!(parse_range("bytes 10-19/-1"), Some((10, 19, None)));
        assert_eq!(parse_range("bytes 10-19/*"), Some((10, 19, None)));
        assert_eq!(parse_range("bytes 10-9/20"), None);
        assert_eq!(parse_range("bytes 10-20/20"), None);
        assert_eq!(parse_range("bytes 10-19/19"), None);
        assert_eq!(parse_range("bytes 19-19/20"), Some((19, 19, Some(20))));
        assert_eq!(parse_range("items 0-9/20"), None);
        assert_eq!(parse_range("bytes 0-x/20"), None);
    }

    #[test]
    fn image_dimensions() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&640u32.to_be_bytes());
        png.extend_from_slice(&480u32.to_be_bytes());
        assert_eq!(dimensions(&png), Some((640, 480)));
        assert_eq!(dimensions(b"GIF89a\x10\x00\x20\x00"), Some((16, 32)));
        assert_eq!(dimensions(b"GIF89a\x10\x00\x20"), None);
        assert_eq!(dimensions(b"not an image at all, not at all"), None);
    }

    fn state() -> AppState {
        let config = Config::from_url("cloudinary://4321:app-test-secret@testcloud").unwrap();
        let clock = Arc::new(|| Timestamp::from_secs(1_700_000_000));
        AppState::new(
            &config,
            None,
            clock,
            Store::in_memory(),
            "http://127.0.0.1:1".into(),
        )
    }

    #[test]
    fn random_ids_are_random_letters_and_digits() {
        let state = state();
        for len in [6, 20] {
            let id = state.random_id(len);
            assert_eq!(id.len(), len, "{id}");
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{id}"
            );
        }
        // Each character from its own part of the hash: 20 characters take two hashes,
        // and (but with odds far below one in 10^20) show more than two distinct ones.
        let id = state.random_id(20);
        let mut distinct: Vec<u8> = id.bytes().collect();
        distinct.sort_unstable();
        distinct.dedup();
        assert!(distinct.len() > 2, "{id}");
        assert_ne!(state.random_id(20), id);
    }

    #[test]
    fn random_hex_ids_are_32_hex_digits_and_differ() {
        let state = state();
        let first = state.random_hex();
        let second = state.random_hex();
        for id in [&first, &second] {
            assert_eq!(id.len(), 32, "{id}");
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
                "{id}"
            );
        }
        assert_ne!(first, second);
    }

    #[test]
    fn auto_resource_type_from_content_type_then_extension() {
        let file = |name: &str, content_type: &str| FileData {
            name: Some(name.into()),
            content_type: Some(content_type.into()),
            bytes: Bytes::new(),
        };
        let octets = "application/octet-stream";
        assert_eq!(detect_resource_type(&file("a.bin", "image/png")), "image");
        assert_eq!(detect_resource_type(&file("a.bin", "video/mp4")), "video");
        assert_eq!(detect_resource_type(&file("a.bin", "audio/mpeg")), "video");
        assert_eq!(detect_resource_type(&file("a.PNG", octets)), "image");
        assert_eq!(detect_resource_type(&file("a.pdf", octets)), "image");
        assert_eq!(detect_resource_type(&file("a.mp4", octets)), "video");
        assert_eq!(detect_resource_type(&file("a.m4a", octets)), "video");
        assert_eq!(detect_resource_type(&file("a.bin", octets)), "raw");
        let unnamed = FileData {
            name: None,
            content_type: None,
            bytes: Bytes::new(),
        };
        assert_eq!(detect_resource_type(&unnamed), "raw");
    }

    #[test]
    fn extensions_are_short_plain_and_lower_case() {
        let ext = |name: Option<&str>| {
            extension(&FileData {
                name: name.map(Into::into),
                content_type: None,
                bytes: Bytes::new(),
            })
        };
        assert_eq!(ext(Some("a.PNG")).as_deref(), Some("png"));
        assert_eq!(ext(Some("a.b.tar1")).as_deref(), Some("tar1"));
        assert_eq!(ext(Some("a.abcdefgh")).as_deref(), Some("abcdefgh"));
        assert_eq!(ext(Some("a.abcdefghi")), None);
        assert_eq!(ext(Some("a.")), None);
        assert_eq!(ext(Some("a.p-g")), None);
        assert_eq!(ext(Some("a.p_g")), None);
        assert_eq!(ext(Some("a")), None);
        assert_eq!(ext(None), None);
    }

    #[test]
    fn public_ids_from_the_params_the_file_name_or_at_random() {
        let state = state();
        let file = FileData {
            name: Some("kitten.bin".into()),
            content_type: None,
            bytes: Bytes::new(),
        };
        let choose = |pairs: &[(&str, &str)], resource_type| {
            let params = Params::from_pairs(pairs.iter().copied()).unwrap();
            choose_public_id(&state, &params, resource_type, &file)
        };
        assert_eq!(choose(&[("public_id", "cat")], "image"), "cat");
        let unique = choose(&[("use_filename", "true")], "image");
        let suffix = unique.strip_prefix("kitten_").expect(&unique);
        assert_eq!(suffix.len(), 6, "{unique}");
        assert_eq!(
            choose(&[("use_filename", "1"), ("unique_filename", "0")], "image"),
            "kitten"
        );
        // `unique_filename=false` alone changes nothing: the ID is random.
        let random = choose(&[("unique_filename", "false")], "image");
        assert_eq!(random.len(), 20, "{random}");
        assert!(!random.contains("kitten"), "{random}");
        let raw = choose(&[("folder", "/a/b/")], "raw");
        let raw = raw.strip_prefix("a/b/").expect(&raw);
        assert_eq!(raw.len(), 24, "{raw}");
        assert!(raw.ends_with(".bin"), "{raw}");
    }

    #[test]
    fn resource_types_are_the_four_cloudinary_takes() {
        for ok in ["image", "video", "raw", "auto"] {
            assert!(check_resource_type(ok).is_ok(), "{ok}");
        }
        for bad in ["audio", "Image", ""] {
            let refusal = check_resource_type(bad).unwrap_err();
            assert_eq!(refusal.status, StatusCode::BAD_REQUEST);
            assert_eq!(refusal.message, format!("Invalid resource type {bad}"));
        }
    }
}
