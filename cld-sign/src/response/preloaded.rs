//! Preloaded files: `<resource_type>/<type>/v<version>/<filename>#<signature>`, the text
//! The upload widget and `signed_preloaded_image` make from an upload response (see `cld_sign::response`).

use std::fmt;
use std::str::FromStr;

use super::{ApiResponse, FORBIDDEN_IN_PUBLIC_ID, ResponseVerifier};
use crate::error::{Error, PreloadedProblem};
use crate::file_format::split_format;
use crate::signature::Signature;
use crate::signer::Signer;

/// A preloaded file, parsed (see `cld_sign::response`): `<resource_type>/<type>/v<version>/<filename>#<signature>`.
///
/// Parsing splits at the first `#`; resource type and delivery type are non-empty without
/// `/`; the version is one or more ASCII digits, kept as text; the filename is non-empty
/// and may hold `/`. For resource type `raw` the public ID is the filename and there is no
/// format (raw public IDs carry their extension); otherwise, when the filename's last
/// `/`-segment holds a `.`, the public ID is what precedes the last `.` and the format what
/// follows it. The public ID must be non-empty and free of `? & # \ % < > +` (see `cld_sign::response`).
///
/// Parsing checks the shape only; [`ResponseVerifier::verify_preloaded`] checks the
/// signature, and [`PreloadedFile::builder`] makes signed text. `Display` gives the text
/// back.
///
/// The signature covers only the public ID and the version (it is the upload response's):
/// the resource type, the delivery type and the format are **not authenticated**. A client
/// can send `video/upload/v1/x.mp4#…` or `image/private/v1/x.svg#…` with the signature of
/// an `image/upload` JPEG. After verifying, check them against what you expect with
/// [`check_parts`](Self::check_parts), or keep only the public ID and version and look the
/// rest up (the Admin API, your own records).
///
/// ```
/// use cld_sign::response::{PreloadedFile, ResponseVerifier};
/// use cld_sign::{ApiSecret, Signer};
///
/// let text = "image/upload/v1315060510/sample.jpg#912d90b6fe28aa6820cf928bc440a65a0f36e002";
/// let file: PreloadedFile = text.parse()?;
/// assert_eq!(file.public_id(), "sample");
/// assert_eq!(file.version(), "1315060510");
/// assert_eq!(file.format(), Some("jpg"));
/// let verified = ResponseVerifier::new(Signer::new(ApiSecret::new("abcd")?)).verify_preloaded(text)?;
/// assert_eq!(verified.file(), &file);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PreloadedFile {
    resource_type: String,
    delivery_type: String,
    version: String,
    filename: String,
    /// The public ID's length in `filename` (it is a prefix of it).
    public_id_len: usize,
    format: Option<String>,
    signature: String,
}

impl PreloadedFile {
    /// Parses preloaded-file text.
    ///
    /// # Errors
    /// [`Error::MalformedPreloaded`] (with the [`PreloadedProblem`]) if it does not have
    /// the shape above. The signature's form is checked by
    /// [`ResponseVerifier::verify_preloaded`], not here.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let malformed = |problem| Error::MalformedPreloaded { problem };
        let (path, signature) = text
            .split_once('#')
            .ok_or(malformed(PreloadedProblem::NoSignatureSeparator))?;
        let (resource_type, rest) = path
            .split_once('/')
            .ok_or(malformed(PreloadedProblem::EmptyType))?;
        if resource_type.is_empty() {
            return Err(malformed(PreloadedProblem::EmptyResourceType));
        }
        let (delivery_type, rest) = rest
            .split_once('/')
            .ok_or(malformed(PreloadedProblem::NoVersion))?;
        if delivery_type.is_empty() {
            return Err(malformed(PreloadedProblem::EmptyType));
        }
        let (version, filename) = rest
            .split_once('/')
            .ok_or(malformed(PreloadedProblem::NoVersion))?;
        let version = version
            .strip_prefix('v')
            .filter(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .ok_or(malformed(PreloadedProblem::NoVersion))?;
        if filename.is_empty() {
            return Err(malformed(PreloadedProblem::EmptyFilename));
        }
        let (public_id, format) = split_filename(resource_type, filename);
        if public_id.is_empty() {
            return Err(malformed(PreloadedProblem::EmptyPublicId));
        }
        if public_id.contains(FORBIDDEN_IN_PUBLIC_ID) {
            return Err(malformed(PreloadedProblem::ForbiddenCharacter));
        }
        Ok(Self {
            resource_type: resource_type.to_owned(),
            delivery_type: delivery_type.to_owned(),
            version: version.to_owned(),
            filename: filename.to_owned(),
            public_id_len: public_id.len(),
            format: format.map(str::to_owned),
            signature: signature.to_owned(),
        })
    }

