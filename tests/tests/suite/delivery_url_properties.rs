//! Properties of delivery URL parsing and verification (proptest, 10,000 cases each).

use cld_sign::delivery::{DeliveryUrlVerifier, ReceivedDeliveryUrl};
use cld_sign::{
    Algorithm, ApiSecret, ErrorKind, Signer,
    delivery::{DeliveryUrl, UrlSignatureKind, escape_public_id},
};
use proptest::prelude::*;

fn signer() -> Signer {
    Signer::new(ApiSecret::new("abcd").unwrap())
}

/// Strings shaped like delivery URLs: a scheme, a host, segments that may look like a
/// signature, a version, escapes, a query.
fn url_like() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just("https://"),
            Just("http://"),
            Just("HTTPS://"),
            Just(""),
            Just("ftp://")
        ],
        "[a-z.-]{0,12}",
        prop::collection::vec(
            prop_oneof![
                "[a-zA-Z0-9_,.%-]{0,10}",
                "s--[a-zA-Z0-9_+/-]{0,34}--",
                "v[0-9]{1,10}",
                any::<String>(),
            ],
            0..8,
        ),
        prop_oneof![Just(""), Just("?_a=1"), Just("#x")],
    )
        .prop_map(|(scheme, host, segments, tail)| {
            format!("{scheme}{host}/{}{tail}", segments.join("/"))
        })
}

fn public_id() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9]{1,8}(/[a-z0-9 _.%()!~*'&=é-]{1,8}){0,3}",
        "v[0-9]{1,4}/[a-z]{1,6}",
        any::<String>().prop_filter("non-empty", |s| !s.is_empty()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Arbitrary strings: parsing and verifying return an error, never panic.
    #[test]
    fn arbitrary_strings_are_errors(url in any::<String>()) {
        let _ = ReceivedDeliveryUrl::parse(&url);
        prop_assert!(DeliveryUrlVerifier::new(signer()).verify(&url).is_err());
    }

    /// URL-shaped strings with made-up signatures: an error, never a panic.
    #[test]
    fn url_like_strings_are_errors(url in url_like()) {
        if let Ok(parsed) = ReceivedDeliveryUrl::parse(&url) {
            let _ = parsed.path_without_version();
        }
        prop_assert!(DeliveryUrlVerifier::new(signer()).verify(&url).is_err());
    }

    /// Escaping never panics, and yields only the allowed characters and `%XX`.
    #[test]
    fn escaping_is_total_and_clean(id in any::<String>()) {
        let escaped = escape_public_id(&id);
        prop_assert!(escaped
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:%".contains(&b)));
        // Escaping is idempotent: what is already escaped stays as it is.
        prop_assert_eq!(escape_public_id(&escaped), escaped.clone());
    }

    /// Every URL the builder signs verifies; changing any one byte after the signature
    /// component does not (unless it only touches an unsigned version or query).
    #[test]
    fn built_urls_verify_and_changes_are_rejected(
        id in public_id(),
        transformation in prop_oneof![Just(""), Just("c_fill,w_100"), Just("c_scale,w_0.5/e_sepia")],
        version in prop::option::of(1u64..2_000_000_000),
        format in prop_oneof![Just(""), Just("jpg"), Just("webp")],
        long in any::<bool>(),
        sha256 in any::<bool>(),
        index in any::<prop::sample::Index>(),
        replacement in prop::sample::select(b"abcXYZ019-_.,%/".to_vec()),
    ) {
        let algorithm = if sha256 { Algorithm::Sha256 } else { Algorithm::Sha1 };
        let kind = if long { UrlSignatureKind::Long } else { UrlSignatureKind::Short };
        let s = signer().with_algorithm(algorithm);
        let mut builder = DeliveryUrl::new("demo", &id)
            .with_transformation(transformation)
            .with_format(format)
            .with_signature_kind(kind);
        if let Some(version) = version {
            builder = builder.with_version(version);
        }
        let url = builder.sign(&s).unwrap().into_string();
        prop_assert_eq!(DeliveryUrlVerifier::new(s.clone()).verify(&url).map(|r| r.signed_path().to_owned()), Ok(builder.to_sign()));

        // Change one byte of the signed part (transformation and asset, not the version).
        let to_sign = builder.to_sign();
        let mut changed = to_sign.clone().into_bytes();
        let i = index.index(changed.len());
        prop_assume!(changed[i] != replacement);
        changed[i] = replacement;
        let changed = String::from_utf8(changed).unwrap();
        let start = url.len() - to_sign.len();
        // With a version, the signed text is split around it; rebuild the URL from parts.
        let url_changed = match version {
            None => format!("{}{changed}", &url[..start]),
            Some(_) => with_version(&url, transformation, &changed),
        };
        let err = DeliveryUrlVerifier::new(s.clone()).verify(&url_changed).unwrap_err();
        prop_assert!(
            matches!(err.kind(), ErrorKind::Mismatch | ErrorKind::MalformedUrl),
            "{:?} for {}", err, url_changed
        );
    }
}

/// The URL with its signed path replaced by `changed`, keeping the version right after the
/// transformation.
fn with_version(url: &str, transformation: &str, changed: &str) -> String {
    let parsed = ReceivedDeliveryUrl::parse(url).unwrap();
    let prefix = &url[..url.len() - parsed.path().len()];
    let version = parsed
        .path()
        .split('/')
        .find(|s| s.len() > 1 && s.starts_with('v') && s[1..].bytes().all(|b| b.is_ascii_digit()))
        .unwrap();
    if transformation.is_empty() {
        format!("{prefix}{version}/{changed}")
    } else {
        let (t, rest) = changed.split_at(transformation.len() + 1);
        format!("{prefix}{t}{version}/{rest}")
    }
}
