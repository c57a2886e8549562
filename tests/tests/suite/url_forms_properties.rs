//! Properties of the URL forms of the URL-form rule (`cld_sign::delivery`) (proptest, 10,000 cases each): every URL the
//! builder prints verifies with the reading it signed; a changed character of the
//! signature or of a signed part does not verify; unsigned parts (version, suffix) may
//! change; parsing and verifying never panic.

use cld_sign::delivery::{DeliveryUrlVerifier, ReceivedDeliveryUrl, UrlSignature};
use cld_sign::{
    Algorithm, ApiSecret, Error, ErrorKind, Signer,
    delivery::{DeliveryUrl, UrlSignatureKind, escape_public_id},
};
use proptest::prelude::*;

fn signer(sha256: bool) -> Signer {
    let algorithm = if sha256 {
        Algorithm::Sha256
    } else {
        Algorithm::Sha1
    };
    Signer::new(ApiSecret::new("abcd").unwrap()).with_algorithm(algorithm)
}

/// One transformation segment (see `cld_sign::delivery`): items `<1-3 letters>_<value>` or `$var_<value>`,
/// values with spaces, colons, dots and non-ASCII (text overlays).
fn transformation_segment() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop_oneof!["[a-z]{1,3}", "\\$[a-z0-9]{1,4}"],
            "[A-Za-z0-9 :.é!]{0,8}",
        )
            .prop_map(|(name, value)| format!("{name}_{value}")),
        1..4,
    )
    .prop_map(|items| items.join(","))
}

/// A transformation: none, chained transformation segments, or (rarely) a raw segment
/// that is not one (the builder takes it only without a version).
fn transformation() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        2 => Just(None),
        4 => prop::collection::vec(transformation_segment(), 1..3).prop_map(|s| Some(s.join("/"))),
        1 => "[A-Za-z0-9 ]{1,8}".prop_map(Some),
    ]
}

/// Public IDs: folders, spaces, unicode, `%`, dots, a leading `v<digits>` folder; no `_`
/// so that no folder reads as a transformation segment.
fn public_id() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec("[A-Za-z0-9 éü日本.%()!~*'&=+-]{1,6}", 1..4)
            .prop_map(|s| s.join("/")),
        "v[0-9]{1,3}/[a-z]{1,6}",
    ]
}

#[derive(Debug, Clone)]
struct Input {
    cloud: String,
    pair: (&'static str, &'static str),
    transformation: Option<String>,
    version: Option<u64>,
    public_id: String,
    format: Option<String>,
    suffix: Option<String>,
    root: bool,
    shorten: bool,
    private_cdn: bool,
    host: Option<String>,
    long: bool,
    sha256: bool,
}

fn input() -> impl Strategy<Value = Input> {
    (
        (
            "[a-z][a-z0-9-]{0,8}",
            prop::sample::select(vec![
                ("image", "upload"),
                ("image", "upload"),
                ("raw", "upload"),
                ("video", "upload"),
                ("image", "private"),
            ]),
            transformation(),
            prop::option::of(1u64..10_000_000_000),
            public_id(),
            prop::option::of("[a-z0-9]{1,4}"),
        ),
        (
            prop::option::of("[A-Za-z0-9-]{1,10}"),
            prop::bool::weighted(0.3),
            prop::bool::weighted(0.2),
            prop::bool::weighted(0.2),
            prop::option::weighted(0.2, "[a-z]{1,8}\\.example\\.org"),
            any::<bool>(),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (cloud, pair, transformation, version, public_id, format),
                (suffix, root, shorten, private_cdn, host, long, sha256),
            )| Input {
                cloud,
                pair,
                transformation,
                version,
                public_id,
                format,
                suffix,
                root,
                shorten,
                private_cdn,
                host,
                long,
                sha256,
            },
        )
}

fn builder(input: &Input) -> DeliveryUrl<'_> {
    let mut url = DeliveryUrl::new(&input.cloud, &input.public_id)
        .with_resource_type(input.pair.0)
        .with_delivery_type(input.pair.1)
        .with_use_root_path(input.root)
        .with_shorten(input.shorten)
        .with_private_cdn(input.private_cdn)
        .with_signature_kind(if input.long {
            UrlSignatureKind::Long
        } else {
            UrlSignatureKind::Short
        });
    if let Some(t) = &input.transformation {
        url = url.with_transformation(t);
    }
    if let Some(v) = input.version {
        url = url.with_version(v);
    }
    if let Some(f) = &input.format {
        url = url.with_format(f);
    }
    if let Some(s) = &input.suffix {
        url = url.with_url_suffix(s);
    }
    if let Some(h) = &input.host {
        url = url.with_host(h);
    }
    url
}

