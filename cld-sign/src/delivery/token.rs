//! Authentication tokens for token-based access to authenticated assets (see `cld_sign::delivery`).
//!
//! `__cld_token__=[ip=<ip>~][st=<start>~]exp=<expiry>[~acl=<escaped acl>]~hmac=<hex>`, where
//! hmac = HMAC-SHA256, keyed with the hex-decoded token key, over the same parts joined with
//! `~` (without `hmac`), plus `~url=<escaped url>` when no ACL is given.

use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sha2::digest::Output;
use sha2::{Digest, Sha256};
use zeroize::{ZeroizeOnDrop, Zeroizing};

use crate::algorithm::Algorithm;
use crate::error::{Error, SignatureProblem, UrlProblem};
use crate::signature::Signature;
use crate::timestamp::Timestamp;

/// The token name used when none is given: `__cld_token__`.
pub const DEFAULT_TOKEN_NAME: &str = "__cld_token__";

/// The ASCII characters escaped in an ACL or URL (see `cld_sign::delivery`); everything else stays as it is.
const ESCAPED: &[u8] = b" \"#%&'/:;<=>?@[\\]^`{|}~";

/// The key that signs auth tokens: the hex string from the console, decoded.
///
/// It is secret: `Debug` shows `TokenKey(<redacted>)`, there is no `Display`, and no error
/// ever contains it. It is decoded straight into the one buffer that holds it, shared by
/// clones and overwritten with zeros when the last clone is dropped (`ZeroizeOnDrop`);
/// signing copies it only into buffers that are wiped the same way.
///
/// ```
/// use cld_sign::delivery::TokenKey;
/// use cld_sign::ErrorKind;
/// let key: TokenKey = "00112233FF99".parse()?;
/// assert_eq!(format!("{key:?}"), "TokenKey(<redacted>)");
/// assert_eq!(TokenKey::from_hex("0011zz").unwrap_err().kind(), ErrorKind::MalformedTokenKey);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone)]
pub struct TokenKey(Arc<KeyBlock>);

/// SHA-256's block size: an HMAC key block's length.
const BLOCK: usize = 64;

/// The HMAC key block (K' of RFC 2104): the decoded key padded with zeros to [`BLOCK`]
/// bytes, or, for a longer key, its SHA-256 digest padded so. Wiped on drop.
type KeyBlock = Zeroizing<[u8; BLOCK]>;

/// The key is wiped when the last clone is dropped: its one buffer is a [`Zeroizing`].
impl ZeroizeOnDrop for TokenKey {}

impl TokenKey {
    /// Decodes the key from hex (either case). Clones share the decoded bytes, which are
    /// overwritten with zeros when the last clone is dropped.
    ///
    /// # Errors
    /// [`Error::MalformedTokenKey`] if it is empty, has an odd number of digits or a
    /// character that is not a hex digit.
    pub fn from_hex(hex: &str) -> Result<Self, Error> {
        if hex.is_empty() || !hex.len().is_multiple_of(2) {
            return Err(Error::MalformedTokenKey);
        }
        let len = hex.len() / 2;
        // Allocated first and filled in place: a block built on the stack and then moved
        // into the `Arc` would leave a copy of the key behind.
        let mut block = Arc::new(Zeroizing::new([0; BLOCK]));
        let Some(slot) = Arc::get_mut(&mut block) else {
            unreachable!("a new Arc has one owner")
        };
        let malformed = |_| Error::MalformedTokenKey;
        if len <= BLOCK {
            hex::decode_to_slice(hex, &mut slot[..len]).map_err(malformed)?;
        } else {
            // HMAC hashes a key longer than a block; the hasher wipes itself on drop.
            let mut long = Zeroizing::new(vec![0; len]);
            hex::decode_to_slice(hex, &mut long).map_err(malformed)?;
            let Ok(digest) = <&mut Output<Sha256>>::try_from(&mut slot[..32]) else {
                unreachable!("32 bytes are a SHA-256 output")
            };
            Sha256::new()
                .chain_update(long.as_slice())
                .finalize_into(digest);
        }
        Ok(Self(block))
    }

    /// HMAC-SHA256 over `parts`, plus `~url=<escaped url>` when a URL is signed.
    ///
    /// RFC 2104 over `sha2`, rather than the `hmac` crate, whose key setup copies the key
    /// into a stack block it never wipes: here the key block is XORed into one
    /// [`Zeroizing`] pad, and the SHA-256 hashers that read it wipe their state on drop.
    fn hmac(&self, parts: &str, url: Option<&str>) -> Signature {
        let mut pad = Zeroizing::new([0; BLOCK]);
        xor_pad(&mut pad, &self.0, IPAD);
        let mut inner = Sha256::new().chain_update(pad.as_slice());
        inner.update(parts.as_bytes());
        if let Some(url) = url {
            inner.update(b"~url=");
            inner.update(escape(url).as_bytes());
        }
        let inner = inner.finalize();
        xor_pad(&mut pad, &self.0, OPAD);
        let digest = Sha256::new()
            .chain_update(pad.as_slice())
            .chain_update(inner)
            .finalize();
        match Signature::from_digest(Algorithm::Sha256, &digest) {
            Some(signature) => signature,
            None => unreachable!("HMAC-SHA256 gives 32 bytes"),
        }
    }
}

/// HMAC's inner and outer pad bytes (RFC 2104).
const IPAD: u8 = 0x36;
const OPAD: u8 = 0x5c;

/// `pad` = the key block XOR `byte`, byte by byte.
fn xor_pad(pad: &mut [u8; BLOCK], key: &[u8; BLOCK], byte: u8) {
    for (out, key) in pad.iter_mut().zip(key) {
        *out = key ^ byte;
    }
}

/// A token that does not match: there is no string to show (it would be the token itself).
const MISMATCH: Error = Error::Mismatch {
    string_to_sign: None,
};

impl fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenKey(<redacted>)")
    }
}

impl FromStr for TokenKey {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::from_hex(s)
    }
}