    /// The resource type: `image`, `video`, `raw`, ...
    pub fn resource_type(&self) -> &str {
        &self.resource_type
    }

    /// The delivery type: `upload`, `private`, ...
    pub fn delivery_type(&self) -> &str {
        &self.delivery_type
    }

    /// The version digits as written (leading zeros kept), without the `v`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Everything between the version and the `#`: the public ID and, but for `raw`, the
    /// `.format`.
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The public ID (what the signature covers, with the version).
    pub fn public_id(&self) -> &str {
        self.filename.get(..self.public_id_len).unwrap_or_default()
    }

    /// The format, if the filename has one (`Some("")` for `sample.`); never for `raw`.
    pub fn format(&self) -> Option<&str> {
        self.format.as_deref()
    }

    /// The signature text after the `#`, as given.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// Checks the parts the signature does not cover: the resource type and the delivery
    /// type must be these, and the format one of `formats` (an empty `formats` checks no
    /// format; a file without one, such as a raw file, never matches a list). Call it after
    /// [`ResponseVerifier::verify_preloaded`] (or on its reading,
    /// [`VerifiedPreloadedFile::check_parts`]): the signature covers the public ID and
    /// version only.
    ///
    /// # Errors
    /// [`Error::UnexpectedPreloaded`] naming the first part that differs.
    ///
    /// ```
    /// use cld_sign::response::ResponseVerifier;
    /// use cld_sign::{ApiSecret, ErrorKind, Signer};
    ///
    /// let verifier = ResponseVerifier::new(Signer::new(ApiSecret::new("abcd")?));
    /// let file = verifier.verify_preloaded(
    ///     "image/upload/v1315060510/sample.jpg#912d90b6fe28aa6820cf928bc440a65a0f36e002",
    /// )?;
    /// file.check_parts("image", "upload", &["jpg", "png", "webp"])?;
    /// // The same signature, with a resource type and format it never covered.
    /// let other = verifier.verify_preloaded(
    ///     "video/upload/v1315060510/sample.mp4#912d90b6fe28aa6820cf928bc440a65a0f36e002",
    /// )?;
    /// let err = other.check_parts("image", "upload", &["jpg"]).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::UnexpectedPreloaded);
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn check_parts(
        &self,
        resource_type: &str,
        delivery_type: &str,
        formats: &[&str],
    ) -> Result<(), Error> {
        let unexpected = |part| Err(Error::UnexpectedPreloaded { part });
        if self.resource_type != resource_type {
            return unexpected("resource type");
        }
        if self.delivery_type != delivery_type {
            return unexpected("delivery type");
        }
        if !formats.is_empty() && !self.format().is_some_and(|f| formats.contains(&f)) {
            return unexpected("format");
        }
        Ok(())
    }
}

/// the preloaded-file rule (`cld_sign::response`): raw files keep their extension in the public ID; other files split at the
/// last `.` of the last `/`-segment (a dotted folder is not a format).
fn split_filename<'a>(resource_type: &str, filename: &'a str) -> (&'a str, Option<&'a str>) {
    if resource_type == "raw" {
        return (filename, None);
    }
    split_format(filename)
}

impl FromStr for PreloadedFile {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        Self::parse(text)
    }
}

