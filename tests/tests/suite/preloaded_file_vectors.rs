//! Every case of `preloaded_file.json` (see `cld_sign::response`) through `PreloadedFile::parse` and
//! `ResponseVerifier::verify_preloaded`.

use cld_sign::response::{ApiResponse, ResponseVerifier};
use cld_sign::{
    Algorithm, ApiSecret, Error, ErrorKind, PreloadedProblem, Signer, response::PreloadedFile,
};
use cld_sign_tests::sign_preloaded;
use cld_sign_tests::vectors::preloaded_file::{Expected, Input, Parts};
use cld_sign_tests::vectors::{self, Case};

fn parts(file: &PreloadedFile) -> Parts {
    (
        file.public_id().to_owned(),
        file.version().to_owned(),
        file.format().map(str::to_owned),
    )
}

#[test]
fn every_preloaded_file_vector() {
    let tally = vectors::run("preloaded_file.json", 29, |case: &Case<Input, Expected>| {
        let input = &case.input;
        let algorithm: Algorithm = input.algorithm.parse()?;
        let signer = Signer::new(ApiSecret::new(&input.secret)?).with_algorithm(algorithm);
        let text = input.preloaded.as_str();
        let verify = |text: &str| {
            ResponseVerifier::new(signer.clone())
                .verify_preloaded(text)
                .map(|verified| verified.into_file())
        };
        let file = match PreloadedFile::parse(text) {
            Ok(file) => file,
            Err(err) => {
                assert_eq!(err.kind(), ErrorKind::MalformedPreloaded);
                assert_eq!(
                    verify(text).unwrap_err().kind(),
                    ErrorKind::MalformedPreloaded
                );
                return Err(err);
            }
        };
        assert_eq!(file.to_string(), text, "Display gives the text back");
        assert_eq!(Some(parts(&file)), case.expected.parts(), "parts");
        let result = verify(&file.to_string());
        assert_eq!(verify(text), result);
        let verified = result?;
        assert_eq!(verified, file);
        // The signature is the response signature (`cld_sign::response`) of public ID and version.
        assert!(
            ApiResponse::new(file.public_id(), file.version())
                .sign(&signer)
                .to_string()
                .eq_ignore_ascii_case(file.signature())
        );
        // Any signature character changed: no longer valid.
        for i in 0..file.signature().len() {
            let mut changed = file.signature().as_bytes().to_vec();
            changed[i] = if changed[i] == b'0' { b'1' } else { b'0' };
            let changed = format!(
                "{}#{}",
                text.split_once('#').unwrap().0,
                String::from_utf8(changed).unwrap()
            );
            assert_eq!(
                verify(&changed).unwrap_err().kind(),
                ErrorKind::Mismatch,
                "{changed}"
            );
        }
        Ok(parts(&verified))
    });
    assert_eq!(tally.ok, 13);
    assert_eq!(
        tally.by_kind(),
        [
            ("malformed_preloaded", 9),
            ("malformed_signature", 2),
            ("mismatch", 5)
        ]
    );
}

