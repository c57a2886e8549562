//! What a derived struct sends is what it signs: for random field values and signer
//! settings, the form from `Signer::sign_form` carries the signature of the zero-allocation
//! path, verifies as Cloudinary receives it (`name[]` arrays included), holds exactly the
//! signed pairs as an independent model of the rules lays them out, and reads back from its
//! JSON. The typed `UploadParams` and the dynamic `UploadOptions` give the same form.

use std::fmt::Write as _;

use cld_sign::request::upload::{UploadOptions, UploadParams};
use cld_sign::{
    Algorithm, ApiSecret, Params, Signable, SignatureVersion, Signer, Sink, Timestamp,
    request::{RequestVerifier, SignedUploadForm, ValueWriter},
};
use proptest::prelude::*;
use serde_json::json;

/// `with`: a pair of numbers as `x:y`.
fn ratio<S: Sink + ?Sized>(value: &(u8, u8), out: &mut ValueWriter<'_, S>) {
    let _ = write!(out, "{}:{}", value.0, value.1);
}

/// Every way a field is written, and every excluded name.
#[derive(Debug, Clone, Signable)]
#[allow(dead_code)] // The excluded fields are never read: neither signed nor sent.
struct Upload {
    #[sign(exclude)]
    file: String,
    #[sign(exclude)]
    api_key: String,
    #[sign(exclude)]
    cloud_name: String,
    #[sign(exclude)]
    resource_type: String,
    #[sign(exclude)]
    local_note: String,
    public_id: Option<String>,
    #[sign(join)]
    tags: Vec<String>,
    #[sign(join = "|")]
    eager: Vec<String>,
    #[sign(array)]
    categorization: Vec<String>,
    #[sign(array, rename = "detection")]
    detectors: Option<Vec<Option<String>>>,
    #[sign(rename = "type")]
    delivery_type: Option<String>,
    overwrite: bool,
    width: Option<i64>,
    quality: Option<f64>,
    #[sign(with = ratio)]
    aspect: (u8, u8),
    timestamp: Timestamp,
}

/// Without `timestamp`: the signer's lands between `tags` and `timestamps`.
#[derive(Debug, Clone, Signable)]
struct UploadAt {
    #[sign(array)]
    tags: Vec<String>,
    timestamps: String,
    #[sign(rename = "timestamp_note")]
    note: Option<String>,
}

/// Text with the characters that matter: separators, `&`, `=`, `%`, `[]`, unicode, empties.
fn text() -> impl Strategy<Value = String> {
    "[a-z0-9 &=|,%\\[\\]é😀]{0,6}"
}

fn list() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 0..4)
}

fn upload() -> impl Strategy<Value = Upload> {
    (
        (text(), text(), text(), text(), text()),
        (prop::option::of(text()), list(), list(), list()),
        (
            prop::option::of(prop::collection::vec(prop::option::of(text()), 0..3)),
            prop::option::of(text()),
            any::<bool>(),
            prop::option::of(any::<i64>()),
        ),
        (
            prop::option::of(prop_oneof![
                any::<f64>().prop_filter("JSON numbers are finite", |f| f.is_finite()),
                Just(0.5),
                Just(1e21),
            ]),
            any::<(u8, u8)>(),
            0..=4_000_000_000u64,
        ),
    )
        .prop_map(
            |(
                (file, api_key, cloud_name, resource_type, local_note),
                (public_id, tags, eager, categorization),
                (detectors, delivery_type, overwrite, width),
                (quality, aspect, timestamp),
            )| Upload {
                file,
                api_key,
                cloud_name,
                resource_type,
                local_note,
                public_id,
                tags,
                eager,
                categorization,
                detectors,
                delivery_type,
                overwrite,
                width,
                quality,
                aspect,
                timestamp: Timestamp::from_secs(timestamp),
            },
        )
}

fn signer() -> impl Strategy<Value = Signer> {
    (
        prop_oneof![Just(Algorithm::Sha1), Just(Algorithm::Sha256)],
        prop_oneof![Just(SignatureVersion::V1), Just(SignatureVersion::V2)],
        "[a-zA-Z0-9]{8,16}",
    )
        .prop_map(|(algorithm, version, secret)| {
            Signer::new(ApiSecret::new(secret).unwrap())
                .with_algorithm(algorithm)
                .with_signature_version(version)
        })
}

