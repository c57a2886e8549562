//! The search URL rules (`cld_sign::search`) beside the vectors: ttl 0 is kept, the cursor's sources, types and
//! alphabet, and queries that are not objects.

use cld_sign::search::SearchUrl;
use cld_sign::{ApiSecret, Error, ErrorKind, Signer};
use serde_json::json;

fn signer() -> Signer {
    Signer::new(ApiSecret::new("abcd").unwrap())
}

#[test]
fn ttl_zero_is_kept() {
    let query = json!({"expression": "x"});
    let zero = SearchUrl::new("demo", &query)
        .with_ttl(0)
        .sign(&signer())
        .unwrap();
    assert_eq!(zero.string_to_sign(), "0eyJleHByZXNzaW9uIjoieCJ9");
    assert!(zero.url().contains("/0/eyJleHByZXNzaW9uIjoieCJ9"));
    let default = SearchUrl::new("demo", &query).sign(&signer()).unwrap();
    assert_ne!(zero.signature(), default.signature());
    assert_eq!(default.ttl(), 300);
}

#[test]
fn the_cursor_is_never_signed() {
    let plain = json!({"expression": "x"});
    let with_member = json!({"expression": "x", "next_cursor": "abc"});
    let base = SearchUrl::new("demo", &plain).sign(&signer()).unwrap();
    for url in [
        SearchUrl::new("demo", &with_member)
            .sign(&signer())
            .unwrap(),
        SearchUrl::new("demo", &plain)
            .with_next_cursor("abc")
            .sign(&signer())
            .unwrap(),
        SearchUrl::new("demo", &with_member)
            .with_next_cursor("abc")
            .sign(&signer())
            .unwrap(),
    ] {
        assert_eq!(url.signature(), base.signature());
        assert_eq!(url.url(), format!("{}/abc", base.url()));
        assert_eq!(url.cursor(), Some("abc"));
    }
    // The caller's cursor wins over the query's; an empty one means none.
    let other = SearchUrl::new("demo", &with_member)
        .with_next_cursor("def")
        .sign(&signer())
        .unwrap();
    assert_eq!(other.url(), format!("{}/def", base.url()));
    let none = SearchUrl::new("demo", &with_member)
        .with_next_cursor("")
        .sign(&signer())
        .unwrap();
    assert_eq!(none.url(), base.url());
    let null = SearchUrl::new("demo", &json!({"expression": "x", "next_cursor": null}))
        .sign(&signer())
        .unwrap();
    assert_eq!(null.url(), base.url());
    // Only the top-level member is the cursor; a nested one is signed.
    let nested = SearchUrl::new(
        "demo",
        &json!({"expression": "x", "a": {"next_cursor": "abc"}}),
    )
    .sign(&signer())
    .unwrap();
    assert_eq!(
        nested.json(),
        r#"{"a":{"next_cursor":"abc"},"expression":"x"}"#
    );
    assert_eq!(nested.cursor(), None);
}

#[test]
fn a_cursor_that_is_not_text_and_queries_that_are_not_objects() {
    for cursor in [json!(5), json!(true), json!(["a"]), json!({})] {
        let query = json!({"expression": "x", "next_cursor": cursor.clone()});
        let err = SearchUrl::new("demo", &query).sign(&signer()).unwrap_err();
        assert!(
            matches!(&err, Error::UnsupportedValue { name, .. } if name == "next_cursor"),
            "{cursor}: {err:?}"
        );
    }
    for query in [json!(null), json!([]), json!("x"), json!(1), json!(false)] {
        let err = SearchUrl::new("demo", &query).sign(&signer()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{query}");
    }
}

/// The security review's finding: a cursor usually comes back from the browser for the
/// next page, and it goes into the URL's path unsigned; so it must be the opaque token the
/// Search API returns (`A-Z a-z 0-9 - _ =`), never a path, a query or a fragment.
#[test]
fn cursors_are_opaque_tokens() {
    let query = json!({"expression": "x"});
    for bad in [
        "../../../../other/x",
        "x?y=1#z",
        "a/b",
        "..",
        "a.b",
        "a b",
        "a%2fb",
        "a+b",
        "a&b",
        "a\n",
        "caf\u{e9}",
    ] {
        let err = SearchUrl::new("demo", &query)
            .with_next_cursor(bad)
            .sign(&signer())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedCursor, "{bad:?}");
        let member = json!({"expression": "x", "next_cursor": bad});
        let err = SearchUrl::new("demo", &member).sign(&signer()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedCursor, "{bad:?}");
        assert!(!err.to_string().contains(bad), "{err}");
    }
    let base = SearchUrl::new("demo", &query).sign(&signer()).unwrap();
    for good in [
        "db27cfb02b3f69cb39049969c23ca430c6d33d5a3a7c3ad1d870c54e1a54ee0faa5acdd9f6d288666986001711759d10",
        "abc",
        "AZaz09-_",
        "eyJpZCI6MTB9==",
    ] {
        let url = SearchUrl::new("demo", &query)
            .with_next_cursor(good)
            .sign(&signer())
            .unwrap();
        assert_eq!(url.url(), format!("{}/{good}", base.url()));
    }
    let err = SearchUrl::new("demo", &query)
        .with_next_cursor("ab/c")
        .sign(&signer())
        .unwrap_err();
    assert_eq!(err, Error::MalformedCursor { offset: 2 });
}

#[test]
fn the_query_is_signed_as_given() {
    let query =
        json!({"with_field": ["tags", "tags"], "e": "", "f": false, "n": null, "l": [], "o": {}});
    let url = SearchUrl::new("demo", &query).sign(&signer()).unwrap();
    assert_eq!(
        url.json(),
        r#"{"e":"","f":false,"l":[],"n":null,"o":{},"with_field":["tags","tags"]}"#
    );
}

/// A number parses to the nearest double (serde_json's `float_roundtrip`, which cld-sign
/// turns on), so its text is the one Python prints: without it this one parsed one ulp off
/// and printed `4.3704979587278085e-104` (found by `search_url_properties`).
#[test]
fn floats_keep_their_python_text() {
    for text in [
        "4.370497958727808e-104",
        "1e-05",
        "0.1",
        "1.5e+300",
        "123.456",
    ] {
        let query: serde_json::Value = serde_json::from_str(&format!("{{\"x\":{text}}}")).unwrap();
        let url = SearchUrl::new("demo", &query).sign(&signer()).unwrap();
        assert_eq!(url.json(), format!("{{\"x\":{text}}}"));
    }
}
