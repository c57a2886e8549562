//! `search-url`, `download-url` and `media-library` through the real binary, over every case
//! of `search_url.json`, `download_url.json` and `media_library.json`.

use crate::common::{assert_failure, bad_input, cld_sign, one_line};
use cld_sign_tests::vectors::{self, Case, download_url, media_library, search_url};

/// Secrets that can stand in a `cloudinary://` URL without escaping.
fn plain(secret: &str) -> bool {
    secret
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[test]
fn every_search_url_vector_through_the_binary() {
    let mut via_url = 0;
    // `search-url` prints the URL only.
    vectors::run_with(
        "search_url.json",
        39,
        |expected: &search_url::Expected| Ok(expected.url.clone()),
        |case: &Case<search_url::Input, search_url::Expected>| {
            let input = &case.input;
            let secret = input.secret.as_str();
            let cloud_name = &input.cloud_name;
            let mut args = vec!["search-url".to_owned()];
            if let Some(ttl) = input.ttl {
                args.push(format!("--ttl={ttl}"));
            }
            if let Some(cursor) = &input.next_cursor {
                args.push(format!("--next-cursor={cursor}"));
            }
            let stdin = serde_json::to_vec(&input.query).unwrap();

            if plain(secret) {
                // The cloud name from CLOUDINARY_URL; its sha1 algorithm does not matter.
                let env = format!("cloudinary://1234:{secret}@{cloud_name}");
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let run = cld_sign(&args, &[("CLOUDINARY_URL", &env)], &stdin);
                assert_eq!(
                    (run.status, run.stdout.as_str()),
                    (0, format!("{}\n", case.expected.url).as_str()),
                    "via CLOUDINARY_URL"
                );
                via_url += 1;
            }

            args.push(format!("--cloud-name={cloud_name}"));
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = cld_sign(&args, &[("CLOUDINARY_API_SECRET", secret)], &stdin);
            run.outcome(bad_input).map(one_line)
        },
    );
    assert_eq!(
        via_url, 26,
        "search_url.json cases also run via CLOUDINARY_URL"
    );
}

#[test]
fn every_download_url_vector_through_the_binary() {
    let mut via_url = 0;
    // `download-url` prints the URL only.
    vectors::run_with(
        "download_url.json",
        50,
        |expected: &download_url::Expected| Ok(expected.url.clone()),
        |case: &Case<download_url::Input, download_url::Expected>| {
            let input = &case.input;
            let secret = input.secret.as_str();
            let (cloud_name, api_key) = (&input.cloud_name, &input.api_key);
            let mut args = vec![
                "download-url".to_owned(),
                input.kind.clone(),
                format!("--timestamp={}", input.timestamp),
                format!("--algorithm={}", input.algorithm),
            ];
            let stdin = serde_json::to_vec(&input.options).unwrap();

            if plain(secret) {
                let env = format!("cloudinary://{api_key}:{secret}@{cloud_name}");
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let run = cld_sign(&args, &[("CLOUDINARY_URL", &env)], &stdin);
                assert_eq!(
                    (run.status, run.stdout.as_str()),
                    (0, format!("{}\n", case.expected.url).as_str()),
                    "via CLOUDINARY_URL"
                );
                via_url += 1;
            }

            args.push(format!("--cloud-name={cloud_name}"));
            args.push(format!("--api-key={api_key}"));
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = cld_sign(&args, &[("CLOUDINARY_API_SECRET", secret)], &stdin);
            run.outcome(bad_input).map(one_line)
        },
    );
    assert_eq!(
        via_url, 40,
        "download_url.json cases also run via CLOUDINARY_URL"
    );
}

#[test]
fn every_media_library_vector_through_the_binary() {
    // `media-library` prints the signature only.
    vectors::run_with(
        "media_library.json",
        21,
        |expected: &media_library::Expected| Ok(expected.signature.clone()),
        |case: &Case<media_library::Input, media_library::Expected>| {
            let input = &case.input;
            let args = [
                "media-library".to_owned(),
                format!("--cloud-name={}", input.cloud_name),
                format!("--username={}", input.username),
                format!("--timestamp={}", input.timestamp),
            ];
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            // The account's algorithm is SHA-1 (the default); the login is still SHA-256.
            let env = [("CLOUDINARY_API_SECRET", input.secret.as_str())];
            let run = cld_sign(&args, &env, b"");
            run.outcome(bad_input).map(one_line)
        },
    );
}

#[test]
fn bad_input_is_status_2_with_the_error_name() {
    let env = [("CLOUDINARY_API_SECRET", "abcd")];
    let search = ["search-url", "--cloud-name=demo"];
    for (stdin, context) in [
        (&b"[1]"[..], "a list"),
        (b"not json", "not JSON"),
        (br#"{"next_cursor": 5}"#, "a number cursor"),
    ] {
        let run = cld_sign(&search, &env, stdin);
        assert_failure(&run, 2, "unsupported_value", context);
    }
    let run = cld_sign(&search, &env, br#"{"next_cursor": "../../x"}"#);
    assert_failure(&run, 2, "malformed_cursor", "a path as the query's cursor");
    let run = cld_sign(
        &["search-url", "--cloud-name=demo", "--next-cursor=x?y=1#z"],
        &env,
        b"{}",
    );
    assert_failure(&run, 2, "malformed_cursor", "a query as the cursor");
    let run = cld_sign(&["search-url"], &env, b"{}");
    assert_failure(&run, 2, "usage", "no cloud name");
    let login = [
        "media-library",
        "--cloud-name=",
        "--username=jane",
        "--timestamp=1700000000",
    ];
    let run = cld_sign(&login, &env, b"");
    assert_failure(&run, 2, "missing_cloud_name", "an empty cloud name");
    let run = cld_sign(&search, &[], b"{}");
    assert_failure(&run, 2, "empty_secret", "no secret");

    let download = [
        "download-url",
        "private",
        "--cloud-name=demo",
        "--api-key=1234",
        "--timestamp=1315060510",
    ];
    let run = cld_sign(&download, &env, br#"{"public_id": {"a": 1}}"#);
    assert_failure(&run, 2, "unsupported_value", "an object value");
    let run = cld_sign(&download, &env, b"[]");
    assert_failure(&run, 2, "unsupported_value", "options that are a list");
    let run = cld_sign(
        &[
            "download-url",
            "zip",
            "--cloud-name=demo",
            "--api-key=1",
            "--timestamp=1",
        ],
        &env,
        b"{}",
    );
    assert_failure(&run, 2, "unsupported_value", "an unknown kind");
    let run = cld_sign(
        &[
            "download-url",
            "private",
            "--cloud-name=demo",
            "--api-key=1",
            "--timestamp=1.5",
        ],
        &env,
        b"{}",
    );
    assert_failure(&run, 2, "malformed_timestamp", "a fractional timestamp");
    let run = cld_sign(
        &[
            "download-url",
            "private",
            "--cloud-name=demo",
            "--timestamp=1",
        ],
        &env,
        b"{}",
    );
    assert_failure(&run, 2, "usage", "no api key");
    let run = cld_sign(
        &[
            "download-url",
            "private",
            "--cloud-name=demo",
            "--api-key=1",
            "--timestamp=1",
            "--algorithm=md5",
        ],
        &env,
        b"{}",
    );
    assert_failure(&run, 2, "unsupported_algorithm", "md5");

    let run = cld_sign(
        &[
            "media-library",
            "--cloud-name=demo",
            "--username=u",
            "--timestamp=x",
        ],
        &env,
        b"",
    );
    assert_failure(
        &run,
        2,
        "malformed_timestamp",
        "a timestamp that is not digits",
    );
    let run = cld_sign(
        &["media-library", "--username=u", "--timestamp=1"],
        &env,
        b"",
    );
    assert_failure(&run, 2, "usage", "no cloud name");
}

#[test]
fn the_secret_never_comes_from_a_flag_and_never_shows() {
    let secret = "s3cr3t-value-never-shown";
    let env = [("CLOUDINARY_API_SECRET", secret)];
    for (args, stdin) in [
        (&["search-url", "--cloud-name=demo"][..], &b"[]"[..]),
        (
            &[
                "download-url",
                "archive",
                "--cloud-name=demo",
                "--api-key=1",
                "--timestamp=1",
            ],
            br#"{"tags": [{}]}"#,
        ),
    ] {
        let run = cld_sign(args, &env, stdin);
        assert_eq!(run.status, 2);
        assert!(
            !run.stderr.contains(secret) && !run.stdout.contains(secret),
            "{run:?}"
        );
    }
}
