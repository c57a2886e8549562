//! The fuzz targets of delivery URLs: received signed URLs, and the builder's URLs verified.

use arbitrary::Unstructured;
use cld_sign::delivery::{DeliveryUrlVerifier, ReceivedDeliveryUrl, UrlSignature};
use cld_sign::{
    ErrorKind,
    delivery::{DeliveryUrl, UrlSignatureKind},
};

use super::{Outcome, control, fields, signer, text};

/// `ReceivedDeliveryUrl::parse` and `DeliveryUrlVerifier::verify` (see `cld_sign::delivery`) on any URL.
///
/// Control byte: bit 0 SHA-256. Fields: secret, URL.
///
/// Properties: a parsed URL has an URL-safe signature of 8 or 32 characters found as
/// `s--<signature>--/<path>` in the URL, a path without query or fragment; refusals are
/// `malformed_url` / `malformed_signature`, and verify refuses with the same error or, for a
/// URL that parses, `mismatch`; an accepted URL's signature is the real one of its path (with
/// or without the version).
pub fn signed_url_verify(data: &[u8]) -> Outcome {
    let (c, rest) = control(data);
    let [secret, url] = fields::<2>(rest);
    let url = text(url);
    let signer = signer(secret, c & 1 != 0);
    let parsed = ReceivedDeliveryUrl::parse(&url);
    match &parsed {
        Ok(parsed) => {
            let signature = parsed.signature();
            assert_eq!(parsed.kind().signature_len(), signature.len());
            assert!(
                signature
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            );
            assert!(!parsed.path().is_empty());
            assert!(!parsed.path().contains(['?', '#']));
            assert!(url.contains(&format!("/s--{signature}--/{}", parsed.path())));
            if let Some(without) = parsed.path_without_version() {
                assert!(without.len() < parsed.path().len());
            }
        }
        Err(err) => assert!(
            matches!(
                err.kind(),
                ErrorKind::MalformedUrl | ErrorKind::MalformedSignature
            ),
            "{err}"
        ),
    }
    let verified = DeliveryUrlVerifier::new(signer.clone()).verify(&url);
    match (&parsed, &verified) {
        (Ok(parsed), Ok(reading)) => {
            // What matched is the real signature of the path read (the URL-form rule (`cld_sign::delivery`) candidates).
            assert_eq!(reading.kind(), parsed.kind());
            assert!(
                UrlSignature::sign(&signer, reading.signed_path(), parsed.kind())
                    .ct_eq_signature(parsed.signature())
            );
        }
        (Ok(_), Err(err)) => assert_eq!(err.kind(), ErrorKind::Mismatch, "{err}"),
        (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind()),
        (Err(_), Ok(_)) => panic!("verified a URL that does not parse"),
    }
    Outcome::of(&verified)
}

/// A non-empty word of `alphabet` from the fuzzer.
fn word(u: &mut Unstructured<'_>, alphabet: &[u8], max: usize) -> arbitrary::Result<String> {
    let len = u.int_in_range(1..=max)?;
    (0..len)
        .map(|_| u.choose(alphabet).map(|&b| char::from(b)))
        .collect()
}

/// `DeliveryUrl::sign` then `DeliveryUrlVerifier::verify` (see `cld_sign::delivery`), on structured parts.
///
/// The cloud name, resource and delivery types and format are words; the transformation is
/// Cloudinary-shaped (`w_100,c_fill/e_sepia`: no component looks like a version); the
/// public ID is any text (the builder escapes it).
///
/// Properties: every URL the builder signs verifies; changing one character of its
/// signature makes it `mismatch`.
pub fn delivery_url_roundtrip(data: &[u8]) -> Outcome {
    delivery_url_roundtrip_inner(&mut Unstructured::new(data)).unwrap_or(Outcome::Refused)
}

