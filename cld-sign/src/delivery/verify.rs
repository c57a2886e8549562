//! Verifying a signed delivery URL in any of its forms: the candidates for the signed path,
//! each compared in constant time (see `cld_sign::delivery`).

use super::received_url::ReceivedDeliveryUrl;
use super::segments::{is_transformation, version_range};
use super::url_signature::{UrlSignature, UrlSignatureKind};
use super::verified_url::VerifiedDeliveryUrl;
use crate::error::{Error, SignatureProblem, UrlProblem};
use crate::file_format::split_format;
use crate::signer::Signer;

/// How the last segment of a candidate is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SuffixRule {
    /// As part of the public ID (and format).
    None,
    /// `images` and root path: `…/<public_id>/<suffix>.<format>` → `…/<public_id>.<format>`.
    Images,
    /// `files`: `…/<public_id>/<suffix>` → `…/<public_id>`.
    Files,
}

/// Verifies received delivery URLs (`s--…--`) in every form of the URL-form rule, and says
/// how each was read (see `cld_sign::delivery`).
///
/// Built from the [`Signer`] whose secret signed the URLs;
/// [`with_required_kind`](Self::with_required_kind) accepts only one kind of signature (for
/// instance only long, SHA-256 ones). A delivery URL signature carries no time, so there is only
/// [`verify`](Self::verify): no clock is read.
///
/// ```
/// use cld_sign::delivery::{DeliveryUrlVerifier, UrlSignatureKind};
/// use cld_sign::{ApiSecret, ErrorKind, Signer};
///
/// let verifier = DeliveryUrlVerifier::new(Signer::new(ApiSecret::new("abcd")?));
/// let reading = verifier.verify("https://res.cloudinary.com/demo/image/upload/s--y-tjJGJv--/sample")?;
/// assert_eq!(reading.public_id(), "sample");
/// assert_eq!(reading.kind(), UrlSignatureKind::Short);
///
/// let err = verifier
///     .verify("https://res.cloudinary.com/demo/image/upload/s--y-tjJGJv--/other")
///     .unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Mismatch);
///
/// // Only long signatures: a short one is refused before any hashing.
/// let long_only = verifier.with_required_kind(UrlSignatureKind::Long);
/// assert_eq!(long_only.required_kind(), Some(UrlSignatureKind::Long));
/// let err = long_only
///     .verify("https://res.cloudinary.com/demo/image/upload/s--y-tjJGJv--/sample")
///     .unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::MalformedSignature);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct DeliveryUrlVerifier {
    signer: Signer,
    required_kind: Option<UrlSignatureKind>,
}

impl DeliveryUrlVerifier {
    /// A verifier with the secrets (current and previous) and the algorithm of `signer`,
    /// accepting short and long signatures.
    pub fn new(signer: Signer) -> Self {
        Self {
            signer,
            required_kind: None,
        }
    }

    /// Accepts only signatures of kind `kind` (for instance only long, SHA-256 ones); a URL
    /// with the other kind is refused with [`Error::MalformedSignature`] and
    /// [`SignatureProblem::UrlSignatureLength`].
    #[must_use]
    pub fn with_required_kind(mut self, kind: UrlSignatureKind) -> Self {
        self.required_kind = Some(kind);
        self
    }

    /// The only kind of signature accepted, if one was required
    /// ([`with_required_kind`](Self::with_required_kind)); `None` accepts both.
    pub fn required_kind(&self) -> Option<UrlSignatureKind> {
        self.required_kind
    }

