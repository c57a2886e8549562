//! Every case of `search_url.json` (see `cld_sign::search`): base64 query, string to sign, SHA-256
//! signature (whatever the signer's algorithm) and URL.

use cld_sign::search::{DEFAULT_TTL, SearchUrl};
use cld_sign::{Algorithm, ApiSecret, Signer};
use cld_sign_tests::{load, str_field};
use serde_json::Value;

#[test]
fn every_search_url_vector() {
    let cases = load("search_url.json");
    assert_eq!(cases.len(), 39, "search_url.json case count");
    let (mut with_cursor, mut default_ttl) = (0, 0);
    for case in &cases {
        assert_eq!(case.kind, "search_url", "{}", case.id);
        let input = &case.input;
        let expected = &case.expected;
        assert!(
            expected.get("error").is_none(),
            "{}: no error cases expected",
            case.id
        );
        let query = &input["query"];
        let mut url = SearchUrl::new(str_field(input, "cloud_name").unwrap(), query);
        match &input["ttl"] {
            Value::Null => default_ttl += 1,
            ttl => url = url.with_ttl(ttl.as_u64().unwrap()),
        }
        if let Some(cursor) = str_field(input, "next_cursor") {
            url = url.with_next_cursor(cursor);
        }
        for algorithm in [Algorithm::Sha1, Algorithm::Sha256] {
            let signer = Signer::new(ApiSecret::new(str_field(input, "secret").unwrap()).unwrap())
                .with_algorithm(algorithm);
            let signed = url
                .sign(&signer)
                .unwrap_or_else(|e| panic!("{}: {e}", case.id));
            assert_eq!(
                signed.b64query(),
                str_field(expected, "b64query").unwrap(),
                "{}",
                case.id
            );
            assert_eq!(
                signed.string_to_sign(),
                str_field(expected, "string_to_sign").unwrap(),
                "{}",
                case.id
            );
            assert_eq!(
                signed.signature().to_string(),
                str_field(expected, "signature").unwrap(),
                "{}",
                case.id
            );
            assert_eq!(
                signed.url(),
                str_field(expected, "url").unwrap(),
                "{}",
                case.id
            );
            assert_eq!(signed.to_string(), signed.url());
            if input["ttl"].is_null() {
                assert_eq!(signed.ttl(), DEFAULT_TTL);
            }
            // The JSON text is what was encoded.
            let decoded = base64::Engine::decode(
                &base64::engine::general_purpose::URL_SAFE,
                signed.b64query(),
            )
            .unwrap();
            assert_eq!(decoded, signed.json().as_bytes(), "{}", case.id);
            if algorithm == Algorithm::Sha1 && signed.cursor().is_some() {
                with_cursor += 1;
            }
        }
    }
    assert_eq!(
        (with_cursor, default_ttl),
        (6, 24),
        "cases with a cursor, with the default ttl"
    );
}