impl fmt::Display for PreloadedFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/v{}/{}#{}",
            self.resource_type, self.delivery_type, self.version, self.filename, self.signature
        )
    }
}

impl PreloadedFile {
    /// A builder of the preloaded-file text of an upload response with `public_id` and
    /// `version` (what `signed_preloaded_image` makes): an `image` of type `upload` without
    /// a format unless set.
    ///
    /// ```
    /// use cld_sign::response::PreloadedFile;
    /// use cld_sign::{ApiSecret, Signer};
    ///
    /// let signer = Signer::new(ApiSecret::new("abcd")?);
    /// let file = PreloadedFile::builder("sample", "1315060510").with_format("jpg").sign(&signer)?;
    /// assert_eq!(
    ///     file.to_string(),
    ///     "image/upload/v1315060510/sample.jpg#912d90b6fe28aa6820cf928bc440a65a0f36e002"
    /// );
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn builder<'a>(public_id: &'a str, version: &'a str) -> PreloadedFileBuilder<'a> {
        PreloadedFileBuilder {
            resource_type: "image",
            delivery_type: "upload",
            version,
            public_id,
            format: None,
        }
    }
}

/// The parts of a preloaded file to sign ([`PreloadedFile::builder`]): the upload
/// response's public ID and version, which the signature covers, and the resource type,
/// delivery type and format, which it does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreloadedFileBuilder<'a> {
    resource_type: &'a str,
    delivery_type: &'a str,
    version: &'a str,
    public_id: &'a str,
    format: Option<&'a str>,
}

impl<'a> PreloadedFileBuilder<'a> {
    /// The resource type: `image` (default), `video`, `raw`.
    #[must_use]
    pub fn with_resource_type(mut self, resource_type: &'a str) -> Self {
        self.resource_type = resource_type;
        self
    }

    /// The delivery type: `upload` (default), `private`, `authenticated`.
    #[must_use]
    pub fn with_delivery_type(mut self, delivery_type: &'a str) -> Self {
        self.delivery_type = delivery_type;
        self
    }

    /// The format, written after the public ID as `.<format>`. A raw file takes none: its
    /// public ID carries the extension.
    #[must_use]
    pub fn with_format(mut self, format: &'a str) -> Self {
        self.format = Some(format);
        self
    }

    /// The preloaded-file text
    /// `<resource_type>/<type>/v<version>/<public_id>[.<format>]#<signature>`, signed like
    /// the upload response (see `cld_sign::response`) with `signer`'s current secret.
    ///
    /// # Errors
    /// [`Error::UnsupportedValue`] for a format given with resource type `raw`;
    /// [`Error::MalformedPreloaded`] if the parts do not make text that parses back to
    /// them (a `/` in the resource type, an empty public ID, a version that is not
    /// digits, ...).
    pub fn sign(&self, signer: &Signer) -> Result<SignedPreloadedFile, Error> {
        let Self {
            resource_type,
            delivery_type,
            version,
            public_id,
            format,
        } = *self;
        if resource_type == "raw" && format.is_some() {
            return Err(Error::UnsupportedValue {
                name: "format".to_owned(),
                found: "a format for a raw file (raw public IDs carry their extension)".to_owned(),
            });
        }
        let signature = ApiResponse::new(public_id, version).sign(signer);
        let filename = match format {
            Some(format) => format!("{public_id}.{format}"),
            None => public_id.to_owned(),
        };
        let text = format!("{resource_type}/{delivery_type}/v{version}/{filename}#{signature}");
        let file = PreloadedFile::parse(&text)?;
        // Parsing back must give the same parts, or the text would verify as another file.
        let read_back = (
            file.resource_type(),
            file.delivery_type(),
            file.version(),
            file.public_id(),
            file.format(),
        );
        if read_back != (resource_type, delivery_type, version, public_id, format) {
            return Err(Error::MalformedPreloaded {
                problem: PreloadedProblem::Ambiguous,
            });
        }
        Ok(SignedPreloadedFile {
            text,
            file,
            signature,
        })
    }
}

