//! The upload-signing server, started on an ephemeral loopback port and driven over real
//! HTTP with hyper's client. Each test starts its own server with a pinned clock and shuts
//! it down itself.

use std::time::Duration;

use crate::common::{Answer, Running, request};
use cld_sign::notification::OutgoingNotification;
use cld_sign::policy::{Rule, SigningPolicy};
use cld_sign::{Config, Params, Signer, Timestamp};
use cld_sign_signing_server::account::Account;
use cld_sign_signing_server::app::{AppState, BODY_LIMIT, Settings, app};
use cld_sign_signing_server::serve::Limits;
use hyper::body::Bytes;
use hyper::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::task::JoinSet;

/// A secret distinctive enough that finding it in an answer means it leaked.
const SECRET: &str = "s3cr3t-only-in-tests";
const URL: &str = "cloudinary://1234:s3cr3t-only-in-tests@demo";
/// The servers' pinned clock.
const NOW: u64 = 1_700_000_000;
const SIGN: &str = "/api/sign-upload";
/// The widget's folder, which the default policy forces.
const FOLDER: &str = "signed_upload_demo_uw";
const WEBHOOK: &str = "/webhooks/cloudinary";

/// The app with a pinned clock, served on a loopback port; its state kept to look into.
struct Server {
    state: AppState,
    running: Running,
}

impl Server {
    async fn start(url: &str, now: u64) -> Self {
        let account = Account::from_url(url).expect("test URL");
        Self::start_with(Settings::new(account), now).await
    }

    async fn start_with(settings: Settings, now: u64) -> Self {
        let state = AppState::with_clock(settings, move || Timestamp::from_secs(now));
        let running = Running::start(app(state.clone()), Limits::default()).await;
        assert!(running.addr.ip().is_loopback());
        Self { state, running }
    }

    async fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> Answer {
        self.running.request(method, path, headers, body).await
    }

    async fn post(&self, path: &str, headers: &[(&str, &str)], body: impl Into<Bytes>) -> Answer {
        self.request(Method::POST, path, headers, body).await
    }

    async fn sign(&self, body: &Value) -> Answer {
        self.post(
            SIGN,
            &[("content-type", "application/json")],
            body.to_string(),
        )
        .await
    }

    async fn stop(self) {
        self.running.stop().await;
    }
}

/// The routes' refusal check, on the shared [`Answer`].
trait AssertRefused {
    /// Asserts a refusal: `status`, a JSON `{"error": kind, "message": ...}`, no secret.
    fn assert_refused(&self, status: StatusCode, kind: &str);
}

impl AssertRefused for Answer {
    #[track_caller]
    fn assert_refused(&self, status: StatusCode, kind: &str) {
        let text = self.text();
        assert_eq!(self.status, status, "{text}");
        let body = self.json();
        assert_eq!(body["error"], kind, "{text}");
        let message = body["message"].as_str().expect("a message");
        assert!(!message.is_empty());
        assert!(!text.contains(SECRET), "{text}");
    }
}

fn signer() -> Signer {
    Signer::from_config(&Config::from_url(URL).unwrap())
}

/// The signature the server must give for `params`, computed by the library directly.
fn expected_signature(signer: &Signer, params: &Value) -> String {
    signer
        .sign(&Params::from_serialize(params).unwrap())
        .to_string()
}

