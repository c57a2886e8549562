//! HTTP as a client expects it, over raw TCP: answers follow the end of the body (chunked
//! or not), a closed connection says `Connection: close`, limits are counted per field,
//! and slow or greedy clients are refused at once rather than making others wait.

use std::time::{Duration, Instant};

use crate::common::*;
use cld_sign_stand_in::{Limits, MAX_FIELDS, Running};
use hyper::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One response read off a connection: its head (lower-cased) and body.
struct Raw {
    head: String,
    body: Vec<u8>,
}

impl Raw {
    fn status(&self) -> u16 {
        self.head[9..12].parse().expect("a status")
    }

    fn closes(&self) -> bool {
        self.head.contains("\r\nconnection: close\r\n")
    }
}

/// Reads one response (with a `content-length`) from `stream`, within five seconds.
async fn read_response(stream: &mut (impl AsyncReadExt + Unpin)) -> Raw {
    tokio::time::timeout(Duration::from_secs(5), async {
        let mut buffer = Vec::new();
        let mut byte = [0u8; 1];
        while !buffer.ends_with(b"\r\n\r\n") {
            let n = stream.read(&mut byte).await.expect("read");
            assert!(
                n > 0,
                "closed before a response: {:?}",
                String::from_utf8_lossy(&buffer)
            );
            buffer.push(byte[0]);
        }
        let head = String::from_utf8(buffer).unwrap().to_ascii_lowercase();
        let length: usize = head
            .split("\r\n")
            .find_map(|line| line.strip_prefix("content-length: "))
            .expect("a content-length")
            .parse()
            .unwrap();
        let mut body = vec![0u8; length];
        stream.read_exact(&mut body).await.expect("the body");
        Raw { head, body }
    })
    .await
    .expect("a response within 5 s")
}

/// Whether the server closed `stream` (within two seconds).
async fn closed(stream: &mut TcpStream) -> bool {
    let mut rest = Vec::new();
    matches!(
        tokio::time::timeout(Duration::from_secs(2), stream.read_to_end(&mut rest)).await,
        Ok(Ok(_))
    )
}

