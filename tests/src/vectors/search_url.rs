//! `search_url.json`: a search URL's base64 query, string to sign, SHA-256 signature
//! (whatever the signer's algorithm) and URL.

use serde::Deserialize;
use serde_json::Value;

/// A case's input: the cloud, the secret, the query and its options.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The cloud name.
    pub cloud_name: String,
    /// The API secret.
    pub secret: String,
    /// The search query.
    pub query: Value,
    /// How long the URL lasts, in seconds.
    pub ttl: Option<u64>,
    /// The cursor of the next page.
    pub next_cursor: Option<String>,
}

/// The base64 query, string to sign, signature and URL (no case expects an error).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The query, base64.
    pub b64query: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The signature, hex.
    pub signature: String,
    /// The URL.
    pub url: String,
}

impl super::Expected for Expected {
    /// The base64 query, string to sign, signature and URL.
    type Output = [String; 4];

    fn outcome(&self) -> Result<Self::Output, &str> {
        Ok([
            self.b64query.clone(),
            self.string_to_sign.clone(),
            self.signature.clone(),
            self.url.clone(),
        ])
    }
}
