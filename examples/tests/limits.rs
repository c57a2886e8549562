//! Timeouts and limits of `serve`: a slow or idle client is closed while normal requests
//! are served. Each test holds a slow connection open with raw TCP. Timeouts are short
//! (hundreds of milliseconds) to keep the tests fast.

mod common;

use std::time::{Duration, Instant};

use cld_sign::Timestamp;
use cld_sign_examples::account::Account;
use cld_sign_examples::serve::Limits;
use cld_sign_examples::upload_signing_server::{AppState, Settings, app};
use common::Running;
use hyper::{Method, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const URL: &str = "cloudinary://1234:limits-test-secret@demo";

async fn start(limits: Limits) -> Running {
    let state = AppState::with_clock(Settings::new(Account::from_url(URL).unwrap()), || {
        Timestamp::from_secs(1_700_000_000)
    });
    Running::start(app(state), limits).await
}

/// A connection that sent `bytes` and then nothing more.
async fn slow_client(server: &Running, bytes: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    stream.write_all(bytes).await.expect("write");
    stream
}

/// Reads until the server closes the connection (at most `within`); what it sent.
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> String {
    let mut received = Vec::new();
    tokio::time::timeout(within, stream.read_to_end(&mut received))
        .await
        .expect("the server closed the slow connection in time")
        .expect("read");
    String::from_utf8_lossy(&received).into_owned()
}

/// A normal request, on a new connection: a pooled keep-alive one may be the idle
/// connection the header-read timeout is closing at that moment.
async fn normal_request(server: &Running) -> StatusCode {
    let client: common::HttpClient = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(0)
        .build_http();
    let request = hyper::Request::builder()
        .method(Method::GET)
        .uri(format!("{}/api/signuploadwidget", server.base))
        .body(http_body_util::Full::default())
        .unwrap();
    client.request(request).await.expect("an answer").status()
}

const PARTIAL_HEAD: &[u8] = b"POST /api/sign-upload HTTP/1.1\r\nHost: 127.0.0.1\r\n";
const PARTIAL_BODY: &[u8] =
    b"POST /api/sign-upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"paramsToSign\"";

#[tokio::test]
async fn header_read_timeout_closes_slow_and_idle_connections() {
    let limits = Limits {
        header_read_timeout: Duration::from_millis(800),
        ..Limits::default()
    };
    let server = start(limits).await;
    let started = Instant::now();
    let mut partial = slow_client(&server, PARTIAL_HEAD).await;
    let mut idle = slow_client(&server, b"").await;
    assert_eq!(normal_request(&server).await, StatusCode::OK);
    assert!(
        started.elapsed() < Duration::from_millis(800),
        "served while the slow ones wait"
    );

    for stream in [&mut partial, &mut idle] {
        read_until_closed(stream, Duration::from_secs(5)).await;
    }
    assert!(
        started.elapsed() >= Duration::from_millis(750),
        "closed by the timeout"
    );
    assert_eq!(normal_request(&server).await, StatusCode::OK);
    server.stop().await;
}

#[tokio::test]
async fn stalled_body_gets_408_from_the_body_timeout() {
    let limits = Limits {
        body_timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let server = start(limits).await;
    let started = Instant::now();
    let mut slow = slow_client(&server, PARTIAL_BODY).await;
    assert_eq!(normal_request(&server).await, StatusCode::OK);
    let answer = read_until_closed(&mut slow, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
    assert!(answer.contains(r#""error":"request_timeout""#), "{answer}");
    assert!(started.elapsed() >= Duration::from_millis(250));
    server.stop().await;
}

#[tokio::test]
async fn slow_request_gets_408_from_the_request_timeout() {
    let limits = Limits {
        request_timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let server = start(limits).await;
    let started = Instant::now();
    let mut slow = slow_client(&server, PARTIAL_BODY).await;
    assert_eq!(normal_request(&server).await, StatusCode::OK);
    let answer = read_until_closed(&mut slow, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
    assert!(started.elapsed() >= Duration::from_millis(250));
    server.stop().await;
}

#[tokio::test]
async fn connection_limit_makes_new_connections_wait_for_a_free_slot() {
    let limits = Limits {
        header_read_timeout: Duration::from_millis(1000),
        max_connections: 1,
        ..Limits::default()
    };
    let server = start(limits).await;
    let mut slow = slow_client(&server, PARTIAL_HEAD).await;
    let client = server.client.clone();
    let url = format!("{}/api/signuploadwidget", server.base);
    let waiting = tokio::spawn(async move {
        let response = client
            .request(
                hyper::Request::get(url)
                    .body(http_body_util::Full::default())
                    .unwrap(),
            )
            .await
            .expect("answered");
        (response.status(), Instant::now())
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "the only connection slot is taken");
    read_until_closed(&mut slow, Duration::from_secs(5)).await;
    let (status, _) = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .expect("served once the slot is free")
        .unwrap();
    assert_eq!(status, StatusCode::OK);
    server.stop().await;
}

#[tokio::test]
async fn in_flight_limit_makes_requests_wait_for_a_free_slot() {
    let limits = Limits {
        body_timeout: Duration::from_millis(1000),
        max_in_flight: 1,
        ..Limits::default()
    };
    let server = start(limits).await;
    let mut slow = slow_client(&server, PARTIAL_BODY).await;
    // Let the slow request reach its handler (and take the only slot).
    tokio::time::sleep(Duration::from_millis(100)).await;
    let client = server.client.clone();
    let url = format!("{}/api/signuploadwidget", server.base);
    let waiting = tokio::spawn(async move {
        client
            .request(
                hyper::Request::get(url)
                    .body(http_body_util::Full::default())
                    .unwrap(),
            )
            .await
            .expect("answered")
            .status()
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "the only request slot is taken");
    let answer = read_until_closed(&mut slow, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
    let status = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .expect("served once the slot is free")
        .unwrap();
    assert_eq!(status, StatusCode::OK);
    server.stop().await;
}