    /// Verifies a received delivery URL in any form of the URL-form rule (`cld_sign::delivery`)
    /// and says how it was read.
    ///
    /// It parses the URL as given ([`ReceivedDeliveryUrl::parse`]), forms the candidates for
    /// the signed path, and compares each one's signature with the URL's in constant time:
    /// the path after the signature without its version segment (only a `v<digits>`
    /// segment behind transformation segments alone, not the last: the delivery URL rule
    /// (`cld_sign::delivery`)), then the path itself; and when the segment before the
    /// signature is `images` or `files`, or the signature follows the first segment (root
    /// path), each of those with the last segment read as an SEO suffix. Short signatures
    /// (8 characters) use the signer's algorithm, long ones (32) SHA-256. Each candidate is
    /// compared with the signature of every secret, current and previous
    /// ([`Signer::with_previous_secret`]), all of them in constant time.
    ///
    /// A candidate no Cloudinary SDK can have signed is not compared (see the
    /// [module docs](crate::delivery#paths-no-sdk-signs)): one with a raw `&`, or a raw `=`
    /// outside a transformation segment.
    ///
    /// # Errors
    /// Those of [`ReceivedDeliveryUrl::parse`]; [`Error::MalformedSignature`] with
    /// [`SignatureProblem::UrlSignatureLength`] for a signature of another kind than the
    /// [required](Self::with_required_kind) one; [`Error::MalformedUrl`] with
    /// [`UrlProblem::NotSdkSignable`] if every candidate holds such a character; and
    /// [`Error::Mismatch`] with the first candidate if no candidate matches.
    pub fn verify(&self, url: &str) -> Result<VerifiedDeliveryUrl, Error> {
        let url = ReceivedDeliveryUrl::parse(url)?;
        if self.required_kind.is_some_and(|kind| kind != url.kind()) {
            return Err(Error::MalformedSignature {
                reason: SignatureProblem::UrlSignatureLength {
                    found: url.signature().len(),
                },
            });
        }
        let mut candidates = candidates(&url);
        // Refused before any hashing: these paths are other schemes' texts, never a URL's.
        candidates.retain(|candidate| is_sdk_signable(&candidate.signed_path));
        if candidates.is_empty() {
            return Err(Error::MalformedUrl {
                problem: UrlProblem::NotSdkSignable,
            });
        }
        // The candidates come from the public URL, so stopping at the first reading that
        // matches tells nothing secret; within a reading every secret is compared.
        for candidate in &candidates {
            if self.signer.any_secret(|signer| {
                UrlSignature::sign(signer, &candidate.signed_path, url.kind())
                    .ct_eq_signature(url.signature())
            }) {
                return Ok(candidate.clone());
            }
        }
        Err(Error::Mismatch {
            string_to_sign: candidates.into_iter().next().map(|c| c.signed_path),
        })
    }
}

/// Whether a URL built by Cloudinary's SDKs can have `signed_path` as its path to sign:
/// no raw `&` anywhere, and a raw `=` only in a transformation segment that is not the last
/// segment (the last one is always the public ID and format).
///
/// The SDKs build the path to sign as `<transformation>/<public ID>[.<format>]`
/// (pycloudinary `cloudinary/utils.py` `cloudinary_url`, `to_sign = "/".join(...)`;
/// cloudinary_npm `lib/utils/index.js` `url`) and escape the public ID first
/// (pycloudinary `finalize_source` → `smart_escape`, which percent-encodes every byte
/// outside `A-Z a-z 0-9 _ . - / :`; cloudinary_npm `finalize_source` →
/// `encodeURIComponent` with `:` and `/` put back), so a public ID never holds a raw `&` or
/// `=`. Transformations are generated: text overlays are escaped (`process_layer`:
/// `smart_escape` twice; npm: `smart_escape` then `encodeURIComponent`), expressions have
/// their operators spelled out (`normalize_expression`: `&&` → `and`, `=` → `eq`), and
/// fetch URLs are base64 — whose `=` padding pycloudinary's `base64url_encode` keeps
/// (`l_fetch:aHR0…==`), hence `=` in transformation segments. A request's string to
/// sign (`name=value&name=value`, always with `timestamp`) has a `&` as soon as it has two
/// pairs, and `=` in its one segment otherwise, so its signature never verifies as a
/// URL's.
fn is_sdk_signable(signed_path: &str) -> bool {
    if signed_path.contains('&') {
        return false;
    }
    let mut segments = signed_path.split('/').peekable();
    while let Some(segment) = segments.next() {
        let last = segments.peek().is_none();
        if segment.contains('=') && (last || !is_transformation(segment)) {
            return false;
        }
    }
    true
}

/// Every reading the URL-form rule (`cld_sign::delivery`) allows, in order: without the version, as it is; then the same
/// with a suffix, when the form may carry one.
fn candidates(url: &ReceivedDeliveryUrl<'_>) -> Vec<VerifiedDeliveryUrl> {
    let path = url.path();
    let mut bases = Vec::with_capacity(2);
    if let Some(range) = version_range(path) {
        let version = path.get(range.start + 1..range.end - 1).unwrap_or_default();
        let base = format!(
            "{}{}",
            path.get(..range.start).unwrap_or_default(),
            path.get(range.end..).unwrap_or_default()
        );
        bases.push((base, Some((version.to_owned(), range.start))));
    }
    bases.push((path.to_owned(), None));

    let before = url.before_signature();
    let last_before = before.rsplit('/').next().unwrap_or_default();
    let mut rules = vec![SuffixRule::None];
    if last_before == "images" || !before.contains('/') {
        rules.push(SuffixRule::Images);
    }
    if last_before == "files" {
        rules.push(SuffixRule::Files);
    }
    let mut out = Vec::new();
    for rule in rules {
        for (base, version) in &bases {
            if let Some(reading) = read(url.kind(), base, version.as_ref(), rule) {
                out.push(reading);
            }
        }
    }
    out
}

