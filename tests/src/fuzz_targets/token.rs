//! The fuzz targets of auth tokens: received tokens, token paths, and generated tokens verified.

use std::net::IpAddr;
use std::time::Duration;

use cld_sign::delivery::{
    AuthToken, AuthTokenVerifier, Expiry, TokenKey, TokenOptions, TokenTarget,
};
use cld_sign::{Error, ErrorKind, Timestamp, delivery::DEFAULT_TOKEN_NAME};

use super::{Outcome, control, fields, hex_lower, text};

/// `TokenKey::from_hex` and `AuthTokenVerifier::verify_at` (see `cld_sign::delivery`) on any token.
///
/// Control byte: bit 0 the target is a URL (else an ACL). Fields: key (hex), token value,
/// target, client IP, now.
///
/// Properties: the key parses iff it is non-empty, even-length hex; an accepted token is
/// inside its times, names the client's IP if any (IPv4-mapped as IPv4), and is exactly
/// the token `AuthToken::sign_at` writes for its claims (so nothing else is accepted).
pub fn token_verify(data: &[u8]) -> Outcome {
    let (c, rest) = control(data);
    let [key, token, target, ip, now] = fields::<5>(rest);
    let key = text(key);
    let valid_hex = !key.is_empty()
        && key.len().is_multiple_of(2)
        && key.bytes().all(|b| b.is_ascii_hexdigit());
    let key = match TokenKey::from_hex(&key) {
        Ok(parsed) => {
            assert!(valid_hex, "key {key:?} accepted");
            parsed
        }
        Err(err) => {
            assert!(!valid_hex, "key {key:?} refused");
            assert_eq!(err.kind(), ErrorKind::MalformedTokenKey);
            return Outcome::Refused;
        }
    };
    let (token, target_text) = (text(token), text(target));
    let target = if c & 1 != 0 {
        TokenTarget::Url(&target_text)
    } else {
        TokenTarget::Acl(&target_text)
    };
    let client_ip: Option<IpAddr> = text(ip).parse().ok();
    let now = Timestamp::from_secs(text(now).parse().unwrap_or(0));
    let Ok(verified) =
        AuthTokenVerifier::new(key.clone()).verify_at(&token, target, client_ip, now)
    else {
        return Outcome::Refused;
    };
    assert!(verified.expiration() >= now);
    assert!(verified.start_time().is_none_or(|start| start <= now));
    if let Some(ip) = verified.ip() {
        assert_eq!(
            client_ip.map(|client| client.to_canonical()),
            Some(ip.to_canonical())
        );
    }
    let expiry = Expiry::At(verified.expiration());
    let mut regenerated = match target {
        TokenTarget::Acl(acl) => AuthToken::for_acls(acl.split('!'), expiry).expect("an ACL"),
        TokenTarget::Url(_) if token.contains("~acl=") => return Outcome::Accepted,
        TokenTarget::Url(url) => AuthToken::for_url(url, expiry),
    };
    if let Some(ip) = verified.ip() {
        regenerated = regenerated.with_ip(ip);
    }
    if let Some(start) = verified.start_time() {
        regenerated = regenerated
            .with_start_time(start)
            .expect("start before expiry");
    }
    let regenerated = regenerated.sign_at(&key, now).expect("generates");
    assert_eq!(
        regenerated.value(),
        token,
        "accepted a token generate does not write"
    );
    Outcome::Accepted
}

