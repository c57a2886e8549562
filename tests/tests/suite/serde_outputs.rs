//! The JSON shapes of what a route answers with: upload forms, signed URLs, tokens, the
//! Media Library login and the verified readings. Each shape is pinned, the types read back
//! where a client reads them, and no secret ever appears in the JSON.

use base64::Engine as _;
use cld_sign::delivery::DeliveryUrlVerifier;
use cld_sign::delivery::{
    AuthToken, AuthTokenVerifier, Expiry, SignedAuthToken, TokenKey, TokenTarget,
};
use cld_sign::notification::OutgoingNotification;
use cld_sign::request::upload::{UploadOptions, UploadParams};
use cld_sign::response::{ApiResponse, PreloadedFile, ResponseVerifier};
use cld_sign::{
    ApiSecret, Params, Signer, Timestamp,
    delivery::{DeliveryUrl, UrlSignatureKind},
    download::DownloadUrl,
    media_library::{MediaLibraryLogin, SignedMediaLibraryLogin},
    notification::NotificationVerifier,
    request::{RequestVerifier, SignedUploadForm},
    search::SearchUrl,
};
use serde_json::{Value, json};

const SECRET: &str = "Sup3rSecretApiValue";
const TOKEN_KEY: &str = "00112233ff99aabbccddeeff";

fn signer() -> Signer {
    Signer::new(ApiSecret::new(SECRET).unwrap())
}

/// Every output, serialized: none holds the API secret or the token key, in any spelling.
#[test]
fn no_output_serializes_a_secret() {
    let signer = signer();
    let now = Timestamp::from_secs(1_700_000_000);
    let key = TokenKey::from_hex(TOKEN_KEY).unwrap();
    let token = AuthToken::for_acl("/image/*", Expiry::At(Timestamp::from_secs(1_800_000_000)))
        .unwrap()
        .sign_at(&key, now)
        .unwrap();
    let verified_token = AuthTokenVerifier::new(key.clone())
        .verify_at(
            token.value(),
            TokenTarget::Url("/image/upload/sample"),
            None,
            now,
        )
        .unwrap();
    let delivery = DeliveryUrl::new("demo", "sample").sign(&signer).unwrap();
    let verified_url = DeliveryUrlVerifier::new(signer.clone())
        .verify(delivery.as_str())
        .unwrap();
    let responses = ResponseVerifier::new(signer.clone());
    let signature = ApiResponse::new("sample", "1").sign(&signer).to_string();
    let verified_response = responses.verify("sample", "1", &signature).unwrap();
    let preloaded = PreloadedFile::builder("sample", "1").sign(&signer).unwrap();
    let verified_preloaded = responses.verify_preloaded(preloaded.as_str()).unwrap();
    let request = Params::from_pairs([("timestamp", "1700000000"), ("public_id", "a")]).unwrap();
    let verified_params = RequestVerifier::new(signer.clone())
        .verify_signed_at(request.clone(), &signer.sign(&request).to_string(), now)
        .unwrap();
    let body = br#"{"notification_type":"upload"}"#;
    let notifications = NotificationVerifier::new(signer.clone());
    let envelope = notifications
        .verify_envelope_at(
            &json!({
                "signed_payload": base64::engine::general_purpose::URL_SAFE.encode(body),
                "signature": OutgoingNotification::new(body, now).sign(notifications.signer()).signature().to_string(),
                "timestamp": now.as_secs(),
            }),
            now,
        )
        .unwrap();
    let form = UploadParams::default()
        .with_public_id("sample")
        .sign_at(&signer, "1234", now);
    let outputs = [
        serde_json::to_string(&form).unwrap(),
        serde_json::to_string(&delivery).unwrap(),
        serde_json::to_string(&verified_url).unwrap(),
        serde_json::to_string(
            &DownloadUrl::private("demo", "sample")
                .sign_at(&signer, "1234", now)
                .unwrap(),
        )
        .unwrap(),
        serde_json::to_string(
            &SearchUrl::new("demo", &json!({"expression": "tags=a"}))
                .sign(&signer)
                .unwrap(),
        )
        .unwrap(),
        serde_json::to_string(&token).unwrap(),
        serde_json::to_string(&verified_token).unwrap(),
        serde_json::to_string(
            &MediaLibraryLogin::new("demo", "1234", "me", now)
                .unwrap()
                .sign(&signer),
        )
        .unwrap(),
        serde_json::to_string(&envelope).unwrap(),
        serde_json::to_string(&verified_response).unwrap(),
        serde_json::to_string(&verified_preloaded).unwrap(),
        serde_json::to_string(&verified_params).unwrap(),
    ];
    let spellings = [
        SECRET.to_owned(),
        SECRET.to_lowercase(),
        TOKEN_KEY.to_owned(),
        TOKEN_KEY.to_uppercase(),
        base64::engine::general_purpose::STANDARD.encode(SECRET),
    ];
    for json in &outputs {
        assert!(json.starts_with('{'), "{json}");
        for secret in &spellings {
            assert!(!json.contains(secret.as_str()), "{secret} in {json}");
        }
    }
}