/// Verifies received auth tokens with a [`TokenKey`] (see `cld_sign::delivery`).
///
/// A token is checked for what it grants (a [`TokenTarget`]), the client's IP when it names
/// one, and its validity window: [`verify_at`](Self::verify_at) takes the time, and
/// [`verify`](Self::verify) reads the system clock. The result is the token's claims
/// ([`VerifiedAuthToken`]).
///
/// ```
/// use std::time::Duration;
/// use cld_sign::delivery::{AuthToken, AuthTokenVerifier, Expiry, TokenKey, TokenTarget};
/// use cld_sign::{ErrorKind, Timestamp};
///
/// let key = TokenKey::from_hex("00112233FF99")?;
/// let now = Timestamp::from_secs(1700000000);
/// let token = AuthToken::for_acl("/image/*", Expiry::After(Duration::from_secs(600)))?.sign_at(&key, now)?;
///
/// let verifier = AuthTokenVerifier::new(key);
/// let verified = verifier.verify_at(token.value(), TokenTarget::Acl("/image/*"), None, now)?;
/// assert_eq!(verified.expiration(), Timestamp::from_secs(1700000600));
/// // An ACL token grants the URLs its patterns match.
/// verifier.verify_at(token.value(), TokenTarget::Url("/image/upload/sample.jpg"), None, now)?;
/// let outside = verifier.verify_at(token.value(), TokenTarget::Url("/video/upload/dog.mp4"), None, now);
/// assert_eq!(outside.unwrap_err().kind(), ErrorKind::Mismatch);
/// let climbing = verifier.verify_at(token.value(), TokenTarget::Url("/image/../video/x.mp4"), None, now);
/// assert_eq!(climbing.unwrap_err().kind(), ErrorKind::MalformedUrl);
/// let late = verifier.verify_at(token.value(), TokenTarget::Acl("/image/*"), None, Timestamp::from_secs(1700000601));
/// assert_eq!(late.unwrap_err().kind(), ErrorKind::Expired);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct AuthTokenVerifier {
    key: TokenKey,
}

impl AuthTokenVerifier {
    /// A verifier of tokens signed with `key`.
    pub fn new(key: TokenKey) -> Self {
        Self { key }
    }

    /// Verifies a token for `target`, requested by `client_ip`, against the system clock:
    /// [`verify_at`](Self::verify_at) with [`Timestamp::now`].
    ///
    /// # Errors
    /// As [`verify_at`](Self::verify_at).
    pub fn verify(
        &self,
        token: &str,
        target: TokenTarget<'_>,
        client_ip: Option<IpAddr>,
    ) -> Result<VerifiedAuthToken, Error> {
        self.verify_at(token, target, client_ip, Timestamp::now())
    }

    /// Verifies a token for `target`, requested by `client_ip`, at time `now`.
    ///
    /// `token` is the token's value: what follows `__cld_token__=` (or the custom token
    /// name) in the query string or cookie. The hmac must be the 64 lower-case hex digits
    /// that [`AuthToken::sign`] writes; it is compared in constant time. Then the token
    /// must grant `target`, be used from its IP when it names one (an IPv4-mapped IPv6
    /// address such as `::ffff:10.0.0.1` is the IPv4 address, whichever side has it), start
    /// no later than `now` and expire no earlier (the expiry second is still valid).
    ///
    /// A [`TokenTarget::Url`] is the request path, as received or decoded: it is decoded
    /// once by [`canonical_token_path`], which refuses what a server could read as another
    /// path (`..` segments, `//`, encoded separators, double encoding, overlong UTF-8,
    /// look-alike dots and slashes), since an ACL such as `/image/*` would otherwise grant
    /// `/image/../video/secret.mp4`. ACL patterns are matched against the decoded path; a
    /// token signed for one URL (no ACL) is checked against the path exactly as given, which
    /// must be the text it was signed for (Cloudinary's SDKs sign the percent-encoded path
    /// of the URL they build).
    ///
    /// # Errors
    /// [`Error::MalformedUrl`] (a URL path that [`canonical_token_path`] refuses),
    /// [`Error::MalformedSignature`] (no hmac, or not 64 lower-case hex digits),
    /// [`Error::MissingExpiration`] (no `exp`), [`Error::MalformedTimestamp`] (`st` or `exp`
    /// not digits), [`Error::Mismatch`] (wrong hmac, another ACL, a URL outside the ACL, an
    /// unknown part), [`Error::WrongClientIp`] (the token names an IP and `client_ip` is
    /// another or none), [`Error::FromFuture`] (before `st`; `max_skew` 0) and
    /// [`Error::Expired`] (after `exp`; `age` and `valid_for` count from `st`, or, without
    /// one, `age` is the time since `exp` and `valid_for` 0).
    pub fn verify_at(
        &self,
        token: &str,
        target: TokenTarget<'_>,
        client_ip: Option<IpAddr>,
        now: Timestamp,
    ) -> Result<VerifiedAuthToken, Error> {
        let target = match target {
            TokenTarget::Acl(acl) => Checked::Acl(acl),
            TokenTarget::Url(given) => Checked::Url {
                given,
                path: canonical_token_path(given)?,
            },
        };
        let (signed, hmac_hex) = token
            .rsplit_once("~hmac=")
            .ok_or(Error::MalformedSignature {
                reason: SignatureProblem::Missing,
            })?;
        // Only the lower-case form is written, so only it is accepted: every byte counts.
        if !hmac_hex
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Err(Error::MalformedSignature {
                reason: SignatureProblem::NotHex,
            });
        }
        let received = Signature::from_hex(Algorithm::Sha256, hmac_hex)?;
        let parts = TokenParts::parse(signed)?;
        let url = match (parts.escaped_acl, &target) {
            (None, Checked::Url { given, .. }) => Some(*given),
            (Some(_), _) => None,
            (None, Checked::Acl(_)) => {
                return Err(MISMATCH);
            }
        };
        if !self.key.hmac(signed, url).ct_eq(&received) {
            return Err(MISMATCH);
        }
        if let Some(escaped_acl) = parts.escaped_acl {
            let granted = match &target {
                Checked::Acl(acl) => escaped_acl == escape(acl),
                Checked::Url { path, .. } => unescape(escaped_acl)
                    .split('!')
                    .any(|pattern| glob_matches(pattern, path)),
            };
            if !granted {
                return Err(MISMATCH);
            }
        }
        let ip = match parts.ip {
            Some(text) => {
                // A token signed over an IP that is not an address was not made by `AuthToken::sign`.
                let ip: IpAddr = text.parse().map_err(|_| MISMATCH)?;
                // An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, how a dual-stack server
                // sees an IPv4 client) is its IPv4 address, on either side.
                if client_ip.map(|client| client.to_canonical()) != Some(ip.to_canonical()) {
                    return Err(Error::WrongClientIp);
                }
                Some(ip)
            }
            None => None,
        };

