//! The signing route's axum and actix-web handlers over real HTTP on loopback: the same
//! requests get the same statuses and JSON from both.

use std::net::SocketAddr;

use cld_sign::policy::{Rule, SigningPolicy, SigningRoute};
use cld_sign::{Config, Params, Signer, Timestamp};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const URL: &str = "cloudinary://1234:route-secret-never-shown@demo";
const NOW: u64 = 1_700_000_000;

fn route() -> SigningRoute {
    let policy = SigningPolicy::upload_widget()
        .allow("folder", Rule::forced("uploads"))
        .build()
        .unwrap();
    SigningRoute::new(policy, &Config::from_url(URL).unwrap())
        .with_clock(|| Timestamp::from_secs(NOW))
}

/// The limit both servers are given for a body.
const LIMIT: usize = 1024;

/// `body` framed by its length.
fn sized(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

/// A request ending in `framing` (the body's headers, a blank line, the body): (status, body).
async fn send(addr: SocketAddr, framing: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "POST /api/sign-upload HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\n{framing}"
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("read");
    let response = String::from_utf8(response).expect("UTF-8");
    let (head, body) = response.split_once("\r\n\r\n").expect("a head");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{head}"
    );
    (head[9..12].parse().expect("status"), body.to_owned())
}

async fn check_all(addr: SocketAddr, who: &str) {
    let signer = Signer::from_config(&Config::from_url(URL).unwrap());
    let params = json!({"timestamp": NOW, "source": "uw", "folder": "uploads"});
    let signed = json!({ "paramsToSign": params }).to_string();
    let (status, body) = send(addr, &sized(&signed)).await;
    assert_eq!(status, 200, "{who}: {body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    let expected = signer.sign(&Params::from_serialize(&params).unwrap());
    assert_eq!(answer["signature"], expected.to_string(), "{who}");
    assert_eq!(answer["timestamp"], NOW, "{who}");
    assert_eq!(answer["api_key"], "1234", "{who}");
    assert_eq!(answer["cloud_name"], "demo", "{who}");

    let big = " ".repeat(LIMIT + 1);
    let refused = [
        (
            sized(
                &json!({"paramsToSign": {"timestamp": NOW, "folder": "uploads", "public_id": "x"}})
                    .to_string(),
            ),
            400,
            "unsupported_parameter",
        ),
        (
            sized(&json!({"paramsToSign": {"timestamp": NOW, "folder": "other"}}).to_string()),
            400,
            "disallowed_value",
        ),
        (
            sized(
                &json!({"paramsToSign": {"timestamp": NOW - 301, "folder": "uploads"}}).to_string(),
            ),
            400,
            "expired",
        ),
        (sized("{"), 400, "malformed_json"),
        (sized("[]"), 400, "invalid_request"),
        (
            sized(r#"{"paramsToSign": null}"#),
            400,
            "missing_params_to_sign",
        ),
        // What the framework cannot read is refused in the same JSON shape as the rest.
        (sized(&big), 413, "payload_too_large"),
        (
            "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n".to_owned(),
            400,
            "unreadable_body",
        ),
    ];
    for (framing, expected, kind) in refused {
        let (status, text) = send(addr, &framing).await;
        let shown = &framing[..framing.len().min(60)];
        assert_eq!(status, expected, "{who}: {shown}: {text}");
        let error: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(error["error"], kind, "{who}: {shown}");
        assert!(error["message"].as_str().is_some_and(|m| m.len() > 10));
        assert!(!text.contains("route-secret"), "{who}");
    }
}

#[tokio::test]
async fn axum_handler() {
    use axum::extract::DefaultBodyLimit;
    use axum::{Router, routing::post};

    let app = Router::new()
        .route(
            "/api/sign-upload",
            post(cld_sign::policy::axum::sign_params),
        )
        .layer(DefaultBodyLimit::max(LIMIT))
        .with_state(route());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    check_all(addr, "axum").await;
    server.abort();
}

#[test]
fn actix_handler() {
    use actix_web::{App, HttpServer, web};

    actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(route()))
                .app_data(web::PayloadConfig::new(LIMIT))
                .route(
                    "/api/sign-upload",
                    web::post().to(cld_sign::policy::actix::sign_params),
                )
        })
        .workers(1)
        .disable_signals()
        .bind(("127.0.0.1", 0))
        .expect("bind loopback");
        let addr = server.addrs()[0];
        let server = server.run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        check_all(addr, "actix").await;
        handle.stop(false).await;
    });
}