#[test]
fn upload_forms_serialize_as_flat_form_objects() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let options = json!({
        "public_id": "sample_image",
        "tags": ["a", "b"],
        "categorization": ["google_tagging", "imagga_tagging"],
        "overwrite": true,
    });
    let form = UploadOptions::from_json(&options, Timestamp::from_secs(1315060510))
        .unwrap()
        .sign(&signer, "1234");
    let value = serde_json::to_value(&form).unwrap();
    assert_eq!(
        value,
        json!({
            "api_key": "1234",
            "categorization[]": ["google_tagging", "imagga_tagging"],
            "overwrite": "true",
            "public_id": "sample_image",
            "tags": "a,b",
            "timestamp": 1315060510,
            "signature": form.signature().to_string(),
        })
    );
    // Members in the order of the fields, `signature` last.
    let text = serde_json::to_string(&form).unwrap();
    assert!(
        text.starts_with(r#"{"api_key":"1234","categorization[]":["#),
        "{text}"
    );
    assert!(text.ends_with(&format!(r#""signature":"{}"}}"#, form.signature())));

    let read: SignedUploadForm = serde_json::from_value(value).unwrap();
    assert_eq!(read, form);
    // A one-item array may come as a text; the timestamp as its digits.
    let read: SignedUploadForm = serde_json::from_value(json!({
        "api_key": "1234",
        "categorization[]": "google_tagging",
        "timestamp": "1315060510",
        "signature": form.signature().to_string(),
    }))
    .unwrap();
    assert_eq!(
        read.string_to_sign(),
        "categorization=google_tagging&timestamp=1315060510"
    );
    assert_eq!(read.timestamp(), Timestamp::from_secs(1315060510));
}

#[test]
fn upload_forms_read_back_only_as_a_verifier_would_accept_them() {
    let signature = "bfd09f95f331f558cbd1320e67aa8d488770583e";
    let read =
        |value: Value| serde_json::from_value::<SignedUploadForm>(value).map_err(|e| e.to_string());
    let base =
        || json!({"api_key": "1234", "public_id": "a", "timestamp": 1, "signature": signature});
    assert!(read(base()).is_ok());
    for (change, message) in [
        (("Public_ID", json!("a")), "not a Cloudinary parameter name"),
        (("public_id[]", json!(["b"])), "given twice"),
        (("file", json!("x.jpg")), "never sent as a form field"),
        (("cloud_name", json!("demo")), "never sent as a form field"),
        (("overwrite", json!(true)), "invalid type"),
    ] {
        let mut value = base();
        value[change.0] = change.1.clone();
        let err = read(value).unwrap_err();
        assert!(err.contains(message), "{change:?}: {err}");
    }
    let err = read(json!(["api_key", "1234"])).unwrap_err();
    assert!(err.contains("a signed upload form"), "{err}");
    // A timestamp whose text is not the number written back would not be sent as signed.
    let mut padded = base();
    padded["timestamp"] = json!("01");
    assert!(read(padded).unwrap_err().contains("timestamp"));
    for missing in ["signature", "timestamp", "api_key"] {
        let mut value = base();
        value.as_object_mut().unwrap().remove(missing);
        let err = read(value).unwrap_err();
        assert!(err.contains(missing), "{missing}: {err}");
    }
    let err = read(json!({"api_key": "1", "timestamp": 1, "signature": "xyz"})).unwrap_err();
    assert!(
        err.contains("malformed_signature") || err.contains("signature"),
        "{err}"
    );
    let err = serde_json::from_str::<SignedUploadForm>(&format!(
        r#"{{"api_key":"1","timestamp":1,"signature":"{signature}","signature":"{signature}"}}"#
    ))
    .unwrap_err();
    assert!(err.to_string().contains("given twice"), "{err}");
}

#[test]
fn signed_urls_serialize_as_url_and_signature() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let delivery = DeliveryUrl::new("demo", "sample").sign(&signer).unwrap();
    assert_eq!(
        serde_json::to_value(&delivery).unwrap(),
        json!({
            "url": "https://res.cloudinary.com/demo/image/upload/s--y-tjJGJv--/sample",
            "signature": "s--y-tjJGJv--",
            "token": null,
        })
    );

    let now = Timestamp::from_secs(1_700_000_000);
    let download = DownloadUrl::private("demo", "sample")
        .sign_at(&signer, "1234", now)
        .unwrap();
    assert_eq!(
        serde_json::to_value(&download).unwrap(),
        json!({"url": download.url(), "signature": download.signature().to_string()})
    );

    let search = SearchUrl::new("demo", &json!({"expression": "tags=a"}))
        .sign(&signer)
        .unwrap();
    assert_eq!(
        serde_json::to_value(&search).unwrap(),
        json!({
            "url": search.url(),
            "signature": search.signature().to_string(),
            "ttl": search.ttl(),
        })
    );
}

#[test]
fn verified_readings_serialize_every_reading() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let reading = DeliveryUrlVerifier::new(signer.clone())
        .verify(
            "https://res.cloudinary.com/demo/images/s--FH4CwU1W--/g_south,l_text:Arial_40:Hi/v7/sample.v2/my-photo.webp",
        )
        .unwrap();
    assert_eq!(
        serde_json::to_value(&reading).unwrap(),
        json!({
            "kind": "short",
            "signed_path": "g_south,l_text:Arial_40:Hi/sample.v2.webp",
            "transformation": "g_south,l_text:Arial_40:Hi",
            "version": "7",
            "public_id": "sample.v2",
            "format": "webp",
            "suffix": "my-photo",
        })
    );
    let long = DeliveryUrl::new("demo", "sample")
        .with_signature_kind(UrlSignatureKind::Long)
        .sign(&signer)
        .unwrap();
    let reading = DeliveryUrlVerifier::new(signer.clone())
        .verify(long.as_str())
        .unwrap();
    assert_eq!(
        serde_json::to_value(&reading).unwrap(),
        json!({
            "kind": "long",
            "signed_path": "sample",
            "transformation": null,
            "version": null,
            "public_id": "sample",
            "format": null,
            "suffix": null,
        })
    );

    let key = TokenKey::from_hex(TOKEN_KEY).unwrap();
    let now = Timestamp::from_secs(1_700_000_000);
    let token = AuthToken::for_acl("/image/*", Expiry::At(Timestamp::from_secs(1_800_000_000)))
        .unwrap()
        .with_ip("10.0.0.1".parse().unwrap())
        .with_start_time(Timestamp::from_secs(1_600_000_000))
        .unwrap();
    let token = token.sign_at(&key, now).unwrap();
    let verified = AuthTokenVerifier::new(key.clone())
        .verify_at(
            token.value(),
            TokenTarget::Acl("/image/*"),
            Some("10.0.0.1".parse().unwrap()),
            now,
        )
        .unwrap();
    assert_eq!(
        serde_json::to_value(&verified).unwrap(),
        json!({"ip": "10.0.0.1", "start_time": 1_600_000_000, "expiration": 1_800_000_000})
    );

    let notifications = NotificationVerifier::new(signer);
    let envelope = |body: &[u8]| {
        notifications
            .verify_envelope_at(
                &json!({
                    "signed_payload": base64::engine::general_purpose::URL_SAFE.encode(body),
                    "signature": OutgoingNotification::new(body, now).sign(notifications.signer()).signature().to_string(),
                    "timestamp": now.as_secs(),
                }),
                now,
            )
            .unwrap()
    };
    assert_eq!(
        serde_json::to_value(envelope(br#"{"a":"\u00e9"}"#)).unwrap(),
        json!({"body": r#"{"a":"\u00e9"}"#, "timestamp": 1_700_000_000})
    );
    let err = serde_json::to_string(&envelope(b"\xff\xfe")).unwrap_err();
    assert!(err.to_string().contains("not UTF-8"), "{err}");
}

#[test]
fn tokens_serialize_as_name_and_value_and_read_back() {
    let key = TokenKey::from_hex(TOKEN_KEY).unwrap();
    let now = Timestamp::from_secs(1_700_000_000);
    let grant =
        AuthToken::for_acl("/image/*", Expiry::At(Timestamp::from_secs(1_800_000_000))).unwrap();
    for (token, name) in [
        (grant.sign_at(&key, now).unwrap(), "__cld_token__"),
        (
            grant
                .clone()
                .with_token_name("my_token")
                .unwrap()
                .sign_at(&key, now)
                .unwrap(),
            "my_token",
        ),
    ] {
        let value = serde_json::to_value(&token).unwrap();
        assert_eq!(value, json!({"name": name, "value": token.value()}));
        let read: SignedAuthToken = serde_json::from_value(value).unwrap();
        assert_eq!(read, token);
        assert_eq!(read.to_string(), token.to_string());
    }
    let default: SignedAuthToken =
        serde_json::from_value(json!({"value": "exp=1~hmac=ab"})).unwrap();
    assert_eq!(default.to_string(), "__cld_token__=exp=1~hmac=ab");
    for bad in [
        json!({"name": "", "value": "exp=1~hmac=ab"}),
        json!({"name": "a b", "value": "exp=1~hmac=ab"}),
        json!({"name": "a;b", "value": "exp=1~hmac=ab"}),
        json!({"value": "exp=1~hmac=ab; Path=/"}),
        json!({"value": "exp=1~hmac=ab&x=1"}),
        json!({"value": "exp=1"}),
        json!({"value": "exp=1~hmac=é"}),
        json!({"name": "a", "value": "exp=1~hmac=ab", "key": "00"}),
    ] {
        assert!(
            serde_json::from_value::<SignedAuthToken>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn media_library_logins_read_back() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let auth = MediaLibraryLogin::new("demo", "1234", "me@example.com", Timestamp::from_secs(5))
        .unwrap()
        .sign(&signer);
    let value = serde_json::to_value(&auth).unwrap();
    let read: SignedMediaLibraryLogin = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(read, auth);
    let mut sha1 = value.clone();
    sha1["signature"] = json!("bfd09f95f331f558cbd1320e67aa8d488770583e");
    assert!(serde_json::from_value::<SignedMediaLibraryLogin>(sha1).is_err());
    let mut extra = value;
    extra["api_secret"] = json!("abcd");
    assert!(serde_json::from_value::<SignedMediaLibraryLogin>(extra).is_err());
}

/// Response readings serialize as what was proven; signed preloaded text as its text.
#[test]
fn response_readings_and_preloaded_text_serialize_as_pinned() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let verifier = ResponseVerifier::new(signer.clone());
    let response = verifier
        .verify(
            "sample",
            &1315060510u64,
            "912d90b6fe28aa6820cf928bc440a65a0f36e002",
        )
        .unwrap();
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({"public_id": "sample", "version": "1315060510"})
    );
    let signed = PreloadedFile::builder("sample", "1315060510")
        .with_format("jpg")
        .sign(&signer)
        .unwrap();
    assert_eq!(
        serde_json::to_value(&signed).unwrap(),
        json!("image/upload/v1315060510/sample.jpg#912d90b6fe28aa6820cf928bc440a65a0f36e002")
    );
    let file = verifier.verify_preloaded(signed.as_str()).unwrap();
    assert_eq!(
        serde_json::to_value(&file).unwrap(),
        json!({"public_id": "sample", "version": "1315060510"})
    );
}

/// A verified request serializes as its parameters, timestamp and signature version.
#[test]
fn verified_params_serialize_as_what_was_proven() {
    let verifier = RequestVerifier::new(Signer::new(ApiSecret::new("abcd").unwrap()));
    let form = [
        ("timestamp", "1315060510"),
        ("public_id", "sample_image"),
        ("eager", "w_400,h_300,c_pad|w_260,h_200,c_crop"),
        ("api_key", "1234"),
        ("signature", "bfd09f95f331f558cbd1320e67aa8d488770583e"),
    ];
    let verified = verifier
        .verify_at(form, Timestamp::from_secs(1315060510))
        .unwrap();
    assert_eq!(
        serde_json::to_value(&verified).unwrap(),
        json!({
            "params": {
                "eager": "w_400,h_300,c_pad|w_260,h_200,c_crop",
                "public_id": "sample_image",
                "timestamp": "1315060510",
            },
            "timestamp": 1315060510,
            "signature_version": 2,
        })
    );
}