        let now = now.as_secs();
        if let Some(start) = parts.start_time.filter(|&start| start > now) {
            return Err(Error::FromFuture {
                ahead: start - now,
                max_skew: 0,
            });
        }
        if now > parts.expiration {
            let (age, valid_for) = match parts.start_time {
                Some(start) => (now - start, parts.expiration.saturating_sub(start)),
                None => (now - parts.expiration, 0),
            };
            return Err(Error::Expired { age, valid_for });
        }
        Ok(VerifiedAuthToken {
            ip,
            start_time: parts.start_time.map(Timestamp::from_secs),
            expiration: Timestamp::from_secs(parts.expiration),
        })
    }
}

/// An auth token to sign: what it grants and for how long. [`sign`](Self::sign) (or
/// [`sign_at`](Self::sign_at)) signs it with a [`TokenKey`] into a [`SignedAuthToken`].
///
/// Built so that it cannot be invalid: what it grants (one or several ACLs, or one URL) and
/// its [`Expiry`] are chosen by the constructor; a start time after a fixed expiration is
/// refused when it is set. The setters consume the token (`with_ip`, `with_start_time`,
/// `with_token_name`); those that can refuse their value return a `Result`.
/// [`TokenOptions`] reads the options of Cloudinary's SDKs (`acl`, `url`, `start_time`,
/// `duration`, `expiration`, `ip`, `token_name`) into one.
///
/// ```
/// use cld_sign::delivery::{AuthToken, Expiry, TokenKey};
/// use cld_sign::Timestamp;
/// let key = TokenKey::from_hex("00112233FF99")?;
/// let token = AuthToken::for_acls(["/image/*", "/video/*"], Expiry::At(Timestamp::from_secs(1234567890)))?
///     .with_token_name("my_token")?;
/// assert_eq!(
///     token.sign(&key)?.to_string(),
///     "my_token=exp=1234567890~acl=%2fimage%2f*!%2fvideo%2f*~hmac=\
///      036923fae29792c04d23b615dc8c9b9081a4cd91d7ae08c788c7ee929a11ad9a"
/// );
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthToken {
    grant: Grant,
    expiry: Expiry,
    ip: Option<IpAddr>,
    start: Option<Timestamp>,
    token_name: Option<String>,
}

/// What a token grants: ACL patterns, or one URL path (signed into the hmac, not sent).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Grant {
    Acls(Vec<String>),
    Url(String),
}

/// When a token expires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Expiry {
    /// At this time: the last second at which the token is valid.
    At(Timestamp),
    /// This long after the token's start time, or after `now` when it has none.
    After(Duration),
}

impl AuthToken {
    /// A token for one ACL pattern, such as `/image/*` (`*` matches any text).
    ///
    /// The pattern may not hold `!`: a token joins its ACLs with `!`, and every verifier
    /// (Cloudinary's CDN too) splits them there, so `/image/upload/users/eve!*/*`, made from
    /// a user's folder name `eve!*`, would grant `*`: every asset. Keep `!` out of any text
    /// a user chose before putting it in a pattern, and give several patterns with
    /// [`for_acls`](Self::for_acls).
    ///
    /// # Errors
    /// [`Error::MalformedAcl`] if the pattern holds `!`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use cld_sign::delivery::{AuthToken, Expiry};
    /// use cld_sign::ErrorKind;
    /// let expiry = Expiry::After(Duration::from_secs(300));
    /// AuthToken::for_acl("/image/upload/users/eve/*", expiry)?;
    /// let err = AuthToken::for_acl("/image/upload/users/eve!*/*", expiry).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::MalformedAcl);
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn for_acl(acl: impl Into<String>, expiry: Expiry) -> Result<Self, Error> {
        Self::for_acls([acl], expiry)
    }

