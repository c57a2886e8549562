//! Helpers shared by the integration tests: a server on an ephemeral loopback port, an
//! HTTP client, multipart bodies.

#![allow(dead_code)]

use std::io;
use std::time::Duration;

use axum::Router;
use cld_sign_signing_server::serve::{Limits, serve};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// A server running `router` on 127.0.0.1:<ephemeral>.
pub struct Running {
    pub base: String,
    pub addr: std::net::SocketAddr,
    pub client: HttpClient,
    stop: oneshot::Sender<()>,
    task: JoinHandle<io::Result<()>>,
}

impl Running {
    pub async fn start(router: Router, limits: Limits) -> Self {
        Self::start_on(listener().await, router, limits)
    }

    /// Serves on a listener bound beforehand (to know the address first).
    pub fn start_on(listener: TcpListener, router: Router, limits: Limits) -> Self {
        let addr = listener.local_addr().expect("local address");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, router, limits, async {
            let _ = stopped.await;
        }));
        Self {
            base: format!("http://{addr}"),
            addr,
            client: Client::builder(TokioExecutor::new()).build_http(),
            stop,
            task,
        }
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> Answer {
        let mut builder = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let response = self
            .client
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

    pub async fn stop(self) {
        drop(self.client);
        self.stop.send(()).expect("server still running");
        tokio::time::timeout(Duration::from_secs(30), self.task)
            .await
            .expect("the server stops within 30 s")
            .expect("server task")
            .expect("server ran without I/O error");
    }
}

/// A listener on 127.0.0.1:<ephemeral>.
pub async fn listener() -> TcpListener {
    TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback")
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

    pub fn json(&self) -> Value {
        assert_eq!(self.header("content-type"), Some("application/json"));
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    /// The `error.message` of a Cloudinary-style error, after checking the status.
    #[track_caller]
    pub fn cloudinary_error(&self, status: StatusCode) -> String {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        assert_eq!(self.status, status, "{text}");
        let body = self.json();
        assert_eq!(body.as_object().map(|o| o.len()), Some(1), "{text}");
        body["error"]["message"]
            .as_str()
            .expect("error.message")
            .to_owned()
    }
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