#[tokio::test]
async fn signs_the_upload_widget_params() {
    let server = Server::start(URL, NOW).await;
    let signer = signer();
    let cases = [
        json!({"timestamp": NOW - 10, "source": "uw", "folder": FOLDER}),
        json!({"timestamp": NOW, "source": "uw", "folder": FOLDER,
               "custom_coordinates": "35,39,612,706",
               "file": "not signed", "api_key": "not signed", "empty": ""}),
        json!({"timestamp": NOW.to_string(), "folder": FOLDER}),
        json!({"timestamp": NOW - 300, "folder": FOLDER, "source": "uw"}),
        json!({"timestamp": NOW + 300, "folder": FOLDER}),
    ];
    for params in &cases {
        let answer = server.sign(&json!({ "paramsToSign": params })).await;
        assert_eq!(answer.status, StatusCode::OK, "{params}");
        let body = answer.json();
        assert_eq!(
            body["signature"],
            expected_signature(&signer, params),
            "{params}"
        );
        let timestamp = Params::from_serialize(params).unwrap().timestamp().unwrap();
        assert_eq!(body["timestamp"], timestamp.as_secs());
        assert_eq!(body["api_key"], "1234");
        assert_eq!(body["cloud_name"], "demo");
        assert_eq!(body.as_object().unwrap().len(), 4);
    }
    // Different params, different signatures: the server signs what it is sent.
    let crop = |c: &str| json!({"paramsToSign": {"timestamp": NOW, "folder": FOLDER, "custom_coordinates": c}});
    let a = server.sign(&crop("1,2,3,4")).await;
    let b = server.sign(&crop("1,2,3,5")).await;
    assert_ne!(a.json()["signature"], b.json()["signature"]);
    // The forced folder: another, or none, is refused.
    for params in [
        json!({"timestamp": NOW, "folder": "other"}),
        json!({"timestamp": NOW, "source": "uw"}),
    ] {
        server
            .sign(&json!({ "paramsToSign": params }))
            .await
            .assert_refused(StatusCode::BAD_REQUEST, "disallowed_value");
    }
    server.stop().await;

    // A policy of the server's own, with values of every JSON kind.
    let mut settings = Settings::new(Account::from_url(URL).unwrap());
    settings.policy = SigningPolicy::upload_widget()
        .allow("tags", Rule::one_of(["a,b"]))
        .allow("use_filename", Rule::one_of(["true", "false"]))
        .allow("quality_override", Rule::text())
        .allow("context", Rule::text())
        .build()
        .unwrap();
    let server = Server::start_with(settings, NOW).await;
    let params = json!({"timestamp": NOW, "tags": ["a", "b"], "use_filename": false,
                        "quality_override": 1.0, "context": "alt=a\\|b|caption=c"});
    let answer = server.sign(&json!({ "paramsToSign": params })).await;
    assert_eq!(answer.status, StatusCode::OK, "{params}");
    assert_eq!(
        answer.json()["signature"],
        expected_signature(&signer, &params)
    );
    server.stop().await;
}

#[tokio::test]
async fn documented_request_gives_the_documented_signature() {
    let mut settings = Settings::new(Account::from_url("cloudinary://1234:abcd@demo").unwrap());
    settings.policy = SigningPolicy::builder()
        .allow("public_id", Rule::one_of(["sample_image"]))
        .allow(
            "eager",
            Rule::forced("w_400,h_300,c_pad|w_260,h_200,c_crop"),
        )
        .with_timestamp_window(Duration::from_secs(3600), Duration::from_secs(300))
        .build()
        .unwrap();
    let server = Server::start_with(settings, 1_315_060_510 + 60).await;
    let answer = server
        .sign(&json!({"paramsToSign": {
            "timestamp": 1_315_060_510,
            "public_id": "sample_image",
            "eager": "w_400,h_300,c_pad|w_260,h_200,c_crop",
        }}))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json()["signature"],
        "bfd09f95f331f558cbd1320e67aa8d488770583e"
    );
    server.stop().await;
}

#[tokio::test]
async fn sha256_account_signs_with_sha256() {
    let url = format!("{URL}?signature_algorithm=sha256");
    let server = Server::start(&url, NOW).await;
    let signer = Signer::from_config(&Config::from_url(&url).unwrap());
    let params = json!({"timestamp": NOW, "source": "uw", "folder": FOLDER});
    let answer = server.sign(&json!({ "paramsToSign": params })).await;
    assert_eq!(answer.status, StatusCode::OK);
    let signature = answer.json()["signature"].as_str().unwrap().to_owned();
    assert_eq!(signature.len(), 64);
    assert_eq!(signature, expected_signature(&signer, &params));
    assert_ne!(signature, expected_signature(&self::signer(), &params));
    server.stop().await;
}

