//! The derive and the dynamic path sign the same request identically: for random field
//! values, a derived struct's string to sign and signature equal those of
//! `Params::from_serialize` over the equivalent JSON object.

use cld_sign::{Algorithm, ApiSecret, Params, Signable, SignatureVersion, Signer, Timestamp};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// A request covering every kind of field: options, lists joined with `,` and `|`,
/// renamed and raw-identifier keys, numbers, booleans, excluded fields.
#[derive(Debug, Clone, Signable)]
struct Request {
    #[sign(exclude)]
    file: String,
    #[sign(exclude)]
    api_key: String,
    public_id: Option<String>,
    #[sign(join)]
    tags: Vec<String>,
    #[sign(join = "|")]
    eager: Vec<String>,
    #[sign(join)]
    context: Option<Vec<Option<String>>>,
    #[sign(rename = "type")]
    delivery_type: Option<String>,
    r#async: Option<bool>,
    overwrite: bool,
    width: Option<i64>,
    quality: Option<f64>,
    notification_url: String,
    timestamp: Timestamp,
}

/// The same without `timestamp`: the signer slots it in between `tags` and `type`.
#[derive(Debug, Clone, Signable)]
struct RequestAt {
    public_id: Option<String>,
    #[sign(join)]
    tags: Vec<String>,
    #[sign(rename = "type")]
    delivery_type: Option<String>,
    #[sign(rename = "timestamp_note")]
    note: String,
}

impl Request {
    /// The JSON an application would send for it (lists joined with `|` as a string, as
    /// the dynamic path joins JSON arrays with `,` only).
    fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("file".into(), json!(self.file));
        m.insert("api_key".into(), json!(self.api_key));
        m.insert("public_id".into(), json!(self.public_id));
        m.insert("tags".into(), json!(self.tags));
        m.insert("eager".into(), json!(self.eager.join("|")));
        m.insert("context".into(), json!(self.context));
        m.insert("type".into(), json!(self.delivery_type));
        m.insert("async".into(), json!(self.r#async));
        m.insert("overwrite".into(), json!(self.overwrite));
        m.insert("width".into(), json!(self.width));
        m.insert("quality".into(), json!(self.quality));
        m.insert("notification_url".into(), json!(self.notification_url));
        m.insert("timestamp".into(), json!(self.timestamp.as_secs()));
        Value::Object(m)
    }
}

/// Text with the characters that matter: separators, `&`, `=`, `%`, unicode, empties.
fn text() -> impl Strategy<Value = String> {
    "[a-z0-9 &=|,%é日😀]{0,6}"
}

fn list() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 0..3)
}

fn request() -> impl Strategy<Value = Request> {
    (
        (text(), text(), prop::option::of(text()), list(), list()),
        (
            prop::option::of(prop::collection::vec(prop::option::of(text()), 0..3)),
            prop::option::of(text()),
            prop::option::of(any::<bool>()),
            any::<bool>(),
        ),
        (
            prop::option::of(any::<i64>()),
            prop::option::of(prop_oneof![
                any::<f64>().prop_filter("JSON numbers are finite", |f| f.is_finite()),
                Just(0.5),
                Just(-0.0),
                Just(1e21),
                Just(1e-7),
            ]),
            text(),
            any::<u64>(),
        ),
    )
        .prop_map(
            |(
                (file, api_key, public_id, tags, eager),
                (context, delivery_type, r#async, overwrite),
                (width, quality, notification_url, timestamp),
            )| Request {
                file,
                api_key,
                public_id,
                tags,
                eager,
                context,
                delivery_type,
                r#async,
                overwrite,
                width,
                quality,
                notification_url,
                timestamp: Timestamp::from_secs(timestamp),
            },
        )
}

fn signer() -> impl Strategy<Value = Signer> {
    (
        prop_oneof![Just(Algorithm::Sha1), Just(Algorithm::Sha256)],
        prop_oneof![Just(SignatureVersion::V1), Just(SignatureVersion::V2)],
        "[a-zA-Z0-9]{1,12}",
    )
        .prop_map(|(algorithm, version, secret)| {
            Signer::new(ApiSecret::new(secret).unwrap())
                .with_algorithm(algorithm)
                .with_signature_version(version)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn derived_signs_like_the_dynamic_path(request in request(), signer in signer()) {
        let params = Params::from_serialize(&request.to_json()).unwrap();
        prop_assert_eq!(signer.string_to_sign(&request), signer.string_to_sign(&params));
        prop_assert_eq!(signer.sign(&request), signer.sign(&params));
    }

    #[test]
    fn signer_timestamp_lands_in_its_sorted_place(
        public_id in prop::option::of(text()),
        tags in list(),
        delivery_type in prop::option::of(text()),
        note in text(),
        secs in any::<u64>(),
        signer in signer(),
    ) {
        let timestamp = Timestamp::from_secs(secs);
        let request = RequestAt { public_id, tags, delivery_type, note };
        let json = json!({
            "public_id": request.public_id,
            "tags": request.tags,
            "type": request.delivery_type,
            "timestamp_note": request.note,
            "timestamp": secs,
        });
        let params = Params::from_serialize(&json).unwrap();
        prop_assert_eq!(
            signer.string_to_sign_at(&request, timestamp),
            signer.string_to_sign(&params)
        );
        prop_assert_eq!(signer.sign_at(&request, timestamp), signer.sign(&params));
    }
}
