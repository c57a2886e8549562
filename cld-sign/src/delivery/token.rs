//! Authentication tokens for token-based access to authenticated assets (SPEC §5).
//!
//! `__cld_token__=[ip=<ip>~][st=<start>~]exp=<expiry>[~acl=<escaped acl>]~hmac=<hex>`, where
//! hmac = HMAC-SHA256, keyed with the hex-decoded token key, over the same parts joined with
//! `~` (without `hmac`), plus `~url=<escaped url>` when no ACL is given.

use std::fmt;
use std::str::FromStr;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::algorithm::Algorithm;
use crate::error::{Error, SignatureProblem};
use crate::signature::Signature;
use crate::timestamp::Timestamp;

/// The token name used when none is given: `__cld_token__`.
pub const DEFAULT_TOKEN_NAME: &str = "__cld_token__";

/// The ASCII characters escaped in an ACL or URL (SPEC §5); everything else stays as it is.
const ESCAPED: &[u8] = b" \"#%&'/:;<=>?@[\\]^`{|}~";

/// The key that signs auth tokens: the hex string from the console, decoded.
///
/// It is secret: `Debug` shows `TokenKey(<redacted>)`, there is no `Display`, and no error
/// ever contains it.
///
/// ```
/// use cld_sign::{ErrorKind, TokenKey};
/// let key: TokenKey = "00112233FF99".parse()?;
/// assert_eq!(format!("{key:?}"), "TokenKey(<redacted>)");
/// assert_eq!(TokenKey::from_hex("0011zz").unwrap_err().kind(), ErrorKind::MalformedTokenKey);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone)]
pub struct TokenKey(Box<[u8]>);

impl TokenKey {
    /// Decodes the key from hex (either case).
    ///
    /// Errors: [`Error::MalformedTokenKey`] if it is empty, has an odd number of digits or a
    /// character that is not a hex digit.
    pub fn from_hex(hex: &str) -> Result<Self, Error> {
        if hex.is_empty() || !hex.len().is_multiple_of(2) {
            return Err(Error::MalformedTokenKey);
        }
        let mut bytes = vec![0; hex.len() / 2].into_boxed_slice();
        hex::decode_to_slice(hex, &mut bytes).map_err(|_| Error::MalformedTokenKey)?;
        Ok(Self(bytes))
    }

    /// Generates the token `options` describe, as `<token name>=<token>`, with `now` as the
    /// start of a `duration` given without a start time.
    ///
    /// Errors: [`Error::MissingAclOrUrl`], [`Error::MissingExpiration`].
    ///
    /// ```
    /// use cld_sign::{AuthToken, Timestamp, TokenKey};
    /// let key = TokenKey::from_hex("00112233FF99")?;
    /// let token = key.generate(
    ///     &AuthToken::new().acl("/image/*").start_time(1111111111).duration(300),
    ///     Timestamp::from_secs(1700000000),
    /// )?;
    /// assert_eq!(
    ///     token,
    ///     "__cld_token__=st=1111111111~exp=1111111411~acl=%2fimage%2f*~hmac=\
    ///      1751370bcc6cfe9e03f30dd1a9722ba0f2cdca283fa3e6df3342a00a7528cc51"
    /// );
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn generate(&self, options: &AuthToken, now: Timestamp) -> Result<String, Error> {
        let acl = options.joined_acl();
        if acl.is_none() && options.url.is_none() {
            return Err(Error::MissingAclOrUrl);
        }
        let expiration = options.expiration_at(now)?;

        let mut token = String::new();
        if let Some(ip) = &options.ip {
            token.push_str("ip=");
            token.push_str(ip);
            token.push('~');
        }
        if let Some(start) = options.start_time {
            token.push_str(&format!("st={start}~"));
        }
        token.push_str(&format!("exp={expiration}"));
        if let Some(acl) = &acl {
            token.push_str("~acl=");
            escape_into(&mut token, acl);
        }
        let url = if acl.is_none() {
            options.url.as_deref()
        } else {
            None
        };
        let hmac = self.hmac(&token, url);

        let name = options.token_name.as_deref().unwrap_or(DEFAULT_TOKEN_NAME);
        Ok(format!("{name}={token}~hmac={}", hmac.hex()))
    }

