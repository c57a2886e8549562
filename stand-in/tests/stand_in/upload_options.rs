//! Upload options whose effect shows only in the answer: the chunked upload's ID, the
//! original file name, responsive breakpoints of a real image, and `explicit` on videos
//! and through `auto`.

use crate::common::*;
use hyper::StatusCode;

/// A PNG header of 640 × 480 pixels: enough for the stand-in to read its size.
fn png_640x480() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&640u32.to_be_bytes());
    png.extend_from_slice(&480u32.to_be_bytes());
    png.extend_from_slice(b"rest of the image");
    png
}

/// `X-Unique-Upload-Id` is 1 to 128 characters: an empty one and a longer one are
/// refused, the longest is taken.
#[tokio::test]
async fn chunked_upload_ids_are_1_to_128_characters() {
    let server = stand_in(NOW).await;
    let ts = NOW.to_string();
    let form = signed_form(&[("timestamp", &ts)]);
    for (id, status) in [
        (String::new(), StatusCode::BAD_REQUEST),
        ("a".repeat(129), StatusCode::BAD_REQUEST),
        ("a".repeat(128), StatusCode::OK),
        ("b".to_owned(), StatusCode::OK),
    ] {
        let answer = post_file(
            &server,
            UPLOAD,
            &borrowed(&form),
            ("cat.png", "image/png", PNG),
            &[
                ("x-unique-upload-id", &id),
                (
                    "content-range",
                    &format!("bytes 0-{}/{}", PNG.len() - 1, PNG.len()),
                ),
            ],
        )
        .await;
        assert_eq!(
            answer.status,
            status,
            "{} characters: {}",
            id.len(),
            answer.text()
        );
        if status == StatusCode::BAD_REQUEST {
            assert!(
                answer.text().contains("Invalid X-Unique-Upload-Id"),
                "{}",
                answer.text()
            );
        }
    }
}

/// `original_filename` is answered unless `discard_original_filename` is true.
#[tokio::test]
async fn the_original_file_name_is_answered_unless_discarded() {
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
        let answer = post_file(
            &server,
            UPLOAD,
            &borrowed(&form),
            ("kitten.png", "image/png", PNG),
            &[],
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        let json = answer.json();
        assert_eq!(
            json.get("original_filename").is_some(),
            kept,
            "{discard:?}: {json}"
        );
        if kept {
            assert_eq!(json["original_filename"], "kitten");
        }
    }
}

/// A breakpoint of a real image keeps its aspect ratio: 300 wide of 640 × 480 is 225 high.
#[tokio::test]
async fn breakpoints_keep_the_aspect_ratio() {
    let server = stand_in(NOW).await;
    let ts = NOW.to_string();
    let form = signed_form(&[
        ("timestamp", &ts),
        ("responsive_breakpoints", r#"[{"max_width":300}]"#),
    ]);
    let png = png_640x480();
    let answer = post_file(
        &server,
        UPLOAD,
        &borrowed(&form),
        ("wide.png", "image/png", &png),
        &[],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let json = answer.json();
    let breakpoint = &json["responsive_breakpoints"][0]["breakpoints"][0];
    assert_eq!(
        (json["width"].as_u64(), json["height"].as_u64()),
        (Some(640), Some(480))
    );
    assert_eq!(breakpoint["width"], 300);
    assert_eq!(breakpoint["height"], 225);
}

/// `explicit` answers with the asset's own resource type, a video's as a video, and
/// through `auto` finds an image.
#[tokio::test]
async fn explicit_keeps_the_resource_type() {
    let server = stand_in(NOW).await;
    let ts = NOW.to_string();
    for (public_id, file) in [
        (
            "clip",
            ("clip.mp4", "video/mp4", &b"not really a video"[..]),
        ),
        ("pic", ("pic.png", "image/png", PNG)),
    ] {
        let form = signed_form(&[("timestamp", &ts), ("public_id", public_id)]);
        let answer = post_file(&server, UPLOAD, &borrowed(&form), file, &[]).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    }
    for (path, public_id, resource_type) in [
        ("/v1_1/testcloud/video/explicit", "clip", "video"),
        ("/v1_1/testcloud/image/explicit", "pic", "image"),
        ("/v1_1/testcloud/auto/explicit", "pic", "image"),
    ] {
        let form = signed_form(&[
            ("timestamp", &ts),
            ("public_id", public_id),
            ("type", "upload"),
        ]);
        let answer = post_multipart(&server, path, &borrowed(&form)).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text());
        let json = answer.json();
        assert_eq!(json["resource_type"], resource_type, "{path}: {json}");
        assert_eq!(json["public_id"], public_id);
    }
}
