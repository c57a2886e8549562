//! The auth token a delivery URL of an authenticated asset carries in its query.

use std::net::IpAddr;

use super::token::{AuthToken, Expiry, SignedAuthToken, TokenKey};
use crate::error::Error;
use crate::timestamp::Timestamp;

/// The token settings of a delivery URL ([`DeliveryUrl::with_auth_token`](super::DeliveryUrl::with_auth_token)):
/// the token key, when the token expires, and what else it says.
///
/// As Cloudinary's SDKs attach it (pycloudinary `cloudinary_url(…, sign_url=True,
/// auth_token={…})`, cloudinary_npm `url()`), the URL gets `?<token name>=<token>` where the
/// token grants the URL's own path (`/image/authenticated/v1/sample.jpg`, with
/// `/<cloud>` in front on the shared host), signed into its hmac and not written in it.
/// With [`with_acl`](Self::with_acl) the token grants those ACL patterns instead. A token
/// takes the place of the `s--…--` signature unless
/// [`with_url_signature`](Self::with_url_signature) asks for both (pycloudinary's
/// `set_url_signature`); then the path the token grants holds the signature.
///
/// ```
/// use std::time::Duration;
/// use cld_sign::delivery::{AuthTokenVerifier, DeliveryToken, DeliveryUrl, Expiry, TokenKey, TokenTarget};
/// use cld_sign::{ApiSecret, Signer, Timestamp, UrlSettings};
///
/// let key = TokenKey::from_hex("00112233FF99")?;
/// let token = DeliveryToken::new(key.clone(), Expiry::After(Duration::from_secs(300)))
///     .with_start_time(Timestamp::from_secs(11111111))?;
/// let settings = UrlSettings::default().with_secure(false).with_private_cdn(true);
/// let url = DeliveryUrl::new("test123", "sample")
///     .with_format("jpg")
///     .with_delivery_type("authenticated")
///     .with_version(1486020273)
///     .with_url_settings(&settings)
///     .with_auth_token(&token)
///     .sign(&Signer::new(ApiSecret::new("b")?))?;
/// // pycloudinary's test/test_auth_token.py
/// // (test_should_compute_expiration_as_start_time_plus_duration).
/// assert_eq!(
///     url,
///     "http://test123-res.cloudinary.com/image/authenticated/v1486020273/sample.jpg\
///      ?__cld_token__=st=11111111~exp=11111411~hmac=\
///      8db0d753ee7bbb9e2eaf8698ca3797436ba4c20e31f44527e43b6a6e995cfdb3"
/// );
/// assert!(url.signature().is_none());
/// // The token grants the URL's path.
/// let value = url.token().map(|t| t.value()).unwrap_or_default();
/// let now = Timestamp::from_secs(11111200);
/// AuthTokenVerifier::new(key)
///     .verify_at(value, TokenTarget::Url("/image/authenticated/v1486020273/sample.jpg"), None, now)?;
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct DeliveryToken {
    key: TokenKey,
    expiry: Expiry,
    start: Option<Timestamp>,
    ip: Option<IpAddr>,
    token_name: Option<String>,
    acls: Vec<String>,
    url_signature: bool,
}

impl DeliveryToken {
    /// A token made with `key`, expiring as `expiry` says; it grants the URL's path.
    pub fn new(key: TokenKey, expiry: Expiry) -> Self {
        Self {
            key,
            expiry,
            start: None,
            ip: None,
            token_name: None,
            acls: Vec::new(),
            url_signature: false,
        }
    }

    /// The time from which the token is valid (`st`).
    ///
    /// # Errors
    /// [`Error::StartAfterExpiry`] if it is after an [`Expiry::At`].
    pub fn with_start_time(mut self, start: Timestamp) -> Result<Self, Error> {
        // The same check as the token's own, made now rather than when signing.
        AuthToken::for_acl("/", self.expiry)?.with_start_time(start)?;
        self.start = Some(start);
        Ok(self)
    }

    /// Restricts the token to this client IP address (`ip`).
    #[must_use]
    pub fn with_ip(mut self, ip: IpAddr) -> Self {
        self.ip = Some(ip);
        self
    }

    /// Names the token `name` instead of `__cld_token__`. A name other than one or more of
    /// `A-Z a-z 0-9 _ -` makes signing the URL fail with
    /// [`Error::MalformedTokenName`](crate::Error::MalformedTokenName).
    #[must_use]
    pub fn with_token_name(mut self, name: impl Into<String>) -> Self {
        self.token_name = Some(name.into());
        self
    }

    /// Grants this ACL pattern (`/image/authenticated/*`) instead of the URL's path; may be
    /// called several times.
    #[must_use]
    pub fn with_acl(mut self, pattern: impl Into<String>) -> Self {
        self.acls.push(pattern.into());
        self
    }

    /// Also puts the `s--…--` signature in the URL (pycloudinary's `set_url_signature`).
    #[must_use]
    pub fn with_url_signature(mut self, yes: bool) -> Self {
        self.url_signature = yes;
        self
    }

    /// Whether the URL also carries its `s--…--` signature.
    pub(crate) fn url_signature(&self) -> bool {
        self.url_signature
    }

    /// The token for the URL path `path` (from the first `/` after the host), at `now`.
    pub(crate) fn sign_at(&self, path: &str, now: Timestamp) -> Result<SignedAuthToken, Error> {
        let mut grant = if self.acls.is_empty() {
            AuthToken::for_url(path, self.expiry)
        } else {
            AuthToken::for_acls(self.acls.iter().cloned(), self.expiry)?
        };
        if let Some(ip) = self.ip {
            grant = grant.with_ip(ip);
        }
        if let Some(start) = self.start {
            grant = grant.with_start_time(start)?;
        }
        if let Some(name) = &self.token_name {
            grant = grant.with_token_name(name.clone())?;
        }
        grant.sign_at(&self.key, now)
    }
}
