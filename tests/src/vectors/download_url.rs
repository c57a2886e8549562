//! `download_url.json`: a download URL's string to sign, signature and URL.

use serde::Deserialize;
use serde_json::Value;

/// A case's input: the kind of download, the signer, the API key, the time and the
/// SDK-style options.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The kind of download, e.g. `private`.
    pub kind: String,
    /// The cloud name.
    pub cloud_name: String,
    /// The API key.
    pub api_key: String,
    /// The API secret.
    pub secret: String,
    /// The algorithm's name.
    pub algorithm: String,
    /// The time, in seconds since the epoch.
    pub timestamp: u64,
    /// The SDK-style options.
    pub options: Value,
}

/// The string to sign, the signature and the URL (no case expects an error).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The string to sign.
    pub string_to_sign: String,
    /// The signature, hex.
    pub signature: String,
    /// The URL.
    pub url: String,
}

impl super::Expected for Expected {
    /// The string to sign, the signature and the URL.
    type Output = (String, String, String);

    fn outcome(&self) -> Result<Self::Output, &str> {
        Ok((
            self.string_to_sign.clone(),
            self.signature.clone(),
            self.url.clone(),
        ))
    }
}
