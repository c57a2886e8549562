//! `url_signature.json`: the `s--…--` component of a path to sign.

use serde::Deserialize;

/// A case's input: the signer, the kind of signature and the path to sign.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The API secret.
    pub secret: String,
    /// The algorithm's name.
    pub algorithm: String,
    /// Whether the signature is the long (SHA-256) one.
    pub long: bool,
    /// The path to sign.
    pub to_sign: String,
}

/// The `s--…--` component.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The component, e.g. `s--y-tjJGJv--`.
    pub url_signature: String,
}

impl super::Expected for Expected {
    /// The component.
    type Output = String;

    fn outcome(&self) -> Result<String, &str> {
        Ok(self.url_signature.clone())
    }
}