/// Every transformation segment is one (see `cld_sign::delivery`): then the reading's split is the
/// builder's.
fn plain_transformation(input: &Input) -> bool {
    input.transformation.as_deref().is_none_or(|t| {
        t.split('/').all(|segment| {
            segment.split(',').all(|item| {
                item.split_once('_')
                    .is_some_and(|(name, _)| match name.strip_prefix('$') {
                        Some(v) => !v.is_empty(),
                        None => !name.is_empty() && name.len() <= 3,
                    })
            })
        })
    })
}

/// Replaces the character at char index `at` of `text` with `with`.
fn replace_char(text: &str, at: usize, with: char) -> String {
    text.chars()
        .enumerate()
        .map(|(i, c)| if i == at { with } else { c })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// The builder's URL verifies with the reading it signed; a forbidden form is a typed
    /// error, never a URL that does not verify.
    #[test]
    fn built_urls_round_trip(input in input()) {
        let signer = signer(input.sha256);
        let url = builder(&input);
        let built = match url.sign(&signer) {
            Ok(built) => built,
            Err(err) => {
                prop_assert!(matches!(err, Error::UnsupportedUrlForm { .. }), "{:?}", err);
                prop_assert_eq!(err.kind(), ErrorKind::UnsupportedValue);
                return Ok(());
            }
        };
        let reading = DeliveryUrlVerifier::new(signer.clone()).verify(built.as_str());
        prop_assert!(reading.is_ok(), "{} does not verify: {:?}", built, reading);
        let reading = reading.unwrap();
        prop_assert_eq!(reading.signed_path(), url.to_sign());
        let version = input.version.map(|v| v.to_string());
        prop_assert_eq!(reading.version(), version.as_deref());
        prop_assert_eq!(reading.suffix(), input.suffix.as_deref());
        let escaped = escape_public_id(&input.public_id);
        let asset = match reading.format() {
            Some(format) => format!("{}.{format}", reading.public_id()),
            None => reading.public_id().to_owned(),
        };
        let expected_asset = match &input.format {
            Some(format) => format!("{escaped}.{format}"),
            None => escaped.clone(),
        };
        if plain_transformation(&input) {
            prop_assert_eq!(reading.transformation(), input.transformation.as_deref());
            prop_assert_eq!(&asset, &expected_asset);
            // Public ID and format apart: unambiguous with a format or a suffix.
            if input.format.is_some() || input.suffix.is_some() {
                prop_assert_eq!(reading.public_id(), escaped.as_str());
                prop_assert_eq!(reading.format(), input.format.as_deref());
            }
        }
        prop_assert_eq!(ReceivedDeliveryUrl::parse(built.as_str()).unwrap().signature(), built.signature().map(|s| s.signature()).unwrap_or_default());
    }

    /// A changed character of the signature, or of a signed part, does not verify; a
    /// changed version digit or suffix character still does.
    #[test]
    fn changes_to_signed_parts_are_rejected(
        input in input(),
        at in any::<prop::sample::Index>(),
        with in prop::sample::select(vec!['a', 'Z', '0', '9', '-', '_', '.', ',', ' ', 'é', '/', '%']),
    ) {
        let signer = signer(input.sha256);
        let url = builder(&input);
        let Ok(built) = url.sign(&signer) else { return Ok(()) };
        let text = built.as_str();
        let sig = built.signature().map(|s| s.as_str()).unwrap_or_default();
        let sig_start = text.find(&format!("/{sig}/")).unwrap() + 1; // after the `/`
        let after_sig = sig_start + sig.len() + 1;
        // Char positions of the unsigned version segment and suffix (with their `/`).
        let mut unsigned = Vec::new();
        let mut offset = after_sig;
        if let Some(t) = &input.transformation {
            offset += t.len() + 1;
        }
        if let Some(v) = input.version {
            unsigned.push(offset..offset + format!("v{v}/").len());
        }
        if let Some(s) = &input.suffix {
            let end = text.len() - input.format.as_ref().map_or(0, |f| f.len() + 1);
            unsigned.push(end - s.len() - 1..end);
        }
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        // A change in the signature text.
        let sig_chars: Vec<usize> = (0..chars.len())
            .filter(|&i| (sig_start + 3..sig_start + sig.len() - 2).contains(&chars[i].0))
            .collect();
        let i = sig_chars[at.index(sig_chars.len())];
        let replacement = if chars[i].1 == 'A' { 'B' } else { 'A' };
        let changed = replace_char(text, i, replacement);
        prop_assert_eq!(DeliveryUrlVerifier::new(signer.clone()).verify(&changed).unwrap_err().kind(), ErrorKind::Mismatch);

        // A change after the signature.
        let signed_chars: Vec<usize> = (0..chars.len())
            .filter(|&i| chars[i].0 >= after_sig && !unsigned.iter().any(|r| r.contains(&chars[i].0)))
            .collect();
        let i = signed_chars[at.index(signed_chars.len())];
        prop_assume!(chars[i].1 != with);
        let changed = replace_char(text, i, with);
        let result = DeliveryUrlVerifier::new(signer.clone()).verify(&changed);
        prop_assert!(
            matches!(result.as_ref().map_err(Error::kind), Err(ErrorKind::Mismatch | ErrorKind::MalformedUrl)),
            "{} verifies: {:?}", changed, result
        );
    }

    /// Unsigned parts: another version or suffix verifies to the same signed path.
    #[test]
    fn unsigned_parts_may_change(input in input(), other_version in 1u64..1000, other_suffix in "[a-z]{1,6}") {
        let signer = signer(input.sha256);
        let url = builder(&input);
        let Ok(built) = url.sign(&signer) else { return Ok(()) };
        let mut changed = url;
        if input.version.is_some() {
            changed = changed.with_version(other_version);
        }
        if input.suffix.is_some() {
            changed = changed.with_url_suffix(&other_suffix);
        }
        let changed = changed.sign(&signer).unwrap();
        prop_assert_eq!(changed.signature(), built.signature());
        prop_assert_eq!(
            DeliveryUrlVerifier::new(signer.clone()).verify(changed.as_str()).map(|r| r.signed_path().to_owned()),
            Ok(url.to_sign())
        );
    }

    /// Form-shaped strings and arbitrary text: parsing and verifying never panic, and a
    /// made-up signature does not verify.
    #[test]
    fn arbitrary_form_urls_are_errors(
        host in prop_oneof![Just("res.cloudinary.com".to_owned()), "[a-z]{1,6}-res\\.cloudinary\\.com", any::<String>()],
        before in prop::collection::vec(prop_oneof![Just("images".to_owned()), Just("files".to_owned()), Just("iu".to_owned()), "[a-z]{1,6}", any::<String>()], 0..3),
        signature in prop_oneof!["[A-Za-z0-9_-]{8}", "[A-Za-z0-9_-]{32}", any::<String>()],
        after in prop::collection::vec(prop_oneof!["v[0-9]{1,4}", "[a-z]{1,3}_[a-z0-9 ]{0,5}", "[a-z. ]{1,8}", any::<String>()], 0..5),
    ) {
        let url = format!("https://{host}/{}/s--{signature}--/{}", before.join("/"), after.join("/"));
        if let Ok(parsed) = ReceivedDeliveryUrl::parse(&url) {
            let _ = parsed.path_without_version();
            let _ = parsed.before_signature();
        }
        prop_assert!(DeliveryUrlVerifier::new(signer(false)).verify(&url).is_err());
        prop_assert!(DeliveryUrlVerifier::new(signer(true)).with_required_kind(UrlSignatureKind::Long).verify(&url).is_err());
    }
}

