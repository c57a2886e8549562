//! Properties of signed download URLs (see `cld_sign::download`) over arbitrary JSON options: no panic, only
//! `unsupported_value` errors, a query that decodes back to exactly what was signed and
//! verifies as a received request, and a signature that changes with any single character of
//! a signed value.

use cld_sign::download::{DownloadKind, DownloadUrl, SignedDownloadUrl};
use cld_sign::{ApiSecret, ErrorKind, Signer, Timestamp, request::RequestVerifier};
use proptest::prelude::*;
use serde_json::{Map, Value};

const KNOWN: &[&str] = &[
    "public_id",
    "format",
    "type",
    "attachment",
    "expires_at",
    "allow_missing",
    "async",
    "batch_id",
    "flatten_folders",
    "fully_qualified_public_ids",
    "notification_url",
    "prefixes",
    "public_ids",
    "tags",
    "target_format",
    "target_tags",
    "transformations",
    "asset_id",
    "version_id",
    "resource_type",
    "folder_path",
    "mode",
    "timestamp",
    "api_key",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        "[a-z0-9 &=|,/%+?#~é😀\\x00-\\x1f]{0,8}".prop_map(Value::String),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof!["transformation|format".prop_map(String::from), "[a-z]{1,4}"],
                    inner
                ),
                0..3
            )
            .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(KNOWN).prop_map(String::from),
        1 => "[a-zA-Z_\\[\\] ]{1,8}",
    ]
}

fn options() -> impl Strategy<Value = Value> {
    prop::collection::vec((name(), json()), 0..6)
        .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>()))
}

fn kinds() -> impl Strategy<Value = DownloadKind> {
    prop::sample::select(DownloadKind::ALL.to_vec())
}

fn signer() -> Signer {
    Signer::new(ApiSecret::new("abcd").unwrap())
}

const AT: Timestamp = Timestamp::from_secs(1_315_060_510);

fn sign(kind: DownloadKind, options: &Value) -> Result<SignedDownloadUrl, cld_sign::Error> {
    DownloadUrl::from_options(kind, "demo", options)?.sign_at(&signer(), "1234", AT)
}

/// Whether the member `name` is signed by `kind` (the folder's `folder_path` is `prefixes`).
fn signed_member(kind: DownloadKind, name: &str) -> bool {
    kind.takes(name) || (kind == DownloadKind::Folder && name == "folder_path")
}

/// The number of non-empty string leaves in `value`.
fn count_strings(value: &Value) -> usize {
    match value {
        Value::String(s) => usize::from(!s.is_empty()),
        Value::Array(items) => items.iter().map(count_strings).sum(),
        Value::Object(members) => members.values().map(count_strings).sum(),
        _ => 0,
    }
}

/// Replaces one character of the `k`-th non-empty string leaf with `by` (which differs from
/// it); returns whether it found one.
fn mutate(value: &mut Value, k: &mut usize, at: usize, by: &[char]) -> bool {
    match value {
        Value::String(s) if !s.is_empty() => {
            if *k == 0 {
                let chars: Vec<char> = s.chars().collect();
                let i = at % chars.len();
                let new = by.iter().copied().find(|c| *c != chars[i]).unwrap();
                *s = chars
                    .iter()
                    .enumerate()
                    .map(|(j, c)| if j == i { new } else { *c })
                    .collect();
                return true;
            }
            *k -= 1;
            false
        }
        Value::Array(items) => items.iter_mut().any(|item| mutate(item, k, at, by)),
        Value::Object(members) => members.values_mut().any(|item| mutate(item, k, at, by)),
        _ => false,
    }
}

/// Cloudinary's reading of a query (see `cld_sign::request`): `name[]` fields are one list `name`.
fn as_cloudinary_reads(fields: &[(String, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (name, value) in fields {
        match name.strip_suffix("[]") {
            Some(list) => match out.iter_mut().find(|(n, _)| n == list) {
                Some((_, joined)) => {
                    joined.push(',');
                    joined.push_str(value);
                }
                None => out.push((list.to_owned(), value.clone())),
            },
            None => out.push((name.clone(), value.clone())),
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn any_options_sign_or_say_why(kind in kinds(), options in options()) {
        match sign(kind, &options) {
            Err(e) => prop_assert_eq!(e.kind(), ErrorKind::UnsupportedValue, "{}", e),
            Ok(signed) => {
                let (base, query) = signed.url().split_once('?').unwrap();
                prop_assert!(base.starts_with("https://api.cloudinary.com/v1_1/demo/"));
                let decoded: Vec<(String, String)> =
                    form_urlencoded::parse(query.as_bytes()).into_owned().collect();
                let held: Vec<(String, String)> =
                    signed.query_pairs().map(|(n, v)| (n.to_owned(), v.to_owned())).collect();
                prop_assert_eq!(&decoded, &held);
                let verifier = RequestVerifier::new(signer());
                let params = verifier.verify_at(as_cloudinary_reads(&decoded), AT);
                prop_assert!(params.is_ok(), "{:?}", params);
                prop_assert_eq!(signer().string_to_sign(params.unwrap().params()), signed.string_to_sign());
            }
        }
    }

    #[test]
    fn one_changed_character_changes_the_signature(
        kind in kinds(),
        options in options(),
        pick in any::<prop::sample::Index>(),
        at in any::<usize>(),
    ) {
        let Ok(before) = sign(kind, &options) else { return Ok(()) };
        let mut changed = options.clone();
        let members = changed.as_object_mut().unwrap();
        let signed: Vec<String> = members
            .iter()
            .filter(|(n, v)| signed_member(kind, n) && count_strings(v) > 0)
            .map(|(n, _)| n.clone())
            .collect();
        if signed.is_empty() {
            return Ok(());
        }
        let member = members.get_mut(pick.get(&signed)).unwrap();
        let mut k = at % count_strings(member);
        prop_assert!(mutate(member, &mut k, at, &['a', 'Z']));
        let after = sign(kind, &changed);
        prop_assert!(after.is_ok(), "{:?}", after);
        let after = after.unwrap();
        prop_assert_ne!(before.string_to_sign(), after.string_to_sign());
        prop_assert_ne!(before.signature(), after.signature());
    }
}
