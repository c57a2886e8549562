//! Preloaded files: `<resource_type>/<type>/v<version>/<filename>#<signature>`, the text
//! The upload widget and `signed_preloaded_image` make from an upload response (see `cld_sign::response`).

use std::fmt;
use std::str::FromStr;

use super::FORBIDDEN_IN_PUBLIC_ID;
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
/// Parsing checks the shape only; [`Signer::verify_preloaded`] checks the signature.
/// `Display` gives the text back.
///
/// The signature covers only the public ID and the version (it is the upload response's):
/// the resource type, the delivery type and the format are **not authenticated**. A client
/// can send `video/upload/v1/x.mp4#…` or `image/private/v1/x.svg#…` with the signature of
/// an `image/upload` JPEG. After verifying, check them against what you expect with
/// [`check_parts`](Self::check_parts), or keep only the public ID and version and look the
/// rest up (the Admin API, your own records).
///
/// ```
/// use cld_sign::response::PreloadedFile;
/// use cld_sign::{ApiSecret, Signer};
///
/// let file: PreloadedFile =
///     "image/upload/v1315060510/sample.jpg#912d90b6fe28aa6820cf928bc440a65a0f36e002".parse()?;
/// assert_eq!(file.public_id(), "sample");
/// assert_eq!(file.version(), "1315060510");
/// assert_eq!(file.format(), Some("jpg"));
/// Signer::new(ApiSecret::new("abcd")?).verify_preloaded(&file)?;
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
    /// [`Signer::verify_preloaded`], not here.
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
    /// [`Signer::verify_preloaded`]: the signature covers the public ID and version only.
    ///
    /// # Errors
    /// [`Error::UnexpectedPreloaded`] naming the first part that differs.
    ///
    /// ```
    /// use cld_sign::response::PreloadedFile;
    /// use cld_sign::{ApiSecret, ErrorKind, Signer};
    ///
    /// let signer = Signer::new(ApiSecret::new("abcd")?);
    /// let file = signer.verify_preloaded_text(
    ///     "image/upload/v1315060510/sample.jpg#912d90b6fe28aa6820cf928bc440a65a0f36e002",
    /// )?;
    /// file.check_parts("image", "upload", &["jpg", "png", "webp"])?;
    /// // The same signature, with a resource type and format it never covered.
    /// let other = signer.verify_preloaded_text(
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

impl Signer {
    /// Verifies a preloaded file (see `cld_sign::response`): its signature must be hex of the algorithm's
    /// length (either case), equal in constant time to the upload response signature (the
    /// rule of the `response` module, signature version 1) of its public ID and version
    /// text, made with the current secret or a previous one
    /// ([`with_previous_secret`](Self::with_previous_secret)); every secret is compared.
    ///
    /// That is all it proves: the resource type, delivery type and format are not signed.
    /// Check them with [`PreloadedFile::check_parts`].
    ///
    /// # Errors
    /// [`Error::MalformedSignature`] if the signature is not hex of the right length;
    /// [`Error::Mismatch`] (with the string to sign) if it does not match.
    ///
    /// ```
    /// use cld_sign::response::PreloadedFile;
    /// use cld_sign::{ApiSecret, ErrorKind, Signer};
    ///
    /// let signer = Signer::new(ApiSecret::new("abcd")?);
    /// // A raw file's public ID keeps its extension: this was signed over `doc`, not `doc.pdf`.
    /// let file = PreloadedFile::parse("raw/upload/v7/doc.pdf#fa1007a408c50430b9d6e352b2a000f575630fa2")?;
    /// assert_eq!(file.public_id(), "doc.pdf");
    /// assert_eq!(signer.verify_preloaded(&file).unwrap_err().kind(), ErrorKind::Mismatch);
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn verify_preloaded(&self, file: &PreloadedFile) -> Result<(), Error> {
        let received = Signature::from_hex(self.algorithm(), file.signature())?;
        self.check_response_text(
            self.response_string_to_sign(file.public_id(), file.version()),
            &received,
        )
    }

    /// Parses and verifies preloaded-file text. See [`PreloadedFile::parse`] and
    /// [`verify_preloaded`](Self::verify_preloaded).
    ///
    /// # Errors
    /// [`Error::MalformedPreloaded`], then as [`verify_preloaded`](Self::verify_preloaded).
    pub fn verify_preloaded_text(&self, text: &str) -> Result<PreloadedFile, Error> {
        let file = PreloadedFile::parse(text)?;
        self.verify_preloaded(&file)?;
        Ok(file)
    }

    /// The preloaded-file text of an upload response (what `signed_preloaded_image` makes):
    /// `<resource_type>/<type>/v<version>/<public_id>[.<format>]#<signature>`, signed like
    /// the response (see `cld_sign::response`). A raw file takes no format: its public ID carries the
    /// extension.
    ///
    /// # Errors
    /// [`Error::UnsupportedValue`] for a format given with resource type `raw`;
    /// [`Error::MalformedPreloaded`] if the parts do not make text that parses back to
    /// them (a `/` in the resource type, an empty public ID, a version that is not
    /// digits, ...).
    ///
    /// ```
    /// # use cld_sign::{ApiSecret, Signer};
    /// let signer = Signer::new(ApiSecret::new("abcd")?);
    /// let file = signer.sign_preloaded("image", "upload", "1315060510", "sample", Some("jpg"))?;
    /// assert_eq!(
    ///     file.to_string(),
    ///     "image/upload/v1315060510/sample.jpg#912d90b6fe28aa6820cf928bc440a65a0f36e002"
    /// );
    /// signer.verify_preloaded(&file)?;
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn sign_preloaded(
        &self,
        resource_type: &str,
        delivery_type: &str,
        version: &str,
        public_id: &str,
        format: Option<&str>,
    ) -> Result<PreloadedFile, Error> {
        if resource_type == "raw" && format.is_some() {
            return Err(Error::UnsupportedValue {
                name: "format".to_owned(),
                found: "a format for a raw file (raw public IDs carry their extension)".to_owned(),
            });
        }
        let signature = self.sign_response(public_id, version);
        let filename = match format {
            Some(format) => format!("{public_id}.{format}"),
            None => public_id.to_owned(),
        };
        let file = PreloadedFile::parse(&format!(
            "{resource_type}/{delivery_type}/v{version}/{filename}#{signature}"
        ))?;
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
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::{PreloadedFile, split_filename};

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
