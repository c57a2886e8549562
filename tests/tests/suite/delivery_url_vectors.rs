//! Every case of `delivery_url.json`: the builder's path to sign and full URL, and that the
//! verifier accepts the URL it builds and refuses it once tampered with.

use cld_sign::delivery::{DeliveryUrlVerifier, ReceivedDeliveryUrl, UrlSignature};
use cld_sign::{
    Algorithm, ApiSecret, Error, ErrorKind, Signer,
    delivery::{DeliveryUrl, UrlSignatureKind},
};
use cld_sign_tests::vectors::delivery_url::{Expected, Input};
use cld_sign_tests::vectors::{self, Case};

#[test]
fn every_delivery_url_vector() {
    let mut versioned = 0;
    vectors::run("delivery_url.json", 18, |case: &Case<Input, Expected>| {
        let input = &case.input;
        let algorithm: Algorithm = input.algorithm.parse()?;
        let signer = Signer::new(ApiSecret::new(&input.secret)?).with_algorithm(algorithm);
        let kind = if input.long {
            UrlSignatureKind::Long
        } else {
            UrlSignatureKind::Short
        };
        let mut url = DeliveryUrl::new(&input.cloud_name, &input.public_id)
            .with_resource_type(&input.resource_type)
            .with_delivery_type(&input.delivery_type)
            .with_signature_kind(kind);
        if let Some(transformation) = &input.transformation {
            url = url.with_transformation(transformation);
        }
        if let Some(version) = &input.version {
            url = url.with_version(version.number());
            versioned += 1;
        }
        if let Some(format) = &input.format {
            url = url.with_format(format);
        }
        let built = url.sign(&signer)?;
        let expected_url = case.expected.url.as_str();

        // The verifier accepts the expected URL, with a query string too.
        assert_eq!(
            DeliveryUrlVerifier::new(signer.clone())
                .verify(expected_url)
                .map(|r| r.signed_path().to_owned()),
            Ok(url.to_sign())
        );
        assert_eq!(
            DeliveryUrlVerifier::new(signer.clone())
                .verify(&format!("{expected_url}?_a=BAMAABCD"))
                .map(|r| r.signed_path().to_owned()),
            Ok(url.to_sign())
        );
        // It parses back to the same signature and kind.
        let parsed = ReceivedDeliveryUrl::parse(expected_url).unwrap();
        assert_eq!(parsed.kind(), kind);
        assert_eq!(
            parsed.signature(),
            UrlSignature::sign(&signer, &url.to_sign(), kind).signature()
        );
        // Appending to the public ID breaks the signature.
        let err = DeliveryUrlVerifier::new(signer.clone())
            .verify(&format!("{expected_url}x"))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Mismatch);
        // Another secret does not verify.
        let other =
            Signer::new(ApiSecret::new("another secret").unwrap()).with_algorithm(algorithm);
        assert_eq!(
            DeliveryUrlVerifier::new(other.clone())
                .verify(expected_url)
                .unwrap_err()
                .kind(),
            ErrorKind::Mismatch
        );
        Ok((url.to_sign(), built.as_str().to_owned()))
    });
    assert_eq!(versioned, 4);
}

#[test]
fn spec_examples() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    for (public_id, format, kind, signature) in [
        ("sample", None, UrlSignatureKind::Short, "s--y-tjJGJv--"),
        (
            "sample",
            Some("jpg"),
            UrlSignatureKind::Short,
            "s--lGdq5NKO--",
        ),
        (
            "sample",
            None,
            UrlSignatureKind::Long,
            "s--J3bQPfNNFwWlVnFMk5LMG_GXLecrij7Z--",
        ),
    ] {
        let mut url = DeliveryUrl::new("demo", public_id).with_signature_kind(kind);
        if let Some(format) = format {
            url = url.with_format(format);
        }
        assert!(
            url.sign(&signer)
                .unwrap()
                .as_str()
                .contains(&format!("/{signature}/"))
        );
    }
}

