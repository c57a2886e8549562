//! Every case of `url_forms.json` (see `cld_sign::delivery`): the builder prints `expected.url`, the URL
//! verifies with the reading the builder signed, and a changed signature character does
//! not verify.

use cld_sign::delivery::{DeliveryUrlVerifier, UrlSignature};
use cld_sign::{
    Algorithm, ApiSecret, ErrorKind, Signer,
    delivery::{DeliveryUrl, UrlSignatureKind, escape_public_id},
};
use cld_sign_tests::vectors::url_forms::{Expected, Input};
use cld_sign_tests::vectors::{self, Case};

#[test]
fn every_url_forms_vector() {
    let mut forms = std::collections::BTreeMap::<&str, usize>::new();
    vectors::run("url_forms.json", 40, |case: &Case<Input, Expected>| {
        let input = &case.input;
        let algorithm: Algorithm = input.algorithm.parse()?;
        let signer = Signer::new(ApiSecret::new(&input.secret)?).with_algorithm(algorithm);
        let kind = if input.long {
            UrlSignatureKind::Long
        } else {
            UrlSignatureKind::Short
        };
        let public_id = input.public_id.as_str();
        let mut url = DeliveryUrl::new(&input.cloud_name, public_id)
            .with_resource_type(&input.resource_type)
            .with_delivery_type(&input.delivery_type)
            .with_signature_kind(kind)
            .with_use_root_path(input.use_root_path)
            .with_shorten(input.shorten)
            .with_private_cdn(input.private_cdn);
        let transformation = input.transformation.as_deref();
        if let Some(transformation) = transformation {
            url = url.with_transformation(transformation);
        }
        let version = input.version;
        if let Some(version) = version {
            url = url.with_version(version);
        }
        let format = input.format.as_deref();
        if let Some(format) = format {
            url = url.with_format(format);
        }
        let suffix = input.url_suffix.as_deref();
        if let Some(suffix) = suffix {
            url = url.with_url_suffix(suffix);
        }
        if let Some(host) = &input.host {
            url = url.with_host(host);
        }
        for (flag, name) in [
            (input.use_root_path, "root"),
            (input.shorten, "shorten"),
            (input.private_cdn, "private_cdn"),
            (suffix.is_some(), "suffix"),
            (input.host.is_some(), "host"),
        ] {
            if flag {
                *forms.entry(name).or_default() += 1;
            }
        }

        let expected = case.expected.url.as_str();
        let built = url.sign(&signer)?;
        assert_eq!(
            built.signature().map(|s| s.as_str()),
            Some(UrlSignature::sign(&signer, &url.to_sign(), kind).as_str()),
            "the suffix and the form are not signed"
        );

        // It verifies, read as what was signed.
        let reading = DeliveryUrlVerifier::new(signer.clone())
            .verify(expected)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(reading.signed_path(), url.to_sign());
        assert_eq!(reading.kind(), kind);
        // A verifier that requires one kind takes only that one.
        for required in [UrlSignatureKind::Short, UrlSignatureKind::Long] {
            let result = DeliveryUrlVerifier::new(signer.clone())
                .with_required_kind(required)
                .verify(expected);
            if required == kind {
                assert_eq!(result.as_ref(), Ok(&reading));
            } else {
                assert_eq!(result.unwrap_err().kind(), ErrorKind::MalformedSignature);
            }
        }
        assert_eq!(reading.suffix(), suffix);
        assert_eq!(reading.version(), version.map(|v| v.to_string()).as_deref());
        assert_eq!(reading.transformation(), transformation);
        // Unambiguous readings: a format given, or a suffix (then no dot is taken for one).
        if format.is_some() || suffix.is_some() {
            assert_eq!(reading.public_id(), escape_public_id(public_id));
            assert_eq!(reading.format(), format);
        }
        // A query does not change that.
        assert_eq!(
            DeliveryUrlVerifier::new(signer.clone())
                .verify(&format!("{expected}?_a=B"))
                .map(|r| r.signed_path().to_owned()),
            Ok(url.to_sign())
        );

        // Each signature character changed: no longer valid.
        let signature = built
            .signature()
            .expect("no token: a signature")
            .signature();
        let start = expected.find(signature).unwrap();
        for i in 0..signature.len() {
            let mut changed = expected.as_bytes().to_vec();
            changed[start + i] = if changed[start + i] == b'A' {
                b'B'
            } else {
                b'A'
            };
            let changed = String::from_utf8(changed).unwrap();
            assert_eq!(
                DeliveryUrlVerifier::new(signer.clone())
                    .verify(&changed)
                    .unwrap_err()
                    .kind(),
                ErrorKind::Mismatch,
                "{changed}"
            );
        }
        // Another secret does not verify.
        let other =
            Signer::new(ApiSecret::new("another secret").unwrap()).with_algorithm(algorithm);
        assert_eq!(
            DeliveryUrlVerifier::new(other.clone())
                .verify(expected)
                .unwrap_err()
                .kind(),
            ErrorKind::Mismatch
        );
        Ok(built.as_str().to_owned())
    });
    let forms: Vec<(&str, usize)> = forms.into_iter().collect();
    assert_eq!(
        forms,
        [
            ("host", 6),
            ("private_cdn", 8),
            ("root", 9),
            ("shorten", 4),
            ("suffix", 20)
        ],
        "url_forms.json forms"
    );
}
