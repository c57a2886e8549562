//! What the delivery URL builder returns: the URL text with its signature component.

use std::fmt;

use super::token::SignedAuthToken;
use super::url_signature::UrlSignature;

/// A signed delivery URL built by [`DeliveryUrl::sign`](super::DeliveryUrl::sign): the URL
/// text, the [`UrlSignature`] in it, and its auth [`SignedAuthToken`] when it has one.
///
/// It compares equal to its text (`url == "https://…"`), and `Display`, [`as_str`](Self::as_str)
/// and `String::from` give that text.
///
/// With feature `serde` it is serialized as
/// `{"url": "https://…", "signature": "s--…--", "token": null}` (the signature `null` and
/// the token `{"name", "value"}` for a URL that carries a token): what a route answers with.
///
/// ```
/// use cld_sign::delivery::DeliveryUrl;
/// use cld_sign::{ApiSecret, Signer};
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let url = DeliveryUrl::new("demo", "sample").sign(&signer)?;
/// assert_eq!(url.signature().map(|s| s.as_str()), Some("s--y-tjJGJv--"));
/// assert!(url.token().is_none());
/// assert_eq!(url, "https://res.cloudinary.com/demo/image/upload/s--y-tjJGJv--/sample");
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedDeliveryUrl {
    url: String,
    signature: Option<UrlSignature>,
    token: Option<SignedAuthToken>,
}

impl SignedDeliveryUrl {
    pub(crate) fn new(
        url: String,
        signature: Option<UrlSignature>,
        token: Option<SignedAuthToken>,
    ) -> Self {
        Self {
            url,
            signature,
            token,
        }
    }

    /// The URL text.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The signature component in the URL; `None` for a URL that carries an auth token
    /// in its place.
    pub fn signature(&self) -> Option<&UrlSignature> {
        self.signature.as_ref()
    }

    /// The auth token in the URL's query, if it has one.
    pub fn token(&self) -> Option<&SignedAuthToken> {
        self.token.as_ref()
    }

    /// The URL text, owned.
    pub fn into_string(self) -> String {
        self.url
    }
}

impl fmt::Display for SignedDeliveryUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

impl AsRef<str> for SignedDeliveryUrl {
    fn as_ref(&self) -> &str {
        &self.url
    }
}

impl From<SignedDeliveryUrl> for String {
    fn from(url: SignedDeliveryUrl) -> Self {
        url.url
    }
}

impl PartialEq<str> for SignedDeliveryUrl {
    fn eq(&self, other: &str) -> bool {
        self.url == other
    }
}

impl PartialEq<&str> for SignedDeliveryUrl {
    fn eq(&self, other: &&str) -> bool {
        self.url == *other
    }
}

impl PartialEq<String> for SignedDeliveryUrl {
    fn eq(&self, other: &String) -> bool {
        &self.url == other
    }
}

/// `{"url": "https://…", "signature": "s--…--" | null, "token": {"name", "value"} | null}`
/// (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for SignedDeliveryUrl {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("SignedDeliveryUrl", 3)?;
        s.serialize_field("url", &self.url)?;
        s.serialize_field(
            "signature",
            &self.signature.as_ref().map(UrlSignature::as_str),
        )?;
        s.serialize_field("token", &self.token)?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use crate::{ApiSecret, Signer, delivery::DeliveryUrl};

    #[test]
    fn the_signed_url_reads_and_compares_as_its_text() {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap());
        let url = DeliveryUrl::new("demo", "sample")
            .with_format("jpg")
            .sign(&signer)
            .unwrap();
        let text = url.as_str().to_owned();
        assert!(
            text.starts_with("https://res.cloudinary.com/demo/image/upload/s--"),
            "{text}"
        );
        assert_eq!(url.to_string(), text);
        assert_eq!(url.as_ref(), text);
        assert!(url == *text.as_str() && url == text.as_str() && url == text);
        let other = format!("{text}x");
        assert!(url != *other.as_str() && url != other.as_str() && url != other);
        assert_eq!(String::from(url.clone()), text);
        assert_eq!(url.into_string(), text);
    }
}