/// the delivery URL rule (`cld_sign::delivery`): the version is not signed, and a public ID may itself start with `v<digits>`.
#[test]
fn version_rule() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    // A version component: signed without it.
    let url = DeliveryUrl::new("demo", "sample")
        .with_version(42)
        .sign(&signer)
        .unwrap()
        .into_string();
    assert!(url.contains("/v42/sample"));
    DeliveryUrlVerifier::new(signer.clone())
        .verify(&url)
        .unwrap();
    // Any version may be put in its place: it is not signed.
    DeliveryUrlVerifier::new(signer.clone())
        .verify(&url.replace("/v42/", "/v7/"))
        .unwrap();
    DeliveryUrlVerifier::new(signer.clone())
        .verify(&url.replace("/v42/", "/"))
        .unwrap();
    // A public ID that starts with `v<digits>`: signed with it, found on the second try.
    let url = DeliveryUrl::new("demo", "v2/sample")
        .sign(&signer)
        .unwrap()
        .into_string();
    DeliveryUrlVerifier::new(signer.clone())
        .verify(&url)
        .unwrap();
    // ... and with a version in front of it too.
    let url = DeliveryUrl::new("demo", "v2/sample")
        .with_version(9)
        .sign(&signer)
        .unwrap()
        .into_string();
    assert!(url.ends_with("/v9/v2/sample"));
    DeliveryUrlVerifier::new(signer.clone())
        .verify(&url)
        .unwrap();
    // A lone `v<digits>` is a public ID, not a version.
    let url = DeliveryUrl::new("demo", "v123")
        .sign(&signer)
        .unwrap()
        .into_string();
    DeliveryUrlVerifier::new(signer.clone())
        .verify(&url)
        .unwrap();
    // The mismatch reports the path it checked first (without the version).
    let tampered = "https://res.cloudinary.com/demo/image/upload/s--y-tjJGJv--/v1/other";
    assert_eq!(
        DeliveryUrlVerifier::new(signer.clone()).verify(tampered),
        Err(Error::Mismatch {
            string_to_sign: Some("other".to_owned())
        })
    );
}

#[test]
fn short_signatures_follow_the_configured_algorithm() {
    let sha256 = Signer::new(ApiSecret::new("abcd").unwrap()).with_algorithm(Algorithm::Sha256);
    let sha1 = Signer::new(ApiSecret::new("abcd").unwrap());
    let url = DeliveryUrl::new("demo", "sample")
        .sign(&sha256)
        .unwrap()
        .into_string();
    assert!(url.contains("/s--J3bQPfNN--/"));
    DeliveryUrlVerifier::new(sha256.clone())
        .verify(&url)
        .unwrap();
    assert_eq!(
        DeliveryUrlVerifier::new(sha1.clone())
            .verify(&url)
            .unwrap_err()
            .kind(),
        ErrorKind::Mismatch
    );
    // Long signatures are SHA-256 for both.
    let long = DeliveryUrl::new("demo", "sample")
        .with_signature_kind(UrlSignatureKind::Long)
        .sign(&sha1)
        .unwrap()
        .into_string();
    DeliveryUrlVerifier::new(sha1.clone())
        .verify(&long)
        .unwrap();
    DeliveryUrlVerifier::new(sha256.clone())
        .verify(&long)
        .unwrap();
}

#[test]
fn any_host_is_accepted() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    for url in [
        "https://res.cloudinary.com/demo/image/upload/s--y-tjJGJv--/sample",
        "HTTP://res.cloudinary.com/demo/image/upload/s--y-tjJGJv--/sample#frag",
        "https://demo-res.cloudinary.com/image/upload/s--y-tjJGJv--/sample",
        "https://images.example.com/image/upload/s--y-tjJGJv--/sample?x=1",
    ] {
        assert_eq!(
            DeliveryUrlVerifier::new(signer.clone())
                .verify(url)
                .map(|r| r.public_id().to_owned()),
            Ok("sample".to_owned()),
            "{url}"
        );
    }
}

#[test]
fn malformed_urls_say_what_is_wrong() {
    use cld_sign::SignatureProblem;
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let cases = [
        ("", "it does not start with https:// or http://"),
        (
            "ftp://res.cloudinary.com/demo/image/upload/s--y-tjJGJv--/sample",
            "it does not start with https:// or http://",
        ),
        ("https://", "it has no path after the host"),
        (
            "https:///demo/image/upload/s--y-tjJGJv--/sample",
            "it has no host",
        ),
        (
            "https://res.cloudinary.com/demo/image/upload/sample",
            "it has no s--…-- signature component",
        ),
        (
            "https://res.cloudinary.com/s--y-tjJGJv--/sample",
            "it has no resource type and delivery type (or cloud name) before the signature component",
        ),
        (
            "https://res.cloudinary.com/demo/image/upload/s--y-tjJGJv--",
            "it has nothing after the signature component",
        ),
        (
            "https://res.cloudinary.com/demo/image/upload/s--y-tjJGJv--/",
            "it has nothing after the signature component",
        ),
        (
            "https://res.cloudinary.com/demo/image/upload/s--y-tjJGJv--/sam\tple",
            "it contains control characters (tab, line break, ...)",
        ),
    ];
    for (url, reason) in cases {
        match DeliveryUrlVerifier::new(signer.clone()).verify(url) {
            Err(Error::MalformedUrl { problem }) => {
                assert_eq!(problem.to_string(), reason, "{url:?}")
            }
            other => panic!("{url:?}: expected a malformed URL, got {other:?}"),
        }
    }
    assert_eq!(
        DeliveryUrlVerifier::new(signer.clone())
            .verify("https://res.cloudinary.com/demo/image/upload/s--y-tjJG+v--/sample"),
        Err(Error::MalformedSignature {
            reason: SignatureProblem::NotBase64
        })
    );
    assert_eq!(
        DeliveryUrlVerifier::new(signer.clone())
            .verify("https://res.cloudinary.com/demo/image/upload/s--y-tjJG--/sample"),
        Err(Error::MalformedSignature {
            reason: SignatureProblem::UrlSignatureLength { found: 6 }
        })
    );
}

