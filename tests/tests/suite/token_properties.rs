//! Properties of auth tokens (proptest): no input panics, every generated token verifies
//! for what it grants, and any single-byte change to a token is rejected; the token path is
//! decoded exactly once, whatever was encoded.

use std::net::IpAddr;
use std::time::Duration;

use cld_sign::delivery::{AuthTokenVerifier, canonical_token_path};
use cld_sign::{
    Error, Timestamp, UrlProblem,
    delivery::{AuthToken, Expiry, TokenKey, TokenOptions, TokenTarget},
};
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
            token = token.with_ip(ip);
        }
        if let Some(start) = self.start {
            token = token.with_start_time(Timestamp::from_secs(start)).unwrap();
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
        let generated = AuthToken::try_from(&options).and_then(|t| t.sign_at(&key(), now));
        let ip_ok = ip.as_deref().is_none_or(|ip| ip.parse::<IpAddr>().is_ok());
        let acls_ok = !acls.iter().any(|acl| acl.contains('!'));
        prop_assert_eq!(
            generated.is_ok(),
            !(acls.is_empty() && url.is_none()) && duration.is_some() && ip_ok && acls_ok
        );
        let client = ip.as_deref().and_then(|ip| ip.parse().ok());
        for target in [TokenTarget::Acl(&target), TokenTarget::Url(&target)] {
            let _ = AuthTokenVerifier::new(key()).verify_at(&token, target, client, now);
            if let Ok(generated) = &generated {
                let _ = AuthTokenVerifier::new(key()).verify_at(generated.value(), target, client, now);
            }
        }
    }

    #[test]
    fn every_generated_token_verifies(case in cases(), at in 0.0f64..=1.0) {
        let token = case.token().sign_at(&key(), Timestamp::from_secs(NOW)).unwrap();
        let (from, to) = case.window();
        let now = Timestamp::from_secs(from + ((to - from) as f64 * at) as u64);
        let (acl, kind) = case.target();
        let target = target_of(&case, &acl, kind);
        let verified = AuthTokenVerifier::new(key()).verify_at(token.value(), target, case.ip, now);
        let verified = verified.map_err(|e| TestCaseError::fail(format!("{token}: {e}")))?;
        prop_assert_eq!(verified.expiration(), Timestamp::from_secs(to));
        prop_assert_eq!(verified.start_time(), case.start.map(Timestamp::from_secs));
        prop_assert_eq!(verified.ip(), case.ip);

        // Outside the window, or from another client when it names an IP, it is refused.
        prop_assert!(AuthTokenVerifier::new(key()).verify_at(token.value(), target, case.ip, Timestamp::from_secs(to + 1)).is_err());
        if from > 0 && case.start.is_some() {
            let before = Timestamp::from_secs(from - 1);
            prop_assert!(AuthTokenVerifier::new(key()).verify_at(token.value(), target, case.ip, before).is_err());
        }
        if case.ip.is_some() {
            prop_assert!(AuthTokenVerifier::new(key()).verify_at(token.value(), target, None, now).is_err());
        }
    }

    #[test]
    fn any_single_byte_change_is_rejected(
        case in cases(),
        position in any::<prop::sample::Index>(),
        replacement in 0x20u8..0x7f,
    ) {
        let token = case.token().sign_at(&key(), Timestamp::from_secs(NOW)).unwrap();
        let value = token.value();
        let (acl, kind) = case.target();
        let target = target_of(&case, &acl, kind);
        let (from, _) = case.window();
        let now = Timestamp::from_secs(from);
        prop_assert!(AuthTokenVerifier::new(key()).verify_at(value, target, case.ip, now).is_ok());

        let mut bytes = value.as_bytes().to_vec();
        let i = position.index(bytes.len());
        prop_assume!(bytes[i] != replacement);
        bytes[i] = replacement;
        // A change inside a multi-byte character is not text; nothing to verify.
        if let Ok(changed) = String::from_utf8(bytes) {
            let result = AuthTokenVerifier::new(key()).verify_at(&changed, target, case.ip, now);
            prop_assert!(result.is_err(), "{} accepted (from {})", changed, value);
        }
    }

    /// The canonical path is a fixed point: it holds no `%`, so a server that decodes it
    /// again reads the same path; and nothing a later server could read as a separator or
    /// a dot segment is left in it.
    #[test]
    fn the_canonical_path_decodes_to_itself(
        path in prop_oneof![any::<String>(), "[%/.a-f0-9A-F\\\\\u{ff0e}\u{2215}é]{0,24}"],
    ) {
        if let Ok(canonical) = canonical_token_path(&path) {
            prop_assert!(!canonical.contains('%'), "{:?} -> {:?}", path, canonical);
            prop_assert!(!canonical.contains("//") && !canonical.contains('\\'));
            prop_assert!(!canonical.split('/').any(|s| s == "." || s == ".."));
            prop_assert!(!canonical.chars().any(char::is_control));
            let again = canonical_token_path(&canonical).map_err(|e| {
                TestCaseError::fail(format!("{canonical:?} refused: {e}"))
            })?;
            prop_assert_eq!(&again, &canonical);
            if !path.contains('%') {
                prop_assert_eq!(&canonical, &path);
            }
        }
    }

    /// A normalised path and any percent-encoding of its bytes (but `.` and `/`) are one
    /// path; encoding an escape's `%` once more is double encoding, always refused.
    #[test]
    fn one_decoding_and_never_two(
        path in paths(),
        encode in prop::collection::vec(any::<(bool, bool)>(), 64),
    ) {
        let mut encoded = String::new();
        let mut double = String::new();
        let mut escaped = false;
        for (i, c) in path.chars().enumerate() {
            let (this, upper) = encode[i % encode.len()];
            if this && c != '.' && c != '/' {
                for byte in c.to_string().bytes() {
                    let hex = if upper { format!("%{byte:02X}") } else { format!("%{byte:02x}") };
                    encoded.push_str(&hex);
                    double.push_str(&hex.replacen('%', "%25", 1));
                }
                escaped = true;
            } else {
                encoded.push(c);
                double.push(c);
            }
        }
        let canonical = canonical_token_path(&encoded)
            .map_err(|e| TestCaseError::fail(format!("{encoded:?} refused: {e}")))?;
        prop_assert_eq!(&canonical, &path);
        if escaped {
            prop_assert_eq!(
                canonical_token_path(&double).unwrap_err(),
                Error::MalformedUrl { problem: UrlProblem::DoubleEncoded }
            );
        }
    }
}