    /// A token for several ACL patterns (joined with `!` in the token).
    ///
    /// # Errors
    /// [`Error::MissingAclOrUrl`] for an empty list; [`Error::MalformedAcl`] (with its
    /// position) for a pattern holding `!`, the separator (see [`for_acl`](Self::for_acl)).
    pub fn for_acls<I>(acls: I, expiry: Expiry) -> Result<Self, Error>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let acls: Vec<String> = acls.into_iter().map(Into::into).collect();
        if acls.is_empty() {
            return Err(Error::MissingAclOrUrl);
        }
        if let Some(at) = acls.iter().position(|acl| acl.contains('!')) {
            return Err(Error::MalformedAcl { item: at + 1 });
        }
        Ok(Self::new(Grant::Acls(acls), expiry))
    }

    /// A token for exactly one URL path, which is signed into the token but not sent.
    pub fn for_url(url: impl Into<String>, expiry: Expiry) -> Self {
        Self::new(Grant::Url(url.into()), expiry)
    }

    fn new(grant: Grant, expiry: Expiry) -> Self {
        Self {
            grant,
            expiry,
            ip: None,
            start: None,
            token_name: None,
        }
    }

    /// Restricts the token to this client IP address.
    #[must_use]
    pub fn with_ip(mut self, ip: IpAddr) -> Self {
        self.ip = Some(ip);
        self
    }

    /// The time from which the token is valid.
    ///
    /// # Errors
    /// [`Error::StartAfterExpiry`] if it is after an [`Expiry::At`].
    pub fn with_start_time(mut self, start: Timestamp) -> Result<Self, Error> {
        check_start(start, self.expiry)?;
        self.start = Some(start);
        Ok(self)
    }

    /// Names the token `name` instead of [`DEFAULT_TOKEN_NAME`]: one or more of
    /// `A-Z a-z 0-9 _ -`. The name is written as it is before the token's `=`, in a query
    /// string or a cookie, so nothing else is a name.
    ///
    /// # Errors
    /// [`Error::MalformedTokenName`] for any other name.
    ///
    /// ```
    /// use std::time::Duration;
    /// use cld_sign::delivery::{AuthToken, Expiry};
    /// use cld_sign::ErrorKind;
    /// let grant = AuthToken::for_acl("/image/*", Expiry::After(Duration::from_secs(300)))?;
    /// grant.clone().with_token_name("my_token")?;
    /// let err = grant.with_token_name("x=1&__cld_token__").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::MalformedTokenName);
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn with_token_name(mut self, name: impl Into<String>) -> Result<Self, Error> {
        let name = name.into();
        if !is_token_name(&name) {
            return Err(Error::MalformedTokenName { name });
        }
        self.token_name = Some(name);
        Ok(self)
    }

    /// Signs the token with `key` against the system clock: [`sign_at`](Self::sign_at) with
    /// [`Timestamp::now`], which starts a validity given as a duration without a start time.
    ///
    /// # Errors
    /// As [`sign_at`](Self::sign_at).
    pub fn sign(&self, key: &TokenKey) -> Result<SignedAuthToken, Error> {
        self.sign_at(key, Timestamp::now())
    }

    /// Signs the token with `key`, with `now` as the start of a validity given as a
    /// duration without a start time.
    ///
    /// # Errors
    /// [`Error::StartAfterExpiry`] if `now` is the start and is after a fixed expiration.
    ///
    /// ```
    /// use std::time::Duration;
    /// use cld_sign::delivery::{AuthToken, Expiry, TokenKey};
    /// use cld_sign::Timestamp;
    /// let key = TokenKey::from_hex("00112233FF99")?;
    /// let token = AuthToken::for_acl("/image/*", Expiry::After(Duration::from_secs(300)))?
    ///     .with_start_time(Timestamp::from_secs(1111111111))?
    ///     .sign_at(&key, Timestamp::from_secs(1700000000))?;
    /// assert_eq!(
    ///     token.to_string(),
    ///     "__cld_token__=st=1111111111~exp=1111111411~acl=%2fimage%2f*~hmac=\
    ///      1751370bcc6cfe9e03f30dd1a9722ba0f2cdca283fa3e6df3342a00a7528cc51"
    /// );
    /// assert_eq!(token.name(), "__cld_token__");
    /// assert!(token.value().starts_with("st=1111111111~"));
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn sign_at(&self, key: &TokenKey, now: Timestamp) -> Result<SignedAuthToken, Error> {
        let token = self;
        let expiration = token.expiration_at(now)?;
        let mut value = String::new();
        if let Some(ip) = &token.ip {
            value.push_str(&format!("ip={ip}~"));
        }
        if let Some(start) = token.start {
            value.push_str(&format!("st={start}~"));
        }
        value.push_str(&format!("exp={expiration}"));
        let url = match &token.grant {
            Grant::Acls(acls) => {
                value.push_str("~acl=");
                escape_into(&mut value, &acls.join("!"));
                None
            }
            Grant::Url(url) => Some(url.as_str()),
        };
        let hmac = key.hmac(&value, url);
        value.push_str("~hmac=");
        value.push_str(hmac.hex().as_str());
        Ok(SignedAuthToken {
            name: token.token_name.clone(),
            value,
        })
    }

    /// `exp`: the expiration, or start time (default `now`) + duration, saturating.
    fn expiration_at(&self, now: Timestamp) -> Result<Timestamp, Error> {
        match self.expiry {
            Expiry::At(expiration) => {
                check_start(self.start.unwrap_or(expiration), self.expiry)?;
                Ok(expiration)
            }
            Expiry::After(duration) => {
                let start = self.start.unwrap_or(now).as_secs();
                Ok(Timestamp::from_secs(
                    start.saturating_add(duration.as_secs()),
                ))
            }
        }
    }
}

/// Refuses a start after a fixed expiration.
fn check_start(start: Timestamp, expiry: Expiry) -> Result<(), Error> {
    match expiry {
        Expiry::At(expiration) if start > expiration => Err(Error::StartAfterExpiry {
            start: start.as_secs(),
            expiration: expiration.as_secs(),
        }),
        _ => Ok(()),
    }
}

/// The options of Cloudinary's SDKs for an auth token, as plain values: the way to build an
/// [`AuthToken`] from configuration or a command line.
///
/// ACLs win over a URL; an `expiration` wins over a `duration`.
///
/// ```
/// use cld_sign::delivery::{AuthToken, TokenKey, TokenOptions};
/// use cld_sign::{ErrorKind, Timestamp};
/// let mut options = TokenOptions::default();
/// options.acl.push("/image/*".to_owned());
/// options.start_time = Some(Timestamp::from_secs(1111111111));
/// options.duration = Some(std::time::Duration::from_secs(300));
/// let token = AuthToken::try_from(&options)?;
/// let key = TokenKey::from_hex("00112233FF99")?;
/// assert!(token.sign(&key)?.value().ends_with("cc51"));
///
/// options.ip = Some("10.0.0.1~st=1".to_owned());
/// assert_eq!(AuthToken::try_from(&options).unwrap_err().kind(), ErrorKind::UnsupportedValue);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenOptions {
    /// ACL patterns such as `/image/*`.
    pub acl: Vec<String>,
    /// The one URL path granted, when there is no ACL.
    pub url: Option<String>,
    /// The client IP the token is restricted to: an IPv4 or IPv6 address.
    pub ip: Option<String>,
    /// When the token starts being valid.
    pub start_time: Option<Timestamp>,
    /// How long the token is valid, from its start (or from `now`).
    pub duration: Option<Duration>,
    /// When the token expires; wins over `duration`.
    pub expiration: Option<Timestamp>,
    /// The token's name instead of [`DEFAULT_TOKEN_NAME`].
    pub token_name: Option<String>,
}

impl TryFrom<&TokenOptions> for AuthToken {
    type Error = Error;

    /// # Errors
    /// [`Error::MissingExpiration`] (neither `expiration` nor `duration`),
    /// [`Error::MissingAclOrUrl`], [`Error::MalformedAcl`] (an ACL holding `!`),
    /// [`Error::UnsupportedValue`] (an `ip` that is not an IP address: it would be written
    /// unescaped into the token), [`Error::StartAfterExpiry`], [`Error::MalformedTokenName`].
    fn try_from(options: &TokenOptions) -> Result<Self, Error> {
        let expiry = match (options.expiration, options.duration) {
            (Some(expiration), _) => Expiry::At(expiration),
            (None, Some(duration)) => Expiry::After(duration),
            (None, None) => return Err(Error::MissingExpiration),
        };
        let mut token = match (&options.acl[..], &options.url) {
            ([], Some(url)) => Self::for_url(url.clone(), expiry),
            ([], None) => return Err(Error::MissingAclOrUrl),
            (acls, _) => Self::for_acls(acls.iter().cloned(), expiry)?,
        };
        if let Some(ip) = &options.ip {
            let ip = ip.parse().map_err(|_| Error::UnsupportedValue {
                name: "ip".to_owned(),
                found: "text that is not an IPv4 or IPv6 address".to_owned(),
            })?;
            token = token.with_ip(ip);
        }
        if let Some(start) = options.start_time {
            token = token.with_start_time(start)?;
        }
        if let Some(name) = &options.token_name {
            token = token.with_token_name(name.clone())?;
        }
        Ok(token)
    }
}

