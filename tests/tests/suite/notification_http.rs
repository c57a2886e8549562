//! The web integrations over real HTTP on loopback: axum's `AxumVerifiedNotification<T>`, the
//! tower `NotificationLayer` (around an axum router and around a plain hyper service) and
//! The actix-web extractor, each answering the same statuses for the same requests.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use cld_sign::notification::OutgoingNotification;
use cld_sign::{
    ApiSecret, Signer, Timestamp,
    notification::{
        AxumVerifiedNotification, Notification, NotificationLayer, NotificationState,
        NotificationVerifier,
    },
};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const SECRET: &str = "integration-secret";
const NOW: u64 = 1_700_000_000;
const BODY: &str = r#"{"notification_type":"upload","public_id":"folder/sample","version":1315060510,"secure_url":"https://res.cloudinary.com/demo/image/upload/v1315060510/folder/sample.jpg","extra":{"kept":true}}"#;
const LIMIT: usize = 4096;
/// A request string to sign without its trailing timestamp value.
const FORGED: &str = "public_id=x&timestamp=";
/// An `X-Cld-Signature_v2` value (Ed25519, base64): never verifiable here.
const V2: &str =
    "3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";

fn signer() -> Signer {
    Signer::new(ApiSecret::new(SECRET).unwrap())
}

fn verifier() -> NotificationVerifier {
    NotificationVerifier::new(signer())
}

fn state() -> NotificationState {
    NotificationState::new(verifier())
        .with_clock(|| Timestamp::from_secs(NOW))
        .with_body_limit(LIMIT)
}

fn signature(body: &str, at: u64) -> String {
    OutgoingNotification::new(body.as_bytes(), Timestamp::from_secs(at))
        .sign(&signer())
        .signature()
        .to_string()
}

/// One HTTP/1.1 request over a fresh connection: (status, body).
async fn post(addr: SocketAddr, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let mut request =
        format!("POST /webhooks/cloudinary HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    // A chunked body is framed by its chunks (`body` holds them), any other by its length.
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("transfer-encoding"))
    {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("read");
    let response = String::from_utf8(response).expect("UTF-8 response");
    let (head, body) = response.split_once("\r\n\r\n").expect("a response head");
    let status = head[9..12].parse().expect("a status code");
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    (status, body)
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).expect("chunk size");
        if size == 0 {
            break;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
    out
}

/// A request and the expected answer: name, headers, body, status, `error` kind.
type Case = (
    &'static str,
    Vec<(String, String)>,
    String,
    u16,
    Option<&'static str>,
);

/// The requests every integration is checked with, and what each must answer
/// (status, `error` kind; `None` for the handler's own answer).
fn cases() -> Vec<Case> {
    let ts = NOW.to_string();
    let good = signature(BODY, NOW);
    let headers = |ts: &str, sig: &str| {
        vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("X-Cld-Timestamp".to_owned(), ts.to_owned()),
            ("X-Cld-Signature".to_owned(), sig.to_owned()),
        ]
    };
    let big = format!("{BODY}{}", " ".repeat(LIMIT));
    vec![
        ("valid", headers(&ts, &good), BODY.into(), 200, None),
        (
            "upper-case signature",
            headers(&ts, &good.to_uppercase()),
            BODY.into(),
            200,
            None,
        ),
        (
            "tampered body",
            headers(&ts, &good),
            BODY.replace("sample", "evil"),
            401,
            Some("mismatch"),
        ),
        (
            "expired",
            headers(&(NOW - 7201).to_string(), &signature(BODY, NOW - 7201)),
            BODY.into(),
            401,
            Some("expired"),
        ),
        (
            "from the future",
            headers(&(NOW + 301).to_string(), &signature(BODY, NOW + 301)),
            BODY.into(),
            401,
            Some("from_future"),
        ),
        (
            "malformed signature",
            headers(&ts, "xyz"),
            BODY.into(),
            401,
            Some("malformed_signature"),
        ),
        (
            "malformed timestamp",
            headers("2023-11-14T22:13:20Z", &good),
            BODY.into(),
            401,
            Some("malformed_timestamp"),
        ),
        (
            "timestamp with a leading zero (see `cld_sign::notification`)",
            headers(&format!("0{ts}"), &good),
            BODY.into(),
            401,
            Some("malformed_timestamp"),
        ),
        (
            "no signature header",
            headers(&ts, &good)[..2].to_vec(),
            BODY.into(),
            400,
            Some("missing_header"),
        ),
        (
            "over the body limit",
            headers(&ts, &signature(&big, NOW)),
            big.clone(),
            413,
            Some("payload_too_large"),
        ),
        (
            "a chunked body that breaks off",
            [
                headers(&ts, &good),
                vec![("Transfer-Encoding".to_owned(), "chunked".to_owned())],
            ]
            .concat(),
            "zz\r\n{}\r\n0\r\n\r\n".into(),
            400,
            Some("unreadable_body"),
        ),
        // A request string to sign (`public_id=x&timestamp=1700000000`) cut before its
        // timestamp: its request signature is this body's notification signature.
        (
            "a request string to sign as the body",
            headers(&ts, &signature(FORGED, NOW)),
            FORGED.into(),
            400,
            Some("not_json_object"),
        ),
        (
            "a signed JSON array",
            headers(&ts, &signature(&format!("[{BODY}]"), NOW)),
            format!("[{BODY}]"),
            400,
            Some("not_json_object"),
        ),
        (
            "only X-Cld-Signature_v2 (auth_scheme eddsa_v2)",
            vec![
                ("Content-Type".to_owned(), "application/json".to_owned()),
                ("X-Cld-Timestamp".to_owned(), ts.clone()),
                ("X-Cld-Signature_v2".to_owned(), V2.to_owned()),
            ],
            BODY.into(),
            401,
            Some("unsupported_auth_scheme"),
        ),
        (
            "both signatures (auth_scheme default)",
            [
                headers(&ts, &good),
                vec![("X-Cld-Signature_v2".to_owned(), V2.to_owned())],
            ]
            .concat(),
            BODY.into(),
            200,
            None,
        ),
    ]
}

