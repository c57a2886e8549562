//! The upload API stand-in over real HTTP: accepted and refused uploads, Cloudinary's
//! answers, CORS, and the signed notification reaching the signing app's webhook.

mod common;

use std::time::Duration;

use cld_sign::{Config, Params, Signer, Timestamp};
use cld_sign_examples::account::Account;
use cld_sign_examples::serve::Limits;
use cld_sign_examples::upload_api_stand_in::{self, StandInState};
use cld_sign_examples::upload_signing_server::{self, AppState, Settings};
use common::{Running, eventually, multipart, multipart_type};
use hyper::{Method, StatusCode};
use serde_json::Value;

const SECRET: &str = "stand-in-test-secret";
const URL: &str = "cloudinary://4321:stand-in-test-secret@testcloud";
const NOW: u64 = 1_700_000_000;
const UPLOAD: &str = "/v1_1/testcloud/auto/upload";

fn signer() -> Signer {
    Signer::from_config(&Config::from_url(URL).unwrap())
}

async fn stand_in(now: u64) -> (Running, StandInState) {
    let state = StandInState::with_clock(Account::from_url(URL).unwrap(), move || {
        Timestamp::from_secs(now)
    });
    let running = Running::start(upload_api_stand_in::app(state.clone()), Limits::default()).await;
    (running, state)
}

/// The form a client sends for `params` (a signed upload): the params as signed, plus
/// `api_key` and `signature`.
fn signed_form(params: &[(&str, &str)]) -> Vec<(String, String)> {
    let params = Params::from_pairs(params.iter().copied()).unwrap();
    let signature = signer().sign(&params);
    params
        .form_fields("4321", &signature)
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v))
        .collect()
}

fn borrowed(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n not really an image";

async fn post_multipart(server: &Running, path: &str, form: &[(&str, &str)]) -> common::Answer {
    let body = multipart(form, Some(("kitten.png", "image/png", PNG)));
    let content_type = multipart_type();
    server
        .request(Method::POST, path, &[("content-type", &content_type)], body)
        .await
}

#[tokio::test]
async fn accepts_a_signed_multipart_upload_and_answers_as_cloudinary() {
    let (server, _) = stand_in(NOW).await;
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
    // The response signature (SPEC §4) verifies with the account's secret, and only for
    // this public ID and version.
    let signature = body["signature"].as_str().unwrap();
    signer()
        .verify_response(public_id, &NOW, signature)
        .unwrap();
    assert!(
        signer()
            .verify_response(public_id, &(NOW + 1), signature)
            .is_err()
    );
    assert_eq!(body["resource_type"], "image");
    assert_eq!(body["format"], "png");
    assert_eq!(body["bytes"], PNG.len());
    assert_eq!(body["tags"], serde_json::json!(["a", "b"]));
    assert_eq!(body["eager"], "c_pad,h_300,w_400|c_crop,h_200,w_260");
    assert_eq!(body["original_filename"], "kitten");
    assert_eq!(body["api_key"], "4321");
    assert_eq!(
        body["secure_url"],
        format!("https://res.cloudinary.com/testcloud/image/upload/v{NOW}/{public_id}.png")
    );
    assert!(!text.contains(SECRET));
    server.stop().await;
}

#[tokio::test]
async fn list_fields_and_urlencoded_forms() {
    let (server, _) = stand_in(NOW).await;
    let ts = NOW.to_string();
    // Signed as `tags=a,b`, sent as two `tags[]` fields (SPEC §1.6.3).
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
    let answer = server
        .request(
            Method::POST,
            UPLOAD,
            &[("content-type", "application/x-www-form-urlencoded")],
            encoded.finish(),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    assert_eq!(answer.json()["original_filename"], "cat");
    server.stop().await;
}

#[tokio::test]
async fn tampered_stale_and_unauthenticated_uploads_are_refused_as_cloudinary_does() {
    let (server, _) = stand_in(NOW).await;
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
        server
            .request(
                Method::POST,
                UPLOAD,
                &[("content-type", &content_type)],
                no_file
            )
            .await
            .cloudinary_error(StatusCode::BAD_REQUEST),
        "Missing required parameter - file"
    );
    let json = server
        .request(
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
    server.stop().await;
}

#[tokio::test]
async fn cors_headers_let_another_origin_post() {
    let (server, _) = stand_in(NOW).await;
    let origin = "http://127.0.0.1:3000";
    let preflight = server
        .request(
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
    let refused = server
        .request(
            Method::POST,
            UPLOAD,
            &[("origin", origin), ("content-type", &content_type)],
            multipart(&[("timestamp", "1")], None),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.header("access-control-allow-origin"), Some("*"));
    server.stop().await;
}

#[tokio::test]
async fn signed_notification_url_gets_a_verified_notification() {
    // The signing app, with its real clock, and the stand-in on the same account.
    let account = Account::from_url(URL).unwrap();
    let app_state = AppState::new(Settings::new(account.clone()));
    let app = Running::start(
        upload_signing_server::app(app_state.clone()),
        Limits::default(),
    )
    .await;
    let state = StandInState::new(account);
    let server = Running::start(upload_api_stand_in::app(state.clone()), Limits::default()).await;

    let webhook = format!("{}/webhooks/cloudinary", app.base);
    let ts = Timestamp::now().to_string();
    let form = signed_form(&[
        ("timestamp", &ts),
        ("folder", "f"),
        ("notification_url", &webhook),
    ]);
    let answer = post_multipart(&server, UPLOAD, &borrowed(&form)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let upload = answer.json();
    assert_eq!(upload["notification_url"], webhook.as_str());

    let delivery = eventually(Duration::from_secs(10), || state.deliveries().pop())
        .await
        .expect("a notification was sent");
    assert_eq!(delivery.url, webhook);
    assert_eq!(delivery.outcome, Ok(204), "the webhook verified it");
    let received = app_state.received_notifications();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body, delivery.body.as_bytes());
    let notification: Value = serde_json::from_slice(&received[0].body).unwrap();
    assert_eq!(notification["notification_type"], "upload");
    assert_eq!(notification["public_id"], upload["public_id"]);
    assert_eq!(notification["signature"], upload["signature"]);
    // The webhook's extractor verified it (SPEC §2) before keeping it; the stand-in
    // signed with the account's secret at its clock.
    let age = Timestamp::now().as_secs() - received[0].timestamp.as_secs();
    assert!(age < 60, "{age}");

    // Without a signed notification_url, nothing is sent.
    let quiet = signed_form(&[("timestamp", &ts), ("folder", "f")]);
    assert_eq!(
        post_multipart(&server, UPLOAD, &borrowed(&quiet))
            .await
            .status,
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(state.deliveries().len(), 1);
    server.stop().await;
    app.stop().await;
}

/// Cloudinary refuses public IDs holding `? & # \ % < > +` ("utterly forbidden", Permitted
/// naming conventions, https://cloudinary.com/documentation/ts_permitted_naming_conventions)
/// and so does the stand-in, for `public_id` and for the `folder` it builds public IDs
/// from. Before, it accepted `a&timestamp=1700000000` and signed it into its response:
/// hash(`public_id=a&timestamp=1700000000&version=<v>` ++ secret), a request signature for
/// three params, `version` among them, that no signing route would give out.
#[tokio::test]
async fn public_ids_with_forbidden_characters_are_refused() {
    let (server, state) = stand_in(NOW).await;
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
        signer().sign_response(forged, &NOW).to_string(),
        signer().sign(&replayed).to_string()
    );
    assert!(state.deliveries().is_empty());
    server.stop().await;
}
