//! The seed corpora of the fuzz targets, built from the vector files in the input layout of
//! [`crate::fuzz_targets`]. `cargo run -p cld-sign-tests --bin fuzz_seeds` writes them to
//! `fuzz/corpus/<target>/seed-<id>`; the replay test also runs them directly.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use crate::fuzz_targets::{FIELD, PAIR};
use crate::vectors::{self, str_field};

type Case = vectors::RawCase;

/// One seed: the target it feeds, a file name, the bytes.
#[derive(Debug, Clone)]
pub struct Seed {
    /// The target's name, as in [`crate::fuzz_targets::TARGETS`].
    pub target: &'static str,
    /// The file name: `seed-<vector id>[-<variant>]`.
    pub name: String,
    /// The input.
    pub data: Vec<u8>,
}

/// A control byte followed by the fields, separated by [`FIELD`].
fn record(control: u8, fields: &[&[u8]]) -> Vec<u8> {
    let mut out = vec![control];
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(FIELD);
        }
        out.extend_from_slice(field);
    }
    out
}

/// A field's text: strings as they are, numbers and the rest as JSON text.
fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn input_text(case: &Case, name: &str) -> String {
    case.input.get(name).map(value_text).unwrap_or_default()
}

fn sha256(case: &Case) -> u8 {
    u8::from(str_field(&case.input, "algorithm") == Some("sha256"))
}

/// Every `step`-th case: a spread of tens of cases, not thousands.
fn spread(cases: Vec<Case>, step: usize) -> impl Iterator<Item = Case> {
    cases.into_iter().step_by(step)
}

