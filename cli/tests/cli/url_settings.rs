//! The URL settings of `CLOUDINARY_URL` reach the URLs the binary prints, and a malformed
//! one is bad input with its name.

use crate::common::{assert_failure, cld_sign};

#[test]
fn urls_point_where_the_configuration_says() {
    // pycloudinary test/test_auth_token.py test_null_token: private CDN, http, secret `b`.
    let env = [(
        "CLOUDINARY_URL",
        "cloudinary://a:b@test123?private_cdn=true&secure=false&upload_prefix=http://127.0.0.1:3001",
    )];
    let run = cld_sign(
        &[
            "url",
            "--cloud-name=test123",
            "--public-id=sample",
            "--format=jpg",
            "--type=authenticated",
            "--version=1486020273",
        ],
        &env,
        b"",
    );
    assert_eq!(
        (run.status, run.stdout.as_str()),
        (
            0,
            "http://test123-res.cloudinary.com/image/authenticated/s--v2fTPYTu--/v1486020273/sample.jpg\n"
        ),
        "{run:?}"
    );
    let run = cld_sign(
        &["download-url", "private", "--timestamp=1315060510"],
        &env,
        br#"{"public_id": "sample"}"#,
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert!(
        run.stdout
            .starts_with("http://127.0.0.1:3001/v1_1/test123/image/download?public_id=sample&"),
        "{run:?}"
    );
    let run = cld_sign(&["search-url"], &env, br#"{"expression": "x"}"#);
    assert_eq!(run.status, 0, "{run:?}");
    assert!(
        run.stdout
            .starts_with("http://test123-res.cloudinary.com/search/"),
        "{run:?}"
    );
}

#[test]
fn a_malformed_setting_is_bad_input() {
    let run = cld_sign(
        &["url", "--cloud-name=c", "--public-id=sample"],
        &[("CLOUDINARY_URL", "cloudinary://a:s3cr3tXYZ@c?secure=yes")],
        b"",
    );
    assert_failure(&run, 2, "malformed_setting", "secure=yes");
    assert!(run.first_error_line().contains("`secure`"), "{run:?}");
    assert!(!run.stderr.contains("s3cr3tXYZ"), "{run:?}");
}