/// The model: the fields the rules say are sent for `upload`, in declaration order.
/// Numbers take their text from the dynamic path, the rest is written out here.
fn expected_fields(upload: &Upload, api_key: &str) -> Vec<(String, String)> {
    let number = |value: serde_json::Value| {
        Params::from_serialize(&json!({ "n": value }))
            .unwrap()
            .get("n")
            .map(str::to_owned)
    };
    let mut fields = Vec::new();
    let mut one = |name: &str, text: Option<String>| {
        if let Some(text) = text.filter(|t| !t.is_empty()) {
            fields.push((name.to_owned(), text));
        }
    };
    one("public_id", upload.public_id.clone());
    one("tags", Some(upload.tags.join(",")));
    one("eager", Some(upload.eager.join("|")));
    one("type", upload.delivery_type.clone());
    one("overwrite", Some(upload.overwrite.to_string()));
    one("width", upload.width.and_then(|w| number(json!(w))));
    one("quality", upload.quality.and_then(|q| number(json!(q))));
    one(
        "aspect",
        Some(format!("{}:{}", upload.aspect.0, upload.aspect.1)),
    );
    one("timestamp", Some(upload.timestamp.to_string()));
    one("api_key", Some(api_key.to_owned()));
    let detectors: Vec<String> = upload
        .detectors
        .iter()
        .flatten()
        .map(|d| d.clone().unwrap_or_default())
        .collect();
    for (name, items) in [
        ("categorization[]", upload.categorization.clone()),
        ("detection[]", detectors),
    ] {
        // An array whose `,` join is empty is dropped; otherwise every item is sent.
        if !items.join(",").is_empty() {
            fields.extend(items.into_iter().map(|item| (name.to_owned(), item)));
        }
    }
    fields.sort_by(|a, b| a.0.cmp(&b.0));
    fields
}

/// The form, received as Cloudinary receives it, verifies with the form's signature.
fn verifies_as_sent(signer: &Signer, form: &SignedUploadForm) -> Result<(), TestCaseError> {
    let mut verifier = RequestVerifier::new(signer.clone());
    if signer.signature_version() == SignatureVersion::V1 {
        verifier = verifier.allow_signature_version_1();
    }
    let received = verifier
        .verify_at(form.to_fields(), form.timestamp())
        .map_err(|e| TestCaseError::fail(format!("{e}: {form:?}")))?
        .into_params();
    prop_assert_eq!(&signer.sign(&received), form.signature());
    prop_assert_eq!(signer.string_to_sign(&received), form.string_to_sign());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn derived_forms_send_what_they_sign(upload in upload(), signer in signer(), api_key in "[0-9]{1,15}") {
        let form = signer.sign_form(&upload, &api_key).unwrap();
        prop_assert_eq!(form.signature(), &signer.sign(&upload));
        prop_assert_eq!(form.string_to_sign(), signer.string_to_sign(&upload));
        prop_assert_eq!(form.api_key(), api_key.as_str());
        prop_assert_eq!(form.timestamp(), upload.timestamp);
        verifies_as_sent(&signer, &form)?;

        let sent: Vec<(String, String)> =
            form.fields().map(|(n, v)| (n.to_owned(), v.to_owned())).collect();
        prop_assert_eq!(&sent, &expected_fields(&upload, &api_key));
        // Excluded fields never travel in the form.
        for (name, _) in &sent {
            for never in ["file", "cloud_name", "resource_type", "local_note", "signature"] {
                prop_assert_ne!(name.as_str(), never);
            }
        }
    }

    #[test]
    fn signer_timestamp_forms_send_what_they_sign(
        tags in list(),
        timestamps in text(),
        note in prop::option::of(text()),
        signer in signer(),
        seconds in 0..10_000_000_000_000_000_000u64,
    ) {
        let upload = UploadAt { tags, timestamps, note };
        let timestamp = Timestamp::from_secs(seconds);
        let form = signer.sign_form_at(&upload, "1234", timestamp);
        prop_assert_eq!(form.signature(), &signer.sign_at(&upload, timestamp));
        prop_assert_eq!(form.string_to_sign(), signer.string_to_sign_at(&upload, timestamp));
        prop_assert_eq!(form.timestamp(), timestamp);
        // A timestamp beyond an hour from now is refused by a verifier as stale or from the
        // future, so verify at the form's own time.
        verifies_as_sent(&signer, &form)?;
        let stamp = form.fields().find(|(n, _)| *n == "timestamp").map(|(_, v)| v.to_owned());
        prop_assert_eq!(stamp, Some(seconds.to_string()));
    }

    /// The JSON a signing route answers with reads back to the same form, and never holds
    /// the secret.
    #[test]
    fn forms_read_back_from_their_json(upload in upload(), signer in signer(), secret in "[a-zA-Z]{24}") {
        let signer = Signer::new(ApiSecret::new(secret.clone()).unwrap())
            .with_algorithm(signer.algorithm())
            .with_signature_version(signer.signature_version());
        let form = signer.sign_form(&upload, "1234").unwrap();
        let json = serde_json::to_string(&form).unwrap();
        prop_assert!(!json.contains(&secret), "{}", json);
        prop_assert!(!json.contains("string_to_sign"), "{}", json);
        let read: SignedUploadForm = serde_json::from_str(&json).unwrap();
        prop_assert!(read.fields().eq(form.fields()));
        prop_assert_eq!(read.signature(), form.signature());
        prop_assert_eq!(read.timestamp(), form.timestamp());
        prop_assert_eq!(read.api_key(), form.api_key());
        if signer.signature_version() == SignatureVersion::V2 {
            prop_assert_eq!(&read, &form);
        }
    }

    /// One definition, three ways in: a derived struct, `UploadParams` and `UploadOptions`
    /// give the same form for the same parameters.
    #[test]
    fn derived_typed_and_dynamic_forms_agree(
        public_id in prop::option::of(text()),
        tags in list(),
        categorization in list(),
        overwrite in prop::option::of(any::<bool>()),
        signer in signer(),
    ) {
        #[derive(Signable)]
        struct Mine {
            public_id: Option<String>,
            #[sign(join)]
            tags: Vec<String>,
            #[sign(array)]
            categorization: Vec<String>,
            overwrite: Option<bool>,
        }
        let timestamp = Timestamp::from_secs(1_315_060_510);
        let mine = Mine {
            public_id: public_id.clone(),
            tags: tags.clone(),
            categorization: categorization.clone(),
            overwrite,
        };
        let derived = signer.sign_form_at(&mine, "1234", timestamp);
        let mut typed = UploadParams::default()
            .with_tags(tags.clone())
            .with_categorization(categorization.clone());
        typed.public_id = public_id.clone();
        typed.overwrite = overwrite;
        let typed = typed.sign_at(&signer, "1234", timestamp);
        let options = json!({
            "public_id": public_id,
            "tags": tags,
            "categorization": categorization,
            "overwrite": overwrite,
        });
        let dynamic = UploadOptions::from_json(&options, timestamp).unwrap().sign(&signer, "1234");
        prop_assert_eq!(&derived, &typed);
        prop_assert_eq!(&derived, &dynamic);
    }
}

