//! [`SignedDownloadUrl`]: the URL, with the string signed, the signature and the query pairs.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::signature::Signature;

/// The API host of signed download URLs unless
/// [`DownloadUrl::with_url_settings`](super::DownloadUrl::with_url_settings) choose another.
pub const API_HOST: &str = "api.cloudinary.com";

/// Bytes kept as they are: `A–Z a–z 0–9 - . _ ~` (the download URL rule's canonical encoding); every
/// other byte is `%XX`, upper-case.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path segment (cloud name, resource type): a no-op for real names, and it keeps any
/// other text from adding segments or a query.
pub(crate) fn path_segment(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// Appends `text` as `application/x-www-form-urlencoded` in the download URL rule's canonical form:
/// space as `+`, unreserved bytes as they are, the rest `%XX`.
fn push_component(out: &mut String, text: &str) {
    for (i, part) in text.split(' ').enumerate() {
        if i > 0 {
            out.push('+');
        }
        out.extend(utf8_percent_encode(part, COMPONENT));
    }
}

/// A signed download URL (see `cld_sign::download`).
///
/// Its query is every signed pair in signing order (a list as one `name[]` per item), then
/// `api_key` and `signature`, percent-encoded canonically (`public_ids%5B%5D=…`, space as
/// `+`).
///
/// With feature `serde` it is serialized as `{"url": "https://api.cloudinary.com/…",
/// "signature": "<hex>"}`: what a route answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedDownloadUrl {
    url: String,
    query: Vec<(String, String)>,
    string_to_sign: String,
    signature: Signature,
}

impl SignedDownloadUrl {
    pub(crate) fn new(
        upload_prefix: &str,
        cloud_name: &str,
        path: &str,
        query: Vec<(String, String)>,
        string_to_sign: String,
        signature: Signature,
    ) -> Self {
        let mut url = format!("{upload_prefix}/v1_1/{}/{path}?", path_segment(cloud_name));
        for (i, (name, value)) in query.iter().enumerate() {
            if i > 0 {
                url.push('&');
            }
            push_component(&mut url, name);
            url.push('=');
            push_component(&mut url, value);
        }
        Self {
            url,
            query,
            string_to_sign,
            signature,
        }
    }

    /// The URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The query's pairs, decoded, in order: the signed pairs (`name[]` per list item), then
    /// `api_key` and `signature`.
    pub fn query_pairs(&self) -> impl ExactSizeIterator<Item = (&str, &str)> {
        self.query.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The string signed (without the secret).
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// The signature.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }
}

impl fmt::Display for SignedDownloadUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

/// `{"url": …, "signature": …}` (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for SignedDownloadUrl {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("SignedDownloadUrl", 2)?;
        s.serialize_field("url", &self.url)?;
        s.serialize_field("signature", &self.signature)?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::push_component;

    #[test]
    fn canonical_component_encoding() {
        let mut out = String::new();
        push_component(&mut out, "a b+c/é~-._*&=[]");
        assert_eq!(out, "a+b%2Bc%2F%C3%A9~-._%2A%26%3D%5B%5D");
    }
}