#[test]
fn public_id_escaping() {
    use cld_sign::delivery::escape_public_id;
    for (raw, escaped) in [
        ("sample", "sample"),
        ("folder/sub:x.y-z_w", "folder/sub:x.y-z_w"),
        ("my image (1)", "my%20image%20%281%29"),
        ("my%20image%20%281%29", "my%20image%20%281%29"),
        ("100% real", "100%25%20real"),
        ("100%25 real", "100%25%20real"),
        ("%", "%25"),
        ("%4", "%254"),
        ("%zz", "%25zz"),
        ("%c3%a9", "%C3%A9"),
        ("é", "%C3%A9"),
        ("a&b=c", "a%26b%3Dc"),
        ("tilde~star*'quote'!", "tilde%7Estar%2A%27quote%27%21"),
        ("日本", "%E6%97%A5%E6%9C%AC"),
        // Decoding may give bytes that are not UTF-8: each is encoded alone.
        ("%ff", "%FF"),
    ] {
        assert_eq!(escape_public_id(raw), escaped, "{raw:?}");
    }
}

/// A request signature (hex) converts into a delivery URL signature (base64url, first 8 or
/// 32 characters). Its string to sign, used as the path after `s--…--`, would read as a
/// transformation (`raw_convert=…`) and public ID `private/secret_contract.pdf`. No
/// Cloudinary SDK builds a signed path with a raw `&` (or with `=` outside a transformation
/// segment), so the verifier refuses it before comparing, for short and long signatures.
#[test]
fn a_request_string_to_sign_is_not_a_signed_path() {
    let to_sign = "raw_convert=a&timestamp=1700000000&type=x/private/secret_contract.pdf";
    for algorithm in [Algorithm::Sha1, Algorithm::Sha256] {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap()).with_algorithm(algorithm);
        for kind in [UrlSignatureKind::Short, UrlSignatureKind::Long] {
            let signature = UrlSignature::sign(&signer, to_sign, kind);
            let url = format!("https://res.cloudinary.com/demo/raw/upload/{signature}/{to_sign}");
            let err = DeliveryUrlVerifier::new(signer.clone())
                .verify(&url)
                .unwrap_err();
            assert_eq!(err.kind().as_str(), "malformed_url", "{url}: {err}");
            let message = err.to_string();
            assert!(message.contains('&'), "{message}");
            assert!(!message.contains("abcd"), "{message}");
        }
        // `=` in the public ID part: a one-pair string to sign, and a path with it.
        for to_sign in ["timestamp=1700000000", "c_fill/a=b.jpg"] {
            let signature = UrlSignature::sign(&signer, to_sign, UrlSignatureKind::Short);
            let url = format!("https://res.cloudinary.com/demo/image/upload/{signature}/{to_sign}");
            let err = DeliveryUrlVerifier::new(signer.clone())
                .verify(&url)
                .unwrap_err();
            assert_eq!(err.kind().as_str(), "malformed_url", "{url}: {err}");
        }
    }
    // What the SDKs do build still verifies: `=` padding of a fetch layer's base64
    // (pycloudinary's `base64url_encode`), escaped `&` and `=` in the public ID.
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    for to_sign in [
        "l_fetch:aHR0cHM6Ly9leGFtcGxlLmNvbS9hLnBuZw==/sample.jpg",
        "c_fill/a%26b%3Dc.jpg",
    ] {
        let signature = UrlSignature::sign(&signer, to_sign, UrlSignatureKind::Short);
        let url = format!("https://res.cloudinary.com/demo/image/upload/{signature}/{to_sign}");
        let reading = DeliveryUrlVerifier::new(signer.clone())
            .verify(&url)
            .unwrap();
        assert_eq!(reading.signed_path(), to_sign);
    }
}
