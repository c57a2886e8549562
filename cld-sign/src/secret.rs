//! The API secret: never empty, never shown, shared rather than copied, wiped on drop.

use std::fmt;
use std::sync::Arc;

use zeroize::Zeroizing;

use crate::error::Error;

/// A Cloudinary API secret.
///
/// It cannot be empty (the configuration rule (`cld_sign::Config`): an empty secret is an error at configuration time, never a
/// signature over nothing), and its text never appears in `Debug`, `Display` or any error.
/// Clones share one allocation (every [`Signer`](crate::Signer) and verifier holds a clone),
/// which is overwritten with zeros when the last clone is dropped. There is no `PartialEq`:
/// nothing in cld-sign compares secrets, and a derived comparison would not be constant-time.
///
/// ```
/// use cld_sign::ApiSecret;
/// let secret = ApiSecret::new("abcd")?;
/// assert_eq!(format!("{secret:?}"), "ApiSecret(<redacted>)");
/// assert!(ApiSecret::new("").is_err());
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone)]
pub struct ApiSecret(Arc<Zeroizing<String>>);

impl ApiSecret {
    /// Wraps a secret.
    ///
    /// # Errors
    /// [`Error::EmptySecret`] for an empty secret.
    pub fn new(secret: impl Into<String>) -> Result<Self, Error> {
        let secret = Zeroizing::new(secret.into());
        if secret.is_empty() {
            return Err(Error::EmptySecret);
        }
        Ok(Self(Arc::new(secret)))
    }

    /// The secret's text, for hashing. Named loudly so that a review spots every use.
    pub fn expose_secret(&self) -> &str {
        self.0.as_str()
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

#[cfg(test)]
mod tests {
    use super::ApiSecret;

    /// Both renderings say a secret is there and show none of it.
    #[test]
    fn debug_and_display_are_exactly_redacted() {
        let secret = ApiSecret::new("abcd-very-secret").unwrap();
        assert_eq!(format!("{secret:?}"), "ApiSecret(<redacted>)");
        assert_eq!(secret.to_string(), "<redacted>");
        assert_eq!(secret.expose_secret(), "abcd-very-secret");
    }
}