/// Every character whose compatibility decomposition (NFKC) holds `.`, `/`, `\` or `%` is
/// a look-alike the token path refuses, whatever Unicode version the decomposition
/// tables come from; so are the IDNA full stops and the slashes named in the rustdoc.
#[test]
fn every_look_alike_of_a_separator_dot_or_percent_is_refused() {
    use unicode_normalization::UnicodeNormalization;
    let mut refused = 0;
    for c in ('\u{80}'..=char::MAX).filter(|c| !c.is_control()) {
        let nfkc: String = c.nfkc().collect();
        if nfkc.contains(['.', '/', '\\', '%']) {
            let path = format!("/image/a{c}b");
            assert_eq!(
                canonical_token_path(&path).unwrap_err(),
                Error::MalformedUrl {
                    problem: UrlProblem::LookAlike
                },
                "U+{:04X} ({nfkc:?})",
                u32::from(c)
            );
            refused += 1;
        }
    }
    assert!(refused >= 40, "{refused}");
    for c in [
        '\u{3002}', '\u{FF61}', '\u{FE12}', '\u{2044}', '\u{2215}', '\u{2216}', '\u{29F5}',
        '\u{29F8}', '\u{29F9}',
    ] {
        let path = format!("/image/a{c}b");
        assert!(
            canonical_token_path(&path).is_err(),
            "U+{:04X}",
            u32::from(c)
        );
        let encoded: String = c.to_string().bytes().map(|b| format!("%{b:02x}")).collect();
        assert!(
            canonical_token_path(&format!("/image/{encoded}")).is_err(),
            "U+{:04X}",
            u32::from(c)
        );
    }
    // Letters, digits and punctuation that only resemble nothing stay.
    for path in ["/image/é日本ノ·-_~!$'()*+,;=:@", "/image/a.b/c..d/.e"] {
        assert_eq!(canonical_token_path(path).unwrap(), path);
    }
}
