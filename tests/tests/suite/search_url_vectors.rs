//! Every case of `search_url.json` (see `cld_sign::search`): base64 query, string to sign, SHA-256
//! signature (whatever the signer's algorithm) and URL.

use cld_sign::search::{DEFAULT_TTL, SearchUrl};
use cld_sign::{Algorithm, ApiSecret, Signer};
use cld_sign_tests::vectors::search_url::{Expected, Input};
use cld_sign_tests::vectors::{self, Case};

#[test]
fn every_search_url_vector() {
    let (mut with_cursor, mut default_ttl) = (0, 0);
    vectors::run("search_url.json", 39, |case: &Case<Input, Expected>| {
        let input = &case.input;
        let mut url = SearchUrl::new(&input.cloud_name, &input.query);
        match input.ttl {
            None => default_ttl += 1,
            Some(ttl) => url = url.with_ttl(ttl),
        }
        if let Some(cursor) = &input.next_cursor {
            url = url.with_next_cursor(cursor);
        }
        let mut outputs = Vec::new();
        for algorithm in [Algorithm::Sha1, Algorithm::Sha256] {
            let signer = Signer::new(ApiSecret::new(&input.secret)?).with_algorithm(algorithm);
            let signed = url.sign(&signer)?;
            assert_eq!(signed.to_string(), signed.url());
            if input.ttl.is_none() {
                assert_eq!(signed.ttl(), DEFAULT_TTL);
            }
            // The JSON text is what was encoded.
            let decoded = base64::Engine::decode(
                &base64::engine::general_purpose::URL_SAFE,
                signed.b64query(),
            )
            .unwrap();
            assert_eq!(decoded, signed.json().as_bytes());
            if algorithm == Algorithm::Sha1 && signed.cursor().is_some() {
                with_cursor += 1;
            }
            outputs.push([
                signed.b64query().to_owned(),
                signed.string_to_sign(),
                signed.signature().to_string(),
                signed.url().to_owned(),
            ]);
        }
        // The same URL whatever the signer's algorithm.
        assert_eq!(outputs[0], outputs[1], "SHA-1 and SHA-256 signers");
        Ok(outputs.remove(0))
    });
    assert_eq!(
        (with_cursor, default_ttl),
        (6, 24),
        "cases with a cursor, with the default ttl"
    );
}
