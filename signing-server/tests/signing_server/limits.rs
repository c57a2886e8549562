//! Timeouts and limits of `serve`: a slow or idle client is closed while normal requests
//! are served. Each test holds a slow connection open with raw TCP. Timeouts are short
//! (hundreds of milliseconds) to keep the tests fast.

use std::time::{Duration, Instant};

use crate::common::Running;
use cld_sign::Timestamp;
use cld_sign_signing_server::account::Account;
use cld_sign_signing_server::app::{AppState, Settings, app};
use cld_sign_signing_server::serve::Limits;
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
    let client: crate::common::HttpClient = Client::builder(TokioExecutor::new())
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
    let limits = Limits::default().header_read_timeout(Duration::from_millis(800));
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
    let limits = Limits::default().body_timeout(Duration::from_millis(300));
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
    let limits = Limits::default().request_timeout(Duration::from_millis(300));
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
async fn connection_limit_refuses_new_connections_at_once() {
    let limits = Limits::default()
        .header_read_timeout(Duration::from_millis(5000))
        .max_connections(1);
    let server = start(limits).await;
    let _slow = slow_client(&server, PARTIAL_HEAD).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let mut refused = slow_client(
        &server,
        b"GET /api/signuploadwidget HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    )
    .await;
    let answer = read_until_closed(&mut refused, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 503 "), "{answer}");
    assert!(answer.contains("connection: close"), "{answer}");
    assert!(answer.contains(r#""error":"server_busy""#), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "refused at once, not after the slow client's timeout"
    );
    server.stop().await;
}

/// Slow bodies hold nothing that other requests wait for: with 50 of them stalled, a
/// normal request is answered at once.
#[tokio::test]
async fn stalled_bodies_do_not_make_others_wait() {
    let limits = Limits::default().body_timeout(Duration::from_millis(1500));
    let server = start(limits).await;
    let mut slow = Vec::new();
    for _ in 0..50 {
        slow.push(slow_client(&server, PARTIAL_BODY).await);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    assert_eq!(normal_request(&server).await, StatusCode::OK);
    assert!(started.elapsed() < Duration::from_secs(2));
    drop(slow);
    server.stop().await;
}
