//! `upload_params.json`: an upload's fields sent, string to sign and signature, or the
//! error kind.

use cld_sign::{Algorithm, ApiSecret, Error, Signer, Timestamp};
use serde::Deserialize;
use serde_json::Value;

/// A case's input: SDK-style upload options, the signer, the API key and the time.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The SDK-style upload options.
    pub options: Value,
    /// The API secret.
    pub secret: String,
    /// The algorithm's name.
    pub algorithm: String,
    /// The API key.
    pub api_key: String,
    /// The time, in seconds since the epoch.
    pub timestamp: u64,
}

impl Input {
    /// The case's signer: its secret and algorithm.
    pub fn signer(&self) -> Result<Signer, Error> {
        let algorithm: Algorithm = self.algorithm.parse()?;
        Ok(Signer::new(ApiSecret::new(&self.secret)?).with_algorithm(algorithm))
    }

    /// The case's time.
    pub fn timestamp(&self) -> Timestamp {
        Timestamp::from_secs(self.timestamp)
    }
}

/// The fields sent, the string to sign and the signature, or the error kind.
#[derive(Debug, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Expected {
    /// The upload signs.
    Signed {
        /// The fields sent, by name, the signature not among them.
        fields: Vec<(String, String)>,
        /// The string to sign.
        string_to_sign: String,
        /// The signature, hex.
        signature: String,
    },
    /// The options are refused.
    Refused {
        /// The error kind.
        error: String,
    },
}

/// The fields a form sends (the signature last), its string to sign and signature.
pub type Sent = (Vec<(String, String)>, String, String);

impl super::Expected for Expected {
    type Output = Sent;

    fn outcome(&self) -> Result<Sent, &str> {
        match self {
            Self::Signed {
                fields,
                string_to_sign,
                signature,
            } => Ok((fields.clone(), string_to_sign.clone(), signature.clone())),
            Self::Refused { error } => Err(error),
        }
    }
}
