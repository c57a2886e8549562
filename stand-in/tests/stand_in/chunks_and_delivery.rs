//! Chunked uploads and delivery without an SDK: the chunk rules both SDKs rely on, and
//! what delivery and private downloads check.

use std::time::Duration;

use crate::common::*;
use cld_sign::delivery::{AuthToken, Expiry, TokenKey};
use cld_sign::download::DownloadUrl;
use cld_sign::response::ResponseVerifier;
use cld_sign::{Timestamp, delivery::DeliveryUrl};
use cld_sign_stand_in::MAX_FIELDS;
use hyper::StatusCode;
use serde_json::json;

const RAW: &str = "/v1_1/testcloud/raw/upload";

async fn chunk(
    server: &cld_sign_stand_in::Running,
    id: &str,
    range: &str,
    params: &[(&str, &str)],
    bytes: &[u8],
) -> Answer {
    let form = signed_form(params);
    post_file(
        server,
        RAW,
        &borrowed(&form),
        ("/home/me/data/big.bin", "application/octet-stream", bytes),
        &[("x-unique-upload-id", id), ("content-range", range)],
    )
    .await
}

/// pycloudinary's way: the total on every range, later chunks with the public ID of the
/// previous answer; Node's way: `-1` until the last. Each chunk is a signed upload.
#[tokio::test]
async fn chunked_uploads_as_both_sdks_send_them() {
    let server = stand_in(NOW).await;
    let file: Vec<u8> = (0..30u8).collect();
    let t1 = (NOW - 5).to_string();
    let first = chunk(
        &server,
        "py",
        "bytes 0-9/30",
        &[("timestamp", &t1)],
        &file[..10],
    )
    .await;
    let first = first.json();
    assert_eq!(first["done"], false);
    let public_id = first["public_id"].as_str().unwrap().to_owned();
    assert!(
        public_id.ends_with(".bin"),
        "the final ID, a raw file's with its extension"
    );
    let t2 = NOW.to_string();
    let params = [
        ("timestamp", t2.as_str()),
        ("public_id", public_id.as_str()),
    ];
    let second = chunk(&server, "py", "bytes 10-19/30", &params, &file[10..20]).await;
    assert_eq!(second.json()["public_id"], public_id.as_str());
    assert!(server.received().is_empty(), "nothing answered whole yet");
    let last = chunk(&server, "py", "bytes 20-29/30", &params, &file[20..]).await;
    let last = last.json();
    assert_eq!(last["public_id"], public_id.as_str());
    assert_eq!(last["bytes"], 30);
    assert_eq!(last["original_filename"], "big");
    assert_eq!(last["resource_type"], "raw");
    ResponseVerifier::new(signer())
        .verify(&public_id, &NOW, last["signature"].as_str().unwrap())
        .unwrap();
    let kept = server.asset("raw", "upload", &public_id).unwrap();
    assert_eq!(&kept.bytes[..], &file[..]);

    // Node: `/-1` until the last chunk, which names the total.
    let ts = NOW.to_string();
    let p = [("timestamp", ts.as_str())];
    let a = chunk(&server, "node", "bytes 0-14/-1", &p, &file[..15])
        .await
        .json();
    assert_eq!(a["done"], false);
    let b = chunk(&server, "node", "bytes 15-29/30", &p, &file[15..])
        .await
        .json();
    assert_eq!(b["public_id"], a["public_id"]);
    assert_eq!(b["bytes"], 30);
    assert_eq!(server.received().len(), 2);

    // Every chunk's signature is checked.
    let mut form = signed_form(&p);
    form.retain(|(n, _)| n != "signature");
    form.push(("signature".into(), "0".repeat(40)));
    let forged = post_file(
        &server,
        RAW,
        &borrowed(&form),
        ("x.bin", "application/octet-stream", &file[..10]),
        &[
            ("x-unique-upload-id", "f"),
            ("content-range", "bytes 0-9/30"),
        ],
    )
    .await;
    assert!(
        forged
            .cloudinary_error(StatusCode::UNAUTHORIZED)
            .starts_with("Invalid Signature")
    );

    // Bad ranges: not the chunk's size, overlapping, another total, past the total.
    for (id, range, len) in [
        ("r1", "bytes 0-9/30", 9),
        ("r1", "bytes 0-9/x", 10),
        ("r1", "0-9/30", 10),
    ] {
        let message = chunk(&server, id, range, &p, &file[..len])
            .await
            .cloudinary_error(StatusCode::BAD_REQUEST);
        assert_eq!(message, format!("Invalid Content-Range {range}"));
    }
    chunk(&server, "r2", "bytes 0-9/30", &p, &file[..10])
        .await
        .json();
    for range in ["bytes 5-14/30", "bytes 10-19/40"] {
        let message = chunk(&server, "r2", range, &p, &file[..10])
            .await
            .cloudinary_error(StatusCode::BAD_REQUEST);
        assert!(message.starts_with("Invalid Content-Range"), "{message}");
    }
    let other = [("timestamp", ts.as_str()), ("public_id", "other")];
    let message = chunk(&server, "r2", "bytes 10-19/30", &other, &file[10..20])
        .await
        .cloudinary_error(StatusCode::BAD_REQUEST);
    assert!(message.contains("does not match"), "{message}");
    // One header without the other.
    let form = signed_form(&p);
    let half = post_file(
        &server,
        RAW,
        &borrowed(&form),
        ("x.bin", "application/octet-stream", &file[..10]),
        &[("x-unique-upload-id", "h")],
    )
    .await;
    assert_eq!(half.status, StatusCode::BAD_REQUEST);
    server.shutdown().await.unwrap();
}

