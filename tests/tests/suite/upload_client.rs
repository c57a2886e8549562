//! `cld_sign::upload_client` against the stand-in: what it sends, what it verifies, and
//! Cloudinary's refusals as typed errors.

use std::sync::{Arc, Mutex};

use cld_sign::diagnose::Verdict;
use cld_sign::request::upload::{Context, Eager, EagerTransformation, ResourceType, UploadParams};
use cld_sign::response::{ApiResponse, ResponseVerifier};
use cld_sign::upload_client::{Chunks, FileSource, LargeFile, UploadClient, UploadError};
use cld_sign::{ApiSecret, Config, ErrorKind, Signer, Timestamp, request::SignedUploadForm};
use cld_sign_stand_in::{Running, StandIn};
use serde_json::json;

const URL: &str = "cloudinary://4321:send-test-secret@testcloud";

fn config(base_url: &str) -> Config {
    Config::from_url(&format!("{URL}?upload_prefix={base_url}")).unwrap()
}

async fn stand_in() -> Running {
    StandIn::builder()
        .cloudinary_url(URL)
        .start()
        .await
        .expect("the stand-in starts")
}

fn signer() -> Signer {
    Signer::from_config(&Config::from_url(URL).unwrap())
}

fn sign(params: &UploadParams) -> SignedUploadForm {
    params.sign(&signer(), "4321")
}

/// A file whose every byte depends on its place, so a lost, doubled or moved chunk shows.
fn numbered(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
}

