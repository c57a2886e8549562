//! Set-up shared by the integration tests of the stand-in (`cld-sign-stand-in`) and the
//! signing server (`cld-sign-signing-server`): an HTTP/1 client, a request whose answer is
//! read in full ([`request`], [`Answer`]), `multipart/form-data` bodies ([`multipart`]),
//! polling until something has happened ([`eventually`]), and fresh folders
//! ([`fresh_dir`]).
//!
//! Not published: both packages take it as a dev-dependency. It knows neither of them;
//! each test crate builds its own server handle on these pieces.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations, unreachable_pub)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{HeaderMap, Method, Request, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

/// The tests' HTTP/1 client over plain TCP, with whole bodies as request bodies.
pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// A new [`HttpClient`] (keep-alive pool included) on the current tokio runtime.
pub fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

/// An answer, read in full.
#[derive(Debug)]
pub struct Answer {
    /// The status code.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
}

impl Answer {
    /// The header `name`, if present; panics if it is not visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .map(|v| v.to_str().expect("ASCII header"))
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON, after checking `Content-Type: application/json`.
    #[track_caller]
    pub fn json(&self) -> Value {
        assert_eq!(self.header("content-type"), Some("application/json"));
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    /// The `error.message` of a Cloudinary-style error, after checking the status and that
    /// the body holds `error` alone.
    #[track_caller]
    pub fn cloudinary_error(&self, status: StatusCode) -> String {
        let text = self.text();
        assert_eq!(self.status, status, "{text}");
        let body = self.json();
        assert_eq!(body.as_object().map(|o| o.len()), Some(1), "{text}");
        body["error"]["message"]
            .as_str()
            .expect("error.message")
            .to_owned()
    }
}

/// Sends `method` `{base}{path}` with `headers` and `body` on `client`, and reads the
/// answer in full; panics if no answer comes.
pub async fn request(
    client: &HttpClient,
    base: &str,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: impl Into<Bytes>,
) -> Answer {
    let mut builder = Request::builder()
        .method(method)
        .uri(format!("{base}{path}"));
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let response = client
        .request(builder.body(Full::new(body.into())).expect("request"))
        .await
        .expect("an answer over HTTP");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("the whole body")
        .to_bytes();
    Answer {
        status,
        headers,
        body,
    }
}

/// The boundary of [`multipart`] bodies.
pub const BOUNDARY: &str = "----cld-sign-test-boundary-7MA4YWxkTrZu0gW";

/// A `multipart/form-data` body: the text fields, then the file (if any) as `file`, given
/// as (file name, content type, bytes). Send it with [`multipart_type`].
///
/// ```
/// use cld_sign_test_support::{BOUNDARY, multipart};
///
/// let body = multipart(&[("timestamp", "1700000000")], Some(("a.txt", "text/plain", b"hi")));
/// let text = String::from_utf8(body).unwrap();
/// assert!(text.starts_with(&format!("--{BOUNDARY}\r\n")));
/// assert!(text.contains("name=\"timestamp\"\r\n\r\n1700000000\r\n"));
/// assert!(text.contains("name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhi\r\n"));
/// assert!(text.ends_with(&format!("--{BOUNDARY}--\r\n")));
/// ```
pub fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((file_name, content_type, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// The `Content-Type` of a [`multipart`] body.
pub fn multipart_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

/// A new, empty folder under the system's temporary folder, named `<prefix>-<process
/// id>-<nanoseconds>-<count>` so that no two calls, in this process or another, share
/// one. The caller removes it.
///
/// ```
/// use cld_sign_test_support::fresh_dir;
/// let (dir, other) = (fresh_dir("cld-sign-doc"), fresh_dir("cld-sign-doc"));
/// assert!(dir.is_dir());
/// assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
/// assert_ne!(dir, other);
/// # std::fs::remove_dir(&dir).unwrap();
/// # std::fs::remove_dir(&other).unwrap();
/// ```
pub fn fresh_dir(prefix: &str) -> PathBuf {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let count = CALLS.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_nanos();
    let name = format!("{prefix}-{}-{nanos}-{count}", std::process::id());
    let dir = std::env::temp_dir().join(name);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

/// Polls `check` every 20 ms until it gives `Some`, for at most `within`; `None` if it
/// never did.
pub async fn eventually<T>(within: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if let Some(found) = check() {
            return Some(found);
        }
        if tokio::time::Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
