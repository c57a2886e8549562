//! The upload API over real HTTP: accepted and refused uploads, Cloudinary's answers
//! (structured values included), CORS, and the signed notification.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::*;
use axum::Router;
use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::routing::post;
use cld_sign::response::{ApiResponse, ResponseVerifier};
use cld_sign::{
    Params, Timestamp,
    notification::{NotificationHeaders, NotificationVerifier},
};
use cld_sign_stand_in::{Limits, StandIn};
use hyper::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn accepts_a_signed_multipart_upload_and_answers_as_cloudinary() {
    let server = stand_in(NOW).await;
    let ts = (NOW - 60).to_string();
    let form = signed_form(&[
        ("timestamp", &ts),
        ("folder", "signed_upload_demo_form"),
        ("eager", "c_pad,h_300,w_400|c_crop,h_200,w_260"),
        ("tags", "a,b"),
    ]);
    let answer = post_multipart(&server, UPLOAD, &borrowed(&form)).await;
    let text = String::from_utf8_lossy(&answer.body).into_owned();
    assert_eq!(answer.status, StatusCode::OK, "{text}");
    let body = answer.json();
    let public_id = body["public_id"].as_str().unwrap();
    let (folder, id) = public_id.split_once('/').unwrap();
    assert_eq!(folder, "signed_upload_demo_form");
    assert_eq!(id.len(), 20);
    assert!(
        id.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    );
    assert_eq!(body["version"], NOW);
    assert_eq!(body["created_at"], "2023-11-14T22:13:20Z");
    // The response signature (see `cld_sign::response`) verifies with the account's secret, and only for
    // this public ID and version.
    let signature = body["signature"].as_str().unwrap();
    ResponseVerifier::new(signer())
        .verify(public_id, &NOW, signature)
        .unwrap();
    assert!(
        ResponseVerifier::new(signer())
            .verify(public_id, &(NOW + 1), signature)
            .is_err()
    );
    assert_eq!(body["resource_type"], "image");
    assert_eq!(body["format"], "png");
    assert_eq!(body["bytes"], PNG.len());
    assert_eq!(body["tags"], serde_json::json!(["a", "b"]));
    let base = server.base_url();
    let url = |t: &str| format!("{base}/testcloud/image/upload/{t}v{NOW}/{public_id}.png");
    assert_eq!(
        body["eager"],
        json!([
            {"transformation": "c_pad,h_300,w_400", "bytes": PNG.len(), "format": "png",
             "url": url("c_pad,h_300,w_400/"), "secure_url": url("c_pad,h_300,w_400/")},
            {"transformation": "c_crop,h_200,w_260", "bytes": PNG.len(), "format": "png",
             "url": url("c_crop,h_200,w_260/"), "secure_url": url("c_crop,h_200,w_260/")},
        ])
    );
    assert_eq!(body["original_filename"], "kitten");
    assert_eq!(body["api_key"], "4321");
    assert_eq!(body["secure_url"], url(""));
    assert_eq!(body["url"], url(""));
    assert!(!text.contains(SECRET));
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn list_fields_and_urlencoded_forms() {
    let server = stand_in(NOW).await;
    let ts = NOW.to_string();
    // Signed as `tags=a,b`, sent as two `tags[]` fields (see `cld_sign::request::upload`).
    let params = Params::from_pairs([
        ("timestamp", ts.as_str()),
        ("tags", "a,b"),
        ("public_id", "p"),
    ])
    .unwrap();
    let signature = signer().sign(&params).to_string();
    let fields = [
        ("timestamp", ts.as_str()),
        ("tags[]", "a"),
        ("public_id", "p"),
        ("tags[]", "b"),
        ("api_key", "4321"),
        ("signature", &signature),
    ];
    let answer = post_multipart(&server, UPLOAD, &fields).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["tags"], serde_json::json!(["a", "b"]));
    assert_eq!(answer.json()["public_id"], "p");

    // Items in another order sign another string.
    let mut swapped = fields;
    swapped[1] = ("tags[]", "b");
    swapped[3] = ("tags[]", "a");
    let message = post_multipart(&server, UPLOAD, &swapped)
        .await
        .cloudinary_error(StatusCode::UNAUTHORIZED);
    assert!(
        message.contains("String to sign - 'public_id=p&tags=b,a&timestamp="),
        "{message}"
    );

    // `tags` and `tags[]` together: which one was meant?
    let mut both = fields.to_vec();
    both.push(("tags", "c"));
    let message = post_multipart(&server, UPLOAD, &both)
        .await
        .cloudinary_error(StatusCode::BAD_REQUEST);
    assert_eq!(message, "Duplicate parameter - tags");

    // The same form, urlencoded, with a remote file URL.
    let mut encoded = form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        encoded.append_pair(name, value);
    }
    encoded.append_pair("file", "https://example.com/cat.jpg");
    let answer = request(
        &server,
        Method::POST,
        UPLOAD,
        &[("content-type", "application/x-www-form-urlencoded")],
        encoded.finish(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    assert_eq!(answer.json()["original_filename"], "cat");
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn tampered_stale_and_unauthenticated_uploads_are_refused_as_cloudinary_does() {
    let server = stand_in(NOW).await;
    let ts = NOW.to_string();
    let form = signed_form(&[("timestamp", &ts), ("folder", "f")]);
    let signature = form
        .iter()
        .find(|(n, _)| n == "signature")
        .unwrap()
        .1
        .clone();

    let mut tampered = borrowed(&form);
    tampered[0] = ("folder", "other");
    let message = post_multipart(&server, UPLOAD, &tampered)
        .await
        .cloudinary_error(StatusCode::UNAUTHORIZED);
    assert_eq!(
        message,
        format!("Invalid Signature {signature}. String to sign - 'folder=other&timestamp={NOW}'.")
    );
    // An extra field is signed too.
    let mut extra = borrowed(&form);
    extra.push(("overwrite", "true"));
    let message = post_multipart(&server, UPLOAD, &extra)
        .await
        .cloudinary_error(StatusCode::UNAUTHORIZED);
    assert!(message.ends_with(&format!(
        "String to sign - 'folder=f&overwrite=true&timestamp={NOW}'."
    )));
    // A malformed signature is answered the same way.
    let mut malformed = borrowed(&form);
    malformed.retain(|(n, _)| *n != "signature");
    malformed.push(("signature", "nope"));
    let message = post_multipart(&server, UPLOAD, &malformed)
        .await
        .cloudinary_error(StatusCode::UNAUTHORIZED);
    assert_eq!(
        message,
        format!("Invalid Signature nope. String to sign - 'folder=f&timestamp={NOW}'.")
    );

    // One hour and one second old: stale.
    let old = (NOW - 3601).to_string();
    let stale = signed_form(&[("timestamp", &old), ("folder", "f")]);
    let message = post_multipart(&server, UPLOAD, &borrowed(&stale))
        .await
        .cloudinary_error(StatusCode::BAD_REQUEST);
    assert!(
        message.starts_with("Stale request - reported time is "),
        "{message}"
    );
    assert!(
        message.ends_with(" which is more than 1 hour ago"),
        "{message}"
    );
    let oldest = (NOW - 3600).to_string();
    let fresh = signed_form(&[("timestamp", &oldest), ("folder", "f")]);
    assert_eq!(
        post_multipart(&server, UPLOAD, &borrowed(&fresh))
            .await
            .status,
        StatusCode::OK
    );

    let mut no_key = borrowed(&form);
    no_key.retain(|(n, _)| *n != "api_key");
    assert_eq!(
        post_multipart(&server, UPLOAD, &no_key)
            .await
            .cloudinary_error(StatusCode::UNAUTHORIZED),
        "Must supply api_key"
    );
    let mut other_key = borrowed(&form);
    other_key.retain(|(n, _)| *n != "api_key");
    other_key.push(("api_key", "9999"));
    assert_eq!(
        post_multipart(&server, UPLOAD, &other_key)
            .await
            .cloudinary_error(StatusCode::UNAUTHORIZED),
        "Unknown API key 9999"
    );
    assert_eq!(
        post_multipart(&server, "/v1_1/othercloud/auto/upload", &borrowed(&form))
            .await
            .cloudinary_error(StatusCode::UNAUTHORIZED),
        "Invalid cloud_name othercloud"
    );
    assert_eq!(
        post_multipart(&server, "/v1_1/testcloud/pictures/upload", &borrowed(&form))
            .await
            .cloudinary_error(StatusCode::BAD_REQUEST),
        "Invalid resource type pictures"
    );
    let mut no_ts = borrowed(&form);
    no_ts.retain(|(n, _)| *n != "timestamp");
    assert_eq!(
        post_multipart(&server, UPLOAD, &no_ts)
            .await
            .cloudinary_error(StatusCode::BAD_REQUEST),
        "Missing required parameter - timestamp"
    );
    let no_file = multipart(&borrowed(&form), None);
    let content_type = multipart_type();
    assert_eq!(
        request(
            &server,
            Method::POST,
            UPLOAD,
            &[("content-type", &content_type)],
            no_file
        )
        .await
        .cloudinary_error(StatusCode::BAD_REQUEST),
        "Missing required parameter - file"
    );
    let json = request(
        &server,
        Method::POST,
        UPLOAD,
        &[("content-type", "application/json")],
        "{}",
    )
    .await;
    assert_eq!(
        json.cloudinary_error(StatusCode::BAD_REQUEST),
        "Unsupported content type"
    );
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn cors_headers_let_another_origin_post() {
    let server = stand_in(NOW).await;
    let origin = "http://127.0.0.1:3000";
    let preflight = request(
        &server,
        Method::OPTIONS,
        UPLOAD,
        &[
            ("origin", origin),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "x-unique-upload-id,content-range",
            ),
        ],
        "",
    )
    .await;
    assert_eq!(preflight.status, StatusCode::OK);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    let methods = preflight.header("access-control-allow-methods").unwrap();
    assert!(methods.contains("POST"), "{methods}");
    let headers = preflight.header("access-control-allow-headers").unwrap();
    assert!(headers.contains("x-unique-upload-id") && headers.contains("content-range"));

    // The answer itself, refusals included, is readable from the other origin.
    let content_type = multipart_type();
    let refused = request(
        &server,
        Method::POST,
        UPLOAD,
        &[("origin", origin), ("content-type", &content_type)],
        multipart(&[("timestamp", "1")], None),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.header("access-control-allow-origin"), Some("*"));
    server.shutdown().await.unwrap();
}

/// What a webhook received: the two headers and the body.
type Received = Arc<Mutex<Vec<(HeaderMap, Bytes)>>>;

#[tokio::test]
async fn signed_notification_url_gets_a_verified_notification() {
    let received: Received = Arc::default();
    let log = Arc::clone(&received);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook_addr = listener.local_addr().unwrap();
    let router = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: Bytes| async move {
            log.lock().unwrap().push((headers, body));
            StatusCode::NO_CONTENT
        }),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let hook = tokio::spawn(cld_sign_stand_in::serve::serve(
        listener,
        router,
        Limits::default(),
        async {
            let _ = stopped.await;
        },
    ));
    let server = StandIn::builder()
        .cloudinary_url(URL)
        .start()
        .await
        .unwrap();

    let webhook = format!("http://{hook_addr}/hook");
    let ts = Timestamp::now().to_string();
    let form = signed_form(&[
        ("timestamp", &ts),
        ("folder", "f"),
        ("notification_url", &webhook),
    ]);
    let answer = post_multipart(&server, UPLOAD, &borrowed(&form)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let upload = answer.json();

    let delivery = eventually(Duration::from_secs(10), || server.notifications().pop())
        .await
        .expect("a notification was sent");
    assert_eq!(delivery.url, webhook);
    assert_eq!(delivery.outcome, Ok(204));
    let (headers, body) = received.lock().unwrap().pop().expect("the webhook got it");
    assert_eq!(body, delivery.body.as_bytes());
    // Signed as Cloudinary signs notifications, with the account's secret.
    let header = |name: &str| headers.get(name).unwrap().to_str().unwrap().to_owned();
    let (timestamp, signature) = (header("x-cld-timestamp"), header("x-cld-signature"));
    let sent_at = NotificationVerifier::new(signer())
        .verify(
            &body,
            NotificationHeaders {
                timestamp: &timestamp,
                signature: &signature,
            },
        )
        .expect("a verified notification")
        .timestamp();
    let notification: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(notification["notification_type"], "upload");
    assert_eq!(notification["public_id"], upload["public_id"]);
    assert_eq!(notification["signature"], upload["signature"]);
    assert_eq!(delivery.timestamp, sent_at);

    // Without a signed notification_url, nothing is sent.
    let quiet = signed_form(&[("timestamp", &ts), ("folder", "f")]);
    assert_eq!(
        post_multipart(&server, UPLOAD, &borrowed(&quiet))
            .await
            .status,
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(server.notifications().len(), 1);
    server.shutdown().await.unwrap();
    stop.send(()).unwrap();
    hook.await.unwrap().unwrap();
}

/// Cloudinary refuses public IDs holding `? & # \ % < > +` ("utterly forbidden", Permitted
/// naming conventions, https://cloudinary.com/documentation/ts_permitted_naming_conventions)
/// and so does the stand-in, for `public_id` and for the `folder` it builds public IDs
/// from. Before, it accepted `a&timestamp=1700000000` and signed it into its response:
/// hash(`public_id=a&timestamp=1700000000&version=<v>` ++ secret), a request signature for
/// three params, `version` among them, that no signing route would give out.
#[tokio::test]
async fn public_ids_with_forbidden_characters_are_refused() {
    let server = stand_in(NOW).await;
    let ts = NOW.to_string();
    let forged = "a&timestamp=1700000000";
    for (name, value) in [
        ("public_id", forged),
        ("public_id", "a?b"),
        ("public_id", "a#b"),
        ("public_id", "a\\b"),
        ("public_id", "100%"),
        ("public_id", "<b>"),
        ("public_id", "a+b"),
        ("public_id", "a\u{1}b"),
        ("folder", "f&timestamp=1"),
        ("folder", "a>b"),
    ] {
        let form = signed_form(&[("timestamp", &ts), (name, value)]);
        let answer = post_multipart(&server, UPLOAD, &borrowed(&form)).await;
        let text = String::from_utf8_lossy(&answer.body).into_owned();
        assert!(!text.contains("\"signature\""), "{name}={value:?}: {text}");
        let message = answer.cloudinary_error(StatusCode::BAD_REQUEST);
        assert!(message.contains(name), "{name}={value:?}: {message}");
    }
    // Had the forged ID been accepted, its response signature would be this request
    // signature; it was never given out.
    let replayed = Params::from_pairs([
        ("public_id", "a"),
        ("timestamp", "1700000000"),
        ("version", ts.as_str()),
    ])
    .unwrap();
    assert_eq!(
        ApiResponse::new(forged, &NOW).sign(&signer()).to_string(),
        signer().sign(&replayed).to_string()
    );
    assert!(server.notifications().is_empty());
    assert!(server.received().is_empty());
    server.shutdown().await.unwrap();
}

/// The secret is in no Debug output and no start error.
#[tokio::test]
async fn the_secret_is_never_shown() {
    let builder = StandIn::builder()
        .cloudinary_url(URL)
        .auth_token_key("00ff");
    let shown = format!("{builder:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    let running = builder.start().await.unwrap();
    let shown = format!("{running:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    running.shutdown().await.unwrap();
    let err = StandIn::builder()
        .cloudinary_url("https://4321:stand-in-test-secret@testcloud")
        .start()
        .await
        .unwrap_err();
    assert!(!err.to_string().contains(SECRET), "{err}");
    assert!(!format!("{err:?}").contains(SECRET), "{err:?}");
    let err = StandIn::builder().start().await.unwrap_err();
    assert!(err.to_string().starts_with("not configured"), "{err}");
    let err = StandIn::builder()
        .cloudinary_url(URL)
        .auth_token_key("not hex")
        .start()
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("malformed_token_key"), "{err}");
}

/// `discard_original_filename` drops `original_filename` only when true; a breakpoint's
/// height keeps the image's proportions.
#[tokio::test]
async fn original_filename_and_breakpoint_height_follow_the_upload() {
    let server = stand_in(NOW).await;
    let ts = NOW.to_string();
    for (discard, kept) in [
        (None, true),
        (Some("false"), true),
        (Some("0"), true),
        (Some("true"), false),
        (Some("1"), false),
    ] {
        let mut params = vec![("timestamp", ts.as_str())];
        params.extend(discard.map(|d| ("discard_original_filename", d)));
        let form = signed_form(&params);
        let answer = post_multipart(&server, UPLOAD, &borrowed(&form)).await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
        let original = answer.json().get("original_filename").cloned();
        let expected = kept.then(|| serde_json::Value::from("kitten"));
        assert_eq!(original, expected, "discard_original_filename={discard:?}");
    }

    // A 640×480 PNG header, scaled to a 320-wide breakpoint: 240 high.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&640u32.to_be_bytes());
    png.extend_from_slice(&480u32.to_be_bytes());
    png.extend_from_slice(b"\x08\x02\0\0\0 the rest");
    let form = signed_form(&[
        ("timestamp", &ts),
        ("responsive_breakpoints", r#"[{"max_width":320}]"#),
    ]);
    let answer = post_file(
        &server,
        UPLOAD,
        &borrowed(&form),
        ("wide.png", "image/png", &png),
        &[],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let breakpoint = &answer.json()["responsive_breakpoints"][0]["breakpoints"][0];
    assert_eq!(breakpoint["width"], 320);
    assert_eq!(breakpoint["height"], 240);
    server.shutdown().await.unwrap();
}
