//! The fuzz targets of upload responses: the response signature and preloaded files.

use cld_sign::response::{ApiResponse, ResponseVerifier};
use cld_sign::{ErrorKind, Signature};

use super::{Outcome, control, fields, signer, text};

/// `ResponseVerifier::verify` (see `cld_sign::response`) on any public ID, version and signature.
///
/// Control byte: bit 0 SHA-256; bit 1 generated (the signature is the real one); bit 2
/// upper-case it. Fields: secret, public ID, version, signature.
///
/// Properties: `Ok` only for the real signature; a generated signature is accepted unless
/// the public ID or version is refused (`unsupported_value`), never `mismatch`.
pub fn response_verify(data: &[u8]) -> Outcome {
    let (c, rest) = control(data);
    let [secret, public_id, version, signature] = fields::<4>(rest);
    let signer = signer(secret, c & 1 != 0);
    let (public_id, version) = (text(public_id), text(version));
    let generated = c & 2 != 0;
    let mut signature = text(signature);
    if generated {
        signature = ApiResponse::new(&public_id, version.as_str())
            .sign(&signer)
            .to_string();
        if c & 4 != 0 {
            signature = signature.to_ascii_uppercase();
        }
    }
    let result =
        ResponseVerifier::new(signer.clone()).verify(&public_id, version.as_str(), &signature);
    match &result {
        Ok(reading) => {
            let received = Signature::from_hex(signer.algorithm(), &signature).expect("hex");
            let expected = ApiResponse::new(&public_id, version.as_str()).sign(&signer);
            assert!(expected.ct_eq(&received), "forged response accepted");
            assert_eq!(
                (reading.public_id(), reading.version()),
                (public_id.as_str(), version.as_str())
            );
        }
        Err(err) if generated => {
            assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{err}");
        }
        Err(err) => assert!(
            matches!(
                err.kind(),
                ErrorKind::UnsupportedValue | ErrorKind::MalformedSignature | ErrorKind::Mismatch
            ),
            "{err}"
        ),
    }
    Outcome::of(&result)
}

/// `PreloadedFile::parse` / `FromStr`, `Display`, `ResponseVerifier::verify_preloaded` and
/// `PreloadedFile::builder` (see `cld_sign::response`).
///
/// Control byte: bit 0 SHA-256; bit 1 generated (sign the parts with the builder,
/// then verify its text); bit 2 upper-case that signature; bit 3 a format is given.
/// Fields: secret, then the text; generated: secret, resource type, delivery type,
/// version, public ID, format.
///
/// Properties: parsed text prints back identically, its parts are the text's, and
/// the builder over its parts gives the same text with the real signature; refusals are
/// `malformed_preloaded`, then `malformed_signature` exactly for a signature that is not
/// hex of the algorithm's length, then `mismatch`; `Ok` only for the §4 response signature
/// of its public ID and version; a generated file verifies, upper-cased too.
pub fn preloaded_parse(data: &[u8]) -> Outcome {
    use cld_sign::response::PreloadedFile;

    let (c, rest) = control(data);
    let signer = signer(fields::<2>(rest)[0], c & 1 != 0);
    if c & 2 != 0 {
        let [_, resource_type, delivery_type, version, public_id, format] = fields::<6>(rest);
        let [resource_type, delivery_type, version, public_id, format] =
            [resource_type, delivery_type, version, public_id, format].map(text);
        let format = (c & 8 != 0).then_some(format.as_str());
        let file = match crate::sign_preloaded(
            &signer,
            &resource_type,
            &delivery_type,
            &version,
            &public_id,
            format,
        ) {
            Ok(signed) => signed.file().clone(),
            Err(err) => {
                assert!(
                    matches!(
                        err.kind(),
                        ErrorKind::UnsupportedValue | ErrorKind::MalformedPreloaded
                    ),
                    "{err}"
                );
                return Outcome::Refused;
            }
        };
        assert_eq!(
            (
                file.resource_type(),
                file.delivery_type(),
                file.version(),
                file.public_id(),
                file.format()
            ),
            (
                resource_type.as_str(),
                delivery_type.as_str(),
                version.as_str(),
                public_id.as_str(),
                format
            )
        );
        let mut printed = file.to_string();
        if c & 4 != 0 {
            let at = printed.rfind('#').expect("a separator");
            printed = format!("{}{}", &printed[..at], printed[at..].to_ascii_uppercase());
        }
        let verified = ResponseVerifier::new(signer.clone())
            .verify_preloaded(&printed)
            .unwrap_or_else(|err| panic!("signed {printed:?} does not verify: {err}"));
        assert_eq!(verified.file().to_string(), printed);
        return Outcome::Accepted;
    }

    let input = text(fields::<2>(rest)[1]);
    let parsed = PreloadedFile::parse(&input);
    let verified = ResponseVerifier::new(signer.clone()).verify_preloaded(&input);
    let file = match (&parsed, input.parse::<PreloadedFile>()) {
        (Ok(a), Ok(b)) => {
            assert_eq!(*a, b);
            a
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.kind(), ErrorKind::MalformedPreloaded, "{a}");
            assert_eq!(b.kind(), a.kind());
            let err = verified.expect_err("verified text that does not parse");
            assert_eq!(err.kind(), a.kind(), "{err}");
            return Outcome::Refused;
        }
        (a, b) => panic!("parse {a:?} but from_str {b:?}"),
    };
    assert_eq!(file.to_string(), input);
    assert_eq!(PreloadedFile::parse(&file.to_string()).as_ref(), Ok(file));
    let (path, signature) = input.split_once('#').expect("parsed text has a #");
    assert_eq!(file.signature(), signature);
    assert_eq!(
        path,
        format!(
            "{}/{}/v{}/{}",
            file.resource_type(),
            file.delivery_type(),
            file.version(),
            file.filename()
        )
    );
    match file.format() {
        Some(format) => assert_eq!(
            file.filename(),
            format!("{}.{format}", file.public_id()),
            "{input:?}"
        ),
        None => assert_eq!(file.filename(), file.public_id()),
    }
    assert!(!file.public_id().is_empty() && !file.version().is_empty());

    // The same parts signed: the same text but the (lower-case) real signature.
    let signed = crate::sign_preloaded(
        &signer,
        file.resource_type(),
        file.delivery_type(),
        file.version(),
        file.public_id(),
        file.format(),
    )
    .unwrap_or_else(|err| panic!("the parts of {input:?} do not sign: {err}"));
    let real = ApiResponse::new(file.public_id(), file.version()).sign(&signer);
    assert_eq!(signed.file().signature(), real.to_string());
    assert_eq!(signed.signature(), &real);
    assert_eq!(signed.to_string(), format!("{path}#{real}"));

    let hex = Signature::from_hex(signer.algorithm(), signature).ok();
    match &verified {
        Ok(returned) => {
            assert_eq!(returned.file(), file);
            assert!(
                hex.is_some_and(|received| received.ct_eq(&real)),
                "forged preloaded file accepted"
            );
        }
        Err(err) => match hex {
            None => assert_eq!(err.kind(), ErrorKind::MalformedSignature, "{err}"),
            Some(received) => {
                assert!(!received.ct_eq(&real), "real signature refused: {err}");
                assert_eq!(err.kind(), ErrorKind::Mismatch, "{err}");
            }
        },
    }
    Outcome::of(&verified)
}