/// `cld_sign::delivery::canonical_token_path` on any text, and `AuthTokenVerifier::verify_at` of a
/// token for that path.
///
/// Control byte: bit 0 the text is percent-encoded first (every byte but `.` and `/`, so an
/// accepted path must come back as it was). The rest is the path.
///
/// Properties: every refusal is `malformed_url`; an accepted path is what a plain
/// percent-decoding (the `percent-encoding` crate, not cld-sign's) gives, holds no `%`, no
/// control character, no `\`, no `//`, no `.` or `..` segment and none of the documented
/// look-alikes listed here, and decodes to itself again; a path without `%` is its own
/// canonical form; a path of ASCII letters, digits, `-`, `_` and single `/` is always
/// accepted; and `AuthTokenVerifier::verify_at` agrees: a URL token for the path verifies iff the path
/// is accepted, and so does an ACL token for `/*` when it starts with `/`.
pub fn token_path(data: &[u8]) -> Outcome {
    use cld_sign::delivery::canonical_token_path;
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

    /// Some of the documented look-alikes, checked apart from cld-sign's own list.
    const LOOK_ALIKES: &[char] = &[
        '\u{FF0E}', '\u{FF0F}', '\u{FF3C}', '\u{FF05}', '\u{2024}', '\u{2025}', '\u{FE52}',
        '\u{2215}', '\u{2044}', '\u{29F8}', '\u{3002}', '\u{FF61}',
    ];
    const KEEP: &AsciiSet = &NON_ALPHANUMERIC.remove(b'.').remove(b'/');

    let (c, rest) = control(data);
    let raw = text(rest);
    let path = if c & 1 != 0 {
        utf8_percent_encode(&raw, KEEP).to_string()
    } else {
        raw.clone()
    };
    let result = canonical_token_path(&path);
    let simple = |p: &str| {
        !p.contains("//")
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_/".contains(&b))
    };
    let key = TokenKey::from_hex("00112233FF99").expect("a hex key");
    let now = Timestamp::from_secs(1_700_000_000);
    let expiry = Expiry::At(Timestamp::from_secs(1_800_000_000));
    let by_url = AuthToken::for_url(path.as_str(), expiry)
        .sign_at(&key, now)
        .expect("generates");
    let by_url = AuthTokenVerifier::new(key.clone()).verify_at(
        by_url.value(),
        TokenTarget::Url(&path),
        None,
        now,
    );
    let by_acl = AuthToken::for_acl("/*", expiry)
        .expect("an ACL")
        .sign_at(&key, now)
        .expect("generates");
    let by_acl = AuthTokenVerifier::new(key.clone()).verify_at(
        by_acl.value(),
        TokenTarget::Url(&path),
        None,
        now,
    );
    let canonical = match result {
        Err(err) => {
            assert_eq!(err.kind(), ErrorKind::MalformedUrl, "{err}");
            assert!(!simple(&path), "refused {path:?}: {err}");
            assert_eq!(by_url.expect_err("verified a refused path"), err);
            assert_eq!(by_acl.expect_err("verified a refused path"), err);
            return Outcome::Refused;
        }
        Ok(canonical) => canonical,
    };
    let decoded = percent_decode_str(&path)
        .decode_utf8()
        .expect("an accepted path decodes to UTF-8");
    assert_eq!(canonical, decoded, "{path:?}");
    assert!(!canonical.contains('%'), "{path:?} -> {canonical:?}");
    assert!(!canonical.chars().any(char::is_control), "{canonical:?}");
    assert!(!canonical.contains(LOOK_ALIKES), "{canonical:?}");
    assert!(
        !canonical.contains('\\') && !canonical.contains("//"),
        "{canonical:?}"
    );
    assert!(
        !canonical.split('/').any(|s| s == "." || s == ".."),
        "{canonical:?}"
    );
    let again = canonical_token_path(&canonical).expect("the canonical path is accepted");
    assert_eq!(again, canonical);
    if !path.contains('%') {
        assert_eq!(canonical, path.as_str());
    }
    if c & 1 != 0 {
        assert_eq!(canonical, raw.as_str());
    }
    by_url.expect("a URL token verifies for its accepted path");
    assert_eq!(by_acl.is_ok(), canonical.starts_with('/'), "{path:?}");
    Outcome::Accepted
}