/// A signed auth token ([`AuthToken::sign`]): its name and value. `Display` gives
/// `name=value`, as a query parameter or cookie; [`value`](Self::value) gives what
/// [`AuthTokenVerifier::verify`] takes.
///
/// With feature `serde` it is serialized as `{"name": "__cld_token__", "value":
/// "exp=…~hmac=…"}` and read back from the same object (`name` may be left out for the
/// default). It never holds the token key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedAuthToken {
    name: Option<String>,
    value: String,
}

impl SignedAuthToken {
    /// The token's name: [`DEFAULT_TOKEN_NAME`] unless another was set.
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or(DEFAULT_TOKEN_NAME)
    }

    /// The token's value: `[ip=…~][st=…~]exp=…[~acl=…]~hmac=…`.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for SignedAuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name(), self.value)
    }
}

/// What a token is checked against by [`AuthTokenVerifier::verify`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenTarget<'a> {
    /// The token must carry exactly this ACL (several joined with `!`, as generated).
    Acl(&'a str),
    /// The token must grant this URL path: its ACL has a pattern matching it (`*` matches
    /// any text), or, without an ACL, the URL was signed into it.
    Url(&'a str),
}

/// A [`TokenTarget`] as [`AuthTokenVerifier::verify`] checks it: a URL path also decoded once.
enum Checked<'a> {
    Acl(&'a str),
    Url {
        /// The path as given: what a token for this one URL signs.
        given: &'a str,
        /// The path decoded by [`canonical_token_path`]: what ACL patterns match.
        path: Cow<'a, str>,
    },
}

/// The claims of a token that [`AuthTokenVerifier::verify`] accepted.
///
/// With feature `serde` it is serialized as `{"ip": "…" | null, "start_time": <secs> |
/// null, "expiration": <secs>}`. It cannot be deserialized: only verification makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedAuthToken {
    ip: Option<IpAddr>,
    start_time: Option<Timestamp>,
    expiration: Timestamp,
}

impl VerifiedAuthToken {
    /// The client IP the token is restricted to, if any (already checked against the
    /// client's).
    pub fn ip(&self) -> Option<IpAddr> {
        self.ip
    }

    /// The start time, if the token has one.
    pub fn start_time(&self) -> Option<Timestamp> {
        self.start_time
    }

    /// The expiry: the last second at which the token is valid.
    pub fn expiration(&self) -> Timestamp {
        self.expiration
    }
}

/// Whether `name` can name a token: one or more of `A-Z a-z 0-9 _ -`. The name is written
/// unescaped before the token's `=`, in a query string or a cookie.
fn is_token_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// `{"name": …, "value": …}` (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for SignedAuthToken {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("SignedAuthToken", 2)?;
        s.serialize_field("name", self.name())?;
        s.serialize_field("value", &self.value)?;
        s.end()
    }
}

/// Read from `{"name": …, "value": …}` (feature `serde`): a name of one or more of
/// `A-Z a-z 0-9 _ -` (the default when left out), and a value of printable ASCII without
/// spaces, `;`, `,`, `"`, `\` or `&` that carries an `hmac=`, so it can be written into a
/// query string or a cookie as it is.
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> serde::Deserialize<'de> for SignedAuthToken {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;

        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Parts {
            #[serde(default)]
            name: Option<String>,
            value: String,
        }
        let Parts { name, value } = Parts::deserialize(deserializer)?;
        let refused = |name: &str, found: &str| {
            D::Error::custom(Error::UnsupportedValue {
                name: name.to_owned(),
                found: found.to_owned(),
            })
        };
        if let Some(name) = name.as_ref().filter(|name| !is_token_name(name)) {
            return Err(D::Error::custom(Error::MalformedTokenName {
                name: name.clone(),
            }));
        }
        let value_byte =
            |b: u8| b.is_ascii_graphic() && !matches!(b, b';' | b',' | b'"' | b'\\' | b'&');
        if !value.bytes().all(value_byte) || !value.contains("hmac=") {
            return Err(refused(
                "value",
                "a token value that is not printable ASCII with an `hmac=` (no spaces, `;`, `,`, `\"`, `\\` or `&`)",
            ));
        }
        Ok(SignedAuthToken {
            name: name.filter(|n| n != DEFAULT_TOKEN_NAME),
            value,
        })
    }
}

/// `{"ip": …, "start_time": …, "expiration": …}` (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for VerifiedAuthToken {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("VerifiedAuthToken", 3)?;
        s.serialize_field("ip", &self.ip)?;
        s.serialize_field("start_time", &self.start_time)?;
        s.serialize_field("expiration", &self.expiration)?;
        s.end()
    }
}

/// The signed parts of a received token, read from the right: the ACL is escaped (no `~`),
/// `exp` and `st` are digits, and whatever is left is the (unescaped) IP.
struct TokenParts<'a> {
    ip: Option<&'a str>,
    start_time: Option<u64>,
    expiration: u64,
    escaped_acl: Option<&'a str>,
}

impl<'a> TokenParts<'a> {
    fn parse(signed: &'a str) -> Result<Self, Error> {
        let mut rest = signed;
        let mut last = || {
            let (before, part) = match rest.rsplit_once('~') {
                Some((before, part)) => (Some(before), part),
                None => (None, rest),
            };
            rest = before.unwrap_or("");
            (part, before.is_some())
        };
        let (mut part, mut more) = last();
        let escaped_acl = part.strip_prefix("acl=");
        if escaped_acl.is_some() {
            if !more {
                return Err(Error::MissingExpiration);
            }
            (part, more) = last();
        }
        let expiration = part
            .strip_prefix("exp=")
            .ok_or(Error::MissingExpiration)
            .and_then(parse_secs)?;

        let (mut ip, mut start_time) = (None, None);
        if more {
            // `rest` is `[ip=<ip>~][st=<start>]`; an IP may itself contain `~`.
            let ip_text = match rest.rsplit_once('~') {
                Some((head, tail)) => match tail.strip_prefix("st=").map(parse_secs) {
                    Some(Ok(start)) => {
                        start_time = Some(start);
                        Some(head)
                    }
                    // Not a start time: the `~` belongs to the IP.
                    _ => Some(rest),
                },
                None => match rest.strip_prefix("st=") {
                    Some(start) => {
                        start_time = Some(parse_secs(start)?);
                        None
                    }
                    None => Some(rest),
                },
            };
            if let Some(text) = ip_text {
                ip = Some(text.strip_prefix("ip=").ok_or(MISMATCH)?);
            }
        }
        Ok(Self {
            ip,
            start_time,
            expiration,
            escaped_acl,
        })
    }
}