fn delivery_url_roundtrip_inner(u: &mut Unstructured<'_>) -> arbitrary::Result<Outcome> {
    // No `-`: a component such as `s--abcdefgh--` before the signature would be taken for
    // it (ReceivedDeliveryUrl takes the first `s--…--` component); Cloudinary's names have none.
    const WORD: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789_";
    const VALUE: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789.:";
    const URL_SAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let sha256: bool = u.arbitrary()?;
    let secret: String = u.arbitrary()?;
    let signer = signer(secret.as_bytes(), sha256);
    let cloud = word(u, WORD, 12)?;
    let resource_type = word(u, WORD, 8)?;
    let delivery_type = word(u, WORD, 8)?;
    let transformation = if u.arbitrary()? {
        let mut components = Vec::new();
        for _ in 0..u.int_in_range(1..=3)? {
            let mut parts = Vec::new();
            for _ in 0..u.int_in_range(1..=3)? {
                let key = char::from(*u.choose(b"abcefghloqrtuwxyz")?);
                parts.push(format!("{key}_{}", word(u, VALUE, 6)?));
            }
            components.push(parts.join(","));
        }
        Some(components.join("/"))
    } else {
        None
    };
    let public_id: String = u.arbitrary()?;
    let version: Option<u64> = u.arbitrary()?;
    let format = if u.arbitrary()? {
        Some(word(u, WORD, 4)?)
    } else {
        None
    };
    let kind = if u.arbitrary()? {
        UrlSignatureKind::Long
    } else {
        UrlSignatureKind::Short
    };
    let mut url = DeliveryUrl::new(&cloud, &public_id)
        .with_resource_type(&resource_type)
        .with_delivery_type(&delivery_type)
        .with_signature_kind(kind);
    if let Some(t) = &transformation {
        url = url.with_transformation(t);
    }
    if let Some(v) = version {
        url = url.with_version(v);
    }
    if let Some(f) = &format {
        url = url.with_format(f);
    }
    let signed = match url.sign(&signer) {
        Ok(signed) => {
            assert_eq!(signed.signature().map(|s| s.kind()), Some(kind));
            signed.into_string()
        }
        Err(err) => {
            // Only an empty public ID (nothing to sign) or a form clash is refused.
            assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{err}");
            return Ok(Outcome::Refused);
        }
    };
    match ReceivedDeliveryUrl::parse(&signed) {
        // Nothing after the signature: an empty public ID without transformation, version
        // or format is not a delivery URL, and the parser says so.
        Err(err) if url.to_sign().is_empty() => {
            assert_eq!(err.kind(), ErrorKind::MalformedUrl);
            return Ok(Outcome::Refused);
        }
        Err(err) => panic!("the builder's URL {signed:?} does not parse: {err}"),
        Ok(parsed) => assert_eq!(parsed.signature().len(), kind.signature_len()),
    }
    if let Err(err) = DeliveryUrlVerifier::new(signer.clone()).verify(&signed) {
        panic!("the builder's URL {signed:?} does not verify: {err}");
    }
    // One character of the signature changed.
    let parsed = ReceivedDeliveryUrl::parse(&signed).expect("parsed above");
    let start = parsed.signature().as_ptr() as usize - signed.as_ptr() as usize;
    let old = signed.as_bytes()[start];
    let offset = usize::from(u.arbitrary::<u8>()?) % (URL_SAFE.len() - 1) + 1;
    let index = URL_SAFE.iter().position(|&b| b == old).expect("URL-safe");
    let new = URL_SAFE[(index + offset) % URL_SAFE.len()];
    let mut tampered = signed.clone().into_bytes();
    tampered[start] = new;
    let tampered = String::from_utf8(tampered).expect("ASCII swap");
    let Err(err) = DeliveryUrlVerifier::new(signer.clone()).verify(&tampered) else {
        panic!("{tampered:?}, {signed:?} with its signature changed, verified");
    };
    assert_eq!(err.kind(), ErrorKind::Mismatch, "{err}");
    Ok(Outcome::Accepted)
}
