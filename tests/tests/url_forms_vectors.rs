//! Every case of `url_forms.json` (see `cld_sign::delivery`): the builder prints `expected.url`, the URL
//! verifies with the reading the builder signed, and a changed signature character does
//! not verify.

use cld_sign::delivery::{DeliveryUrlVerifier, UrlSignature};
use cld_sign::{
    Algorithm, ApiSecret, ErrorKind, Signer,
    delivery::{DeliveryUrl, UrlSignatureKind, escape_public_id},
};
use cld_sign_tests::{load, str_field, version_of};

#[test]
fn every_url_forms_vector() {
    let cases = load("url_forms.json");
    assert_eq!(cases.len(), 40, "url_forms.json case count");
    let mut forms = std::collections::BTreeMap::<&str, usize>::new();
    for case in &cases {
        assert_eq!(case.kind, "url_forms", "{}", case.id);
        let input = &case.input;
        let algorithm: Algorithm = str_field(input, "algorithm").unwrap().parse().unwrap();
        let signer = Signer::new(ApiSecret::new(str_field(input, "secret").unwrap()).unwrap())
            .with_algorithm(algorithm);
        let kind = if input["long"].as_bool().unwrap() {
            UrlSignatureKind::Long
        } else {
            UrlSignatureKind::Short
        };
        let public_id = str_field(input, "public_id").unwrap();
        let mut url = DeliveryUrl::new(str_field(input, "cloud_name").unwrap(), public_id)
            .with_resource_type(str_field(input, "resource_type").unwrap())
            .with_delivery_type(str_field(input, "type").unwrap())
            .with_signature_kind(kind)
            .with_use_root_path(input["use_root_path"].as_bool().unwrap())
            .with_shorten(input["shorten"].as_bool().unwrap())
            .with_private_cdn(input["private_cdn"].as_bool().unwrap());
        let transformation = str_field(input, "transformation");
        if let Some(transformation) = transformation {
            url = url.with_transformation(transformation);
        }
        let version = version_of(&input["version"]);
        if let Some(version) = version {
            url = url.with_version(version);
        }
        let format = str_field(input, "format");
        if let Some(format) = format {
            url = url.with_format(format);
        }
        let suffix = str_field(input, "url_suffix");
        if let Some(suffix) = suffix {
            url = url.with_url_suffix(suffix);
        }
        if let Some(host) = str_field(input, "host") {
            url = url.with_host(host);
        }
        for (flag, name) in [
            ("use_root_path", "root"),
            ("shorten", "shorten"),
            ("private_cdn", "private_cdn"),
        ] {
            if input[flag] == true {
                *forms.entry(name).or_default() += 1;
            }
        }
        if suffix.is_some() {
            *forms.entry("suffix").or_default() += 1;
        }
        if input["host"].is_string() {
            *forms.entry("host").or_default() += 1;
        }

        let expected = str_field(&case.expected, "url").unwrap();
        let built = url.sign(&signer).unwrap();
        assert_eq!(built, expected, "{}", case.id);
        assert_eq!(
            built.signature().map(|s| s.as_str()),
            Some(UrlSignature::sign(&signer, &url.to_sign(), kind).as_str()),
            "{}: the suffix and the form are not signed",
            case.id
        );

        // It verifies, read as what was signed.
        let reading = DeliveryUrlVerifier::new(signer.clone())
            .verify(expected)
            .unwrap_or_else(|e| panic!("{}: {e}", case.id));
        assert_eq!(reading.signed_path(), url.to_sign(), "{}", case.id);
        assert_eq!(reading.kind(), kind, "{}", case.id);
        // A verifier that requires one kind takes only that one.
        for required in [UrlSignatureKind::Short, UrlSignatureKind::Long] {
            let result = DeliveryUrlVerifier::new(signer.clone())
                .with_required_kind(required)
                .verify(expected);
            if required == kind {
                assert_eq!(result.as_ref(), Ok(&reading), "{}", case.id);
            } else {
                assert_eq!(
                    result.unwrap_err().kind(),
                    ErrorKind::MalformedSignature,
                    "{}",
                    case.id
                );
            }
        }
        assert_eq!(reading.suffix(), suffix, "{}", case.id);
        assert_eq!(
            reading.version(),
            version.map(|v| v.to_string()).as_deref(),
            "{}",
            case.id
        );
        assert_eq!(reading.transformation(), transformation, "{}", case.id);
        // Unambiguous readings: a format given, or a suffix (then no dot is taken for one).
        if format.is_some() || suffix.is_some() {
            assert_eq!(
                reading.public_id(),
                escape_public_id(public_id),
                "{}",
                case.id
            );
            assert_eq!(reading.format(), format, "{}", case.id);
        }
        // A query does not change that.
        assert_eq!(
            DeliveryUrlVerifier::new(signer.clone())
                .verify(&format!("{expected}?_a=B"))
                .map(|r| r.signed_path().to_owned()),
            Ok(url.to_sign()),
            "{}",
            case.id
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
                "{}: {changed}",
                case.id
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
            ErrorKind::Mismatch,
            "{}",
            case.id
        );
    }
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