/// The request path of an auth token's URL target, decoded once, as
/// [`AuthTokenVerifier::verify`] matches it against the token's ACL patterns.
///
/// A token grants paths by pattern (`/image/*`), and the server that serves the path may
/// decode it again or normalise its Unicode. So the path is decoded exactly once, and
/// whatever could be read as another path is refused rather than guessed at:
///
/// - every `%xx` is decoded; a `%` without two hex digits after it is refused
///   ([`UrlProblem::BadPathEscape`]), and so is `%25`, an encoded `%`: decoded once
///   more, `%252e%252e` is `..` ([`UrlProblem::DoubleEncoded`]; no public ID holds `%`);
/// - an encoded `.`, `/` or `\` is refused ([`UrlProblem::NotNormalised`]): a separator
///   or dot a server may or may not decode;
/// - the decoded bytes must be UTF-8, which rules out overlong encodings such as
///   `%c0%ae`, a `.` in disguise ([`UrlProblem::NotUtf8`]);
/// - look-alikes are refused ([`UrlProblem::LookAlike`]): every character whose Unicode
///   compatibility decomposition (NFKC) holds `.`, `/`, `\` or `%` (the full-width
///   U+FF0E `．`, U+FF0F `／`, U+FF3C `＼` and U+FF05 `％`, the small U+FE52 `﹒`, U+FE68
///   `﹨` and U+FE6A `﹪`, the leaders U+2024 `․`, U+2025 `‥`, U+2026 `…`, U+FE19 and
///   U+FE30, the numbers with a full stop U+2488–U+249B and U+1F100, U+2100 `℀`, U+2101,
///   U+2105 `℅`, U+2106, U+33C2, U+33C7, U+33D8); the ideographic full stops U+3002 `。`,
///   U+FF61 `｡` and U+FE12, which IDNA reads as `.`; and the slashes that decompose to
///   nothing but look like one: U+2044 `⁄`, U+2215 `∕`, U+2216 `∖`, U+29F5 `⧵`, U+29F8
///   `⧸`, U+29F9 `⧹`;
/// - control characters are refused ([`UrlProblem::ControlCharacter`]: a `%00` ends a
///   path early in some servers);
/// - then the decoded path must be normalised: no `.` or `..` segment, no `//`, no `\`
///   ([`UrlProblem::NotNormalised`]).
///
/// The result holds no `%`, so decoding it again changes nothing: the path the token was
/// checked against is the path any server reads. It is borrowed when there was nothing to
/// decode. A URL that Cloudinary's SDKs signed with a double-escaped text overlay (`%252C`
/// for a comma) is refused: grant such a URL with a URL token instead of an ACL, or keep
/// commas out of overlay text.
///
/// # Errors
/// [`Error::MalformedUrl`] with the [`UrlProblem`] above.
///
/// ```
/// use cld_sign::delivery::canonical_token_path;
/// use cld_sign::UrlProblem;
/// assert_eq!(canonical_token_path("/image/upload/%C3%A9%20x.jpg")?, "/image/upload/é x.jpg");
/// assert_eq!(canonical_token_path("/image/upload/a.jpg")?, "/image/upload/a.jpg");
/// let problem = |path| match canonical_token_path(path) {
///     Err(cld_sign::Error::MalformedUrl { problem }) => Some(problem),
///     _ => None,
/// };
/// assert_eq!(problem("/image/%252e%252e/video/x"), Some(UrlProblem::DoubleEncoded));
/// assert_eq!(problem("/image/%c0%ae%c0%ae/video/x"), Some(UrlProblem::NotUtf8));
/// assert_eq!(problem("/image/\u{ff0e}\u{ff0e}/video/x"), Some(UrlProblem::LookAlike));
/// assert_eq!(problem("/image/../video/x"), Some(UrlProblem::NotNormalised));
/// # Ok::<(), cld_sign::Error>(())
/// ```
pub fn canonical_token_path(path: &str) -> Result<Cow<'_, str>, Error> {
    let malformed = |problem| Error::MalformedUrl { problem };
    let decoded = if path.contains('%') {
        let mut bytes = Vec::with_capacity(path.len());
        let mut rest = path.as_bytes();
        while let Some((&byte, tail)) = rest.split_first() {
            rest = tail;
            if byte != b'%' {
                bytes.push(byte);
                continue;
            }
            let decoded = escaped_byte(tail).ok_or(malformed(UrlProblem::BadPathEscape))?;
            match decoded {
                b'.' | b'/' | b'\\' => return Err(malformed(UrlProblem::NotNormalised)),
                b'%' => return Err(malformed(UrlProblem::DoubleEncoded)),
                _ => bytes.push(decoded),
            }
            rest = &tail[2..];
        }
        Cow::Owned(String::from_utf8(bytes).map_err(|_| malformed(UrlProblem::NotUtf8))?)
    } else {
        Cow::Borrowed(path)
    };
    if decoded.chars().any(char::is_control) {
        return Err(malformed(UrlProblem::ControlCharacter));
    }
    if decoded.chars().any(is_look_alike) {
        return Err(malformed(UrlProblem::LookAlike));
    }
    let dot_segment = decoded
        .split('/')
        .any(|segment| segment == "." || segment == "..");
    if dot_segment || decoded.contains("//") || decoded.contains('\\') {
        return Err(malformed(UrlProblem::NotNormalised));
    }
    Ok(decoded)
}

/// The byte of the two hex digits (either case) that `after_percent` starts with, if it
/// does.
fn escaped_byte(after_percent: &[u8]) -> Option<u8> {
    let mut byte = [0];
    hex::decode_to_slice(after_percent.get(..2)?, &mut byte).ok()?;
    Some(byte[0])
}