#[tokio::test]
async fn a_plain_upload_is_answered_and_verified() {
    let server = stand_in().await;
    let client = UploadClient::new(&config(server.base_url()), ResourceType::Raw).unwrap();
    assert_eq!(client.endpoint(), server.upload_url("raw"));
    let params = UploadParams::default().with_public_id("notes/plain.txt");
    let form = sign(&params);
    let answer = client
        .upload(
            &form,
            FileSource::bytes(b"hello, cloud".to_vec(), "plain.txt"),
        )
        .await
        .unwrap();
    assert_eq!(answer.public_id, "notes/plain.txt");
    assert_eq!(answer.resource_type.as_deref(), Some("raw"));
    assert_eq!(answer.delivery_type.as_deref(), Some("upload"));
    assert_eq!(answer.bytes, Some(12));
    assert_eq!(answer.original_filename.as_deref(), Some("plain"));
    ResponseVerifier::new(signer())
        .verify(&answer.public_id, &answer.version, &answer.signature)
        .unwrap();
    let asset = server.asset("raw", "upload", "notes/plain.txt").unwrap();
    assert_eq!(&asset.bytes[..], b"hello, cloud");

    // A file on disk, and a remote URL sent as the `file` text.
    let path = std::env::temp_dir().join(format!("cld-sign-send-{}.bin", std::process::id()));
    std::fs::write(&path, numbered(3000)).unwrap();
    let on_disk = UploadParams::default().with_public_id("disk.bin");
    let answer = client
        .upload(&sign(&on_disk), FileSource::path(&path))
        .await
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(answer.bytes, Some(3000));
    assert_eq!(
        &server.asset("raw", "upload", "disk.bin").unwrap().bytes[..],
        &numbered(3000)[..]
    );
    let remote = UploadParams::default().with_public_id("remote.txt");
    let url = "https://example.com/remote.txt";
    client
        .upload(&sign(&remote), FileSource::remote(url))
        .await
        .unwrap();
    assert_eq!(
        &server.asset("raw", "upload", "remote.txt").unwrap().bytes[..],
        url.as_bytes()
    );
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn structured_values_arrive_as_signed() {
    let server = stand_in().await;
    let client = UploadClient::new(&config(server.base_url()), ResourceType::Image).unwrap();
    let params = UploadParams::default()
        .with_public_id("structured")
        .with_tags(["a b", "c"])
        .with_context(Context::new().with("alt", "x=y|z").with("caption", "hi"))
        .with_eager(
            Eager::new()
                .with("w_400")
                .with(EagerTransformation::new("w_260").with_format("png")),
        );
    let form = sign(&params);
    let answer = client
        .upload(
            &form,
            FileSource::bytes(b"\x89PNG\r\n\x1a\n not really".to_vec(), "s.png"),
        )
        .await
        .unwrap();
    assert_eq!(answer.tags, ["a b", "c"]);
    assert_eq!(
        answer.other["context"],
        json!({"custom": {"alt": "x=y|z", "caption": "hi"}})
    );
    let eager = answer.other["eager"].as_array().unwrap();
    assert_eq!(eager.len(), 2);
    assert_eq!(eager[0]["transformation"], "w_400");
    assert_eq!(eager[1]["transformation"], "w_260");
    assert_eq!(eager[1]["format"], "png");
    let asset = server.asset("image", "upload", "structured").unwrap();
    let signed: Vec<(String, String)> = form
        .params()
        .unwrap()
        .iter()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    assert_eq!(asset.params, signed);
    server.shutdown().await.unwrap();
}

/// `name[]` fields go out one per item, in the form's order.
#[tokio::test]
async fn array_fields_are_sent_one_per_item() {
    #[derive(cld_sign::Signable)]
    struct Upload {
        public_id: String,
        #[sign(array)]
        categorization: Vec<String>,
        timestamp: u64,
    }
    let server = stand_in().await;
    let client = UploadClient::new(&config(server.base_url()), ResourceType::Raw).unwrap();
    let upload = Upload {
        public_id: "arrays".into(),
        categorization: vec!["google_tagging".into(), "imagga_tagging".into()],
        timestamp: Timestamp::now().as_secs(),
    };
    let form = signer().sign_form(&upload, "4321").unwrap();
    assert_eq!(
        form.fields()
            .filter(|(n, _)| *n == "categorization[]")
            .count(),
        2
    );
    client
        .upload(&form, FileSource::bytes(b"x".to_vec(), "a.bin"))
        .await
        .unwrap();
    let asset = server.asset("raw", "upload", "arrays").unwrap();
    assert!(asset.params.contains(&(
        "categorization".into(),
        "google_tagging,imagga_tagging".into()
    )));
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_large_file_goes_in_chunks_each_signed_anew() {
    let server = stand_in().await;
    let client = UploadClient::new(&config(server.base_url()), ResourceType::Raw).unwrap();
    let file = numbered(2500);
    let path = std::env::temp_dir().join(format!("cld-sign-send-large-{}.bin", std::process::id()));
    std::fs::write(&path, &file).unwrap();
    let params = UploadParams::default()
        .with_public_id("large.bin")
        .with_tags(["big"]);
    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&progress);
    let mut signed = 0;
    let answer = client
        .upload_large(
            LargeFile::path(&path),
            || {
                signed += 1;
                Ok(sign(&params))
            },
            Chunks::new()
                .with_any_size(1000)
                .with_progress(move |sent, total| seen.lock().unwrap().push((sent, total))),
        )
        .await
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(signed, 3);
    assert_eq!(
        *progress.lock().unwrap(),
        [(1000, Some(2500)), (2000, Some(2500)), (2500, Some(2500))]
    );
    assert_eq!(answer.public_id, "large.bin");
    assert_eq!(answer.bytes, Some(2500));
    assert_eq!(answer.tags, ["big"]);
    let asset = server.asset("raw", "upload", "large.bin").unwrap();
    assert_eq!(&asset.bytes[..], &file[..]);

    // A reader of unknown length: `-1` until the last chunk; an exact multiple of the size.
    let file = numbered(4000);
    let params = UploadParams::default().with_public_id("stream.bin");
    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&progress);
    client
        .upload_large(
            LargeFile::reader(std::io::Cursor::new(file.clone()), "stream.bin"),
            || Ok(sign(&params)),
            Chunks::new()
                .with_any_size(1000)
                .with_progress(move |sent, total| seen.lock().unwrap().push((sent, total))),
        )
        .await
        .unwrap();
    assert_eq!(
        *progress.lock().unwrap(),
        [(1000, None), (2000, None), (3000, None), (4000, Some(4000))]
    );
    assert_eq!(
        &server.asset("raw", "upload", "stream.bin").unwrap().bytes[..],
        &file[..]
    );
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_refused_chunk_stops_the_upload() {
    let server = stand_in().await;
    let client = UploadClient::new(&config(server.base_url()), ResourceType::Raw).unwrap();
    let stale = Signer::new(ApiSecret::new("stale-secret").unwrap());
    let params = UploadParams::default();
    let mut calls = 0;
    let err = client
        .upload_large(
            LargeFile::reader(std::io::Cursor::new(numbered(3000)), "x.bin"),
            || {
                calls += 1;
                Ok(params.sign(&stale, "4321"))
            },
            Chunks::new().with_any_size(1000),
        )
        .await
        .unwrap_err();
    assert_eq!(calls, 1);
    assert_eq!(err.cloudinary_error().unwrap().status(), 401);
    assert!(server.received().is_empty());
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_tampered_field_is_diagnosed_as_parameters_differ() {
    let server = stand_in().await;
    let client = UploadClient::new(&config(server.base_url()), ResourceType::Raw).unwrap();
    let params = UploadParams::default().with_public_id("meant");
    let form = sign(&params);
    let mut json = serde_json::to_value(&form).unwrap();
    json["public_id"] = json!("changed");
    let tampered: SignedUploadForm = serde_json::from_value(json).unwrap();
    let err = client
        .upload(&tampered, FileSource::bytes(b"x".to_vec(), "x.bin"))
        .await
        .unwrap_err();
    assert_eq!(err.name(), "rejected");
    let rejection = err.cloudinary_error().unwrap();
    assert_eq!(rejection.status(), 401);
    assert!(rejection.message().starts_with("Invalid Signature "));
    assert_eq!(rejection.string_to_sign(), Some(tampered.string_to_sign()));
    let diagnosis = rejection.diagnose_form(&form, &signer()).unwrap();
    assert_eq!(diagnosis.verdict(), Verdict::ParametersDiffer);
    assert_eq!(diagnosis.different_values().len(), 1);
    assert!(server.received().is_empty());
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_wrong_secret_is_diagnosed_as_wrong_secret() {
    let server = stand_in().await;
    let client = UploadClient::new(&config(server.base_url()), ResourceType::Raw).unwrap();
    let stale = Signer::new(ApiSecret::new("stale-secret").unwrap());
    let form = UploadParams::default().sign(&stale, "4321");
    let err = client
        .upload(&form, FileSource::bytes(b"x".to_vec(), "x.bin"))
        .await
        .unwrap_err();
    let rejection = err.cloudinary_error().unwrap();
    assert_eq!(rejection.status(), 401);
    let diagnosis = rejection.diagnose_form(&form, &signer()).unwrap();
    assert_eq!(diagnosis.verdict(), Verdict::WrongSecret);
    assert!(!format!("{err} {err:?} {client:?}").contains("send-test-secret"));
    server.shutdown().await.unwrap();
}

/// A server answering `body` with `200` to every upload.
async fn answering(body: String) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(move || {
        let body = body.clone();
        async move { ([("content-type", "application/json")], body) }
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/v1_1/testcloud/raw/upload")
}

#[tokio::test]
async fn a_tampered_response_signature_is_a_typed_error() {
    let signature = ApiResponse::new("sample", &1_700_000_000u64)
        .sign(&signer())
        .to_string();
    let good = json!({"public_id": "sample", "version": 1_700_000_000u64, "signature": signature});
    let form = sign(&UploadParams::default());
    let file = || FileSource::bytes(b"x".to_vec(), "x.bin");

    let client = UploadClient::with_endpoint(signer(), answering(good.to_string()).await);
    assert_eq!(
        client.upload(&form, file()).await.unwrap().public_id,
        "sample"
    );

    let mut flipped = signature.clone().into_bytes();
    flipped[0] = if flipped[0] == b'0' { b'1' } else { b'0' };
    let mut bad = good.clone();
    bad["signature"] = json!(String::from_utf8(flipped).unwrap());
    let client = UploadClient::with_endpoint(signer(), answering(bad.to_string()).await);
    match client.upload(&form, file()).await.unwrap_err() {
        UploadError::ResponseSignature(e) => assert_eq!(e.kind(), ErrorKind::Mismatch),
        other => panic!("expected a response signature error, got {other:?}"),
    }

    let mut renamed = good.clone();
    renamed["public_id"] = json!("other");
    let client = UploadClient::with_endpoint(signer(), answering(renamed.to_string()).await);
    let err = client.upload(&form, file()).await.unwrap_err();
    assert_eq!(err.name(), "response_signature");

    let client = UploadClient::with_endpoint(
        signer(),
        answering(r#"{"public_id":"sample"}"#.into()).await,
    );
    let err = client.upload(&form, file()).await.unwrap_err();
    assert_eq!(err.name(), "malformed_response");
}