#[tokio::test]
async fn stale_and_future_timestamps_are_refused() {
    let server = Server::start(URL, NOW).await;
    let at = |timestamp: u64| json!({"paramsToSign": {"timestamp": timestamp, "folder": FOLDER}});
    assert_eq!(server.sign(&at(NOW - 300)).await.status, StatusCode::OK);
    assert_eq!(server.sign(&at(NOW + 300)).await.status, StatusCode::OK);

    // The policy's window: 300 s either way (Cloudinary itself would take an hour).
    let stale = server.sign(&at(NOW - 301)).await;
    stale.assert_refused(StatusCode::BAD_REQUEST, "expired");
    assert!(
        stale.json()["message"]
            .as_str()
            .unwrap()
            .contains("301 s old")
    );
    server
        .sign(&at(0))
        .await
        .assert_refused(StatusCode::BAD_REQUEST, "expired");

    let future = server.sign(&at(NOW + 301)).await;
    future.assert_refused(StatusCode::BAD_REQUEST, "from_future");
    assert!(future.json()["message"].as_str().unwrap().contains("301 s"));
    // 19 digits is the longest timestamp; 20 is malformed (see `cld_sign::notification`), not "far ahead".
    server
        .sign(&at(9_999_999_999_999_999_999))
        .await
        .assert_refused(StatusCode::BAD_REQUEST, "from_future");
    server
        .sign(&at(u64::MAX))
        .await
        .assert_refused(StatusCode::BAD_REQUEST, "malformed_timestamp");
    server.stop().await;
}