/// Whether `c` is one of the look-alikes [`canonical_token_path`] refuses.
fn is_look_alike(c: char) -> bool {
    matches!(
        c,
        '\u{2024}'..='\u{2026}'
            | '\u{2044}'
            | '\u{2100}'
            | '\u{2101}'
            | '\u{2105}'
            | '\u{2106}'
            | '\u{2215}'
            | '\u{2216}'
            | '\u{2488}'..='\u{249B}'
            | '\u{29F5}'
            | '\u{29F8}'
            | '\u{29F9}'
            | '\u{3002}'
            | '\u{33C2}'
            | '\u{33C7}'
            | '\u{33D8}'
            | '\u{FE12}'
            | '\u{FE19}'
            | '\u{FE30}'
            | '\u{FE52}'
            | '\u{FE68}'
            | '\u{FE6A}'
            | '\u{FF05}'
            | '\u{FF0E}'
            | '\u{FF0F}'
            | '\u{FF3C}'
            | '\u{FF61}'
            | '\u{1F100}'
    )
}

/// Whole seconds: ASCII digits that fit a `u64`.
fn parse_secs(text: &str) -> Result<u64, Error> {
    let malformed = || Error::MalformedTimestamp { len: text.len() };
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    text.parse().map_err(|_| malformed())
}

/// the auth-token rule (`cld_sign::delivery`) escaping: lower-case `%xx` for exactly the characters of [`ESCAPED`].
///
/// Written here, not with `percent-encoding`: that crate writes upper-case hex and escapes
/// every non-ASCII byte, and this rule wants lower-case hex and non-ASCII left as it is.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

fn escape_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for ch in text.chars() {
        match u8::try_from(ch) {
            Ok(byte) if ESCAPED.contains(&byte) => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xf)]));
            }
            _ => out.push(ch),
        }
    }
}

