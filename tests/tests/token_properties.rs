//! Properties of auth tokens (proptest): no input panics, every generated token verifies
//! for what it grants, and any single-byte change to a token is rejected.

use std::net::IpAddr;
use std::time::Duration;

use cld_sign::{AuthToken, Expiry, Timestamp, TokenKey, TokenOptions, TokenTarget};
use proptest::prelude::*;

const NOW: u64 = 1_700_000_000;

fn key() -> TokenKey {
    TokenKey::from_hex("00112233FF99").unwrap()
}

/// Text heavy in the characters that are escaped, split on or parsed: `~ = ! % / *`.
fn tricky_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[~=!%/*a-z0-9 :é日]{0,16}"]
}

/// An ACL pattern: tricky text without `!`, which separates ACLs (and is refused in one).
fn acl_text() -> impl Strategy<Value = String> {
    tricky_text().prop_map(|text| text.replace('!', ""))
}

/// IPv4 and IPv6 addresses, or none.
fn ips() -> impl Strategy<Value = Option<IpAddr>> {
    prop::option::of(prop_oneof![
        any::<[u8; 4]>().prop_map(IpAddr::from),
        any::<[u16; 8]>().prop_map(IpAddr::from),
    ])
}

/// A decoded, normalised request path (what a URL target must be): segments without `/`,
/// `\\`, `%` and never `.` or `..`.
fn paths() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-z0-9_.*~=!:é日-]{1,8}", 1..4).prop_map(|segments| {
        let segments: Vec<String> = segments
            .into_iter()
            .map(|s| {
                if s == "." || s == ".." {
                    format!("{s}x")
                } else {
                    s
                }
            })
            .collect();
        format!("/{}", segments.join("/"))
    })
}

/// A token: ACLs or a URL, an IP, and a validity window around [`NOW`].
#[derive(Debug, Clone)]
struct Case {
    acls: Vec<String>,
    url: String,
    ip: Option<IpAddr>,
    start: Option<u64>,
    /// Either an explicit expiration (`true`) or a duration (`false`) of `length` seconds.
    explicit_expiration: bool,
    length: u64,
}

impl Case {
    fn token(&self) -> AuthToken {
        let from = self.start.unwrap_or(NOW);
        let expiry = if self.explicit_expiration {
            Expiry::At(Timestamp::from_secs(from + self.length))
        } else {
            Expiry::After(Duration::from_secs(self.length))
        };
        let mut token = if self.acls.is_empty() {
            AuthToken::for_url(self.url.clone(), expiry)
        } else {
            AuthToken::for_acls(self.acls.clone(), expiry).unwrap()
        };
        if let Some(ip) = self.ip {
            token.set_ip(ip);
        }
        if let Some(start) = self.start {
            token.set_start_time(Timestamp::from_secs(start)).unwrap();
        }
        token
    }

    fn window(&self) -> (u64, u64) {
        let from = self.start.unwrap_or(NOW);
        (from, from + self.length)
    }

    fn joined_acl(&self) -> Option<String> {
        (!self.acls.is_empty()).then(|| self.acls.join("!"))
    }

    fn target(&self) -> (Option<String>, TokenTargetKind) {
        match self.joined_acl() {
            Some(acl) => (Some(acl), TokenTargetKind::Acl),
            None => (None, TokenTargetKind::Url),
        }
    }
}

/// Which target a case is verified against.
#[derive(Debug, Clone, Copy)]
enum TokenTargetKind {
    Acl,
    Url,
}

fn target_of<'a>(
    case: &'a Case,
    acl: &'a Option<String>,
    kind: TokenTargetKind,
) -> TokenTarget<'a> {
    match (kind, acl) {
        (TokenTargetKind::Acl, Some(acl)) => TokenTarget::Acl(acl),
        _ => TokenTarget::Url(&case.url),
    }
}

fn cases() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(acl_text(), 0..3),
        paths(),
        ips(),
        prop::option::of(0u64..4_000_000_000),
        any::<bool>(),
        0u64..1_000_000,
    )
        .prop_map(|(acls, url, ip, start, explicit_expiration, length)| Case {
            acls,
            url,
            ip,
            start,
            explicit_expiration,
            length,
        })
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
        let mut options = TokenOptions::default();
        options.acl = acls.clone();
        options.url = url.clone();
        options.ip = ip.clone();
        options.start_time = start.map(Timestamp::from_secs);
        options.duration = duration.map(Duration::from_secs);
        let now = Timestamp::from_secs(now);
        let generated = AuthToken::try_from(&options).and_then(|t| key().generate(&t, now));
        let ip_ok = ip.as_deref().is_none_or(|ip| ip.parse::<IpAddr>().is_ok());
        let acls_ok = !acls.iter().any(|acl| acl.contains('!'));
        prop_assert_eq!(
            generated.is_ok(),
            !(acls.is_empty() && url.is_none()) && duration.is_some() && ip_ok && acls_ok
        );
        let client = ip.as_deref().and_then(|ip| ip.parse().ok());
        for target in [TokenTarget::Acl(&target), TokenTarget::Url(&target)] {
            let _ = key().verify(&token, target, client, now);
            if let Ok(generated) = &generated {
                let _ = key().verify(generated.value(), target, client, now);
            }
        }
    }

    #[test]
    fn every_generated_token_verifies(case in cases(), at in 0.0f64..=1.0) {
        let token = key().generate(&case.token(), Timestamp::from_secs(NOW)).unwrap();
        let (from, to) = case.window();
        let now = Timestamp::from_secs(from + ((to - from) as f64 * at) as u64);
        let (acl, kind) = case.target();
        let target = target_of(&case, &acl, kind);
        let verified = key().verify(token.value(), target, case.ip, now);
        let verified = verified.map_err(|e| TestCaseError::fail(format!("{token}: {e}")))?;
        prop_assert_eq!(verified.expiration(), Timestamp::from_secs(to));
        prop_assert_eq!(verified.start_time(), case.start.map(Timestamp::from_secs));
        prop_assert_eq!(verified.ip(), case.ip);

        // Outside the window, or from another client when it names an IP, it is refused.
        prop_assert!(key().verify(token.value(), target, case.ip, Timestamp::from_secs(to + 1)).is_err());
        if from > 0 && case.start.is_some() {
            let before = Timestamp::from_secs(from - 1);
            prop_assert!(key().verify(token.value(), target, case.ip, before).is_err());
        }
        if case.ip.is_some() {
            prop_assert!(key().verify(token.value(), target, None, now).is_err());
        }
    }

    #[test]
    fn any_single_byte_change_is_rejected(
        case in cases(),
        position in any::<prop::sample::Index>(),
        replacement in 0x20u8..0x7f,
    ) {
        let token = key().generate(&case.token(), Timestamp::from_secs(NOW)).unwrap();
        let value = token.value();
        let (acl, kind) = case.target();
        let target = target_of(&case, &acl, kind);
        let (from, _) = case.window();
        let now = Timestamp::from_secs(from);
        prop_assert!(key().verify(value, target, case.ip, now).is_ok());

        let mut bytes = value.as_bytes().to_vec();
        let i = position.index(bytes.len());
        prop_assume!(bytes[i] != replacement);
        bytes[i] = replacement;
        // A change inside a multi-byte character is not text; nothing to verify.
        if let Ok(changed) = String::from_utf8(bytes) {
            let result = key().verify(&changed, target, case.ip, now);
            prop_assert!(result.is_err(), "{} accepted (from {})", changed, value);
        }
    }
}