/// Answer shapes: structured values, the base name of a local path, `use_filename`.
#[tokio::test]
async fn structured_values_are_answered_in_cloudinary_shapes() {
    let server = stand_in(NOW).await;
    let ts = NOW.to_string();
    let form = signed_form(&[
        ("timestamp", &ts),
        ("context", "alt=a cat|caption=x\\=y"),
        ("metadata", "color=[\"red\",\"blue\"]|size=10"),
        (
            "responsive_breakpoints",
            r#"[{"max_width":300,"transformation":"e_grayscale"}]"#,
        ),
        ("use_filename", "true"),
        ("unique_filename", "false"),
        ("access_mode", "authenticated"),
    ]);
    let answer = post_file(
        &server,
        UPLOAD,
        &borrowed(&form),
        ("C:\\Users\\me\\photos\\kitten.png", "image/png", PNG),
        &[],
    )
    .await
    .json();
    assert_eq!(answer["public_id"], "kitten");
    assert_eq!(answer["original_filename"], "kitten");
    assert_eq!(
        answer["context"],
        json!({"custom": {"alt": "a cat", "caption": "x=y"}})
    );
    assert_eq!(
        answer["metadata"],
        json!({"color": ["red", "blue"], "size": "10"})
    );
    assert_eq!(answer["access_mode"], "authenticated");
    let breakpoints = &answer["responsive_breakpoints"];
    assert_eq!(breakpoints[0]["transformation"], "e_grayscale");
    assert_eq!(breakpoints[0]["breakpoints"][0]["width"], 300);
    let url = breakpoints[0]["breakpoints"][0]["url"].as_str().unwrap();
    assert!(url.contains("/e_grayscale/c_scale,w_300/"), "{url}");
    assert!(answer.get("eager").is_none());
    for bad in [("type", "fetch"), ("access_mode", "secret")] {
        let form = signed_form(&[("timestamp", &ts), bad]);
        let message = post_multipart(&server, UPLOAD, &borrowed(&form))
            .await
            .cloudinary_error(StatusCode::BAD_REQUEST);
        assert_eq!(message, format!("Invalid {} {}", bad.0, bad.1));
    }
    server.shutdown().await.unwrap();
}

