//! The fuzz target of signing policies: browser bodies signed under fixed policies.

use std::time::Duration;

use cld_sign::{
    ApiSecret, ErrorKind, SignatureVersion, Signer, Timestamp, request::RequestVerifier,
};

use super::{FIXED_SECRET, Outcome, control, fixed_signer};

/// What a fixed policy of [`policy_body`] lets through for one name, restated apart from
/// cld-sign's rules.
#[derive(Debug, Clone, Copy)]
enum Allowed {
    /// Any text of at most this many bytes, without `/` or `&`.
    Text(usize),
    /// Text starting with this prefix.
    Prefix(&'static str),
    /// One of these values.
    OneOf(&'static [&'static str]),
    /// Exactly this value, sent by the browser.
    Forced(&'static str),
    /// This value, whatever the browser sent (added if it sent none).
    Replaced(&'static str),
}

/// A fixed policy of [`policy_body`]: the policy, its rules restated, whether it signs
/// the server's clock.
fn fixed_policy(
    which: u8,
) -> (
    cld_sign::policy::SigningPolicy,
    &'static [(&'static str, Allowed)],
    bool,
) {
    use cld_sign::policy::{Rule, SigningPolicy};
    match which % 4 {
        0 => (
            SigningPolicy::builder()
                .allow("folder", Rule::prefix("users/42/"))
                .allow("tags", Rule::one_of(["cats", "dogs"]))
                .allow("upload_preset", Rule::forced("signed"))
                .allow("type", Rule::forced("authenticated").replace())
                .build()
                .expect("a safe policy"),
            &[
                ("folder", Allowed::Prefix("users/42/")),
                ("tags", Allowed::OneOf(&["cats", "dogs"])),
                ("type", Allowed::Replaced("authenticated")),
                ("upload_preset", Allowed::Forced("signed")),
            ],
            false,
        ),
        1 => (
            SigningPolicy::upload_widget()
                .allow("folder", Rule::prefix("uw/"))
                .build()
                .expect("a safe policy"),
            &[
                ("custom_coordinates", Allowed::Text(64)),
                ("folder", Allowed::Prefix("uw/")),
                ("source", Allowed::OneOf(&["uw"])),
            ],
            false,
        ),
        2 => (
            SigningPolicy::builder()
                .with_server_timestamp()
                .allow("context", Rule::text().with_max_len(32))
                .allow("eager", Rule::forced("c_fill,w_100").replace())
                .with_max_params(4)
                .with_max_size(128)
                .build()
                .expect("a safe policy"),
            &[
                ("eager", Allowed::Replaced("c_fill,w_100")),
                ("context", Allowed::Text(32)),
            ],
            true,
        ),
        _ => (
            SigningPolicy::upload_widget()
                .with_server_timestamp()
                .with_max_params(3)
                .build()
                .expect("a safe policy"),
            &[
                ("custom_coordinates", Allowed::Text(64)),
                ("source", Allowed::OneOf(&["uw"])),
            ],
            true,
        ),
    }
}

/// `SigningPolicy::read_body` then `PolicyRequest::sign_at`, with four fixed policies.
///
/// Control byte: bits 0–1 the policy (0: a builder's prefix, one-of, forced and replaced
/// rules; 1: the `upload_widget()` preset with a folder prefix; 2: `with_server_timestamp()`
/// with a replaced value and small limits; 3: the preset with `with_server_timestamp()`); bit 2
/// SHA-256 signer; bit 3 signature version 1 signer (the policy signs version 2 anyway).
/// The rest is the body.
///
/// Properties: a signed result holds only `timestamp` and allowed names, each value
/// within its rule, every forced value, at most `max_params` names plus the forced ones
/// and the timestamp; its timestamp is the server's clock (or the browser's within the
/// window); its signature is the signer's (version 2) over its params and re-verifies
/// with `RequestVerifier` at the same time, and not with another secret; signing it again
/// as a body gives the same result; an error never shows the secret (`Display`, `Debug`).
pub fn policy_body(data: &[u8]) -> Outcome {
    let (c, body) = control(data);
    let (policy, allowed, server) = fixed_policy(c);
    let signer = fixed_signer(c & 4 != 0, c & 8 != 0);
    let now = Timestamp::from_secs(1_700_000_000);
    let result = policy
        .read_body(body)
        .and_then(|request| request.sign_at(&signer, now));
    let signed = match result {
        Err(err) => {
            let shown = format!("{err} {err:?}");
            if !body
                .windows(FIXED_SECRET.len())
                .any(|w| w == FIXED_SECRET.as_bytes())
            {
                assert!(!shown.contains(FIXED_SECRET), "{shown}");
            }
            return Outcome::Refused;
        }
        Ok(signed) => signed,
    };
    let params = signed.params();
    let forced = allowed
        .iter()
        .filter(|(_, a)| matches!(a, Allowed::Forced(_) | Allowed::Replaced(_)))
        .count();
    assert!(
        params.len() <= policy.max_params() + forced + 1,
        "{params:?}"
    );
    for (name, value) in params.iter() {
        if name == "timestamp" {
            continue;
        }
        let (_, rule) = allowed
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("signed {name:?}, which the policy does not allow"));
        let ok = match *rule {
            Allowed::Text(max) => value.len() <= max && !value.contains(['/', '&']),
            Allowed::Prefix(prefix) => value.starts_with(prefix),
            Allowed::OneOf(values) => values.contains(&value),
            Allowed::Forced(forced) | Allowed::Replaced(forced) => value == forced,
        };
        assert!(ok, "signed {name}={value:?} against {rule:?}");
    }
    for (name, rule) in allowed {
        if let Allowed::Forced(value) | Allowed::Replaced(value) = *rule {
            assert_eq!(params.get(name), Some(value), "{name} not forced");
        }
    }
    let stamp = signed.timestamp();
    assert_eq!(params.get("timestamp"), Some(stamp.to_string().as_str()));
    if server {
        assert_eq!(stamp, now);
    } else {
        assert!(stamp.as_secs().abs_diff(now.as_secs()) <= 300, "{stamp}");
    }
    let v2 = signer.clone().with_signature_version(SignatureVersion::V2);
    assert!(signed.signature().ct_eq(&v2.sign(params)));
    let hex = signed.signature().hex().to_string();
    RequestVerifier::new(v2.clone())
        .with_max_skew(Duration::from_secs(300))
        .verify_signed_at(params.clone(), &hex, now)
        .expect("a signed result re-verifies");
    let other = Signer::new(ApiSecret::new("anotherSecret").expect("non-empty"))
        .with_algorithm(signer.algorithm());
    let err = RequestVerifier::new(other)
        .with_max_skew(Duration::from_secs(300))
        .verify_signed_at(params.clone(), &hex, now)
        .expect_err("verified with another secret");
    assert_eq!(err.kind(), ErrorKind::Mismatch, "{err}");
    // What was signed is a fixed point: sent back, it is signed the same.
    let again: serde_json::Map<String, serde_json::Value> = params
        .iter()
        .map(|(n, v)| (n.to_owned(), serde_json::Value::from(v)))
        .collect();
    let again = serde_json::json!({ "paramsToSign": again }).to_string();
    let again = policy
        .read_body(again.as_bytes())
        .and_then(|request| request.sign_at(&signer, now))
        .expect("what was signed is signed again");
    assert_eq!(again, signed);
    Outcome::Accepted
}