/// the delivery URL rule (`cld_sign::delivery`) security rule: a `v<digits>` segment behind a segment that is not a
/// transformation is part of the public ID, never a removable version.
#[test]
fn a_version_behind_a_folder_is_not_removed() {
    let signer = signer(false);
    let forged_over = "c_fill,h_150,w_100/folder/sample.jpg";
    let sig = UrlSignature::sign(&signer, forged_over, UrlSignatureKind::Short);
    let url = format!(
        "https://res.cloudinary.com/demo/image/upload/{sig}/c_fill,h_150,w_100/folder/v7/sample.jpg"
    );
    assert_eq!(
        DeliveryUrlVerifier::new(signer.clone()).verify(&url),
        Err(Error::Mismatch {
            string_to_sign: Some("c_fill,h_150,w_100/folder/v7/sample.jpg".to_owned())
        })
    );
    assert_eq!(
        ReceivedDeliveryUrl::parse(&url)
            .unwrap()
            .path_without_version(),
        None
    );
    // Behind transformation segments only, it is the version.
    let sig = UrlSignature::sign(
        &signer,
        "c_fill,h_150,w_100/folder/sample.jpg",
        UrlSignatureKind::Short,
    );
    let url = format!(
        "https://res.cloudinary.com/demo/image/upload/{sig}/c_fill,h_150,w_100/v7/folder/sample.jpg"
    );
    let reading = DeliveryUrlVerifier::new(signer.clone())
        .verify(&url)
        .unwrap();
    assert_eq!(reading.version(), Some("7"));
    assert_eq!(reading.transformation(), Some("c_fill,h_150,w_100"));
    assert_eq!(reading.public_id(), "folder/sample");
    // The builder refuses a version it could not put in its place.
    assert_eq!(
        DeliveryUrl::new("demo", "sample")
            .with_transformation("folder")
            .with_version(7)
            .sign(&signer),
        Err(Error::UnsupportedUrlForm {
            problem: cld_sign::UrlFormProblem::VersionNotInPlace
        })
    );
}

