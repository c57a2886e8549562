//! `delivery_url.json`: a signed delivery URL's path to sign and full URL.

use serde::Deserialize;

use super::Version;

/// A case's input: the signer and the URL's parts.
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
    pub version: Option<Version>,
    /// The public ID.
    pub public_id: String,
    /// The format (extension).
    pub format: Option<String>,
}

/// The path to sign and the URL.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The path to sign.
    pub to_sign: String,
    /// The signed URL.
    pub url: String,
}

impl super::Expected for Expected {
    /// The path to sign and the URL.
    type Output = (String, String);

    fn outcome(&self) -> Result<Self::Output, &str> {
        Ok((self.to_sign.clone(), self.url.clone()))
    }
}
