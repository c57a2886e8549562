//! Properties of auth tokens (proptest): no input panics, every generated token verifies
//! for what it grants, and any single-byte change to a token is rejected.

use cld_sign::{AuthToken, DEFAULT_TOKEN_NAME, Timestamp, TokenKey, TokenTarget};
use proptest::prelude::*;

const NOW: u64 = 1_700_000_000;

fn key() -> TokenKey {
    TokenKey::from_hex("00112233FF99").unwrap()
}

/// Text heavy in the characters that are escaped, split on or parsed: `~ = ! % / *`.
fn tricky_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[~=!%/*a-z0-9 :é日]{0,16}"]
}

/// The same without `~`: the token format cannot tell an IP ending in `~st=<digits>` from
/// an IP followed by a start time (see `an_ip_with_a_tilde_is_ambiguous`).
fn ip_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof!["[0-9.:a-f]{0,39}", "[^~]{0,16}"])
}

/// A token's options: ACLs or a URL (or both), and a validity window around [`NOW`].
#[derive(Debug, Clone)]
struct Case {
    acls: Vec<String>,
    url: Option<String>,
    ip: Option<String>,
    start: Option<u64>,
    /// Either an explicit expiration (`true`) or a duration (`false`) of `length` seconds.
    explicit_expiration: bool,
    length: u64,
}

impl Case {
    fn options(&self) -> AuthToken {
        let mut options = AuthToken::new();
        for acl in &self.acls {
            options = options.acl(acl);
        }
        if let Some(url) = &self.url {
            options = options.url(url);
        }
        if let Some(ip) = &self.ip {
            options = options.ip(ip);
        }
        if let Some(start) = self.start {
            options = options.start_time(start);
        }
        let from = self.start.unwrap_or(NOW);
        if self.explicit_expiration {
            options.expiration(from + self.length)
        } else {
            options.duration(self.length)
        }
    }

    fn window(&self) -> (u64, u64) {
        let from = self.start.unwrap_or(NOW);
        (from, from + self.length)
    }

    fn joined_acl(&self) -> Option<String> {
        (!self.acls.is_empty()).then(|| self.acls.join("!"))
    }
}

fn cases(ip: impl Strategy<Value = Option<String>>) -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(tricky_text(), 0..3),
        tricky_text(),
        ip,
        prop::option::of(0u64..4_000_000_000),
        any::<bool>(),
        0u64..1_000_000,
    )
        .prop_map(|(acls, url, ip, start, explicit_expiration, length)| Case {
            // Always something to grant: a URL when there is no ACL.
            url: Some(url),
            acls,
            ip,
            start,
            explicit_expiration,
            length,
        })
}

fn value_of(token: &str) -> &str {
    token
        .strip_prefix(DEFAULT_TOKEN_NAME)
        .and_then(|t| t.strip_prefix('='))
        .expect("the default name")
}

proptest! {
    #[test]
    fn no_text_panics(
        acls in prop::collection::vec(tricky_text(), 0..3),
        url in prop::option::of(tricky_text()),
        ip in prop::option::of(tricky_text()),
        token in tricky_text(),
        target in tricky_text(),
        start in prop::option::of(any::<u64>()),
        duration in prop::option::of(any::<u64>()),
        now in any::<u64>(),
    ) {
        let mut options = AuthToken::new();
        for acl in &acls {
            options = options.acl(acl);
        }
        if let Some(url) = &url {
            options = options.url(url);
        }
        if let Some(ip) = &ip {
            options = options.ip(ip);
        }
        if let Some(start) = start {
            options = options.start_time(start);
        }
        if let Some(duration) = duration {
            options = options.duration(duration);
        }
        let now = Timestamp::from_secs(now);
        let generated = key().generate(&options, now);
        prop_assert_eq!(generated.is_err(), (acls.is_empty() && url.is_none()) || duration.is_none());
        for target in [TokenTarget::Acl(&target), TokenTarget::Url(&target)] {
            let _ = key().verify(&token, target, now);
            if let Ok(generated) = &generated {
                let _ = key().verify(value_of(generated), target, now);
            }
        }
    }

    #[test]
    fn every_generated_token_verifies(case in cases(ip_text()), at in 0.0f64..=1.0) {
        let token = key().generate(&case.options(), Timestamp::from_secs(NOW)).unwrap();
        let (from, to) = case.window();
        let now = Timestamp::from_secs(from + ((to - from) as f64 * at) as u64);
        let acl = case.joined_acl();
        let target = match (&acl, &case.url) {
            (Some(acl), _) => TokenTarget::Acl(acl),
            (None, Some(url)) => TokenTarget::Url(url),
            (None, None) => unreachable!("cases always have a URL"),
        };
        let verified = key().verify(value_of(&token), target, now);
        let verified = verified.map_err(|e| TestCaseError::fail(format!("{token}: {e}")))?;
        prop_assert_eq!(verified.expiration(), to);
        prop_assert_eq!(verified.start_time(), case.start);
        prop_assert_eq!(verified.ip(), case.ip.as_deref());

        // Outside the window it is refused.
        prop_assert!(key().verify(value_of(&token), target, Timestamp::from_secs(to + 1)).is_err());
        if from > 0 && case.start.is_some() {
            let before = Timestamp::from_secs(from - 1);
            prop_assert!(key().verify(value_of(&token), target, before).is_err());
        }
    }

    #[test]
    fn any_single_byte_change_is_rejected(
        case in cases(ip_text()),
        position in any::<prop::sample::Index>(),
        replacement in 0x20u8..0x7f,
    ) {
        let token = key().generate(&case.options(), Timestamp::from_secs(NOW)).unwrap();
        let value = value_of(&token);
        let acl = case.joined_acl();
        let target = match (&acl, &case.url) {
            (Some(acl), _) => TokenTarget::Acl(acl),
            (None, Some(url)) => TokenTarget::Url(url),
            (None, None) => unreachable!("cases always have a URL"),
        };
        let (from, _) = case.window();
        let now = Timestamp::from_secs(from);
        prop_assert!(key().verify(value, target, now).is_ok());

        let mut bytes = value.as_bytes().to_vec();
        let i = position.index(bytes.len());
        prop_assume!(bytes[i] != replacement);
        bytes[i] = replacement;
        // A change inside a multi-byte character is not text; nothing to verify.
        if let Ok(changed) = String::from_utf8(bytes) {
            let result = key().verify(&changed, target, now);
            prop_assert!(result.is_err(), "{} accepted (from {})", changed, value);
        }
    }
}

/// The SPEC §5 format does not escape the IP, so an IP ending in `~st=<digits>` reads the
/// same as an IP and a start time. The hmac covers the exact text either way, so nothing
/// can be forged; only the reading of such a (never real) IP differs.
#[test]
fn an_ip_with_a_tilde_is_ambiguous() {
    let now = Timestamp::from_secs(NOW);
    let odd = AuthToken::new().url("/x").ip("1.2.3.4~st=5").duration(60);
    let plain = AuthToken::new()
        .url("/x")
        .ip("1.2.3.4")
        .start_time(5)
        .expiration(NOW + 60);
    let odd = key().generate(&odd, now).unwrap();
    assert_eq!(odd, key().generate(&plain, now).unwrap());
    let verified = key()
        .verify(value_of(&odd), TokenTarget::Url("/x"), now)
        .unwrap();
    assert_eq!(
        (verified.ip(), verified.start_time()),
        (Some("1.2.3.4"), Some(5))
    );
}