    /// Verifies a token for `target` at time `now`.
    ///
    /// `token` is the token's value: what follows `__cld_token__=` (or the custom token
    /// name) in the query string or cookie. The hmac must be the 64 lower-case hex digits
    /// that [`TokenKey::generate`] writes; it is compared in constant time. Then the token
    /// must grant `target`, start no later than `now` and expire no earlier (the expiry
    /// second is still valid).
    ///
    /// Errors: [`Error::MalformedSignature`] (no hmac, or not 64 lower-case hex digits),
    /// [`Error::MissingExpiration`] (no `exp`), [`Error::MalformedTimestamp`] (`st` or `exp`
    /// not digits), [`Error::Mismatch`] (wrong hmac, another ACL, a URL outside the ACL, an
    /// unknown part), [`Error::FromFuture`] (before `st`; `max_skew` 0) and
    /// [`Error::Expired`] (after `exp`; `age` and `valid_for` count from `st`, or, without
    /// one, `age` is the time since `exp` and `valid_for` 0).
    ///
    /// ```
    /// use cld_sign::{AuthToken, ErrorKind, Timestamp, TokenKey, TokenTarget};
    /// let key = TokenKey::from_hex("00112233FF99")?;
    /// let now = Timestamp::from_secs(1700000000);
    /// let token = key.generate(&AuthToken::new().acl("/image/*").duration(600), now)?;
    /// let value = token.strip_prefix("__cld_token__=").unwrap();
    ///
    /// let verified = key.verify(value, TokenTarget::Acl("/image/*"), now)?;
    /// assert_eq!(verified.expiration(), 1700000600);
    /// // An ACL token grants the URLs its patterns match.
    /// key.verify(value, TokenTarget::Url("/image/upload/sample.jpg"), now)?;
    /// let outside = key.verify(value, TokenTarget::Url("/video/upload/dog.mp4"), now);
    /// assert_eq!(outside.unwrap_err().kind(), ErrorKind::Mismatch);
    /// let late = key.verify(value, TokenTarget::Acl("/image/*"), Timestamp::from_secs(1700000601));
    /// assert_eq!(late.unwrap_err().kind(), ErrorKind::Expired);
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn verify(
        &self,
        token: &str,
        target: TokenTarget<'_>,
        now: Timestamp,
    ) -> Result<VerifiedToken, Error> {
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

        let url = match (parts.escaped_acl, target) {
            (None, TokenTarget::Url(url)) => Some(url),
            (Some(_), _) => None,
            (None, TokenTarget::Acl(_)) => {
                return Err(MISMATCH);
            }
        };
        if !self.hmac(signed, url).ct_eq(&received) {
            return Err(MISMATCH);
        }
        if let Some(escaped_acl) = parts.escaped_acl {
            let granted = match target {
                TokenTarget::Acl(acl) => escaped_acl == escape(acl),
                TokenTarget::Url(url) => unescape(escaped_acl)
                    .split('!')
                    .any(|pattern| glob_matches(pattern, url)),
            };
            if !granted {
                return Err(MISMATCH);
            }
        }

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
        Ok(VerifiedToken {
            ip: parts.ip.map(str::to_owned),
            start_time: parts.start_time,
            expiration: parts.expiration,
        })
    }