/// `AuthToken::try_from(&TokenOptions)`, `AuthToken::sign_at`, then `AuthTokenVerifier::verify_at`
/// (see `cld_sign::delivery`), on structured options.
///
/// Control byte, which options are set: bit 0 `ip`, bit 1 `start_time`, bit 2 `duration`,
/// bit 3 `expiration`, bit 4 `token_name`, bit 5 `url`. Fields: key (hex; other text is
/// taken as the key's bytes), ACL patterns (joined with `!`; none if empty), URL, IP,
/// start, duration, expiration, token name, now.
///
/// Properties: a generated token verifies for its ACL or URL at its start (unless the URL
/// is not normalised, which verify refuses), is `expired` one second after its expiry, is
/// `from_future` one second before its start, and refuses a client without its IP; its
/// name is the one asked for (a name outside `A-Z a-z 0-9 _ -` is refused).
pub fn token_roundtrip(data: &[u8]) -> Outcome {
    let (c, rest) = control(data);
    let [key, acl, url, ip, start, duration, expiration, name, now] = fields::<9>(rest);
    let key_text = text(key);
    let key = match TokenKey::from_hex(&key_text) {
        Ok(key) => key,
        Err(_) if key.is_empty() => return Outcome::Refused,
        Err(_) => TokenKey::from_hex(&hex_lower(key)).expect("hex of bytes"),
    };
    let secs = |field: &[u8]| text(field).parse::<u64>().unwrap_or(0);
    let mut options = TokenOptions::default();
    let acl = text(acl);
    if !acl.is_empty() {
        options.acl = acl.split('!').map(str::to_owned).collect();
    }
    options.url = (c & 32 != 0).then(|| text(url));
    options.ip = (c & 1 != 0).then(|| text(ip));
    options.start_time = (c & 2 != 0).then(|| Timestamp::from_secs(secs(start)));
    options.duration = (c & 4 != 0).then(|| Duration::from_secs(secs(duration)));
    options.expiration = (c & 8 != 0).then(|| Timestamp::from_secs(secs(expiration)));
    options.token_name = (c & 16 != 0).then(|| text(name));
    let now = Timestamp::from_secs(secs(now));

    let auth = match AuthToken::try_from(&options) {
        Ok(auth) => auth,
        Err(err) => {
            let refused_ip = options
                .ip
                .as_deref()
                .is_some_and(|ip| ip.parse::<IpAddr>().is_err());
            let start_after_expiry = options
                .start_time
                .zip(options.expiration)
                .is_some_and(|(start, expiration)| start > expiration);
            let expected = match () {
                () if options.expiration.is_none() && options.duration.is_none() => {
                    ErrorKind::MissingExpiration
                }
                () if options.acl.is_empty() && options.url.is_none() => ErrorKind::MissingAclOrUrl,
                () if refused_ip => ErrorKind::UnsupportedValue,
                () if start_after_expiry => ErrorKind::StartAfterExpiry,
                () => ErrorKind::MalformedTokenName,
            };
            assert_eq!(err.kind(), expected, "{err}");
            return Outcome::Refused;
        }
    };
    let Ok(token) = auth.sign_at(&key, now) else {
        return Outcome::Refused;
    };
    assert_eq!(
        token.name(),
        options.token_name.as_deref().unwrap_or(DEFAULT_TOKEN_NAME)
    );
    let joined = options.acl.join("!");
    let target = match &options.url {
        _ if !options.acl.is_empty() => TokenTarget::Acl(&joined),
        Some(url) => TokenTarget::Url(url),
        None => unreachable!("try_from refuses a token without ACL or URL"),
    };
    let ip: Option<IpAddr> = options.ip.as_deref().map(|ip| ip.parse().expect("checked"));
    // The first second the token is valid: its start, else any time up to its expiry.
    let start = options
        .start_time
        .unwrap_or_else(|| options.expiration.map_or(now, |e| e.min(now)));
    let verified =
        match AuthTokenVerifier::new(key.clone()).verify_at(token.value(), target, ip, start) {
            Ok(verified) => verified,
            Err(Error::MalformedUrl { .. }) if matches!(target, TokenTarget::Url(_)) => {
                return Outcome::Refused;
            }
            Err(err) => panic!("generated {token} does not verify at {start}: {err}"),
        };
    assert_eq!(verified.start_time(), options.start_time);
    assert_eq!(verified.ip(), ip);
    let expiration = verified.expiration();
    assert!(expiration >= start);
    if let Some(after) = expiration.as_secs().checked_add(1) {
        let err = AuthTokenVerifier::new(key.clone())
            .verify_at(token.value(), target, ip, Timestamp::from_secs(after))
            .expect_err("verified after its expiry");
        assert_eq!(err.kind(), ErrorKind::Expired, "{err}");
    }
    if let Some(before) = options.start_time.and_then(|s| s.as_secs().checked_sub(1)) {
        let err = AuthTokenVerifier::new(key.clone())
            .verify_at(token.value(), target, ip, Timestamp::from_secs(before))
            .expect_err("verified before its start");
        assert_eq!(err.kind(), ErrorKind::FromFuture, "{err}");
    }
    if ip.is_some() {
        let err = AuthTokenVerifier::new(key.clone())
            .verify_at(token.value(), target, None, start)
            .expect_err("verified without its IP");
        assert!(matches!(err, Error::WrongClientIp), "{err}");
    }
    Outcome::Accepted
}