#[tokio::test]
async fn bad_sign_requests_are_refused_with_their_kind() {
    let server = Server::start(URL, NOW).await;
    let ts = NOW.to_string();
    let cases: [(String, &str); 18] = [
        (String::new(), "malformed_json"),
        ("{".into(), "malformed_json"),
        (
            r#"{"paramsToSign": {"timestamp": 1,}}"#.into(),
            "malformed_json",
        ),
        ("paramsToSign=x".into(), "malformed_json"),
        (r#"{"paramsToSign": {}} trailing"#.into(), "malformed_json"),
        ("[]".into(), "invalid_request"),
        ("42".into(), "invalid_request"),
        (
            r#"{"paramsToSign": "timestamp=1"}"#.into(),
            "invalid_request",
        ),
        (r#"{"paramsToSign": [1, 2]}"#.into(), "invalid_request"),
        (
            r#"{"paramsToSign": {}, "paramsToSign": {}}"#.into(),
            "invalid_request",
        ),
        // A bare params object is a sign request too.
        // The forced folder is missing.
        ("{}".into(), "disallowed_value"),
        (r#"{"public_id": "x"}"#.into(), "unsupported_parameter"),
        (r#"{"paramsToSign": null}"#.into(), "missing_params_to_sign"),
        (
            format!(r#"{{"paramsToSign": {{"timestamp": {ts}, "context": {{"alt": "a"}}}}}}"#),
            "unsupported_value",
        ),
        (
            format!(r#"{{"paramsToSign": {{"timestamp": {ts}, "eager": [[{{"w": 1}}]]}}}}"#),
            "unsupported_value",
        ),
        (
            format!(r#"{{"paramsToSign": {{"timestamp": {ts}, "tags": "a", "tags": "b"}}}}"#),
            "duplicate_parameter",
        ),
        (
            r#"{"paramsToSign": {"folder": "signed_upload_demo_uw"}}"#.into(),
            "missing_timestamp",
        ),
        (
            r#"{"paramsToSign": {"timestamp": 1.5, "folder": "signed_upload_demo_uw"}}"#.into(),
            "malformed_timestamp",
        ),
    ];
    for (body, kind) in &cases {
        let answer = server.post(SIGN, &[], body.clone()).await;
        answer.assert_refused(StatusCode::BAD_REQUEST, kind);
    }
    // The refusal names the offending parameter.
    let nested = server.post(SIGN, &[], cases[13].0.clone()).await;
    assert!(
        nested.json()["message"]
            .as_str()
            .unwrap()
            .contains("\"context\"")
    );
    // Only POST is routed.
    let get = server.request(Method::GET, SIGN, &[], "").await;
    assert_eq!(get.status, StatusCode::METHOD_NOT_ALLOWED);
    server.stop().await;
}

/// `body` padded with JSON whitespace to exactly `len` bytes.
fn padded(body: &str, len: usize) -> String {
    assert!(body.len() <= len);
    format!("{body}{}", " ".repeat(len - body.len()))
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let server = Server::start(URL, NOW).await;
    let signer = signer();
    let sign_body = json!({"paramsToSign": {"timestamp": NOW, "folder": FOLDER}}).to_string();

    let at_limit = server.post(SIGN, &[], padded(&sign_body, BODY_LIMIT)).await;
    assert_eq!(at_limit.status, StatusCode::OK);
    let over = server
        .post(SIGN, &[], padded(&sign_body, BODY_LIMIT + 1))
        .await;
    over.assert_refused(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");

    let ts = NOW.to_string();
    for (len, status) in [
        (BODY_LIMIT, StatusCode::NO_CONTENT),
        (BODY_LIMIT + 1, StatusCode::PAYLOAD_TOO_LARGE),
        (4 * BODY_LIMIT, StatusCode::PAYLOAD_TOO_LARGE),
    ] {
        let body = padded(r#"{"notification_type":"upload"}"#, len);
        let signature = OutgoingNotification::new(body.as_bytes(), Timestamp::from_secs(NOW))
            .sign(&signer)
            .signature()
            .to_string();
        let headers = [
            ("X-Cld-Timestamp", ts.as_str()),
            ("X-Cld-Signature", &signature),
        ];
        let answer = server.post(WEBHOOK, &headers, body).await;
        if status == StatusCode::NO_CONTENT {
            assert_eq!(answer.status, status);
        } else {
            answer.assert_refused(status, "payload_too_large");
        }
    }
    server.stop().await;
}

#[tokio::test]
async fn webhooks_are_verified() {
    let server = Server::start(URL, NOW).await;
    let signer = signer();
    let body = r#"{"notification_type":"upload","public_id":"sample","version":1315060510}"#;
    let signed = |at: u64| {
        OutgoingNotification::new(body.as_bytes(), Timestamp::from_secs(at))
            .sign(&signer)
            .signature()
            .to_string()
    };
    let post = |timestamp: String, signature: String, body: &'static str| {
        let server = &server;
        async move {
            let headers = [
                ("X-Cld-Timestamp", timestamp.as_str()),
                ("X-Cld-Signature", signature.as_str()),
            ];
            server.post(WEBHOOK, &headers, body).await
        }
    };

    let valid = post(NOW.to_string(), signed(NOW), body).await;
    assert_eq!(valid.status, StatusCode::NO_CONTENT);
    assert!(valid.body.is_empty());
    let upper = post(NOW.to_string(), signed(NOW).to_uppercase(), body).await;
    assert_eq!(upper.status, StatusCode::NO_CONTENT);
    // The window's boundaries: 7200 s old and 300 s ahead still pass.
    let oldest = post((NOW - 7200).to_string(), signed(NOW - 7200), body).await;
    assert_eq!(oldest.status, StatusCode::NO_CONTENT);
    let ahead = post((NOW + 300).to_string(), signed(NOW + 300), body).await;
    assert_eq!(ahead.status, StatusCode::NO_CONTENT);

    let unauthorized = StatusCode::UNAUTHORIZED;
    let tampered = r#"{"notification_type":"upload","public_id":"evil","version":1315060510}"#;
    post(NOW.to_string(), signed(NOW), tampered)
        .await
        .assert_refused(unauthorized, "mismatch");
    let reserialised =
        r#"{"notification_type": "upload", "public_id": "sample", "version": 1315060510}"#;
    post(NOW.to_string(), signed(NOW), reserialised)
        .await
        .assert_refused(unauthorized, "mismatch");
    post((NOW - 1).to_string(), signed(NOW), body)
        .await
        .assert_refused(unauthorized, "mismatch");
    let other_secret = OutgoingNotification::new(body.as_bytes(), Timestamp::from_secs(NOW))
        .sign(&Signer::new(cld_sign::ApiSecret::new("abcd").unwrap()))
        .signature()
        .to_string();
    post(NOW.to_string(), other_secret, body)
        .await
        .assert_refused(unauthorized, "mismatch");
    let stale = post((NOW - 7201).to_string(), signed(NOW - 7201), body).await;
    stale.assert_refused(unauthorized, "expired");
    assert!(
        stale.json()["message"]
            .as_str()
            .unwrap()
            .contains("7201 s old")
    );
    post((NOW + 301).to_string(), signed(NOW + 301), body)
        .await
        .assert_refused(unauthorized, "from_future");
    post("2023-11-14T22:13:20Z".into(), signed(NOW), body)
        .await
        .assert_refused(unauthorized, "malformed_timestamp");
    post(
        NOW.to_string(),
        "not hex at all, forty characters long!!!".into(),
        body,
    )
    .await
    .assert_refused(unauthorized, "malformed_signature");
    post(NOW.to_string(), signed(NOW)[..39].to_owned(), body)
        .await
        .assert_refused(unauthorized, "malformed_signature");

    let ts = NOW.to_string();
    let sig = signed(NOW);
    for headers in [
        vec![("X-Cld-Signature", sig.as_str())],
        vec![("X-Cld-Timestamp", ts.as_str())],
        vec![],
    ] {
        server
            .post(WEBHOOK, &headers, body)
            .await
            .assert_refused(StatusCode::BAD_REQUEST, "missing_header");
    }
    server.stop().await;
}

/// What one of the concurrent requests must get back.
enum Expect {
    Signature(String),
    Status(StatusCode, &'static str),
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundreds_of_concurrent_requests_all_answered_correctly() {
    const REQUESTS: usize = 300;
    let server = Server::start(URL, NOW).await;
    let signer = signer();
    let mut tasks = JoinSet::new();
    for i in 0..REQUESTS {
        let (path, headers, body, expect) = match i % 4 {
            0 => {
                let params = json!({"timestamp": NOW - (i as u64), "folder": FOLDER,
                                    "custom_coordinates": format!("{i},0,10,10")});
                let expect = Expect::Signature(expected_signature(&signer, &params));
                let body = json!({ "paramsToSign": params }).to_string();
                (SIGN, vec![], body, expect)
            }
            1 => {
                let params = json!({"timestamp": NOW - 301 - (i as u64), "folder": FOLDER});
                let body = json!({ "paramsToSign": params }).to_string();
                (
                    SIGN,
                    vec![],
                    body,
                    Expect::Status(StatusCode::BAD_REQUEST, "expired"),
                )
            }
            parity => {
                let body = format!(r#"{{"notification_type":"upload","n":{i}}}"#);
                let signature =
                    OutgoingNotification::new(body.as_bytes(), Timestamp::from_secs(NOW))
                        .sign(&signer)
                        .signature()
                        .to_string();
                let headers = vec![
                    ("X-Cld-Timestamp".to_owned(), NOW.to_string()),
                    ("X-Cld-Signature".to_owned(), signature),
                ];
                if parity == 2 {
                    (
                        WEBHOOK,
                        headers,
                        body,
                        Expect::Status(StatusCode::NO_CONTENT, ""),
                    )
                } else {
                    // Same headers, one byte changed.
                    let tampered = body.replace("upload", "uploaD");
                    let expect = Expect::Status(StatusCode::UNAUTHORIZED, "mismatch");
                    (WEBHOOK, headers, tampered, expect)
                }
            }
        };
        let client = server.running.client.clone();
        let base = server.running.base.clone();
        tasks.spawn(async move {
            let headers: Vec<(&str, &str)> = headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            let answer = request(&client, &base, Method::POST, path, &headers, body).await;
            (i, answer, expect)
        });
    }
    let mut seen = vec![false; REQUESTS];
    while let Some(joined) = tasks.join_next().await {
        let (i, answer, expect) = joined.expect("request task");
        assert!(!seen[i], "request {i} answered twice");
        seen[i] = true;
        match expect {
            Expect::Signature(signature) => {
                assert_eq!(answer.status, StatusCode::OK, "request {i}");
                assert_eq!(answer.json()["signature"], signature, "request {i}");
            }
            Expect::Status(StatusCode::NO_CONTENT, _) => {
                assert_eq!(answer.status, StatusCode::NO_CONTENT, "request {i}");
                assert!(answer.body.is_empty());
            }
            Expect::Status(status, kind) => answer.assert_refused(status, kind),
        }
    }
    assert!(seen.iter().all(|&s| s), "every request answered");
    server.stop().await;
}

#[tokio::test]
async fn every_request_shape_and_content_type_gets_the_same_signature() {
    let server = Server::start(URL, NOW).await;
    let params = json!({"timestamp": NOW, "folder": FOLDER, "source": "uw"});
    let expected = expected_signature(&signer(), &params);
    let bodies = [
        json!({ "paramsToSign": params }),
        json!({ "params_to_sign": params }),
        params.clone(),
        // Other members beside the wrapper are ignored.
        json!({ "paramsToSign": params, "uploadPreset": null }),
    ];
    let content_types: [&[(&str, &str)]; 4] = [
        &[("content-type", "application/json")],
        &[],
        &[("content-type", "text/plain;charset=UTF-8")],
        &[("content-type", "application/x-www-form-urlencoded")],
    ];
    for body in &bodies {
        for headers in content_types {
            let answer = server.post(SIGN, headers, body.to_string()).await;
            assert_eq!(answer.status, StatusCode::OK, "{body} {headers:?}");
            assert_eq!(answer.json()["signature"], expected, "{body} {headers:?}");
        }
    }
    for both in [
        r#"{"paramsToSign": {}, "params_to_sign": {}}"#,
        r#"{"params_to_sign": {}, "params_to_sign": {}}"#,
    ] {
        server
            .post(SIGN, &[], both)
            .await
            .assert_refused(StatusCode::BAD_REQUEST, "invalid_request");
    }
    server.stop().await;
}

#[tokio::test]
async fn signs_only_what_the_policy_allows() {
    let server = Server::start(URL, NOW).await;
    // Sets whose signature serves another call: a private download URL of an asset, the
    // whole signed set of a destroy, upload options that run code or reach out, and a
    // forged upload response (`version`).
    let refused = [
        json!({"public_id": "hr/salaries", "format": "pdf", "type": "private", "timestamp": NOW}),
        json!({"public_id": "hr/salaries", "timestamp": NOW}),
        json!({"timestamp": NOW, "folder": FOLDER, "eval": "upload_options.tags = 'x'"}),
        json!({"timestamp": NOW, "folder": FOLDER, "on_success": "x"}),
        json!({"timestamp": NOW, "folder": FOLDER, "notification_url": "https://x.test/"}),
        json!({"timestamp": NOW, "folder": FOLDER, "overwrite": true}),
        json!({"timestamp": NOW, "folder": FOLDER, "invalidate": true}),
        json!({"timestamp": NOW, "folder": FOLDER, "version": 1}),
        json!({"timestamp": NOW, "folder": FOLDER, "raw_convert": "a", "type": "x"}),
    ];
    for params in refused {
        let answer = server.sign(&json!({ "paramsToSign": params })).await;
        answer.assert_refused(StatusCode::BAD_REQUEST, "unsupported_parameter");
    }
    // A value with `/` or `&` in a name the policy allows only as text.
    let crop = json!({"paramsToSign": {"timestamp": NOW, "folder": FOLDER,
                      "custom_coordinates": "1,2/x&y=1"}});
    server
        .sign(&crop)
        .await
        .assert_refused(StatusCode::BAD_REQUEST, "disallowed_value");
    // Excluded names are not signed, so they are not refused either.
    let fine = json!({"paramsToSign": {"timestamp": NOW, "file": "x", "api_key": "1234",
                      "folder": FOLDER, "source": "uw"}});
    assert_eq!(server.sign(&fine).await.status, StatusCode::OK);
    server.stop().await;

    // Signature version 1 in the configuration: the route still signs with version 2, so
    // a value with `&` cannot be sent as two parameters.
    let mut settings =
        Settings::new(Account::from_url(&format!("{URL}?signature_version=1")).unwrap());
    settings.policy = SigningPolicy::upload_widget()
        .allow(
            "notification_url",
            Rule::text().allow_slash().allow_ampersand(),
        )
        .build()
        .unwrap();
    let server = Server::start_with(settings, NOW).await;
    let params = json!({"timestamp": NOW, "notification_url": "https://x/?a=1&tags=admin"});
    let answer = server.sign(&json!({ "paramsToSign": params })).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json()["signature"],
        expected_signature(&signer(), &params)
    );
    let v1 = signer().with_signature_version(cld_sign::SignatureVersion::V1);
    assert_ne!(answer.json()["signature"], expected_signature(&v1, &params));
    server.stop().await;
}

#[tokio::test]
async fn get_routes_sign_the_server_chosen_params() {
    let mut settings = Settings::new(Account::from_url(URL).unwrap());
    settings.choices.notification_url = Some("http://127.0.0.1:9/webhooks/cloudinary".into());
    let server = Server::start_with(settings, NOW).await;
    let signer = signer();

    let form = server
        .request(Method::GET, "/api/signuploadform", &[], "")
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let form = form.json();
    assert_eq!(form.as_object().unwrap().len(), 4, "{form}");
    assert_eq!(form["timestamp"], NOW);
    assert_eq!(form["cloudname"], "demo");
    assert_eq!(form["apikey"], "1234");
    let signed = json!({"timestamp": NOW, "eager": "c_pad,h_300,w_400|c_crop,h_200,w_260",
                        "folder": "signed_upload_demo_form",
                        "notification_url": "http://127.0.0.1:9/webhooks/cloudinary"});
    assert_eq!(form["signature"], expected_signature(&signer, &signed));

    let widget = server
        .request(Method::GET, "/api/signuploadwidget", &[], "")
        .await;
    let widget = widget.json();
    assert_eq!(widget.as_object().unwrap().len(), 4, "{widget}");
    let signed = json!({"timestamp": NOW, "source": "uw", "folder": "signed_upload_demo_uw"});
    assert_eq!(widget["signature"], expected_signature(&signer, &signed));
    assert_eq!(widget["timestamp"], NOW);

    let post = server.post("/api/signuploadform", &[], "").await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    server.stop().await;
}

#[tokio::test]
async fn pages_carry_the_chosen_params_and_the_upload_prefix() {
    let account = Account::from_url(&format!("{URL}?upload_prefix=http://127.0.0.1:3001")).unwrap();
    let mut settings = Settings::new(account);
    settings.choices.form_folder = "a\"><script>alert(1)</script>".into();
    let server = Server::start_with(settings, NOW).await;

    let page = server.request(Method::GET, "/", &[], "").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = String::from_utf8(page.body.to_vec()).unwrap();
    assert!(html.contains(r#"<input type="file" id="file" name="file" required>"#));
    assert!(html.contains(
        r#"<input type="hidden" name="eager" value="c_pad,h_300,w_400|c_crop,h_200,w_260">"#
    ));
    assert!(html.contains(
        r#"<input type="hidden" name="folder" value="a&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">"#
    ));
    assert!(!html.contains("notification_url"), "none configured");
    assert!(html.contains(r#"{"upload_prefix":"http://127.0.0.1:3001"}"#));
    assert!(!html.contains("CONFIG") && !html.contains("HIDDEN_FIELDS"));
    assert!(!html.contains(SECRET));

    let widget = server.request(Method::GET, "/widget", &[], "").await;
    assert_eq!(widget.status, StatusCode::OK);
    let html = String::from_utf8(widget.body.to_vec()).unwrap();
    assert!(html.contains("https://upload-widget.cloudinary.com/latest/global/all.js"));
    assert!(html.contains(r#"{"folder":"signed_upload_demo_uw"}"#));
    assert!(html.contains("uploadSignature: signData.signature"));
    assert!(!html.contains(SECRET));

    let missing = server.request(Method::GET, "/nope", &[], "").await;
    missing.assert_refused(StatusCode::NOT_FOUND, "not_found");
    server.stop().await;
}

#[tokio::test]
async fn verified_notifications_are_kept_and_others_are_not() {
    let server = Server::start(URL, NOW).await;
    let signer = signer();
    let body = r#"{"notification_type":"upload","public_id":"kept"}"#;
    let signature = OutgoingNotification::new(body.as_bytes(), Timestamp::from_secs(NOW))
        .sign(&signer)
        .signature()
        .to_string();
    let ts = NOW.to_string();
    let headers = [
        ("X-Cld-Timestamp", ts.as_str()),
        ("X-Cld-Signature", &signature),
    ];
    assert_eq!(
        server.post(WEBHOOK, &headers, body).await.status,
        StatusCode::NO_CONTENT
    );
    let forged = r#"{"notification_type":"upload","public_id":"forged"}"#;
    assert_eq!(
        server.post(WEBHOOK, &headers, forged).await.status,
        StatusCode::UNAUTHORIZED
    );
    let received = server.state.received_notifications();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body, body.as_bytes());
    assert_eq!(received[0].timestamp, Timestamp::from_secs(NOW));
    server.stop().await;
}

/// A request signature from the signing route replayed as a notification: the request's
/// string to sign (`public_id=x&timestamp=1700000000`) cut before its timestamp value is the
/// body, the value is `X-Cld-Timestamp`. Its notification signature is the request
/// signature, but the body is not a JSON object, so the webhook refuses it before hashing
/// and keeps nothing.
#[tokio::test]
async fn a_request_signature_replayed_as_a_notification_is_refused() {
    let server = Server::start(URL, NOW).await;
    let answer = server
        .sign(&json!({"paramsToSign": {"folder": FOLDER, "source": "uw", "timestamp": NOW}}))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let signature = answer.json()["signature"].as_str().unwrap().to_owned();
    let signer = signer();
    let body = "folder=signed_upload_demo_uw&source=uw&timestamp=";
    assert_eq!(
        OutgoingNotification::new(body.as_bytes(), Timestamp::from_secs(NOW))
            .sign(&signer)
            .signature()
            .to_string(),
        signature,
        "the finding: the request signature is the forged body's notification signature"
    );
    let ts = NOW.to_string();
    let headers = [
        ("X-Cld-Timestamp", ts.as_str()),
        ("X-Cld-Signature", signature.as_str()),
    ];
    let refused = server.post(WEBHOOK, &headers, body).await;
    assert!(refused.status.is_client_error(), "{:?}", refused.status);
    refused.assert_refused(StatusCode::BAD_REQUEST, "not_json_object");
    assert!(server.state.received_notifications().is_empty());
    server.stop().await;
}
