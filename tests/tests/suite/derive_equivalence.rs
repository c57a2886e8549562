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

/// A `timestamp` field of any integer type is formatted ahead of the pairs before it
/// (the derive starts its decimal conversion first) and written at its sorted place: the
/// same text as the dynamic path, negatives and numbers longer than 16 characters included.
#[test]
fn integer_timestamps_of_every_type_and_width_sign_as_their_decimal_text() {
    macro_rules! request {
        ($name:ident, $t:ty) => {
            #[derive(Signable)]
            struct $name {
                a: &'static str,
                timestamp: $t,
                z: &'static str,
            }
        };
    }
    request!(U8, u8);
    request!(U64, u64);
    request!(U128, u128);
    request!(Usize, usize);
    request!(I8, i8);
    request!(I64, i64);
    request!(I128, i128);
    request!(Ref, &'static i64);

    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let check = |request: &dyn Fn(&Signer) -> (String, String), text: String| {
        let want =
            Params::from_pairs([("a", "x&y"), ("timestamp", text.as_str()), ("z", "1")]).unwrap();
        let (string, signature) = request(&signer);
        assert_eq!(string, signer.string_to_sign(&want), "{text}");
        assert_eq!(signature, signer.sign(&want).to_string(), "{text}");
    };
    macro_rules! case {
        ($name:ident, $value:expr) => {{
            let request = $name {
                a: "x&y",
                timestamp: $value,
                z: "1",
            };
            check(
                &|s: &Signer| (s.string_to_sign(&request), s.sign(&request).to_string()),
                $value.to_string(),
            );
        }};
    }
    for n in [0, 7, u8::MAX] {
        case!(U8, n);
    }
    for n in [
        0,
        1_315_060_510,
        9_999_999_999_999_999,
        10_000_000_000_000_000,
        u64::MAX,
    ] {
        case!(U64, n);
    }
    for n in [0, u128::from(u64::MAX) + 1, u128::MAX] {
        case!(U128, n);
    }
    case!(Usize, usize::MAX);
    for n in [i8::MIN, -1, 0, i8::MAX] {
        case!(I8, n);
    }
    for n in [
        i64::MIN,
        -999_999_999_999_999,
        -1_000_000_000_000_000,
        -1,
        0,
        i64::MAX,
    ] {
        case!(I64, n);
    }
    for n in [i128::MIN, -1, i128::MAX] {
        case!(I128, n);
    }
    case!(Ref, &-1_315_060_510);
}