/// The stand-in with room for `max` connections, and `max` idle ones holding that room
/// (given the server 100 ms to take them): the next connection is refused.
async fn at_connection_limit(max: usize) -> (Running, Vec<TcpStream>) {
    let server = stand_in_with(NOW, Limits::default().max_connections(max)).await;
    let mut idle = Vec::new();
    for _ in 0..max {
        idle.push(TcpStream::connect(server.addr()).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    (server, idle)
}

fn upload_head(port: u16, content_type: &str, extra: &str) -> String {
    format!(
        "POST {UPLOAD} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ncontent-type: {content_type}\r\n{extra}\r\n"
    )
}

fn signed_body(ts: u64) -> Vec<u8> {
    let ts = ts.to_string();
    let form = signed_form(&[("timestamp", &ts), ("tags", "a")]);
    multipart(&borrowed(&form), Some(("cat.png", "image/png", PNG)))
}

/// The Node SDK's way: a chunked body whose last `0\r\n\r\n` comes in a write of its own.
/// The answer waits for it, and the connection serves the next request: 40 in a row.
#[tokio::test]
async fn chunked_bodies_are_read_to_their_end_before_the_answer() {
    let server = stand_in(NOW).await;
    let port = server.addr().port();
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    for i in 0..40 {
        let body = signed_body(NOW);
        let head = upload_head(port, &multipart_type(), "transfer-encoding: chunked\r\n");
        stream.write_all(head.as_bytes()).await.unwrap();
        stream
            .write_all(format!("{:x}\r\n", body.len()).as_bytes())
            .await
            .unwrap();
        stream.write_all(&body).await.unwrap();
        stream.write_all(b"\r\n").await.unwrap();
        if i < 3 {
            // The closing boundary has arrived; the body has not ended: no answer yet.
            let mut byte = [0u8; 1];
            let early =
                tokio::time::timeout(Duration::from_millis(200), stream.read(&mut byte)).await;
            assert!(early.is_err(), "answered before the body's end");
        }
        stream.write_all(b"0\r\n\r\n").await.unwrap();
        let answer = read_response(&mut stream).await;
        assert_eq!(
            answer.status(),
            200,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        assert!(!answer.closes());
    }
    assert_eq!(server.received().len(), 40);
    server.shutdown().await.unwrap();
}

/// A refusal decided before the body is read (a wrong cloud) still follows the body's end,
/// and the connection stays usable.
#[tokio::test]
async fn refusals_follow_the_end_of_the_body_too() {
    let server = stand_in(NOW).await;
    let port = server.addr().port();
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    let body = signed_body(NOW);
    let head = format!(
        "POST /v1_1/othercloud/auto/upload HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ncontent-type: {}\r\ncontent-length: {}\r\n\r\n",
        multipart_type(),
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let (first, rest) = body.split_at(body.len() - 10);
    stream.write_all(first).await.unwrap();
    let mut byte = [0u8; 1];
    let early = tokio::time::timeout(Duration::from_millis(200), stream.read(&mut byte)).await;
    assert!(early.is_err(), "answered before the body's end");
    stream.write_all(rest).await.unwrap();
    let answer = read_response(&mut stream).await;
    assert_eq!(answer.status(), 401);
    assert!(!answer.closes());
    // The same connection carries the next request.
    let body = signed_body(NOW);
    let head = upload_head(
        port,
        &multipart_type(),
        &format!("content-length: {}\r\n", body.len()),
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body).await.unwrap();
    assert_eq!(read_response(&mut stream).await.status(), 200);
    server.shutdown().await.unwrap();
}

/// Many tiny fields are refused at the first one over the count; the rest of a large
/// body is not read, and the answer says the connection closes.
#[tokio::test]
async fn field_count_attacks_are_refused_at_the_count() {
    let server = stand_in(NOW).await;
    let port = server.addr().port();
    for fields in [MAX_FIELDS + 1, 100_000, 2_000_000] {
        let body = "=&".repeat(fields);
        let mut stream = TcpStream::connect(server.addr()).await.unwrap();
        let head = upload_head(
            port,
            "application/x-www-form-urlencoded",
            &format!("content-length: {}\r\n", body.len()),
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        // Written concurrently: the server may stop reading before the end.
        let (mut read, mut write) = stream.into_split();
        let writer = tokio::spawn(async move {
            let _ = write.write_all(body.as_bytes()).await;
            write
        });
        let answer = read_response(&mut read).await;
        drop(writer.await.unwrap());
        assert_eq!(answer.status(), 400, "{fields}");
        let text = String::from_utf8_lossy(&answer.body).into_owned();
        assert!(text.contains("Too many parameters"), "{text}");
        // 4 MB of fields is more than the server reads after answering.
        assert_eq!(answer.closes(), fields == 2_000_000, "{fields}");
    }
    server.shutdown().await.unwrap();
}

/// A body that stalls gets `408` and `Connection: close`, while other requests are
/// served; so does a body that trickles past the request timeout.
#[tokio::test]
async fn slow_bodies_time_out_and_close() {
    let limits = Limits::default()
        .body_timeout(Duration::from_millis(300))
        .request_timeout(Duration::from_millis(900));
    let server = stand_in_with(NOW, limits).await;
    let port = server.addr().port();
    let body = signed_body(NOW);
    let head = upload_head(
        port,
        &multipart_type(),
        &format!("content-length: {}\r\n", body.len()),
    );

    let started = Instant::now();
    let mut stalled = TcpStream::connect(server.addr()).await.unwrap();
    stalled.write_all(head.as_bytes()).await.unwrap();
    stalled.write_all(&body[..10]).await.unwrap();
    // Meanwhile a normal upload is answered.
    let form = signed_form(&[("timestamp", &NOW.to_string())]);
    assert_eq!(
        post_multipart(&server, UPLOAD, &borrowed(&form))
            .await
            .status,
        StatusCode::OK
    );
    let answer = read_response(&mut stalled).await;
    assert_eq!(answer.status(), 408);
    assert!(answer.closes());
    assert!(String::from_utf8_lossy(&answer.body).contains("Request timeout"));
    assert!(closed(&mut stalled).await);
    assert!(started.elapsed() >= Duration::from_millis(250));

    // A byte every 100 ms never trips the body timeout; the request timeout still ends it.
    let started = Instant::now();
    let mut trickle = TcpStream::connect(server.addr()).await.unwrap();
    trickle.write_all(head.as_bytes()).await.unwrap();
    let (mut read, mut write) = trickle.into_split();
    let body_copy = body.clone();
    let writer = tokio::spawn(async move {
        for byte in body_copy.iter().take(40) {
            if write.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    let mut text = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), read.read_to_end(&mut text))
        .await
        .expect("closed in time")
        .ok();
    let text = String::from_utf8_lossy(&text).to_ascii_lowercase();
    assert!(text.starts_with("http/1.1 408 "), "{text}");
    assert!(text.contains("connection: close"), "{text}");
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(850) && took < Duration::from_secs(3),
        "{took:?}"
    );
    writer.abort();
    server.shutdown().await.unwrap();
}

/// Connections over the limit are answered `429` at once, not queued behind idle ones.
#[tokio::test]
async fn connections_over_the_limit_are_refused_at_once() {
    let (server, idle) = at_connection_limit(2).await;
    let started = Instant::now();
    let mut third = TcpStream::connect(server.addr()).await.unwrap();
    let port = server.addr().port();
    third
        .write_all(format!("GET /x HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let answer = read_response(&mut third).await;
    assert_eq!(answer.status(), 429);
    assert!(answer.closes());
    assert!(started.elapsed() < Duration::from_secs(1));
    drop(idle);
    server.shutdown().await.unwrap();
}

/// A body that would take the bytes held by all requests past the budget is refused.
#[tokio::test]
async fn the_byte_budget_refuses_excess_bodies() {
    let limits = Limits::default().max_buffered_bytes(200);
    let server = stand_in_with(NOW, limits).await;
    let form = signed_form(&[("timestamp", &NOW.to_string())]);
    let big = vec![7u8; 10_000];
    let answer = post_file(
        &server,
        UPLOAD,
        &borrowed(&form),
        ("b.bin", "application/octet-stream", &big),
        &[],
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        answer.text()
    );
    assert_eq!(answer.header("connection"), Some("close"));
    assert_eq!(answer.header("retry-after"), Some("1"));
    // The budget is given back: a small request still passes.
    let answer = request(&server, hyper::Method::GET, "/nothing", &[], "").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    server.shutdown().await.unwrap();
}

/// A body larger than the maximum gets `413` and `Connection: close`.
#[tokio::test]
async fn bodies_over_the_maximum_are_refused() {
    let limits = Limits::default().max_body_bytes(1000);
    let server = stand_in_with(NOW, limits).await;
    let form = signed_form(&[("timestamp", &NOW.to_string())]);
    let big = vec![7u8; 5_000];
    let answer = post_file(
        &server,
        UPLOAD,
        &borrowed(&form),
        ("b.bin", "application/octet-stream", &big),
        &[],
    )
    .await;
    assert_eq!(
        answer.cloudinary_error(StatusCode::PAYLOAD_TOO_LARGE),
        "Request too large"
    );
    assert_eq!(answer.header("connection"), Some("close"));
    server.shutdown().await.unwrap();
}

/// Dropping the handle leaves the stand-in serving (its docs say so; only `shutdown`
/// stops it): an app that starts it and keeps no handle still gets answers.
#[tokio::test]
async fn a_dropped_handle_leaves_it_serving() {
    let server = stand_in(NOW).await;
    let addr = server.addr();
    drop(server);
    // Long enough for a stop signal to reach the server task.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut stream = TcpStream::connect(addr)
        .await
        .expect("still accepting connections");
    let head = format!(
        "GET /nothing-here HTTP/1.1\r\nhost: 127.0.0.1:{}\r\n\r\n",
        addr.port()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_response(&mut stream).await;
    assert_eq!(answer.status(), 404);
}

/// Each request gives its body bytes back to the budget when it is done: requests that
/// each fit the budget all pass, one after another, however many there are.
#[tokio::test]
async fn the_byte_budget_is_given_back_after_each_request() {
    let form = signed_form(&[("timestamp", &NOW.to_string())]);
    let file = vec![7u8; 1000];
    let body_len = multipart(
        &borrowed(&form),
        Some(("b.bin", "application/octet-stream", &file)),
    )
    .len();
    // Room for one body at a time, not two.
    let limits = Limits::default().max_buffered_bytes(body_len + body_len / 2);
    let server = stand_in_with(NOW, limits).await;
    for i in 0..5 {
        let answer = post_file(
            &server,
            UPLOAD,
            &borrowed(&form),
            ("b.bin", "application/octet-stream", &file),
            &[],
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "request {i}: {}",
            answer.text()
        );
    }
    server.shutdown().await.unwrap();
}

/// A body the handler did not read is drained up to `DRAIN_LIMIT` bytes and the
/// connection kept; one byte more and it is closed after the answer.
#[tokio::test]
async fn unread_bodies_are_drained_up_to_the_limit() {
    use cld_sign_stand_in::serve::DRAIN_LIMIT;
    let server = stand_in(NOW).await;
    let port = server.addr().port();
    let unread = |length: usize| {
        let mut bytes = format!(
            "POST /nothing HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ncontent-length: {length}\r\n\r\n"
        )
        .into_bytes();
        bytes.resize(bytes.len() + length, b'x');
        bytes
    };
    let next = format!("GET /nothing HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\n\r\n");

    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    stream.write_all(&unread(DRAIN_LIMIT)).await.unwrap();
    let answer = read_response(&mut stream).await;
    assert_eq!(answer.status(), 404);
    assert!(!answer.closes(), "{}", answer.head);
    stream.write_all(next.as_bytes()).await.unwrap();
    assert_eq!(read_response(&mut stream).await.status(), 404);

    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    let writer = {
        let bytes = unread(DRAIN_LIMIT + 1);
        let (mut read, mut write) = stream.into_split();
        let writer = tokio::spawn(async move {
            // The server may stop reading: a failed write is expected then.
            let _ = write.write_all(&bytes).await;
            write
        });
        let answer = read_response(&mut read).await;
        assert_eq!(answer.status(), 404);
        assert!(answer.closes(), "{}", answer.head);
        (read, writer)
    };
    let (read, writer) = writer;
    stream = read.reunite(writer.await.unwrap()).unwrap();
    assert!(closed(&mut stream).await);
    server.shutdown().await.unwrap();
}

/// Many refusals one after another, more than the 256 the server refuses at once, are
/// each answered and closed.
#[tokio::test]
async fn refused_connections_end_when_their_client_closes() {
    let (server, idle) = at_connection_limit(1).await;
    let port = server.addr().port();
    let request = format!("GET /x HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\n\r\n");
    for i in 0..300 {
        let mut refused = TcpStream::connect(server.addr()).await.unwrap();
        refused.write_all(request.as_bytes()).await.unwrap();
        let answer = read_response(&mut refused).await;
        assert_eq!(answer.status(), 429, "connection {i}");
        assert!(closed(&mut refused).await, "connection {i}");
    }
    drop(idle);
    server.shutdown().await.unwrap();
}

/// A refused connection reads what its client still sends until the client closes, so
/// that closing does not reset the connection under its answer: a client that keeps
/// writing after the answer is not reset.
#[tokio::test]
async fn refused_connections_read_until_their_client_closes() {
    let (server, idle) = at_connection_limit(1).await;
    let port = server.addr().port();
    let mut refused = TcpStream::connect(server.addr()).await.unwrap();
    refused
        .write_all(format!("POST /x HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let answer = read_response(&mut refused).await;
    assert_eq!(answer.status(), 429);
    let piece = vec![b'x'; 16 * 1024];
    for i in 0..10 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        if let Err(err) = refused.write_all(&piece).await {
            panic!("write {i} after the answer failed: {err}");
        }
    }
    refused.shutdown().await.unwrap();
    assert!(closed(&mut refused).await);
    drop(idle);
    server.shutdown().await.unwrap();
}

/// A body of exactly `max_body_bytes` is taken; one byte more is refused.
#[tokio::test]
async fn bodies_of_the_maximum_are_taken() {
    let form = signed_form(&[("timestamp", &NOW.to_string())]);
    let file = vec![7u8; 1000];
    let body = multipart(
        &borrowed(&form),
        Some(("b.bin", "application/octet-stream", &file)),
    );
    for (max, status) in [
        (body.len(), StatusCode::OK),
        (body.len() - 1, StatusCode::PAYLOAD_TOO_LARGE),
    ] {
        let server = stand_in_with(NOW, Limits::default().max_body_bytes(max)).await;
        let answer = post_file(
            &server,
            UPLOAD,
            &borrowed(&form),
            ("b.bin", "application/octet-stream", &file),
            &[],
        )
        .await;
        assert_eq!(answer.status, status, "max {max}: {}", answer.text());
        server.shutdown().await.unwrap();
    }
}