#[test]
fn shape_problems() {
    for (text, problem) in [
        (
            "image/upload/v1/sample.jpg",
            PreloadedProblem::NoSignatureSeparator,
        ),
        (
            "/upload/v1/sample.jpg#00",
            PreloadedProblem::EmptyResourceType,
        ),
        ("image#00", PreloadedProblem::EmptyType),
        ("image//v1/sample.jpg#00", PreloadedProblem::EmptyType),
        ("image/upload#00", PreloadedProblem::NoVersion),
        ("image/upload/v1#00", PreloadedProblem::NoVersion),
        ("image/upload/v/sample.jpg#00", PreloadedProblem::NoVersion),
        (
            "image/upload/v1x/sample.jpg#00",
            PreloadedProblem::NoVersion,
        ),
        ("image/upload/v1/#00", PreloadedProblem::EmptyFilename),
        ("image/upload/v1/.jpg#00", PreloadedProblem::EmptyPublicId),
        (
            "image/upload/v1/folder/.jpg#00",
            PreloadedProblem::ForbiddenCharacter,
        ),
        (
            "image/upload/v1/a%20b.jpg#00",
            PreloadedProblem::ForbiddenCharacter,
        ),
        ("raw/upload/v1/a?b#00", PreloadedProblem::ForbiddenCharacter),
    ] {
        let got = PreloadedFile::parse(text);
        // `folder/.jpg` has the public ID `folder/`: not empty, and nothing forbidden.
        if text.contains("folder/.jpg") {
            assert_eq!(got.unwrap().public_id(), "folder/", "{text}");
            continue;
        }
        assert_eq!(got, Err(Error::MalformedPreloaded { problem }), "{text}");
    }
    // Leading zeros of the version are kept, and signed as written.
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let file = sign_preloaded(&signer, "image", "upload", "007", "sample", Some("jpg")).unwrap();
    assert_eq!(file.file().version(), "007");
    ResponseVerifier::new(signer.clone())
        .verify_preloaded(file.as_str())
        .unwrap();
    let seven = PreloadedFile::parse(&file.to_string().replace("/v007/", "/v7/")).unwrap();
    assert_eq!(
        ResponseVerifier::new(signer.clone())
            .verify_preloaded(&seven.to_string())
            .unwrap_err()
            .kind(),
        ErrorKind::Mismatch
    );
    // A dotted folder without a format is no format; a raw file keeps its extension.
    let file = sign_preloaded(&signer, "image", "upload", "2", "folder.v2/sample", None).unwrap();
    assert_eq!(
        (file.file().public_id(), file.file().format()),
        ("folder.v2/sample", None)
    );
    let raw = sign_preloaded(&signer, "raw", "upload", "7", "doc.pdf", None).unwrap();
    assert_eq!(
        (raw.file().public_id(), raw.file().format()),
        ("doc.pdf", None)
    );
    ResponseVerifier::new(signer.clone())
        .verify_preloaded(raw.as_str())
        .unwrap();
    assert_eq!(
        sign_preloaded(&signer, "raw", "upload", "7", "doc", Some("pdf"))
            .unwrap_err()
            .kind(),
        ErrorKind::UnsupportedValue
    );
    // Parts that would read back as others are refused.
    for (rt, ty, version, id, format) in [
        ("image", "upload", "7", "a.b", None),
        ("im/age", "upload", "7", "a", None),
        ("image", "upload", "x", "a", None),
        ("image", "upload", "7", "", Some("jpg")),
        ("image", "upload", "7", "a#b", None),
    ] {
        assert_eq!(
            sign_preloaded(&signer, rt, ty, version, id, format)
                .unwrap_err()
                .kind(),
            ErrorKind::MalformedPreloaded,
            "{rt}/{ty}/v{version}/{id}"
        );
    }
}

/// The security review's finding: a preloaded file's signature covers its public ID and
/// version only, so the same signature verifies with another resource type, delivery type
/// or format; `check_parts` is how a server refuses what it did not expect.
#[test]
fn only_the_public_id_and_version_are_signed_and_the_rest_can_be_checked() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let signed = "912d90b6fe28aa6820cf928bc440a65a0f36e002";
    for text in [
        "image/upload/v1315060510/sample.jpg",
        "video/upload/v1315060510/sample.mp4",
        "image/private/v1315060510/sample.svg",
        "raw/authenticated/v1315060510/sample",
    ] {
        let file = ResponseVerifier::new(signer.clone())
            .verify_preloaded(&format!("{text}#{signed}"))
            .unwrap();
        let expected = file.check_parts("image", "upload", &["jpg", "png"]);
        if text.starts_with("image/upload/") {
            expected.unwrap();
        } else {
            assert_eq!(
                expected.unwrap_err().kind(),
                ErrorKind::UnexpectedPreloaded,
                "{text}"
            );
        }
    }
    let file: PreloadedFile = format!("image/upload/v1/a.gif#{signed}").parse().unwrap();
    let part = |result: Result<(), Error>| match result {
        Err(Error::UnexpectedPreloaded { part }) => part,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        part(file.check_parts("video", "upload", &[])),
        "resource type"
    );
    assert_eq!(
        part(file.check_parts("image", "private", &[])),
        "delivery type"
    );
    assert_eq!(
        part(file.check_parts("image", "upload", &["jpg"])),
        "format"
    );
    // An empty list of formats checks no format; a file without one never matches a list.
    file.check_parts("image", "upload", &[]).unwrap();
    let raw: PreloadedFile = format!("raw/upload/v1/doc.pdf#{signed}").parse().unwrap();
    raw.check_parts("raw", "upload", &[]).unwrap();
    assert_eq!(part(raw.check_parts("raw", "upload", &["pdf"])), "format");
    let err = file.check_parts("image", "upload", &["jpg"]).unwrap_err();
    assert!(err.to_string().contains("format"), "{err}");
}