    /// HMAC-SHA256 over `parts`, plus `~url=<escaped url>` when a URL is signed.
    fn hmac(&self, parts: &str, url: Option<&str>) -> Signature {
        // HMAC takes keys of any length: `new_from_slice` cannot fail here.
        let mut mac = match Hmac::<Sha256>::new_from_slice(&self.0) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC accepts keys of every length"),
        };
        mac.update(parts.as_bytes());
        if let Some(url) = url {
            mac.update(b"~url=");
            mac.update(escape(url).as_bytes());
        }
        let digest = mac.finalize().into_bytes();
        match Signature::from_digest(Algorithm::Sha256, &digest) {
            Some(signature) => signature,
            None => unreachable!("HMAC-SHA256 gives 32 bytes"),
        }
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

/// What a token grants and for how long: the options of [`TokenKey::generate`].
///
/// Give one or several ACLs (joined with `!`) or a URL; when both are given the ACL is
/// used and the URL ignored. Give an `expiration`, or a `duration` counted from
/// `start_time` (or from `now` when there is none); an `expiration` wins over a duration.
///
/// ```
/// use cld_sign::{AuthToken, Timestamp, TokenKey};
/// let key = TokenKey::from_hex("00112233FF99")?;
/// let token = AuthToken::new()
///     .acl("/image/*")
///     .acl("/video/*")
///     .expiration(1234567890)
///     .token_name("my_token");
/// assert_eq!(
///     key.generate(&token, Timestamp::now())?,
///     "my_token=exp=1234567890~acl=%2fimage%2f*!%2fvideo%2f*~hmac=\
///      036923fae29792c04d23b615dc8c9b9081a4cd91d7ae08c788c7ee929a11ad9a"
/// );
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthToken {
    acl: Vec<String>,
    url: Option<String>,
    ip: Option<String>,
    start_time: Option<u64>,
    duration: Option<u64>,
    expiration: Option<u64>,
    token_name: Option<String>,
}

impl AuthToken {
    /// No ACL, URL or expiry yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an ACL, such as `/image/*` (`*` matches any text). Call again for several.
    #[must_use]
    pub fn acl(mut self, acl: impl Into<String>) -> Self {
        self.acl.push(acl.into());
        self
    }

    /// Grants this one URL path (used only when no ACL is given; it is signed, not sent).
    #[must_use]
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Restricts the token to this client IP address.
    #[must_use]
    pub fn ip(mut self, ip: impl Into<String>) -> Self {
        self.ip = Some(ip.into());
        self
    }

    /// The Unix time (seconds) from which the token is valid.
    #[must_use]
    pub fn start_time(mut self, secs: u64) -> Self {
        self.start_time = Some(secs);
        self
    }

    /// How many seconds the token is valid, from its start time (or from `now`).
    #[must_use]
    pub fn duration(mut self, secs: u64) -> Self {
        self.duration = Some(secs);
        self
    }

    /// The Unix time (seconds) at which the token expires.
    #[must_use]
    pub fn expiration(mut self, secs: u64) -> Self {
        self.expiration = Some(secs);
        self
    }

    /// Names the token `name` instead of [`DEFAULT_TOKEN_NAME`].
    #[must_use]
    pub fn token_name(mut self, name: impl Into<String>) -> Self {
        self.token_name = Some(name.into());
        self
    }

    /// `exp`: the expiration, or start time (default `now`) + duration, saturating.
    fn expiration_at(&self, now: Timestamp) -> Result<u64, Error> {
        match (self.expiration, self.duration) {
            (Some(expiration), _) => Ok(expiration),
            (None, Some(duration)) => Ok(self
                .start_time
                .unwrap_or(now.as_secs())
                .saturating_add(duration)),
            (None, None) => Err(Error::MissingExpiration),
        }
    }

    fn joined_acl(&self) -> Option<String> {
        (!self.acl.is_empty()).then(|| self.acl.join("!"))
    }
}

/// What a token is checked against by [`TokenKey::verify`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenTarget<'a> {
    /// The token must carry exactly this ACL (several joined with `!`, as generated).
    Acl(&'a str),
    /// The token must grant this URL path: its ACL has a pattern matching it (`*` matches
    /// any text), or, without an ACL, the URL was signed into it.
    Url(&'a str),
}

/// The claims of a token that [`TokenKey::verify`] accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedToken {
    ip: Option<String>,
    start_time: Option<u64>,
    expiration: u64,
}

impl VerifiedToken {
    /// The client IP the token is restricted to, if any; compare it with the client's.
    pub fn ip(&self) -> Option<&str> {
        self.ip.as_deref()
    }

    /// The start time (Unix seconds), if the token has one.
    pub fn start_time(&self) -> Option<u64> {
        self.start_time
    }

    /// The expiry (Unix seconds): the last second at which the token is valid.
    pub fn expiration(&self) -> u64 {
        self.expiration
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

/// Whole seconds: ASCII digits that fit a `u64`.
fn parse_secs(text: &str) -> Result<u64, Error> {
    let malformed = || Error::MalformedTimestamp { len: text.len() };
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    text.parse().map_err(|_| malformed())
}

/// SPEC §5 escaping: lower-case `%xx` for exactly the characters of [`ESCAPED`].
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
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
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
}