#[test]
fn a_timestamp_cloudinary_cannot_read_is_a_typed_error() {
    #[derive(Signable)]
    struct Negative {
        public_id: &'static str,
        timestamp: i64,
    }
    #[derive(Signable)]
    struct Huge {
        timestamp: u128,
    }
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let err = signer
        .sign_form(
            &Negative {
                public_id: "a",
                timestamp: -5,
            },
            "1234",
        )
        .unwrap_err();
    assert_eq!(err.kind().as_str(), "malformed_timestamp");
    let err = signer
        .sign_form(
            &Huge {
                timestamp: u128::from(u64::MAX) + 1,
            },
            "1234",
        )
        .unwrap_err();
    assert_eq!(err.kind().as_str(), "malformed_timestamp");
    // The largest whole seconds are read.
    let form = signer
        .sign_form(
            &Huge {
                timestamp: u128::from(u64::MAX),
            },
            "1234",
        )
        .unwrap();
    assert_eq!(form.timestamp(), Timestamp::from_secs(u64::MAX));
    assert_eq!(
        form.signature(),
        &signer.sign(&Huge {
            timestamp: u128::from(u64::MAX)
        })
    );
}

/// An array of items that all write nothing is dropped; two empty items are `,`, sent.
#[test]
fn arrays_drop_exactly_as_signing_drops() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let ts = Timestamp::from_secs(1);
    let fields = |tags: Vec<&str>| {
        let upload = UploadAt {
            tags: tags.into_iter().map(str::to_owned).collect(),
            timestamps: String::new(),
            note: None,
        };
        let form = signer.sign_form_at(&upload, "k", ts);
        assert_eq!(form.signature(), &signer.sign_at(&upload, ts));
        form.fields()
            .filter(|(n, _)| n.starts_with("tags"))
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(fields(vec![]), Vec::<String>::new());
    assert_eq!(fields(vec![""]), Vec::<String>::new());
    assert_eq!(fields(vec!["", ""]), ["tags[]=", "tags[]="]);
    assert_eq!(fields(vec!["a,b", "c&d"]), ["tags[]=a,b", "tags[]=c&d"]);
}

/// A sequence of your own: items separated with `write_separator` are sent as `name[]`
/// items; separators written as text leave one item holding the whole text, which Cloudinary
/// signs the same.
#[test]
fn sequences_of_your_own_send_items_or_one_text() {
    struct Pair(&'static str, &'static str, bool);
    impl cld_sign::request::SignSeq for Pair {
        fn write_joined<S: Sink + ?Sized>(&self, separator: &str, out: &mut ValueWriter<'_, S>) {
            out.write_str(self.0);
            if self.2 {
                out.write_separator(separator);
            } else {
                out.write_str(separator);
            }
            out.write_str(self.1);
        }
    }
    #[derive(Signable)]
    struct Request {
        #[sign(array)]
        detection: Pair,
        #[sign(join = "|")]
        eager: Pair,
    }
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let ts = Timestamp::from_secs(1);
    for (items, want) in [
        (
            true,
            ["detection[]=a", "detection[]=b&c", "eager=x|y"].as_slice(),
        ),
        (false, ["detection[]=a,b&c", "eager=x|y"].as_slice()),
    ] {
        let request = Request {
            detection: Pair("a", "b&c", items),
            eager: Pair("x", "y", items),
        };
        let form = signer.sign_form_at(&request, "k", ts);
        assert_eq!(
            signer.string_to_sign_at(&request, ts),
            "detection=a,b%26c&eager=x|y&timestamp=1"
        );
        assert_eq!(form.signature(), &signer.sign_at(&request, ts));
        let sent: Vec<String> = form
            .fields()
            .filter(|(n, _)| *n != "api_key" && *n != "timestamp")
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        assert_eq!(sent, want);
        verifies_as_sent(&signer, &form).unwrap();
    }
}