/// Runs [`cases`] against `addr`; `handled` counts the handler's runs.
async fn check_all(addr: SocketAddr, handled: &AtomicUsize, who: &str) {
    for (name, headers, body, status, kind) in cases() {
        let before = handled.load(Ordering::SeqCst);
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let (got, text) = post(addr, &headers, &body).await;
        assert_eq!(got, status, "{who}: {name}: {text}");
        let ran = handled.load(Ordering::SeqCst) - before;
        match kind {
            None => {
                assert_eq!(ran, 1, "{who}: {name}: the handler ran");
                assert_eq!(text, "folder/sample 1315060510", "{who}: {name}");
            }
            Some(kind) => {
                assert_eq!(ran, 0, "{who}: {name}: the handler never ran");
                let error: Value = serde_json::from_str(&text).expect("a JSON refusal");
                assert_eq!(error["error"], kind, "{who}: {name}: {text}");
                assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
                assert!(!text.contains(SECRET), "{who}: {name}");
            }
        }
    }
}

/// The byte-level verifier keeps the SDKs' behaviour: it checks the signature only, so the
/// forged body verifies there; the integrations refuse it for its shape.
#[test]
fn the_forged_body_verifies_at_the_byte_level_only() {
    let sig = signature(FORGED, NOW);
    let headers = cld_sign::notification::NotificationHeaders {
        timestamp: "1700000000",
        signature: &sig,
    };
    let now = Timestamp::from_secs(NOW);
    assert!(
        verifier()
            .verify_at(FORGED.as_bytes(), headers, now)
            .is_ok()
    );
}

async fn loopback() -> (TcpListener, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    (listener, addr)
}