/// One reading of `base` (the path after the signature, its version already taken out;
/// `version` = the digits and where the version stood).
fn read(
    kind: UrlSignatureKind,
    base: &str,
    version: Option<&(String, usize)>,
    rule: SuffixRule,
) -> Option<VerifiedDeliveryUrl> {
    let (head, last) = match base.rsplit_once('/') {
        Some((head, last)) => (Some(head), last),
        None => (None, base),
    };
    let (signed_path, suffix, suffix_format) = match rule {
        SuffixRule::None => (base.to_owned(), None, None),
        SuffixRule::Images => {
            let head = head.filter(|h| !h.is_empty())?;
            let (suffix, format) = match last.split_once('.') {
                Some((suffix, format)) => (suffix, Some(format)),
                None => (last, None),
            };
            if suffix.is_empty() {
                return None;
            }
            let signed = match format {
                Some(format) => format!("{head}.{format}"),
                None => head.to_owned(),
            };
            (signed, Some(suffix), format)
        }
        SuffixRule::Files => {
            let head = head.filter(|h| !h.is_empty())?;
            if last.is_empty() {
                return None;
            }
            (head.to_owned(), Some(last), None)
        }
    };
    // Where the asset (public ID and format) starts in the signed path.
    let asset_start = match version {
        Some((_, start)) => *start,
        None => transformation_len(&signed_path),
    };
    let transformation = signed_path
        .get(..asset_start.saturating_sub(1))
        .filter(|t| !t.is_empty());
    let asset = signed_path.get(asset_start..).unwrap_or_default();
    let (public_id, format) = match rule {
        SuffixRule::Images => match suffix_format {
            Some(format) => (
                asset
                    .strip_suffix(format)
                    .and_then(|a| a.strip_suffix('.'))
                    .unwrap_or_default(),
                Some(format),
            ),
            None => (asset, None),
        },
        SuffixRule::Files => (asset, None),
        SuffixRule::None => split_format(asset),
    };
    // A public ID is never empty (the builder refuses one): no reading without an asset.
    if asset.is_empty() {
        return None;
    }
    Some(VerifiedDeliveryUrl {
        kind,
        transformation: transformation.map(str::to_owned),
        version: version.map(|(digits, _)| digits.clone()),
        public_id: public_id.to_owned(),
        format: format.map(str::to_owned),
        suffix: suffix.map(str::to_owned),
        signed_path,
    })
}

/// The length of the leading transformation segments of `path` with the `/` after them,
/// never reaching into the last segment.
fn transformation_len(path: &str) -> usize {
    let mut len = 0;
    let mut segments = path.split('/').peekable();
    while let Some(segment) = segments.next() {
        if segments.peek().is_none() || !is_transformation(segment) {
            break;
        }
        len += segment.len() + 1;
    }
    len
}

#[cfg(test)]
mod tests {
    use super::{DeliveryUrlVerifier, UrlSignatureKind, is_sdk_signable};
    use crate::{ApiSecret, Signer};

    #[test]
    fn the_required_kind_reads_back() {
        let verifier = DeliveryUrlVerifier::new(Signer::new(ApiSecret::new("abcd").unwrap()));
        assert_eq!(verifier.required_kind(), None);
        for kind in [UrlSignatureKind::Short, UrlSignatureKind::Long] {
            let required = verifier.clone().with_required_kind(kind);
            assert_eq!(required.required_kind(), Some(kind));
        }
    }

    #[test]
    fn sdk_signable_paths() {
        for yes in [
            "sample",
            "c_fill,h_150/folder/sample.jpg",
            "l_fetch:aHR0cHM6Ly9leGFtcGxlLmNvbS9hLnBuZw==/sample.jpg",
            "l_text:Arial_40:Hello World/a%26b%3D.png",
            "v1/sample",
        ] {
            assert!(is_sdk_signable(yes), "{yes}");
        }
        for no in [
            "raw_convert=a&timestamp=1700000000&type=x/private/secret_contract.pdf",
            "a&b",
            "c_fill/a&b.jpg",
            "timestamp=1700000000",
            "c_fill/a=b.jpg",
            "folder=x/sample.jpg",
            "c_fill/l_fetch:YQ==",
        ] {
            assert!(!is_sdk_signable(no), "{no}");
        }
    }
}