/// Every seed of every target.
pub fn seeds() -> Vec<Seed> {
    let mut seeds = Vec::new();
    let mut push = |target: &'static str, name: String, data: Vec<u8>| {
        seeds.push(Seed { target, name, data });
    };

    for case in vectors::load_raw("notification.json") {
        let c = sha256(&case);
        let (secret, timestamp, signature, now, body) = (
            input_text(&case, "secret"),
            input_text(&case, "timestamp"),
            input_text(&case, "signature"),
            input_text(&case, "now"),
            input_text(&case, "body"),
        );
        let fields: [&[u8]; 5] = [
            secret.as_bytes(),
            timestamp.as_bytes(),
            signature.as_bytes(),
            now.as_bytes(),
            body.as_bytes(),
        ];
        push(
            "notification_verify",
            format!("seed-{}", case.id),
            record(c, &fields),
        );
        // Generated, at the last valid second and the first expired one.
        push(
            "notification_verify",
            format!("seed-{}-edge", case.id),
            record(c | 2 | (2 << 3), &fields),
        );
        push(
            "notification_verify",
            format!("seed-{}-late", case.id),
            record(c | 2 | 4 | (3 << 3), &fields),
        );
        push(
            "timestamp_parse",
            format!("seed-{}", case.id),
            timestamp.into_bytes(),
        );
        push(
            "signature_parse",
            format!("seed-{}", case.id),
            signature.into_bytes(),
        );
    }

    for case in vectors::load_raw("response.json") {
        let c = sha256(&case);
        let fields = [
            input_text(&case, "secret"),
            input_text(&case, "public_id"),
            input_text(&case, "version"),
            input_text(&case, "signature"),
        ];
        let fields: Vec<&[u8]> = fields.iter().map(|f| f.as_bytes()).collect();
        push(
            "response_verify",
            format!("seed-{}", case.id),
            record(c, &fields),
        );
        push(
            "response_verify",
            format!("seed-{}-signed", case.id),
            record(c | 2, &fields),
        );
        if let Some(signature) = str_field(&case.expected, "signature") {
            push(
                "signature_parse",
                format!("seed-{}", case.id),
                signature.to_ascii_uppercase().into_bytes(),
            );
        }
    }

    for file in ["delivery_url.json", "url_forms.json"] {
        for case in vectors::load_raw(file) {
            let (Some(url), secret) = (
                str_field(&case.expected, "url"),
                input_text(&case, "secret"),
            ) else {
                continue;
            };
            push(
                "signed_url_verify",
                format!("seed-{}", case.id),
                record(sha256(&case), &[secret.as_bytes(), url.as_bytes()]),
            );
            // Raw material for the structured target: the secret and the public ID.
            let public_id = input_text(&case, "public_id");
            let mut data = vec![sha256(&case)];
            data.extend_from_slice(secret.as_bytes());
            data.extend_from_slice(public_id.as_bytes());
            push("delivery_url_roundtrip", format!("seed-{}", case.id), data);
        }
    }

    for case in vectors::load_raw("token.json") {
        let Some(token) = str_field(&case.expected, "token") else {
            continue;
        };
        let value = token.split_once('=').map_or(token, |(_, v)| v);
        let acl = match case.input.get("acl") {
            Some(Value::Array(items)) => items.iter().map(value_text).collect::<Vec<_>>().join("!"),
            Some(other) => value_text(other),
            None => String::new(),
        };
        let url = input_text(&case, "url");
        let (c, target) = if value.contains("~acl=") {
            (0, acl.clone())
        } else {
            (1, url.clone())
        };
        let now = ["start_time", "expiration", "now"]
            .iter()
            .map(|name| input_text(&case, name))
            .find(|t| !t.is_empty())
            .unwrap_or_default();
        let (key, ip) = (input_text(&case, "key"), input_text(&case, "ip"));
        let fields: [&[u8]; 5] = [
            key.as_bytes(),
            value.as_bytes(),
            target.as_bytes(),
            ip.as_bytes(),
            now.as_bytes(),
        ];
        push(
            "token_verify",
            format!("seed-{}", case.id),
            record(c, &fields),
        );
        let has = |name: &str| case.input.get(name).is_some_and(|v| !v.is_null());
        let c = u8::from(has("ip"))
            | u8::from(has("start_time")) << 1
            | u8::from(has("duration")) << 2
            | u8::from(has("expiration")) << 3
            | u8::from(has("url")) << 5;
        let options = ["start_time", "duration", "expiration"].map(|name| input_text(&case, name));
        let now = input_text(&case, "now");
        let fields: [&[u8]; 9] = [
            fields[0],
            acl.as_bytes(),
            url.as_bytes(),
            fields[3],
            options[0].as_bytes(),
            options[1].as_bytes(),
            options[2].as_bytes(),
            b"",
            now.as_bytes(),
        ];
        let data = record(c, &fields);
        push("token_roundtrip", format!("seed-{}", case.id), data);
        if !url.is_empty() {
            push(
                "token_path",
                format!("seed-{}", case.id),
                record(0, &[url.as_bytes()]),
            );
            push(
                "token_path",
                format!("seed-{}-encoded", case.id),
                record(1, &[url.as_bytes()]),
            );
        }
    }
    // The paths of signed delivery URLs, and the review's ways around an ACL.
    for case in spread(vectors::load_raw("url_forms.json"), 4) {
        let Some(url) = str_field(&case.expected, "url") else {
            continue;
        };
        let path = url.splitn(4, '/').nth(3).unwrap_or_default();
        push(
            "token_path",
            format!("seed-{}", case.id),
            record(0, &[format!("/{path}").as_bytes()]),
        );
    }
    for (i, path) in [
        "/image/%252e%252e/video/x",
        "/image/%25%32%65%25%32%65/video/x",
        "/image/%c0%ae%c0%ae/video/x",
        "/image/\u{ff0e}\u{ff0e}/video/x",
        "/image/..\u{2215}video/x",
        "/image/%2e%2e/video/x",
        "/image/upload/%C3%A9%20x.jpg",
        "/image/upload/a%zz",
        "/image/upload/a%00b",
    ]
    .into_iter()
    .enumerate()
    {
        push(
            "token_path",
            format!("seed-attack-{i}"),
            record(0, &[path.as_bytes()]),
        );
    }

    for case in spread(vectors::load_raw("auth.json"), 10) {
        let Some(params) = case.input.get("params").and_then(Value::as_object) else {
            continue;
        };
        let c = sha256(&case)
            | if case.input.get("signature_version") == Some(&Value::from(1)) {
                2
            } else {
                0
            };
        let secret = input_text(&case, "secret");
        let timestamp = params.get("timestamp").map(value_text).unwrap_or_default();
        let mut form = Vec::new();
        for (name, value) in params {
            let items = match value {
                Value::Array(items) => items
                    .iter()
                    .map(|v| (format!("{name}[]"), value_text(v)))
                    .collect(),
                other => vec![(name.clone(), value_text(other))],
            };
            for (name, value) in items {
                form.push([name.into_bytes(), vec![PAIR], value.into_bytes()].concat());
            }
        }
        let signed = form.clone();
        if let Some(signature) = str_field(&case.expected, "signature") {
            form.push(
                [
                    b"signature".to_vec(),
                    vec![PAIR],
                    signature.as_bytes().to_vec(),
                ]
                .concat(),
            );
            push(
                "signature_parse",
                format!("seed-{}", case.id),
                signature.as_bytes().to_vec(),
            );
        }
        let mut fields: Vec<&[u8]> = vec![secret.as_bytes(), timestamp.as_bytes()];
        fields.extend(form.iter().map(Vec::as_slice));
        push(
            "request_verify",
            format!("seed-{}", case.id),
            record(c, &fields),
        );
        let mut generated: Vec<&[u8]> = vec![secret.as_bytes(), timestamp.as_bytes()];
        generated.extend(signed.iter().map(Vec::as_slice));
        push(
            "request_verify",
            format!("seed-{}-signed", case.id),
            record(c | 4 | (2 << 3), &generated),
        );
        push(
            "params_json",
            format!("seed-{}", case.id),
            Value::Object(params.clone()).to_string().into_bytes(),
        );
        push(
            "timestamp_parse",
            format!("seed-{}", case.id),
            timestamp.into_bytes(),
        );
        let algorithm = input_text(&case, "algorithm");
        let version = input_text(&case, "signature_version");
        push(
            "config_url",
            format!("seed-{}", case.id),
            format!("cloudinary://1234:{secret}@demo?signature_algorithm={algorithm}&signature_version={version}").into_bytes(),
        );
    }

    for case in spread(vectors::load_raw("upload_params.json"), 4) {
        if let Some(options) = case.input.get("options") {
            push(
                "params_json",
                format!("seed-{}", case.id),
                options.to_string().into_bytes(),
            );
        }
    }
    for case in vectors::load_raw("notification_envelope.json") {
        let c = sha256(&case);
        let message = case.input.get("message").cloned().unwrap_or(Value::Null);
        let (secret, valid_for, now) = (
            input_text(&case, "secret"),
            input_text(&case, "valid_for"),
            input_text(&case, "now"),
        );
        let json = message.to_string();
        push(
            "envelope_verify",
            format!("seed-{}", case.id),
            record(
                c,
                &[
                    secret.as_bytes(),
                    valid_for.as_bytes(),
                    now.as_bytes(),
                    b"",
                    json.as_bytes(),
                ],
            ),
        );
        // Generated from the decoded body, at the last valid second (padded, the timestamp
        // as a number) and at the first expired one (unpadded, upper-case, as text).
        let payload = str_field(&message, "signed_payload").unwrap_or_default();
        let Ok(body) = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')) else {
            continue;
        };
        let timestamp = message.get("timestamp").map(value_text).unwrap_or_default();
        let fields: [&[u8]; 5] = [
            secret.as_bytes(),
            valid_for.as_bytes(),
            now.as_bytes(),
            timestamp.as_bytes(),
            &body,
        ];
        push(
            "envelope_verify",
            format!("seed-{}-edge", case.id),
            record(c | 2 | 4 | 16 | (2 << 5), &fields),
        );
        push(
            "envelope_verify",
            format!("seed-{}-late", case.id),
            record(c | 2 | 8 | (3 << 5), &fields),
        );
    }

    for case in vectors::load_raw("preloaded_file.json") {
        let c = sha256(&case);
        let (secret, preloaded) = (input_text(&case, "secret"), input_text(&case, "preloaded"));
        push(
            "preloaded_parse",
            format!("seed-{}", case.id),
            record(c, &[secret.as_bytes(), preloaded.as_bytes()]),
        );
        // Generated from the parts the case expects.
        let (Some(public_id), Some(version)) = (
            str_field(&case.expected, "public_id"),
            str_field(&case.expected, "version"),
        ) else {
            continue;
        };
        let mut types = preloaded.splitn(3, '/');
        let (resource_type, delivery_type) = (
            types.next().unwrap_or_default(),
            types.next().unwrap_or_default(),
        );
        let format = str_field(&case.expected, "format");
        let c = c | 2 | if format.is_some() { 8 } else { 0 };
        push(
            "preloaded_parse",
            format!("seed-{}-signed", case.id),
            record(
                c,
                &[
                    secret.as_bytes(),
                    resource_type.as_bytes(),
                    delivery_type.as_bytes(),
                    version.as_bytes(),
                    public_id.as_bytes(),
                    format.unwrap_or_default().as_bytes(),
                ],
            ),
        );
    }

    for case in vectors::load_raw("search_url.json") {
        let given = |name: &str| case.input.get(name).is_some_and(|v| !v.is_null());
        let c = u8::from(given("ttl")) | u8::from(given("next_cursor")) << 1;
        let [secret, cloud, ttl, cursor] =
            ["secret", "cloud_name", "ttl", "next_cursor"].map(|name| input_text(&case, name));
        let query = case.input.get("query").cloned().unwrap_or(Value::Null);
        let fields = |query: &Value| {
            record(
                c,
                &[
                    secret.as_bytes(),
                    cloud.as_bytes(),
                    ttl.as_bytes(),
                    cursor.as_bytes(),
                    query.to_string().as_bytes(),
                ],
            )
        };
        push(
            "search_url_json",
            format!("seed-{}", case.id),
            fields(&query),
        );
        // The same query in a list: `unsupported_value`.
        push(
            "search_url_json",
            format!("seed-{}-list", case.id),
            fields(&Value::Array(vec![query.clone()])),
        );
    }

    for case in vectors::load_raw("download_url.json") {
        let [secret, kind, cloud, api_key, timestamp] =
            ["secret", "kind", "cloud_name", "api_key", "timestamp"]
                .map(|name| input_text(&case, name));
        let options = case.input.get("options").cloned().unwrap_or(Value::Null);
        push(
            "download_url_json",
            format!("seed-{}", case.id),
            record(
                sha256(&case),
                &[
                    secret.as_bytes(),
                    kind.as_bytes(),
                    cloud.as_bytes(),
                    api_key.as_bytes(),
                    timestamp.as_bytes(),
                    options.to_string().as_bytes(),
                ],
            ),
        );
    }
    // The URL settings of `config_url`, accepted and refused.
    for (name, query) in [
        ("prefix", "upload_prefix=http%3A%2F%2F127.0.0.1%3A3001"),
        (
            "cname",
            "secure=false&cname=img.example.com&cdn_subdomain=true",
        ),
        (
            "private",
            "private_cdn=true&secure_distribution=img.example.com",
        ),
        ("subdomain", "cdn_subdomain=true&secure_cdn_subdomain=false"),
        (
            "forms",
            "use_root_path=true&shorten=true&long_url_signature=true",
        ),
        ("shorten", "shorten=true&signature_algorithm=sha256"),
        ("repeated", "secure=false&secure=true"),
        ("not-bool", "private_cdn=yes"),
        ("bad-prefix", "upload_prefix=ftp://x"),
        ("bad-host", "cname=a%2Fb"),
        ("bad-escape", "secure_distribution=%zz"),
    ] {
        push(
            "config_url",
            format!("seed-settings-{name}"),
            format!("cloudinary://1234:a676b67565c6767a6767d6767f676fe1@demo?{query}").into_bytes(),
        );
    }
    push(
        "config_url",
        "seed-settings-distribution".to_owned(),
        b"cloudinary://1234:a676b67565c6767a6767d6767f676fe1@demo/img.example.com/".to_vec(),
    );

    // Signing bodies for the fixed policies of `policy_body` (control bits 0-1 pick it).
    let policy_bodies: [(u8, &str, &str); 12] = [
        (
            0,
            "prefix",
            r#"{"paramsToSign": {"timestamp": 1700000000, "folder": "users/42/a", "tags": "cats", "upload_preset": "signed"}}"#,
        ),
        (
            0,
            "replace",
            r#"{"params_to_sign": {"timestamp": "1700000100", "type": "upload", "upload_preset": "signed"}}"#,
        ),
        (
            0,
            "outside",
            r#"{"timestamp": 1700000000, "folder": "users/43/a", "upload_preset": "signed"}"#,
        ),
        (
            0,
            "not-forced",
            r#"{"timestamp": 1700000000, "upload_preset": "unsigned"}"#,
        ),
        (
            1,
            "widget",
            r#"{"paramsToSign": {"timestamp": 1700000000, "source": "uw", "custom_coordinates": "35,39,612,706", "folder": "uw/x"}}"#,
        ),
        (
            1,
            "list",
            r#"{"paramsToSign": {"timestamp": 1699999800, "source": "uw", "folder": ["uw/a", "b"]}}"#,
        ),
        (
            1,
            "stale",
            r#"{"paramsToSign": {"timestamp": 1690000000, "source": "uw"}}"#,
        ),
        (
            1,
            "twice",
            r#"{"paramsToSign": {"timestamp": 1700000000}, "params_to_sign": {}}"#,
        ),
        (
            2,
            "server",
            r#"{"context": "me", "eager": "c_scale", "timestamp": 1}"#,
        ),
        (
            2,
            "too-many",
            r#"{"context": "a", "eager": "b", "x": "c", "y": "d", "z": "e"}"#,
        ),
        (
            3,
            "server",
            r#"{"paramsToSign": {"source": "uw", "custom_coordinates": "1,2,3,4"}}"#,
        ),
        (3, "null", r#"{"paramsToSign": null}"#),
    ];
    for (policy, name, body) in policy_bodies {
        for (bits, variant) in [(0, ""), (4, "-sha256"), (8, "-v1")] {
            push(
                "policy_body",
                format!("seed-{policy}-{name}{variant}"),
                record(policy | bits, &[body.as_bytes()]),
            );
        }
    }

    // 401 bodies for `diagnose`: the fixed params' strings to sign (version 2, version 1),
    // another text, and messages as Cloudinary words them.
    let signed_v2 = "folder=docs&tags=a%26b&timestamp=1315060510";
    let signed_v1 = "folder=docs&tags=a&b&timestamp=1315060510";
    let other = "folder=docs&source=uw&tags=a%26b&timestamp=1315060510";
    for (c, name, text) in [
        (4, "same", signed_v2),
        (4 | 2, "same-v1", signed_v1),
        (4 | 1, "same-sha256", signed_v2),
        (4 | 16, "other-secret", signed_v2),
        (4 | 32, "json", signed_v2),
        (4 | 64, "upper", signed_v2),
        (4, "other-version", signed_v1),
        (4 | 2, "other-version-v1", signed_v2),
        (4, "widget", other),
        (4 | 8, "text", other),
        (4 | 1, "algorithm", signed_v2),
    ] {
        push(
            "diagnose",
            format!("seed-{name}"),
            record(c, &[text.as_bytes()]),
        );
    }
    for (name, body) in [
        (
            "message",
            "Image upload failed - Invalid Signature f11d48772281ea76f3fc49f25cb048ddef90a43d. String to sign - 'timestamp=1479686175'.",
        ),
        (
            "body",
            r#"{"error":{"message":"Invalid Signature 0e3f1b5b4d5a2f8f1c8e34c8cbd3e5f0b7a9e0c1. String to sign - 'folder=docs&source=uw&timestamp=1315060510'."}}"#,
        ),
        ("no-text", "Invalid Signature abc."),
        ("not-json", "{\"error\":"),
    ] {
        push(
            "diagnose",
            format!("seed-{name}"),
            record(0, &[body.as_bytes()]),
        );
    }
    // Forms for the stand-in's reader: control bit 0 multipart, bits 2-7 the frame size.
    let multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"timestamp\"\r\n\r\n1315060510\r\n\
        --XyZ\r\nContent-Disposition: form-data; name=\"tags[]\"\r\n\r\na\r\n\
        --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dir/cat.jpg\"\r\n\
        Content-Type: image/jpeg\r\n\r\nJPEG bytes\r\n--XyZ--\r\n";
    for (c, name, body) in [
        (
            0,
            "urlencoded",
            "public_id=sample&tags%5B%5D=a&tags%5B%5D=b&timestamp=1315060510&signature=x"
                .as_bytes(),
        ),
        (
            3 << 2,
            "urlencoded-framed",
            b"folder=docs&&=&context=a%3Db%7Cc&file=https%3A%2F%2Fx%2Fy.jpg",
        ),
        (0, "bad-escape", b"a=%zz&b=+%E9"),
        (1, "multipart", multipart.as_bytes()),
        (1 | (4 << 2), "multipart-framed", multipart.as_bytes()),
        (
            1,
            "multipart-truncated",
            b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb",
        ),
        (2, "other-type", b"a=b"),
    ] {
        push("stand_in_form", format!("seed-{name}"), record(c, &[body]));
    }
    let long_name = format!("{}=x", "n".repeat(300));
    push(
        "stand_in_form",
        "seed-long-name".to_owned(),
        record(0, &[long_name.as_bytes()]),
    );
    let many = "a=1&".repeat(1001);
    push(
        "stand_in_form",
        "seed-many".to_owned(),
        record(0, &[many.as_bytes()]),
    );

    // Chunked uploads: generated ones (control bit 0) and Content-Range sequences.
    for (c, name, rest) in [
        (1, "in-order", &b"\x03\x00hello, chunked world"[..]),
        (1 | 2, "reversed", b"\x01\x00hello, chunked world"),
        (1 | 4, "rotated", b"\x04\x02hello, chunked world"),
        (1, "one", b"\x0f\x00x"),
    ] {
        push(
            "stand_in_chunks",
            format!("seed-{name}"),
            record(c, &[rest]),
        );
    }
    let ranges: [(&str, &[&[u8]]); 5] = [
        (
            "two",
            &[b"bytes 0-4/10", b"01234", b"bytes 5-9/10", b"56789"],
        ),
        (
            "unknown-total",
            &[b"bytes 5-9/*", b"56789", b"bytes 0-4/10", b"01234"],
        ),
        (
            "overlap",
            &[
                b"bytes 0-4/10",
                b"01234",
                b"bytes 4-8/10",
                b"45678",
                b"bytes 5-9/-1",
                b"56789",
            ],
        ),
        (
            "short-total",
            &[b"bytes 10-14/*", b"abcde", b"bytes 0-4/10", b"01234"],
        ),
        (
            "bad",
            &[
                b"bytes 0-9/5",
                b"0123456789",
                b"items 0-0/1",
                b"x",
                b"bytes 0-0/2147483648",
                b"x",
            ],
        ),
    ];
    for (name, fields) in ranges {
        push("stand_in_chunks", format!("seed-{name}"), record(0, fields));
    }
    seeds
}
