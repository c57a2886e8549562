//! Parsing a received delivery URL around its `s--…--` component (see `cld_sign::delivery`).

use super::segments::version_range;
use super::url_signature::UrlSignatureKind;
use crate::error::{Error, SignatureProblem, UrlProblem};

/// A received delivery URL taken apart around its `s--…--` signature component, not yet
/// verified: [`DeliveryUrlVerifier`](super::DeliveryUrlVerifier) checks the signature.
///
/// Parsing accepts any `http`/`https` host (`res.cloudinary.com`, a private CDN or CNAME)
/// and takes the text as given (no decoding; a space, as in a text overlay, is kept): the
/// signature component is the first path segment of the form `s--…--`, after at least one
/// segment (the cloud name of the root path form; otherwise the resource type and delivery
/// type, `iu`, `images` or `files`, the URL-form rule (`cld_sign::delivery`)). The query and fragment are dropped (never
/// signed). Whether the signature is short or long is told by its length: 8 characters is
/// short (the signer's algorithm), 32 is long (SHA-256).
///
/// ```
/// use cld_sign::delivery::{ReceivedDeliveryUrl, UrlSignatureKind};
/// let url = ReceivedDeliveryUrl::parse(
///     "https://res.cloudinary.com/demo/image/upload/s--u3bB0IhP--/v1315060510/folder/sample.png?_a=x",
/// )?;
/// assert_eq!(url.signature(), "u3bB0IhP");
/// assert_eq!(url.kind(), UrlSignatureKind::Short);
/// assert_eq!(url.path(), "v1315060510/folder/sample.png");
/// assert_eq!(url.path_without_version().as_deref(), Some("folder/sample.png"));
/// assert_eq!(url.before_signature(), "demo/image/upload");
///
/// // The root path form, with a space in a text overlay: taken as given.
/// let url = ReceivedDeliveryUrl::parse("https://res.cloudinary.com/demo/s--yDoOSwNL--/l_text:Arial_40:Hello World/sample/nice.jpg")?;
/// assert_eq!(url.before_signature(), "demo");
/// assert_eq!(url.path(), "l_text:Arial_40:Hello World/sample/nice.jpg");
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceivedDeliveryUrl<'a> {
    /// The path before the signature component, without the `/` before it.
    before: &'a str,
    signature: &'a str,
    kind: UrlSignatureKind,
    /// Everything after the signature component, without query or fragment.
    path: &'a str,
}

impl<'a> ReceivedDeliveryUrl<'a> {
    /// Takes `url` apart.
    ///
    /// # Errors
    /// [`Error::MalformedUrl`] (with the [`UrlProblem`]) if it holds a control character or
    /// is not an `http(s)` URL with a host, at least one segment before an `s--…--`
    /// component and a path after it; [`Error::MalformedSignature`] if the signature is not
    /// URL-safe base64 or not 8 or 32 characters long.
    pub fn parse(url: &'a str) -> Result<Self, Error> {
        let malformed = |problem| Error::MalformedUrl { problem };
        // A space is kept (raw transformations hold them); a tab or line break is not URL text.
        if url.chars().any(char::is_control) {
            return Err(malformed(UrlProblem::ControlCharacter));
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
        let whole_path = path;
        let mut before = 0;
        let mut offset = 0;
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
            offset += segment.len() + 1;
            remaining = tail.ok_or_else(|| malformed(UrlProblem::NoSignatureComponent))?;
        };
        if before < 1 {
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
            before: path_before(whole_path, offset),
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

    /// The path before the signature component (`demo/image/upload`, `demo/images`,
    /// `demo`): not signed, but it says which URL form this is.
    pub fn before_signature(&self) -> &'a str {
        self.before
    }

    /// The path without its version segment, if it has one in the version's place (see
    /// `cld_sign::delivery`): a `v<digits>` segment that is not the last, before which (after the signature)
    /// stand only transformation segments. What was signed if that segment is a version.
    ///
    /// ```
    /// # use cld_sign::delivery::ReceivedDeliveryUrl;
    /// let url = ReceivedDeliveryUrl::parse("https://res.cloudinary.com/demo/image/upload/s--u3bB0IhP--/c_fill,w_9/folder/v7/sample.jpg")?;
    /// // `folder` is not a transformation segment: `v7` belongs to the public ID.
    /// assert_eq!(url.path_without_version(), None);
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn path_without_version(&self) -> Option<String> {
        let range = version_range(self.path)?;
        let before = self.path.get(..range.start).unwrap_or_default();
        let after = self.path.get(range.end..).unwrap_or_default();
        Some(format!("{before}{after}"))
    }
}

/// The first `len` bytes of `path`, without the `/` that ends them.
fn path_before(path: &str, len: usize) -> &str {
    path.get(..len.saturating_sub(1)).unwrap_or_default()
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_before_the_signature_are_counted() {
        let url =
            ReceivedDeliveryUrl::parse("https://h/demo/image/upload/s--AAAAAAAA--/sample.jpg")
                .unwrap();
        assert_eq!(url.before_signature(), "demo/image/upload");
        assert_eq!(url.path(), "sample.jpg");
        assert_eq!(url.signature(), "AAAAAAAA");
        assert_eq!(url.path_without_version(), None);
        let versioned = ReceivedDeliveryUrl::parse(
            "https://h/demo/image/upload/s--AAAAAAAA--/c_fill/v7/sample.jpg",
        )
        .unwrap();
        assert_eq!(versioned.before_signature(), "demo/image/upload");
        assert_eq!(
            versioned.path_without_version().as_deref(),
            Some("c_fill/sample.jpg")
        );
        let one = ReceivedDeliveryUrl::parse("https://h/demo/s--AAAAAAAA--/x").unwrap();
        assert_eq!(one.before_signature(), "demo");
        assert!(matches!(
            ReceivedDeliveryUrl::parse("https://h/s--AAAAAAAA--/x"),
            Err(Error::MalformedUrl {
                problem: UrlProblem::NothingBeforeSignature
            })
        ));
    }
}