/// Preloaded-file text signed by [`PreloadedFileBuilder::sign`]: what the upload widget
/// hands a form, `<resource_type>/<type>/v<version>/<public_id>[.<format>]#<signature>`.
///
/// It compares equal to its text, and `Display`, [`as_str`](Self::as_str) and
/// `String::from` give that text; [`file`](Self::file) gives its parts. With feature
/// `serde` it is serialized as that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedPreloadedFile {
    text: String,
    file: PreloadedFile,
    signature: Signature,
}

impl SignedPreloadedFile {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Its parts, as [`PreloadedFile::parse`] reads the text.
    pub fn file(&self) -> &PreloadedFile {
        &self.file
    }

    /// The signature after the `#`.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.text
    }
}

impl fmt::Display for SignedPreloadedFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl AsRef<str> for SignedPreloadedFile {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl From<SignedPreloadedFile> for String {
    fn from(file: SignedPreloadedFile) -> Self {
        file.text
    }
}

impl PartialEq<str> for SignedPreloadedFile {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for SignedPreloadedFile {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialEq<String> for SignedPreloadedFile {
    fn eq(&self, other: &String) -> bool {
        &self.text == other
    }
}

/// The text (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for SignedPreloadedFile {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl ResponseVerifier {
    /// Parses and verifies preloaded-file text (see `cld_sign::response`, and
    /// [`PreloadedFile::parse`]): its signature must be hex of the algorithm's length
    /// (either case), equal in constant time to the upload response signature (signature
    /// version 1) of its public ID and version text, made with the current secret or a
    /// previous one; every secret is compared.
    ///
    /// That is all it proves: the resource type, delivery type and format are not signed.
    /// Check them with [`VerifiedPreloadedFile::check_parts`].
    ///
    /// # Errors
    /// [`Error::MalformedPreloaded`] (with the [`PreloadedProblem`]) for text that is not
    /// a preloaded file; [`Error::MalformedSignature`] if the signature is not hex of the
    /// right length; [`Error::Mismatch`] (with the string to sign) if it does not match.
    ///
    /// ```
    /// use cld_sign::response::ResponseVerifier;
    /// use cld_sign::{ApiSecret, ErrorKind, Signer};
    ///
    /// let verifier = ResponseVerifier::new(Signer::new(ApiSecret::new("abcd")?));
    /// let file = verifier.verify_preloaded("image/upload/v1315060510/sample.jpg#912d90b6fe28aa6820cf928bc440a65a0f36e002")?;
    /// assert_eq!((file.public_id(), file.version()), ("sample", "1315060510"));
    ///
    /// // A raw file's public ID keeps its extension: this was signed over `doc`, not `doc.pdf`.
    /// let err = verifier.verify_preloaded("raw/upload/v7/doc.pdf#fa1007a408c50430b9d6e352b2a000f575630fa2").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Mismatch);
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn verify_preloaded(&self, text: &str) -> Result<VerifiedPreloadedFile, Error> {
        let file = PreloadedFile::parse(text)?;
        let received = Signature::from_hex(self.signer.algorithm(), file.signature())?;
        self.check(
            ApiResponse::new(file.public_id(), file.version()),
            &received,
        )?;
        Ok(VerifiedPreloadedFile { file })
    }
}

/// What [`ResponseVerifier::verify_preloaded`] proved: the preloaded file's public ID and
/// version were signed with the account's secret. Its resource type, delivery type and
/// format were **not** signed: check them with [`check_parts`](Self::check_parts), or
/// look them up.
///
/// With feature `serde` it is serialized as `{"public_id": "…", "version": "…"}`, what was
/// proven. It cannot be deserialized: only verification makes one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VerifiedPreloadedFile {
    file: PreloadedFile,
}

impl VerifiedPreloadedFile {
    /// The public ID, signed.
    pub fn public_id(&self) -> &str {
        self.file.public_id()
    }

