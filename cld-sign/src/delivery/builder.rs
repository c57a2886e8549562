//! Building signed delivery URLs, and escaping public IDs for them (SPEC §3).

use std::fmt::Write as _;

use super::url_signature::UrlSignatureKind;
use crate::signer::Signer;

/// The host of the URLs [`DeliveryUrl`] builds.
pub const DELIVERY_HOST: &str = "res.cloudinary.com";

/// A signed delivery URL, built from its parts (SPEC §3):
///
/// `https://res.cloudinary.com/<cloud>/<resource_type>/<type>/s--SIG--/<transformation>/v<version>/<public_id>.<format>`
///
/// It outputs exactly the parts it is given: no transformation, version or format unless
/// set (the SDKs add `v1` for public IDs in a folder; pass it with
/// [`version`](Self::version) if you want it). The public ID is given unescaped and escaped
/// with [`escape_public_id`]. Resource type and delivery type default to `image` and
/// `upload`. The signature covers the transformation, the escaped public ID and the format,
/// never the version.
///
/// ```
/// use cld_sign::{ApiSecret, DeliveryUrl, Signer};
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let url = DeliveryUrl::new("demo", "sample")
///     .transformation("c_fill,h_150,w_100")
///     .sign(&signer);
/// assert_eq!(
///     url,
///     "https://res.cloudinary.com/demo/image/upload/s--UhxSFlP8--/c_fill,h_150,w_100/sample"
/// );
/// signer.verify_delivery_url(&url)?;
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryUrl<'a> {
    cloud_name: &'a str,
    resource_type: &'a str,
    delivery_type: &'a str,
    transformation: Option<&'a str>,
    version: Option<u64>,
    public_id: &'a str,
    format: Option<&'a str>,
    kind: UrlSignatureKind,
}

impl<'a> DeliveryUrl<'a> {
    /// The URL of `public_id` (unescaped) in `cloud_name`, as an `image` of type `upload`,
    /// with a short signature.
    pub fn new(cloud_name: &'a str, public_id: &'a str) -> Self {
        Self {
            cloud_name,
            resource_type: "image",
            delivery_type: "upload",
            transformation: None,
            version: None,
            public_id,
            format: None,
            kind: UrlSignatureKind::Short,
        }
    }

    /// The resource type: `image` (default), `video`, `raw`.
    #[must_use]
    pub fn resource_type(mut self, resource_type: &'a str) -> Self {
        self.resource_type = resource_type;
        self
    }

    /// The delivery type: `upload` (default), `private`, `authenticated`, `fetch`, ...
    #[must_use]
    pub fn delivery_type(mut self, delivery_type: &'a str) -> Self {
        self.delivery_type = delivery_type;
        self
    }

    /// The transformation, as raw URL text (`c_fill,h_150,w_100`, chained with `/`).
    /// Empty means none.
    #[must_use]
    pub fn transformation(mut self, transformation: &'a str) -> Self {
        self.transformation = Some(transformation).filter(|t| !t.is_empty());
        self
    }

    /// The version: adds the (unsigned) `v<version>` component.
    #[must_use]
    pub fn version(mut self, version: u64) -> Self {
        self.version = Some(version);
        self
    }

    /// The format (file extension, without the dot). Empty means none.
    #[must_use]
    pub fn format(mut self, format: &'a str) -> Self {
        self.format = Some(format).filter(|f| !f.is_empty());
        self
    }

    /// Short (default) or long signature.
    #[must_use]
    pub fn signature_kind(mut self, kind: UrlSignatureKind) -> Self {
        self.kind = kind;
        self
    }

    /// The path that is signed: `<transformation>/<escaped public ID>.<format>`.
    ///
    /// ```
    /// # use cld_sign::DeliveryUrl;
    /// let url = DeliveryUrl::new("demo", "my image (1)").version(1315060510).format("jpg");
    /// assert_eq!(url.to_sign(), "my%20image%20%281%29.jpg");
    /// ```
    pub fn to_sign(&self) -> String {
        let asset = self.asset();
        match self.transformation {
            Some(transformation) => format!("{transformation}/{asset}"),
            None => asset,
        }
    }

    /// The full signed URL.
    pub fn sign(&self, signer: &Signer) -> String {
        let signature = signer.url_signature(&self.to_sign(), self.kind);
        let mut url = format!(
            "https://{DELIVERY_HOST}/{}/{}/{}/{signature}/",
            self.cloud_name, self.resource_type, self.delivery_type
        );
        if let Some(transformation) = self.transformation {
            url.push_str(transformation);
            url.push('/');
        }
        if let Some(version) = self.version {
            let _ = write!(url, "v{version}/");
        }
        url.push_str(&self.asset());
        url
    }

    /// `<escaped public ID>.<format>`.
    fn asset(&self) -> String {
        let mut asset = escape_public_id(self.public_id);
        if let Some(format) = self.format {
            asset.push('.');
            asset.push_str(format);
        }
        asset
    }
}

/// Escapes a public ID for a delivery URL (SPEC §3): percent-decodes it once, then
/// percent-encodes (upper-case hex) every byte of the result outside
/// `A-Z a-z 0-9 - _ . / :`.
///
/// Decoding first means an ID given already escaped is not escaped twice; a `%` that does
/// not start a valid escape stays a literal `%` (and is then encoded as `%25`).
///
/// ```
/// use cld_sign::escape_public_id;
/// assert_eq!(escape_public_id("my image (1)"), "my%20image%20%281%29");
/// assert_eq!(escape_public_id("my%20image"), "my%20image");
/// assert_eq!(escape_public_id("100% real"), "100%25%20real");
/// assert_eq!(escape_public_id("folder/café"), "folder/caf%C3%A9");
/// ```
pub fn escape_public_id(public_id: &str) -> String {
    let mut escaped = String::with_capacity(public_id.len());
    for byte in percent_decode(public_id.as_bytes()) {
        if byte.is_ascii_alphanumeric() || b"-_./:".contains(&byte) {
            escaped.push(char::from(byte));
        } else {
            let _ = write!(escaped, "%{byte:02X}");
        }
    }
    escaped
}

/// The bytes of `text` with each valid `%XX` escape decoded (once).
fn percent_decode(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while let Some(&byte) = text.get(i) {
        let escape = match (byte, text.get(i + 1), text.get(i + 2)) {
            (b'%', Some(&hi), Some(&lo)) => hex_value(hi).zip(hex_value(lo)),
            _ => None,
        };
        match escape {
            Some((hi, lo)) => {
                out.push(hi << 4 | lo);
                i += 3;
            }
            None => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

fn hex_value(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|v| u8::try_from(v).ok())
}
