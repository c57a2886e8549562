//! Helpers shared by the integration tests: the stand-in on an ephemeral loopback port
//! with a pinned clock, signed forms, multipart bodies, an HTTP client.

use std::time::Duration;

use cld_sign::{Config, Params, Signer, Timestamp};
use cld_sign_stand_in::{Limits, Running, StandIn};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

pub const SECRET: &str = "stand-in-test-secret";
pub const URL: &str = "cloudinary://4321:stand-in-test-secret@testcloud";
pub const NOW: u64 = 1_700_000_000;
pub const UPLOAD: &str = "/v1_1/testcloud/auto/upload";
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n not really an image";

pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

pub fn signer() -> Signer {
    Signer::from_config(&Config::from_url(URL).unwrap())
}

/// The stand-in at the pinned clock `now`.
pub async fn stand_in(now: u64) -> Running {
    stand_in_with(now, Limits::default()).await
}

pub async fn stand_in_with(now: u64, limits: Limits) -> Running {
    StandIn::builder()
        .cloudinary_url(URL)
        .clock(move || Timestamp::from_secs(now))
        .limits(limits)
        .start()
        .await
        .expect("the stand-in starts")
}

/// The form a client sends for `params` (a signed upload): the params as signed, plus
/// `api_key` and `signature`.
pub fn signed_form(params: &[(&str, &str)]) -> Vec<(String, String)> {
    let params = Params::from_pairs(params.iter().copied()).unwrap();
    let signature = signer().sign(&params);
    params
        .form_fields("4321", &signature)
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v))
        .collect()
}

pub fn borrowed(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

pub fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

/// An answer, read in full.
pub struct Answer {
    pub status: StatusCode,
    pub headers: hyper::HeaderMap,
    pub body: Bytes,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .map(|v| v.to_str().expect("ASCII header"))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    #[track_caller]
    pub fn json(&self) -> Value {
        assert_eq!(self.header("content-type"), Some("application/json"));
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    /// The `error.message` of a Cloudinary-style error, after checking the status.
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

pub async fn request(
    server: &Running,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: impl Into<Bytes>,
) -> Answer {
    let mut builder = Request::builder()
        .method(method)
        .uri(format!("{}{path}", server.base_url()));
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let response = client()
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

pub async fn get(server: &Running, path: &str) -> Answer {
    request(server, Method::GET, path, &[], Bytes::new()).await
}

pub const BOUNDARY: &str = "----cld-sign-test-boundary-7MA4YWxkTrZu0gW";

/// A `multipart/form-data` body: the text fields, then the file (if any) as `file`.
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

pub fn multipart_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

pub async fn post_file(
    server: &Running,
    path: &str,
    form: &[(&str, &str)],
    file: (&str, &str, &[u8]),
    headers: &[(&str, &str)],
) -> Answer {
    let body = multipart(form, Some(file));
    let content_type = multipart_type();
    let mut all = vec![("content-type", content_type.as_str())];
    all.extend_from_slice(headers);
    request(server, Method::POST, path, &all, body).await
}

pub async fn post_multipart(server: &Running, path: &str, form: &[(&str, &str)]) -> Answer {
    post_file(server, path, form, ("kitten.png", "image/png", PNG), &[]).await
}

/// Polls `check` every 20 ms until it gives `Some`, for at most `within`.
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

/// The workspace's root folder.
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate is in the workspace")
        .to_owned()
}

/// Where `.ci/run` installs the official SDKs: `<workspace>/target/sdk`.
pub fn sdk_dir() -> std::path::PathBuf {
    workspace_root().join("target").join("sdk")
}

/// Whether the test must run: `true` when `available` is `Ok`; otherwise a loud SKIPPED
/// line and `false`, or a failure with `CI=true` (CI installs the SDKs).
pub fn sdk_available(name: &str, available: Result<(), String>) -> bool {
    use std::io::Write as _;
    match available {
        Ok(()) => true,
        Err(why) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CI=true but the {name} is not installed ({why}); .ci/run installs it")
        }
        Err(why) => {
            let _ = writeln!(
                std::io::stderr(),
                "\n***** SKIPPED: {name} test: {why}. Run .ci/run (or see it) to install it. *****\n"
            );
            false
        }
    }
}

/// A fresh folder with the files the SDK scripts upload: `kitten.png` (a real 2×1 PNG
/// header) and `big.bin` (250,000 bytes, uploaded in chunks).
pub fn sdk_files() -> (std::path::PathBuf, Vec<u8>, Vec<u8>) {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("cld-sign-sdk-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&2u32.to_be_bytes());
    png.extend_from_slice(&1u32.to_be_bytes());
    png.extend_from_slice(b"\x08\x02\0\0\0 the rest of a small test image");
    let big: Vec<u8> = (0..250_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(dir.join("kitten.png"), &png).unwrap();
    std::fs::write(dir.join("big.bin"), &big).unwrap();
    (dir, png, big)
}

/// The auth token key the SDK tests configure on both sides.
pub const TOKEN_KEY: &str = "00112233445566778899aabbccddeeff";