    /// The version digits as written (leading zeros kept), signed.
    pub fn version(&self) -> &str {
        self.file.version()
    }

    /// Checks the parts the signature does not cover: see [`PreloadedFile::check_parts`].
    ///
    /// # Errors
    /// [`Error::UnexpectedPreloaded`] naming the first part that differs.
    pub fn check_parts(
        &self,
        resource_type: &str,
        delivery_type: &str,
        formats: &[&str],
    ) -> Result<(), Error> {
        self.file.check_parts(resource_type, delivery_type, formats)
    }

    /// The whole file as received: its signed public ID and version, and its resource
    /// type, delivery type and format, which are not signed.
    pub fn file(&self) -> &PreloadedFile {
        &self.file
    }

    /// The whole file as received, owned.
    pub fn into_file(self) -> PreloadedFile {
        self.file
    }
}

/// `{"public_id": …, "version": …}` (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for VerifiedPreloadedFile {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("VerifiedPreloadedFile", 2)?;
        s.serialize_field("public_id", self.public_id())?;
        s.serialize_field("version", self.version())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::{PreloadedFile, ResponseVerifier, split_filename};
    use crate::{ApiSecret, ErrorKind, Signer};

    /// The signed text reads and compares as its text, and its parts as parsing reads them.
    #[test]
    fn signed_text_reads_as_its_text_and_parts() {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap());
        let signed = PreloadedFile::builder("a/b", "0012")
            .with_resource_type("video")
            .with_delivery_type("private")
            .with_format("mp4")
            .sign(&signer)
            .unwrap();
        let text = signed.to_string();
        assert!(text.starts_with("video/private/v0012/a/b.mp4#"), "{text}");
        assert_eq!(signed.as_str(), text);
        assert_eq!(signed.as_ref(), text);
        assert!(signed == *text.as_str() && signed == text.as_str() && signed == text);
        let other = format!("{text}0");
        assert!(signed != *other.as_str() && signed != other.as_str() && signed != other);
        assert_eq!(signed.file(), &PreloadedFile::parse(&text).unwrap());
        assert_eq!(signed.file().signature(), signed.signature().to_string());
        assert_eq!(String::from(signed.clone()), text);
        assert_eq!(signed.into_string(), text);
    }

    /// The reading gives the signed parts, the whole file, and checks the others.
    #[test]
    fn the_reading_gives_the_file_and_checks_its_parts() {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap());
        let signed = PreloadedFile::builder("a/b", "0012")
            .with_resource_type("video")
            .with_delivery_type("private")
            .with_format("mp4")
            .sign(&signer)
            .unwrap();
        let reading = ResponseVerifier::new(signer)
            .verify_preloaded(signed.as_str())
            .unwrap();
        assert_eq!((reading.public_id(), reading.version()), ("a/b", "0012"));
        assert_eq!(reading.file(), signed.file());
        reading.check_parts("video", "private", &["mp4"]).unwrap();
        assert_eq!(
            reading
                .check_parts("image", "private", &[])
                .unwrap_err()
                .kind(),
            ErrorKind::UnexpectedPreloaded
        );
        assert_eq!(
            reading.into_file(),
            PreloadedFile::parse(signed.as_str()).unwrap()
        );
    }

    #[test]
    fn raw_files_keep_their_extension() {
        assert_eq!(split_filename("raw", "notes.txt"), ("notes.txt", None));
        assert_eq!(split_filename("image", "notes.txt"), ("notes", Some("txt")));
    }

    #[test]
    fn parts_read_back() {
        let file: PreloadedFile = "image/upload/v0012/x./s.p.png#abc".parse().unwrap();
        assert_eq!(file.resource_type(), "image");
        assert_eq!(file.delivery_type(), "upload");
        assert_eq!(file.version(), "0012");
        assert_eq!(file.filename(), "x./s.p.png");
        assert_eq!(file.public_id(), "x./s.p");
        assert_eq!(file.format(), Some("png"));
        assert_eq!(file.signature(), "abc");
    }
}
