//! Parsing and verifying a signed delivery URL (SPEC §3).

use super::url_signature::UrlSignatureKind;
use crate::error::{Error, SignatureProblem, UrlProblem};
use crate::signer::Signer;

/// A delivery URL taken apart around its `s--…--` signature component.
///
/// Parsing accepts any `http`/`https` host (`res.cloudinary.com`, a private CDN or CNAME):
/// the signature component is the first path segment of the form `s--…--`, after at least
/// two segments (resource type and delivery type). The query and fragment are dropped (never
/// signed). Whether the signature is short or long is told by its length: 8 characters is
/// short (the signer's algorithm), 32 is long (SHA-256).
///
/// ```
/// use cld_sign::{SignedUrl, UrlSignatureKind};
/// let url = SignedUrl::parse(
///     "https://res.cloudinary.com/demo/image/upload/s--u3bB0IhP--/v1315060510/folder/sample.png?_a=x",
/// )?;
/// assert_eq!(url.signature(), "u3bB0IhP");
/// assert_eq!(url.kind(), UrlSignatureKind::Short);
/// assert_eq!(url.path(), "v1315060510/folder/sample.png");
/// assert_eq!(url.path_without_version().as_deref(), Some("folder/sample.png"));
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedUrl<'a> {
    signature: &'a str,
    kind: UrlSignatureKind,
    /// Everything after the signature component, without query or fragment.
    path: &'a str,
}

impl<'a> SignedUrl<'a> {
    /// Takes `url` apart.
    ///
    /// Errors: [`Error::MalformedUrl`] (with the reason) if it is not an `http(s)` URL with
    /// a host, a resource type, a delivery type, an `s--…--` component and a path after it;
    /// [`Error::MalformedSignature`] if the signature is not URL-safe base64 or not 8 or 32
    /// characters long.
    pub fn parse(url: &'a str) -> Result<Self, Error> {
        let malformed = |problem| Error::MalformedUrl { problem };
        if url
            .bytes()
            .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
        {
            return Err(malformed(UrlProblem::Whitespace));
        }
        let rest = strip_prefix_ignore_case(url, "https://")
            .or_else(|| strip_prefix_ignore_case(url, "http://"))
            .ok_or_else(|| malformed(UrlProblem::NotHttp))?;
        // The query and the fragment are never signed.
        let rest = rest.split(['?', '#']).next().unwrap_or_default();
        let (host, path) = rest
            .split_once('/')
            .ok_or_else(|| malformed(UrlProblem::NoPath))?;
        if host.is_empty() {
            return Err(malformed(UrlProblem::NoHost));
        }
        let mut before = 0;
        let mut remaining = path;
        let (signature, path) = loop {
            let (segment, tail) = match remaining.split_once('/') {
                Some((segment, tail)) => (segment, Some(tail)),
                None => (remaining, None),
            };
            if let Some(signature) = segment
                .strip_prefix("s--")
                .and_then(|s| s.strip_suffix("--"))
            {
                break (signature, tail.unwrap_or_default());
            }
            before += 1;
            remaining = tail.ok_or_else(|| malformed(UrlProblem::NoSignatureComponent))?;
        };
        if before < 2 {
            return Err(malformed(UrlProblem::NothingBeforeSignature));
        }
        if path.is_empty() {
            return Err(malformed(UrlProblem::NothingAfterSignature));
        }
        if !signature
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(Error::MalformedSignature {
                reason: SignatureProblem::NotBase64,
            });
        }
        let kind =
            UrlSignatureKind::from_len(signature.len()).ok_or(Error::MalformedSignature {
                reason: SignatureProblem::UrlSignatureLength {
                    found: signature.len(),
                },
            })?;
        Ok(Self {
            signature,
            kind,
            path,
        })
    }

    /// The signature text, without `s--` and `--`.
    pub fn signature(&self) -> &'a str {
        self.signature
    }

    /// Short (8 characters) or long (32).
    pub fn kind(&self) -> UrlSignatureKind {
        self.kind
    }

    /// Everything after the signature component (version included), without the query.
    pub fn path(&self) -> &'a str {
        self.path
    }

    /// The path without its first `v<digits>` segment, if it has one that is not the last
    /// segment: what was signed if that segment is a version (SPEC §3).
    pub fn path_without_version(&self) -> Option<String> {
        let mut offset = 0;
        let mut segments = self.path.split('/').peekable();
        while let Some(segment) = segments.next() {
            let is_last = segments.peek().is_none();
            if !is_last && is_version(segment) {
                let before = self.path.get(..offset).unwrap_or_default();
                let after = self
                    .path
                    .get(offset + segment.len() + 1..)
                    .unwrap_or_default();
                return Some(format!("{before}{after}"));
            }
            offset += segment.len() + 1;
        }
        None
    }
}

impl Signer {
    /// Verifies a signed delivery URL: parses it, recomputes the signature and compares in
    /// constant time.
    ///
    /// A `v<digits>` segment may be a version (not signed) or the start of the public ID,
    /// so the path without it is tried first, then the path as it is (SPEC §3). Short
    /// signatures (8 characters) use the signer's algorithm, long ones (32) SHA-256.
    ///
    /// Errors: those of [`SignedUrl::parse`], and [`Error::Mismatch`] with the path
    /// that was checked (first candidate) if neither matches.
    ///
    /// ```
    /// use cld_sign::{ApiSecret, ErrorKind, Signer};
    /// let signer = Signer::new(ApiSecret::new("abcd")?);
    /// signer.verify_delivery_url("https://res.cloudinary.com/demo/image/upload/s--y-tjJGJv--/sample")?;
    /// let err = signer
    ///     .verify_delivery_url("https://res.cloudinary.com/demo/image/upload/s--y-tjJGJv--/other")
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Mismatch);
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn verify_delivery_url(&self, url: &str) -> Result<(), Error> {
        self.verify_signed_url(&SignedUrl::parse(url)?)
    }

    /// Verifies an already parsed [`SignedUrl`]. See
    /// [`verify_delivery_url`](Self::verify_delivery_url).
    pub fn verify_signed_url(&self, url: &SignedUrl<'_>) -> Result<(), Error> {
        let matches = |to_sign: &str| {
            self.url_signature(to_sign, url.kind())
                .ct_eq_signature(url.signature())
        };
        let without_version = url.path_without_version();
        if without_version.as_deref().is_some_and(matches) || matches(url.path()) {
            return Ok(());
        }
        Err(Error::Mismatch {
            string_to_sign: Some(without_version.unwrap_or_else(|| url.path().to_owned())),
        })
    }
}

/// `v` followed by one or more ASCII digits.
fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}
