//! The reading of a delivery URL whose signature matched: what a server should serve.

use std::borrow::Cow;

use super::url_signature::UrlSignatureKind;
use crate::error::{Error, UrlProblem};
use crate::percent::decode_strict;

/// How a verified delivery URL was read ([`DeliveryUrlVerifier::verify`](super::DeliveryUrlVerifier::verify), see `cld_sign::delivery`): the signed path that matched, and
/// its transformation, version, public ID, format and SEO suffix, so that a server serves
/// what was signed.
///
/// Texts are as they appear in the URL (the public ID escaped). The signed path
/// ([`signed_path`](Self::signed_path)) is exact. Its split is read from the URL alone:
/// with a version, the transformation is what precedes it; without one, the transformation
/// is the leading run of transformation segments (see `cld_sign::delivery`) before the last segment, and a
/// public ID that itself starts with such a segment (`c_x/photo`) reads as part of the
/// transformation: give such public IDs a version. Without a suffix, the format is what
/// follows the last `.` of the last segment (a public ID `a.b` without a format reads as
/// `a` + `b`).
///
/// With feature `serde` it is serialized as an object of its readings:
/// `{"kind": "short" | "long", "signed_path": "…", "transformation": "…" | null,
/// "version": "…" | null, "public_id": "…", "format": "…" | null, "suffix": "…" | null}`.
/// It cannot be deserialized: only verification makes one.
///
/// ```
/// use cld_sign::delivery::DeliveryUrlVerifier;
/// use cld_sign::{ApiSecret, Signer};
/// let verifier = DeliveryUrlVerifier::new(Signer::new(ApiSecret::new("abcd")?));
/// let reading = verifier.verify(
///     "https://res.cloudinary.com/demo/images/s--FH4CwU1W--/g_south,l_text:Arial_40:Hi/v7/sample.v2/my-photo.webp",
/// )?;
/// assert_eq!(reading.signed_path(), "g_south,l_text:Arial_40:Hi/sample.v2.webp");
/// assert_eq!(reading.transformation(), Some("g_south,l_text:Arial_40:Hi"));
/// assert_eq!(reading.version(), Some("7"));
/// assert_eq!(reading.public_id(), "sample.v2");
/// assert_eq!(reading.format(), Some("webp"));
/// assert_eq!(reading.suffix(), Some("my-photo"));
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VerifiedDeliveryUrl {
    pub(crate) kind: UrlSignatureKind,
    pub(crate) signed_path: String,
    pub(crate) transformation: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) public_id: String,
    pub(crate) format: Option<String>,
    pub(crate) suffix: Option<String>,
}

impl VerifiedDeliveryUrl {
    /// Short or long signature.
    pub fn kind(&self) -> UrlSignatureKind {
        self.kind
    }

    /// The exact text whose signature matched: `<transformation>/<public_id>.<format>`.
    pub fn signed_path(&self) -> &str {
        &self.signed_path
    }

    /// The transformation, if any (raw URL text, `/`-chained).
    pub fn transformation(&self) -> Option<&str> {
        self.transformation.as_deref()
    }

    /// The version digits (without the `v`), if the URL has a version segment that was not
    /// signed.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// The public ID as it appears in the URL (escaped, the delivery URL rule (`cld_sign::delivery`)).
    pub fn public_id(&self) -> &str {
        &self.public_id
    }

    /// The public ID decoded: every `%XX` escape of [`public_id`](Self::public_id) turned
    /// back into its byte, the result read as UTF-8 (borrowed when there is no escape).
    /// This is the public ID the asset has in Cloudinary.
    ///
    /// # Errors
    /// [`Error::MalformedUrl`] with [`UrlProblem::BadPublicIdEscape`] for a `%` that does
    /// not start a two-hex-digit escape, or escapes that decode to bytes that are not UTF-8.
    ///
    /// ```
    /// use cld_sign::delivery::{DeliveryUrlVerifier, DeliveryUrl};
    /// use cld_sign::{ApiSecret, Signer};
    /// let signer = Signer::new(ApiSecret::new("abcd")?);
    /// let url = DeliveryUrl::new("demo", "folder/my photo (1)").with_format("jpg").sign(&signer)?;
    /// let reading = DeliveryUrlVerifier::new(signer).verify(url.as_str())?;
    /// assert_eq!(reading.public_id(), "folder/my%20photo%20%281%29");
    /// assert_eq!(reading.public_id_decoded()?, "folder/my photo (1)");
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn public_id_decoded(&self) -> Result<Cow<'_, str>, Error> {
        decode_strict(&self.public_id).ok_or(Error::MalformedUrl {
            problem: UrlProblem::BadPublicIdEscape,
        })
    }

    /// The format, if any.
    pub fn format(&self) -> Option<&str> {
        self.format.as_deref()
    }

    /// The SEO suffix, if the URL was read with one (not signed).
    pub fn suffix(&self) -> Option<&str> {
        self.suffix.as_deref()
    }
}

/// The object of readings described on [`VerifiedDeliveryUrl`] (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for VerifiedDeliveryUrl {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let kind = match self.kind {
            UrlSignatureKind::Short => "short",
            UrlSignatureKind::Long => "long",
        };
        let mut s = serializer.serialize_struct("VerifiedDeliveryUrl", 7)?;
        s.serialize_field("kind", kind)?;
        s.serialize_field("signed_path", &self.signed_path)?;
        s.serialize_field("transformation", &self.transformation)?;
        s.serialize_field("version", &self.version)?;
        s.serialize_field("public_id", &self.public_id)?;
        s.serialize_field("format", &self.format)?;
        s.serialize_field("suffix", &self.suffix)?;
        s.end()
    }
}
