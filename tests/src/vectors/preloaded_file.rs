//! `preloaded_file.json`: a preloaded-file text's verdict, its parts when it parses, or
//! the error kind.

use serde::Deserialize;

/// A case's input: the preloaded-file text and the verifier's signer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The preloaded-file text, e.g. `image/upload/v1/sample.jpg#<signature>`.
    pub preloaded: String,
    /// The API secret.
    pub secret: String,
    /// The algorithm's name.
    pub algorithm: String,
}

/// The verdict; the parts, when the text parses; the error kind, when it does not verify.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// Whether the text verifies.
    pub verify: bool,
    /// The public ID, when the text parses.
    pub public_id: Option<String>,
    /// The version, when the text parses.
    pub version: Option<String>,
    /// The format, when the text parses and has one.
    #[serde(default)]
    pub format: Option<String>,
    /// The error kind, when it does not verify.
    pub error: Option<String>,
}

impl Expected {
    /// The public ID, version and format the text parses into, if it does.
    pub fn parts(&self) -> Option<Parts> {
        Some((
            self.public_id.clone()?,
            self.version.clone()?,
            self.format.clone(),
        ))
    }
}

/// A preloaded file's public ID, version and format.
pub type Parts = (String, String, Option<String>);

impl super::Expected for Expected {
    /// The verified file's parts.
    type Output = Parts;

    fn outcome(&self) -> Result<Parts, &str> {
        match (self.verify, &self.error) {
            (true, None) => Ok(self.parts().expect("a verified file has its parts")),
            (false, Some(error)) => Err(error),
            _ => panic!("an error kind exactly when it does not verify: {self:?}"),
        }
    }
}
