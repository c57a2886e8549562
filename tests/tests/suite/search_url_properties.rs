//! Properties of search URLs (see `cld_sign::search`) over arbitrary JSON queries: no panic, only
//! `unsupported_value` errors (and `malformed_cursor` for a cursor outside its alphabet), a
//! base64 query that decodes to the sorted JSON text of the query, a cursor that is one
//! path segment, member order that does not matter, and a signature that changes with any
//! single character of the query.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE;
use cld_sign::search::SearchUrl;
use cld_sign::{ApiSecret, ErrorKind, Signer};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        "\\PC{0,8}".prop_map(Value::String),
        "[a-z\"\\\\/&=\\x00-\\x1f\\x7f\u{ffff}😀]{0,6}".prop_map(Value::String),
    ]
}

fn object<T: Strategy<Value = Value>>(inner: T) -> impl Strategy<Value = Value> {
    prop::collection::vec(
        (
            prop_oneof![
                Just("next_cursor".to_owned()),
                "\\PC{0,4}",
                "[a-zé😀\u{ffff}]{1,3}"
            ],
            inner,
        ),
        0..5,
    )
    .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>()))
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 32, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            object(inner),
        ]
    })
}

fn signer() -> Signer {
    Signer::new(ApiSecret::new("abcd").unwrap())
}

/// `value` with the members of every object in reverse order.
fn reversed(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .rev()
                .map(|(k, v)| (k.clone(), reversed(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(reversed).collect()),
        other => other.clone(),
    }
}

/// The number of non-empty string leaves.
fn count_strings(value: &Value) -> usize {
    match value {
        Value::String(s) => usize::from(!s.is_empty()),
        Value::Array(items) => items.iter().map(count_strings).sum(),
        Value::Object(members) => members.values().map(count_strings).sum(),
        _ => 0,
    }
}

/// Replaces one character of the `k`-th non-empty string leaf with another.
fn mutate(value: &mut Value, k: &mut usize, at: usize) -> bool {
    match value {
        Value::String(s) if !s.is_empty() => {
            if *k == 0 {
                let chars: Vec<char> = s.chars().collect();
                let i = at % chars.len();
                let new = if chars[i] == 'a' { 'b' } else { 'a' };
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
        Value::Array(items) => items.iter_mut().any(|item| mutate(item, k, at)),
        Value::Object(members) => members.values_mut().any(|item| mutate(item, k, at)),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn any_query_signs_or_says_why(query in prop_oneof![1 => json(), 3 => object(json())], ttl in any::<u64>()) {
        let result = SearchUrl::new("demo", &query).with_ttl(ttl).sign(&signer());
        let token = |c: &str| c.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_=".contains(&b));
        let cursor = match query.get("next_cursor") {
            None | Some(Value::Null) => Ok(""),
            Some(Value::String(c)) if token(c) => Ok(c.as_str()),
            Some(Value::String(_)) => Err(ErrorKind::MalformedCursor),
            Some(_) => Err(ErrorKind::UnsupportedValue),
        };
        match result {
            Err(e) if !query.is_object() => {
                prop_assert_eq!(e.kind(), ErrorKind::UnsupportedValue, "{}", e);
            }
            Err(e) => prop_assert_eq!(Err(e.kind()), cursor),
            Ok(signed) => {
                prop_assert!(query.is_object());
                let Ok(cursor) = cursor else {
                    return Err(TestCaseError::fail(format!("{query} signed")));
                };
                let json = URL_SAFE.decode(signed.b64query()).unwrap();
                prop_assert_eq!(&json, signed.json().as_bytes());
                prop_assert!(signed.json().is_ascii());
                let back: Value = serde_json::from_slice(&json).unwrap();
                let mut without = query.as_object().unwrap().clone();
                without.shift_remove("next_cursor");
                prop_assert_eq!(back, Value::Object(without));
                let prefix = format!("https://res.cloudinary.com/demo/search/{}/{ttl}/{}", signed.signature(), signed.b64query());
                prop_assert!(signed.url().starts_with(&prefix));
                let tail = &signed.url()[prefix.len()..];
                prop_assert_eq!(tail, if cursor.is_empty() { String::new() } else { format!("/{cursor}") });
                // Member order never matters: keys are sorted at every level.
                let other = reversed(&query);
                let again = SearchUrl::new("demo", &other).with_ttl(ttl).sign(&signer()).unwrap();
                prop_assert_eq!(again.url(), signed.url());
            }
        }
    }

    #[test]
    fn one_changed_character_changes_the_signature(
        query in object(json()),
        pick in any::<prop::sample::Index>(),
        at in any::<usize>(),
    ) {
        let Ok(before) = SearchUrl::new("demo", &query).sign(&signer()) else { return Ok(()) };
        let mut changed = query.clone();
        let members = changed.as_object_mut().unwrap();
        // The top-level `next_cursor` is not signed.
        let names: Vec<String> = members
            .iter()
            .filter(|(n, v)| *n != "next_cursor" && count_strings(v) > 0)
            .map(|(n, _)| n.clone())
            .collect();
        if names.is_empty() {
            return Ok(());
        }
        let member = members.get_mut(pick.get(&names)).unwrap();
        let mut k = at % count_strings(member);
        prop_assert!(mutate(member, &mut k, at));
        let after = SearchUrl::new("demo", &changed).sign(&signer()).unwrap();
        prop_assert_ne!(before.b64query(), after.b64query());
        prop_assert_ne!(before.signature(), after.signature());
    }
}