/// Which forms the builder refuses, each with its problem.
#[test]
fn forms_outside_the_spec_are_refused() {
    use cld_sign::UrlFormProblem as P;
    let signer = signer(false);
    let base = DeliveryUrl::new("demo", "sample");
    for (url, problem) in [
        (base.with_url_suffix(""), P::BadSuffix),
        (base.with_url_suffix("a.b"), P::BadSuffix),
        (base.with_url_suffix("a/b"), P::BadSuffix),
        (base.with_url_suffix("a?b"), P::BadSuffix),
        (
            base.with_resource_type("video").with_url_suffix("x"),
            P::SuffixNotSupported,
        ),
        (
            base.with_delivery_type("private").with_url_suffix("x"),
            P::SuffixNotSupported,
        ),
        (
            base.with_resource_type("raw")
                .with_format("pdf")
                .with_url_suffix("x"),
            P::SuffixWithRawFormat,
        ),
        (
            base.with_resource_type("video").with_shorten(true),
            P::FormNotSupported,
        ),
        (
            base.with_delivery_type("private").with_use_root_path(true),
            P::FormNotSupported,
        ),
        (
            base.with_shorten(true).with_use_root_path(true),
            P::ConflictingForms,
        ),
        (
            base.with_shorten(true).with_url_suffix("x"),
            P::ConflictingForms,
        ),
        (
            base.with_private_cdn(true).with_use_root_path(true),
            P::ConflictingForms,
        ),
        (
            base.with_private_cdn(true).with_host("cdn.example.org"),
            P::ConflictingForms,
        ),
        (base.with_host(""), P::BadHost),
        (base.with_host("a b"), P::BadHost),
        (base.with_host("user@host"), P::BadHost),
        (DeliveryUrl::new("de/mo", "sample"), P::BadSegment),
        (DeliveryUrl::new("", "sample"), P::BadSegment),
        (base.with_resource_type("s--abcdefgh--"), P::BadSegment),
        (base.with_transformation("c_fill?x"), P::BadCharacter),
        (base.with_transformation("c_fill\n"), P::BadCharacter),
        (base.with_format("jp/g"), P::BadCharacter),
        (DeliveryUrl::new("demo", ""), P::EmptyPublicId),
        (
            base.with_transformation("c_fill/raw text").with_version(1),
            P::VersionNotInPlace,
        ),
    ] {
        assert_eq!(
            url.sign(&signer),
            Err(Error::UnsupportedUrlForm { problem }),
            "{url:?}"
        );
    }
}

/// The transformation segment of the delivery URL rule (`cld_sign::delivery`), through the verifier: a version behind such
/// segments is taken out; behind anything else it is part of the public ID.
#[test]
fn what_a_transformation_segment_is() {
    let signer = signer(false);
    for (segment, is_transformation) in [
        ("c_fill,h_150", true),
        ("l_text:Arial_40:Hello World", true),
        ("t_named", true),
        ("$w_100", true),
        ("$w1_iw_div_2,c_scale", true),
        ("dpr_2.0", true),
        ("abcd_x", false),
        ("C_fill", false),
        ("c-fill", false),
        ("$_1", false),
        ("_x", false),
        ("c_fill,", false),
        ("c_fill,,h_1", false),
        ("folder", false),
        ("", false),
    ] {
        // Signed without the version: verifies only if the version may be taken out.
        let to_sign = format!("{segment}/sample.jpg");
        let sig = UrlSignature::sign(&signer, &to_sign, UrlSignatureKind::Short);
        let url =
            format!("https://res.cloudinary.com/demo/image/upload/{sig}/{segment}/v7/sample.jpg");
        let result = DeliveryUrlVerifier::new(signer.clone()).verify(&url);
        assert_eq!(result.is_ok(), is_transformation, "{segment:?}: {result:?}");
        if let Ok(reading) = result {
            assert_eq!(reading.transformation(), Some(segment));
            assert_eq!(reading.version(), Some("7"));
        }
        // The builder agrees.
        let built = DeliveryUrl::new("demo", "sample")
            .with_transformation(segment)
            .with_version(7)
            .with_format("jpg")
            .sign(&signer);
        assert_eq!(
            built.is_ok(),
            is_transformation || segment.is_empty(),
            "{segment:?}"
        );
    }
}