/// Undoes [`escape`]: decodes `%xx` of an escaped character, leaving anything else as is.
///
/// Written here, not with `percent-encoding`, whose decoder decodes every escape: `%41`
/// must stay `%41`, since [`escape`] never writes it.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let decoded = rest
            .get(at + 1..at + 3)
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            .filter(|byte| ESCAPED.contains(byte));
        match decoded {
            Some(byte) => {
                out.push(char::from(byte));
                rest = &rest[at + 3..];
            }
            None => {
                out.push('%');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters. Linear
/// backtracking to the last `*` only, so no input makes it slow.
fn glob_matches(pattern: &str, text: &str) -> bool {
    let (pattern, text) = (pattern.as_bytes(), text.as_bytes());
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == text[t] => {
                p += 1;
                t += 1;
            }
            // Back to the last `*`, which now swallows one more character.
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p;
                    t = star_t + 1;
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_is_lower_case_and_only_the_listed_characters() {
        assert_eq!(
            escape(" \"#%&'/:;<=>?@[\\]^`{|}~"),
            "%20%22%23%25%26%27%2f%3a%3b%3c%3d%3e%3f%40%5b%5c%5d%5e%60%7b%7c%7d%7e"
        );
        assert_eq!(escape("aZ09,+!$()*._-é日"), "aZ09,+!$()*._-é日");
        assert_eq!(escape("a\nb"), "a\nb");
    }

    #[test]
    fn unescape_inverts_escape() {
        for text in ["/image/*", "%2f literal", "a b~c%", "%zz%", "é/%"] {
            assert_eq!(unescape(&escape(text)), text);
        }
    }

    #[test]
    fn globs() {
        assert!(glob_matches("/image/*", "/image/upload/a.jpg"));
        assert!(glob_matches("/*/upload/*.jpg", "/image/upload/a.jpg"));
        assert!(glob_matches("*", ""));
        assert!(glob_matches("a*b*c", "aXXbYYc"));
        assert!(!glob_matches("a*b*c", "aXXbYY"));
        assert!(!glob_matches("/image/*", "/video/x"));
        assert!(!glob_matches("/image", "/image/x"));
        assert!(glob_matches("/image", "/image"));
        assert!(glob_matches("*.jpg", "a.jpg"));
        assert!(glob_matches("*", "abc"));
        assert!(glob_matches("*b", "aab"));
        assert!(glob_matches("a**", "a"));
        assert!(!glob_matches("*b", "aba"));
        assert!(!glob_matches("", "a"));
    }

    #[test]
    fn unescape_keeps_what_is_not_an_escape() {
        for text in ["%zz", "ab%", "%4", "%41", "100%", "%%2f"] {
            let want = if text == "%%2f" { "%/" } else { text };
            assert_eq!(unescape(text), want, "{text}");
        }
    }

    /// RFC 2104 over `sha2` is HMAC-SHA256: the `hmac` crate agrees for keys shorter than,
    /// as long as and longer than a block, with and without a signed URL.
    #[test]
    fn the_hmac_is_hmac_sha256() {
        use hmac::{KeyInit, Mac};
        for len in [1, 2, 31, 32, 63, 64, 65, 100, 128, 129] {
            let key_bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let hex: String = key_bytes.iter().map(|b| format!("{b:02X}")).collect();
            let key = TokenKey::from_hex(&hex).unwrap();
            for (parts, url) in [("exp=1~acl=%2f*", None), ("exp=9", Some("/a b/c"))] {
                let mut mac = hmac::Hmac::<Sha256>::new_from_slice(&key_bytes).unwrap();
                mac.update(parts.as_bytes());
                if let Some(url) = url {
                    mac.update(format!("~url={}", escape(url)).as_bytes());
                }
                let want = mac.finalize().into_bytes();
                assert_eq!(key.hmac(parts, url).as_bytes(), want.as_slice(), "{len}");
            }
        }
    }

    #[test]
    fn escaped_bytes_are_two_hex_digits_only() {
        let digit = |byte: u8| {
            char::from(byte)
                .is_ascii_hexdigit()
                .then(|| u8::from_str_radix(&char::from(byte).to_string(), 16).unwrap())
        };
        for high in 0..=u8::MAX {
            for low in 0..=u8::MAX {
                let want = digit(high).zip(digit(low)).map(|(h, l)| h * 16 + l);
                assert_eq!(escaped_byte(&[high, low, b'x']), want, "{high} {low}");
            }
            assert_eq!(escaped_byte(&[high]), None, "{high}");
        }
        assert_eq!(escaped_byte(b""), None);
    }

    /// Each refusal of the token path names its problem; a path without `%` is borrowed.
    #[test]
    fn token_paths_name_their_problem() {
        let problem = |path| match canonical_token_path(path) {
            Err(Error::MalformedUrl { problem }) => Some(problem),
            Err(other) => panic!("{other}"),
            Ok(_) => None,
        };
        for (path, want) in [
            ("/a%", UrlProblem::BadPathEscape),
            ("/a%4", UrlProblem::BadPathEscape),
            ("/a%g1", UrlProblem::BadPathEscape),
            ("/a%+1", UrlProblem::BadPathEscape),
            ("/a%1g", UrlProblem::BadPathEscape),
            ("/a%25", UrlProblem::DoubleEncoded),
            ("/a%2541", UrlProblem::DoubleEncoded),
            ("/a%C3", UrlProblem::NotUtf8),
            ("/a%c0%ae", UrlProblem::NotUtf8),
            ("/a%0a", UrlProblem::ControlCharacter),
            ("/a\u{7f}", UrlProblem::ControlCharacter),
            ("/a%c2%85", UrlProblem::ControlCharacter),
            ("/a\u{ff0e}", UrlProblem::LookAlike),
            ("/a%2E", UrlProblem::NotNormalised),
            ("/a%2F", UrlProblem::NotNormalised),
            ("/a%5C", UrlProblem::NotNormalised),
            ("/a/%2e%2e", UrlProblem::NotNormalised),
            ("/a/..", UrlProblem::NotNormalised),
            ("/a/.", UrlProblem::NotNormalised),
            ("/a//b", UrlProblem::NotNormalised),
            ("/a\\b", UrlProblem::NotNormalised),
            ("/a%5c", UrlProblem::NotNormalised),
        ] {
            assert_eq!(problem(path), Some(want), "{path:?}");
        }
        assert!(matches!(
            canonical_token_path("/a/b.jpg"),
            Ok(Cow::Borrowed("/a/b.jpg"))
        ));
        assert_eq!(
            canonical_token_path("/%41%62/%e6%97%a5%20.jpg").unwrap(),
            "/Ab/日 .jpg"
        );
        assert_eq!(canonical_token_path("/a..b/%2A").unwrap(), "/a..b/*");
        for c in [
            '\u{2023}', '\u{2027}', '\u{2487}', '\u{249C}', '\u{FF0D}', '\u{FF10}', 'ノ',
        ] {
            assert!(!is_look_alike(c), "{c:?}");
        }
    }

    #[test]
    fn parts_are_read_from_the_right() {
        let parts = TokenParts::parse("ip=a~b~st=5~exp=9~acl=%2f*").unwrap();
        assert_eq!(parts.ip, Some("a~b"));
        assert_eq!(parts.start_time, Some(5));
        assert_eq!(parts.expiration, 9);
        assert_eq!(parts.escaped_acl, Some("%2f*"));

        let parts = TokenParts::parse("ip=st=5~exp=9").unwrap();
        assert_eq!((parts.ip, parts.start_time), (Some("st=5"), None));
        let parts = TokenParts::parse("st=5~exp=9").unwrap();
        assert_eq!((parts.ip, parts.start_time), (None, Some(5)));
        let parts = TokenParts::parse("exp=9").unwrap();
        assert_eq!(
            (parts.ip, parts.start_time, parts.escaped_acl),
            (None, None, None)
        );

        assert!(matches!(
            TokenParts::parse("acl=%2f*"),
            Err(Error::MissingExpiration)
        ));
        assert!(matches!(
            TokenParts::parse("st=1~acl=%2f*"),
            Err(Error::MissingExpiration)
        ));
        assert!(matches!(
            TokenParts::parse("exp=1x"),
            Err(Error::MalformedTimestamp { .. })
        ));
        assert!(matches!(
            TokenParts::parse("zz=1~exp=1"),
            Err(Error::Mismatch { .. })
        ));
    }

    /// The numbers in the errors: how far ahead a start time is, how old an expired
    /// token is (from its start when it has one, else from its expiry) and how long it
    /// was valid.
    #[test]
    fn expired_and_early_tokens_carry_their_numbers() {
        let key = TokenKey::from_hex("00112233445566778899aabbccddeeff").unwrap();
        assert_eq!(format!("{key:?}"), "TokenKey(<redacted>)");
        let at = |secs| Timestamp::from_secs(secs);
        let verifier = AuthTokenVerifier::new(key.clone());
        let verify = |token: &SignedAuthToken, now| {
            verifier.verify_at(token.value(), TokenTarget::Url("/image/x"), None, at(now))
        };

        let windowed = AuthToken::for_acl("/image/*", Expiry::At(at(1_800)))
            .unwrap()
            .with_start_time(at(1_500))
            .unwrap();
        let token = windowed.sign_at(&key, at(1_000)).unwrap();
        assert!(matches!(
            verify(&token, 1_400),
            Err(Error::FromFuture {
                ahead: 100,
                max_skew: 0
            })
        ));
        assert!(verify(&token, 1_600).is_ok());
        assert!(matches!(
            verify(&token, 2_000),
            Err(Error::Expired {
                age: 500,
                valid_for: 300
            })
        ));

        let open = AuthToken::for_acl("/image/*", Expiry::At(at(1_800))).unwrap();
        let token = open.sign_at(&key, at(1_000)).unwrap();
        assert!(matches!(
            verify(&token, 2_000),
            Err(Error::Expired {
                age: 200,
                valid_for: 0
            })
        ));
    }

    /// Times are plain digits: `u64`'s own parser would also take a `+` sign.
    #[test]
    fn times_with_a_sign_or_nothing_are_malformed() {
        let key = TokenKey::from_hex("00112233445566778899aabbccddeeff").unwrap();
        for (token, len) in [
            (
                "exp=+1800~acl=%2fimage%2f*~hmac=0000000000000000000000000000000000000000000000000000000000000000",
                5,
            ),
            (
                "st=+1~exp=1800~acl=%2fimage%2f*~hmac=0000000000000000000000000000000000000000000000000000000000000000",
                2,
            ),
            (
                "exp=~acl=%2fimage%2f*~hmac=0000000000000000000000000000000000000000000000000000000000000000",
                0,
            ),
        ] {
            let result = AuthTokenVerifier::new(key.clone()).verify_at(
                token,
                TokenTarget::Url("/image/x"),
                None,
                Timestamp::from_secs(1_000),
            );
            assert!(
                matches!(result, Err(Error::MalformedTimestamp { len: l }) if l == len),
                "{token}: {result:?}"
            );
        }
    }
}