/// Delivery checks what Cloudinary checks: signatures, strict transformations, tokens,
/// private assets only by signed download URL.
#[tokio::test]
async fn delivery_checks_signatures_tokens_and_types() {
    let key = TokenKey::from_hex(TOKEN_KEY).unwrap();
    let server = stand_in_with_token_key(NOW).await;
    let upload = |params: Vec<(&'static str, String)>| {
        let server = &server;
        async move {
            let mut all = vec![("timestamp", NOW.to_string())];
            all.extend(params);
            let borrowed: Vec<(&str, &str)> = all.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let form = signed_form(&borrowed);
            post_multipart(server, UPLOAD, &crate::common::borrowed(&form))
                .await
                .json()
        }
    };
    let public = upload(vec![("public_id", "cat".into()), ("eager", "w_10".into())]).await;
    let url = public["url"].as_str().unwrap();
    let got = get(&server, url.trim_start_matches(server.base_url())).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(&got.body[..], PNG);
    assert_eq!(got.header("content-type"), Some("image/png"));
    // Versionless, with a query (the Node SDK's `_a`), and the eager transformation.
    for path in [
        "/testcloud/image/upload/cat.png?_a=BAMAK",
        "/testcloud/image/upload/w_10/v1700000000/cat.png",
        "/testcloud/image/upload/v1/cat.png",
    ] {
        assert_eq!(get(&server, path).await.status, StatusCode::OK, "{path}");
    }
    for (path, status) in [
        (
            "/testcloud/image/upload/w_20/cat.png",
            StatusCode::UNAUTHORIZED,
        ),
        (
            "/testcloud/image/upload/v1699999999/cat.png",
            StatusCode::NOT_FOUND,
        ),
        ("/testcloud/image/upload/cat.jpg", StatusCode::NOT_FOUND),
        ("/testcloud/image/upload/dog.png", StatusCode::NOT_FOUND),
        ("/othercloud/image/upload/cat.png", StatusCode::NOT_FOUND),
        ("/testcloud/video/upload/cat.png", StatusCode::NOT_FOUND),
    ] {
        assert_eq!(get(&server, path).await.status, status, "{path}");
    }
    // A signed transformation passes; a tampered one does not.
    let signed = DeliveryUrl::new("testcloud", "cat")
        .with_transformation("w_20")
        .with_format("png")
        .sign(&signer())
        .unwrap()
        .to_string();
    let path = &signed[signed.find("/testcloud/").unwrap()..];
    assert_eq!(get(&server, path).await.status, StatusCode::OK, "{path}");
    let tampered = path.replace("w_20", "w_21");
    assert_eq!(
        get(&server, &tampered).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Authenticated: a token over the path, or a signature.
    upload(vec![
        ("public_id", "secret".into()),
        ("type", "authenticated".into()),
    ])
    .await;
    let path = "/testcloud/image/authenticated/v1700000000/secret.png";
    assert_eq!(get(&server, path).await.status, StatusCode::UNAUTHORIZED);
    let token = AuthToken::for_url(path, Expiry::After(Duration::from_secs(60)))
        .sign_at(&key, Timestamp::from_secs(NOW))
        .unwrap();
    let with_token = format!("{path}?{}={}", token.name(), token.value());
    assert_eq!(get(&server, &with_token).await.status, StatusCode::OK);
    upload(vec![
        ("public_id", "secret2".into()),
        ("type", "authenticated".into()),
    ])
    .await;
    let other = "/testcloud/image/authenticated/v1700000000/secret2.png";
    let reused = format!("{other}?{}={}", token.name(), token.value());
    assert_eq!(get(&server, &reused).await.status, StatusCode::UNAUTHORIZED);

    // Private: never by delivery URL; by a signed download URL until it expires.
    upload(vec![
        ("public_id", "hidden".into()),
        ("type", "private".into()),
    ])
    .await;
    assert_eq!(
        get(&server, "/testcloud/image/private/hidden.png")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let download = |expires: u64| {
        DownloadUrl::private("testcloud", "hidden")
            .with_param("format", "png")
            .with_param("type", "private")
            .with_param("expires_at", &expires)
            .with_param("attachment", &true)
            .sign_at(&signer(), "4321", Timestamp::from_secs(NOW))
            .unwrap()
    };
    let fresh = download(NOW + 60);
    let path = &fresh.url()[fresh.url().find("/v1_1/").unwrap()..];
    let got = get(&server, path).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(&got.body[..], PNG);
    assert_eq!(
        got.header("content-disposition"),
        Some("attachment; filename=\"hidden.png\"")
    );
    let expired = download(NOW - 1);
    let path = &expired.url()[expired.url().find("/v1_1/").unwrap()..];
    assert_eq!(get(&server, path).await.status, StatusCode::UNAUTHORIZED);
    let tampered = path.replace("hidden", "cat");
    assert_eq!(
        get(&server, &tampered).await.status,
        StatusCode::UNAUTHORIZED
    );
    server.shutdown().await.unwrap();
}

/// A leaked destroy signature removes exactly what it signed; an upload signature is no
/// destroy signature for another asset.
#[tokio::test]
async fn destroy_checks_its_signature() {
    let server = stand_in(NOW).await;
    let ts = NOW.to_string();
    let form = signed_form(&[("timestamp", &ts), ("public_id", "cat")]);
    assert_eq!(
        post_multipart(&server, UPLOAD, &borrowed(&form))
            .await
            .status,
        StatusCode::OK
    );
    let destroy = "/v1_1/testcloud/image/destroy";
    let content_type = [("content-type", "application/x-www-form-urlencoded")];
    let encode = |form: &[(String, String)]| {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (n, v) in form {
            out.append_pair(n, v);
        }
        out.finish()
    };
    // The upload's own signed form, replayed against another public ID: refused.
    let mut replayed = form.clone();
    replayed.retain(|(n, _)| n != "public_id");
    replayed.push(("public_id".into(), "dog".into()));
    let answer = request(
        &server,
        hyper::Method::POST,
        destroy,
        &content_type,
        encode(&replayed),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    // Replayed as it is (the same public ID): a leaked signature does what it signed.
    let answer = request(
        &server,
        hyper::Method::POST,
        destroy,
        &content_type,
        encode(&form),
    )
    .await;
    assert_eq!(answer.json(), json!({"result": "ok"}));
    assert!(server.asset("image", "upload", "cat").is_none());
    let answer = request(
        &server,
        hyper::Method::POST,
        destroy,
        &content_type,
        encode(&form),
    )
    .await;
    assert_eq!(answer.json(), json!({"result": "not found"}));
    server.shutdown().await.unwrap();
}

/// `explicit` on an existing asset answers as an upload of it with the newly signed
/// values; on a missing one, Cloudinary's `Resource not found`.
#[tokio::test]
async fn explicit_replaces_what_was_signed_of_an_existing_asset() {
    let server = stand_in(NOW).await;
    let ts = NOW.to_string();
    let form = signed_form(&[("timestamp", &ts), ("public_id", "cat")]);
    let answer = post_file(
        &server,
        UPLOAD,
        &borrowed(&form),
        ("cat.png", "image/png", PNG),
        &[],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let explicit = "/v1_1/testcloud/image/explicit";
    let tagged = signed_form(&[
        ("timestamp", &ts),
        ("public_id", "cat"),
        ("type", "upload"),
        ("tags", "a,b"),
    ]);
    let answer = post_multipart(&server, explicit, &borrowed(&tagged)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let json = answer.json();
    assert_eq!(json["public_id"], "cat");
    assert_eq!(json["tags"], json!(["a", "b"]));
    assert_eq!(server.asset("image", "upload", "cat").unwrap().bytes, PNG);
    let missing = signed_form(&[("timestamp", &ts), ("public_id", "dog")]);
    let answer = post_multipart(&server, explicit, &borrowed(&missing)).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(
        answer.text().contains("Resource not found - dog"),
        "{}",
        answer.text()
    );
    server.shutdown().await.unwrap();
}

/// Each access check refuses on one side and serves on the other, at its exact bound: an
/// asset uploaded with `access_mode=authenticated` needs a valid token; a kept content
/// type wins over the format's; a download's `format` must be the asset's; `expires_at`
/// is still valid at its own second; a download query may have `MAX_FIELDS` fields.
#[tokio::test]
async fn delivery_checks_refuse_and_serve_at_their_bounds() {
    let key = TokenKey::from_hex(TOKEN_KEY).unwrap();
    let server = stand_in_with_token_key(NOW).await;
    let ts = NOW.to_string();
    let form = signed_form(&[
        ("access_mode", "authenticated"),
        ("public_id", "guarded"),
        ("timestamp", &ts),
    ]);
    let answer = post_multipart(&server, UPLOAD, &borrowed(&form)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let path = "/testcloud/image/upload/v1700000000/guarded.png";
    let refused = get(&server, path).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        refused.json()["error"]["message"],
        "This asset needs an auth token"
    );
    let token = AuthToken::for_url(path, Expiry::After(Duration::from_secs(60)))
        .sign_at(&key, Timestamp::from_secs(NOW))
        .unwrap();
    let with_token = format!("{path}?{}={}", token.name(), token.value());
    let served = get(&server, &with_token).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(&served.body[..], PNG);
    let forged = format!("{path}?{}=exp=1700000060~hmac=00", token.name());
    assert_eq!(get(&server, &forged).await.status, StatusCode::UNAUTHORIZED);

    // The content type sent with the file is served, not the one its format suggests.
    let form = signed_form(&[("public_id", "notes.txt"), ("timestamp", &ts)]);
    let answer = post_file(
        &server,
        RAW,
        &borrowed(&form),
        ("notes.txt", "text/plain", b"plain words"),
        &[],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let url = answer.json()["url"].as_str().unwrap().to_owned();
    let served = get(&server, url.trim_start_matches(server.base_url())).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(&served.body[..], b"plain words");
    assert_eq!(served.header("content-type"), Some("text/plain"));

    // Private downloads: the format must be the asset's; `expires_at` = now still serves.
    let form = signed_form(&[
        ("public_id", "hidden"),
        ("timestamp", &ts),
        ("type", "private"),
    ]);
    let answer = post_multipart(&server, UPLOAD, &borrowed(&form)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let download = |format: &str, expires: u64| {
        let signed = DownloadUrl::private("testcloud", "hidden")
            .with_param("format", format)
            .with_param("type", "private")
            .with_param("expires_at", &expires)
            .sign_at(&signer(), "4321", Timestamp::from_secs(NOW))
            .unwrap();
        signed.url()[signed.url().find("/v1_1/").unwrap()..].to_owned()
    };
    let at_expiry = get(&server, &download("png", NOW)).await;
    assert_eq!(at_expiry.status, StatusCode::OK);
    assert_eq!(&at_expiry.body[..], PNG);
    let expired = get(&server, &download("png", NOW - 1)).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.json()["error"]["message"], "Download URL expired");
    let other_format = get(&server, &download("jpg", NOW + 60)).await;
    assert_eq!(other_format.status, StatusCode::NOT_FOUND);

    // The field count: a signed query of exactly `MAX_FIELDS` fields is served; one more
    // field is refused for the count, before any other check.
    let expires = (NOW + 60).to_string();
    let mut params = vec![
        ("public_id", "hidden".to_owned()),
        ("format", "png".to_owned()),
        ("type", "private".to_owned()),
        ("expires_at", expires),
        ("timestamp", ts.clone()),
    ];
    let pads: Vec<String> = (0..MAX_FIELDS - params.len() - 2)
        .map(|i| format!("p{i}"))
        .collect();
    params.extend(pads.iter().map(|p| (p.as_str(), "x".to_owned())));
    let params: Vec<(&str, &str)> = params.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let form = signed_form(&params);
    assert_eq!(form.len(), MAX_FIELDS);
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&form)
        .finish();
    let full = format!("/v1_1/testcloud/image/download?{query}");
    let served = get(&server, &full).await;
    assert_eq!(served.status, StatusCode::OK, "{:?}", served.body);
    let over = get(&server, &format!("{full}&extra=1")).await;
    assert_eq!(over.status, StatusCode::BAD_REQUEST);
    assert_eq!(over.json()["error"]["message"], "Too many parameters");
    server.shutdown().await.unwrap();
}

/// An upload ID is 1 to 128 bytes.
#[tokio::test]
async fn chunked_upload_ids_are_1_to_128_bytes() {
    let server = stand_in(NOW).await;
    let ts = NOW.to_string();
    let longest = "u".repeat(128);
    let answer = chunk(
        &server,
        &longest,
        "bytes 0-9/20",
        &[("timestamp", &ts)],
        &[7; 10],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.json()["done"], false);
    for bad in [String::new(), "u".repeat(129), "u".repeat(130)] {
        let message = chunk(
            &server,
            &bad,
            "bytes 0-9/20",
            &[("timestamp", &ts)],
            &[7; 10],
        )
        .await
        .cloudinary_error(StatusCode::BAD_REQUEST);
        assert_eq!(message, "Invalid X-Unique-Upload-Id", "{} bytes", bad.len());
    }
    server.shutdown().await.unwrap();
}

/// `explicit` answers with the asset's own resource type, `auto` finding an image.
#[tokio::test]
async fn explicit_answers_with_the_resource_type() {
    let server = stand_in(NOW).await;
    let ts = NOW.to_string();
    for (name, content_type, path) in [
        ("cat", "image/png", "/v1_1/testcloud/auto/explicit"),
        ("cat", "image/png", "/v1_1/testcloud/image/explicit"),
        ("clip", "video/mp4", "/v1_1/testcloud/video/explicit"),
    ] {
        let form = signed_form(&[("timestamp", &ts), ("public_id", name)]);
        let file = (format!("{name}.bin"), content_type, PNG);
        let answer = post_file(
            &server,
            UPLOAD,
            &borrowed(&form),
            (&file.0, file.1, file.2),
            &[],
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        let expected = answer.json()["resource_type"].clone();
        assert_eq!(expected, content_type.split('/').next().unwrap());
        let tagged = signed_form(&[("timestamp", &ts), ("public_id", name), ("tags", "t")]);
        let answer = post_multipart(&server, path, &borrowed(&tagged)).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text());
        assert_eq!(answer.json()["resource_type"], expected, "{path}");
        assert_eq!(answer.json()["tags"], json!(["t"]), "{path}");
    }
    server.shutdown().await.unwrap();
}
