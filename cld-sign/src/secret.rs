//! The API secret: never empty, never shown.

use std::fmt;

use crate::error::Error;

/// A Cloudinary API secret.
///
/// It cannot be empty (SPEC §6: an empty secret is an error at configuration time, never a
/// signature over nothing), and its text never appears in `Debug`, `Display` or any error.
///
/// ```
/// use cld_sign::ApiSecret;
/// let secret = ApiSecret::new("abcd")?;
/// assert_eq!(format!("{secret:?}"), "ApiSecret(<redacted>)");
/// assert!(ApiSecret::new("").is_err());
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiSecret(Box<str>);

impl ApiSecret {
    /// Wraps a secret, refusing an empty one with [`Error::EmptySecret`].
    pub fn new(secret: impl Into<String>) -> Result<Self, Error> {
        let secret = secret.into();
        if secret.is_empty() {
            return Err(Error::EmptySecret);
        }
        Ok(Self(secret.into_boxed_str()))
    }

    /// The secret's text, for hashing. Named loudly so that a review spots every use.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiSecret(<redacted>)")
    }
}

impl fmt::Display for ApiSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl std::str::FromStr for ApiSecret {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::new(s)
    }
}
