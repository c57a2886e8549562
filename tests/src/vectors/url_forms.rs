//! `url_forms.json`: the delivery URL each form of the builder prints.

use serde::Deserialize;

/// A case's input: the signer, the URL's parts and its form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The cloud name.
    pub cloud_name: String,
    /// The API secret.
    pub secret: String,
    /// The algorithm's name.
    pub algorithm: String,
    /// Whether the signature is the long (SHA-256) one.
    pub long: bool,
    /// The resource type, e.g. `image`.
    pub resource_type: String,
    /// The delivery type, e.g. `upload` (`type` in the file).
    #[serde(rename = "type")]
    pub delivery_type: String,
    /// The transformation.
    pub transformation: Option<String>,
    /// The version.
    pub version: Option<u64>,
    /// The public ID.
    pub public_id: String,
    /// The format (extension).
    pub format: Option<String>,
    /// The SEO suffix.
    pub url_suffix: Option<String>,
    /// Whether the URL uses the root path (no resource and delivery type).
    pub use_root_path: bool,
    /// Whether `image/upload` is shortened to `iu`.
    pub shorten: bool,
    /// Whether the host is the private CDN's.
    pub private_cdn: bool,
    /// The host, when given.
    pub host: Option<String>,
}

/// The URL.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The signed URL.
    pub url: String,
}

impl super::Expected for Expected {
    /// The URL.
    type Output = String;

    fn outcome(&self) -> Result<String, &str> {
        Ok(self.url.clone())
    }
}