#[tokio::test]
async fn axum_extractor_reads_the_verified_body_with_any_extractor() {
    use axum::Json;
    use axum::extract::{DefaultBodyLimit, State};
    use axum::routing::post as route_post;

    #[derive(Clone)]
    struct App {
        notifications: NotificationState,
        handled: Arc<AtomicUsize>,
    }
    impl axum::extract::FromRef<App> for NotificationState {
        fn from_ref(app: &App) -> Self {
            app.notifications.clone()
        }
    }
    async fn webhook(
        State(app): State<App>,
        notification: AxumVerifiedNotification<Json<Notification>>,
    ) -> String {
        app.handled.fetch_add(1, Ordering::SeqCst);
        let Json(payload) = notification.body;
        assert_eq!(notification.timestamp, Timestamp::from_secs(NOW));
        assert_eq!(payload.other["extra"]["kept"], true);
        format!(
            "{} {}",
            payload.public_id.unwrap_or_default(),
            payload.version.unwrap_or_default()
        )
    }

    let handled = Arc::new(AtomicUsize::new(0));
    let app = axum::Router::new()
        .route("/webhooks/cloudinary", route_post(webhook))
        .layer(DefaultBodyLimit::max(LIMIT))
        .with_state(App {
            notifications: state(),
            handled: Arc::clone(&handled),
        });
    let (listener, addr) = loopback().await;
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    check_all(addr, &handled, "axum").await;

    // Verified, but not what `Json<Notification>` reads: the inner extractor's status.
    let ts = NOW.to_string();
    let no_type = r#"{"public_id":"x"}"#;
    let sig = signature(no_type, NOW);
    let headers = [
        ("Content-Type", "application/json"),
        ("X-Cld-Timestamp", ts.as_str()),
        ("X-Cld-Signature", sig.as_str()),
    ];
    let (status, text) = post(addr, &headers, no_type).await;
    assert_eq!(status, 422, "{text}");
    assert!(text.contains(r#""error":"invalid_body""#), "{text}");
    assert!(text.contains("notification_type"), "{text}");
    let (status, text) = post(addr, &headers[1..], no_type).await;
    assert_eq!(status, 415, "no JSON content type: {text}");
    // The handler ran for the three valid cases, never for a refusal.
    assert_eq!(handled.load(Ordering::SeqCst), 3);
    server.abort();
}

/// The inner service behind the layer: answers the typed fields of the verified body.
fn answer(body: &[u8], timestamp: Option<&Timestamp>) -> String {
    assert_eq!(
        timestamp,
        Some(&Timestamp::from_secs(NOW)),
        "in the extensions"
    );
    let payload: Notification = serde_json::from_slice(body).expect("a notification");
    format!(
        "{} {}",
        payload.public_id.unwrap_or_default(),
        payload.version.unwrap_or_default()
    )
}

#[tokio::test]
async fn tower_layer_guards_an_axum_router() {
    use axum::body::Bytes;
    use axum::extract::Extension;
    use axum::routing::post as route_post;

    let handled = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&handled);
    let app = axum::Router::new()
        .route(
            "/webhooks/cloudinary",
            route_post(move |Extension(ts): Extension<Timestamp>, body: Bytes| {
                let counter = Arc::clone(&counter);
                async move {
                    counter.fetch_add(1, Ordering::SeqCst);
                    answer(&body, Some(&ts))
                }
            }),
        )
        .layer(NotificationLayer::new(state()));
    let (listener, addr) = loopback().await;
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    check_all(addr, &handled, "tower + axum").await;
    server.abort();
}

#[tokio::test]
async fn tower_layer_guards_a_hyper_service() {
    use http_body_util::{BodyExt, Full};
    use hyper::body::Bytes;
    use hyper_util::rt::TokioIo;
    use hyper_util::service::TowerToHyperService;
    use tower::{ServiceBuilder, service_fn};

    let handled = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&handled);
    let inner = service_fn(
        move |request: http::Request<cld_sign::notification::VerifiedBody>| {
            let counter = Arc::clone(&counter);
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                let timestamp = request.extensions().get::<Timestamp>().copied();
                let body = request.into_body().collect().await?.to_bytes();
                let text = answer(&body, timestamp.as_ref());
                Ok::<_, Infallible>(http::Response::new(Full::new(Bytes::from(text))))
            }
        },
    );
    let service = ServiceBuilder::new()
        .layer(NotificationLayer::new(state()))
        .service(inner);
    let (listener, addr) = loopback().await;
    let server = tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let service = TowerToHyperService::new(service.clone());
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    check_all(addr, &handled, "tower + hyper").await;
    server.abort();
}

#[test]
fn actix_extractor_has_the_same_contract() {
    use actix_web::{App, HttpResponse, HttpServer, web};
    use cld_sign::notification::ActixVerifiedNotification;

    let handled = Arc::new(AtomicUsize::new(0));
    let counter = web::Data::from(Arc::clone(&handled));
    actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(move || {
            App::new()
                    .app_data(state())
                    .app_data(counter.clone())
                    .route(
                        "/webhooks/cloudinary",
                        web::post().to(
                            |notification: ActixVerifiedNotification,
                             counter: web::Data<AtomicUsize>| async move {
                                counter.fetch_add(1, Ordering::SeqCst);
                                let payload: Notification =
                                    notification.json().expect("a notification");
                                assert_eq!(notification.timestamp, Timestamp::from_secs(NOW));
                                HttpResponse::Ok().body(format!(
                                    "{} {}",
                                    payload.public_id.unwrap_or_default(),
                                    payload.version.unwrap_or_default()
                                ))
                            },
                        ),
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
        check_all(addr, &handled, "actix").await;
        handle.stop(false).await;
    });
}
