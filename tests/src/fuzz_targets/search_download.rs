//! The fuzz targets of the signed API URLs: search URLs and download URLs.

use cld_sign::{Algorithm, ErrorKind, Timestamp, request::RequestVerifier};

use super::{Outcome, control, fields, hex_lower, secret_text, signer, text};

/// `cld_sign::search::SearchUrl` (see `cld_sign::search`) on any JSON text.
///
/// Control byte: bit 0 a `ttl` is given; bit 1 a `next_cursor` is given; bit 2 a SHA-256
/// signer (the search signature is SHA-256 whatever the signer). Fields: secret, cloud
/// name, ttl, cursor, the query's JSON text (the rest).
///
/// Properties: the b64query is URL-safe base64 with padding of the JSON text, which is the
/// query's members but `next_cursor`, sorted; the signature is SHA-256 hex (computed here
/// with `sha2`) of ttl ++ b64query ++ secret; the URL is made of those and the cursor; a
/// query that is not an object, or a `next_cursor` neither text nor null, is
/// `unsupported_value`; a cursor used that holds a character outside `A-Z a-z 0-9 - _ =`
/// is `malformed_cursor`; nothing else is refused.
pub fn search_url_json(data: &[u8]) -> Outcome {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE;
    use cld_sign::search::{DEFAULT_TTL, SearchUrl};
    use serde_json::Value;
    use sha2::Digest as _;

    let (c, rest) = control(data);
    let [secret, cloud, ttl, cursor, json] = fields::<5>(rest);
    let Ok(query) = serde_json::from_slice::<Value>(json) else {
        return Outcome::Refused;
    };
    let signer = signer(secret, c & 4 != 0);
    let secret = secret_text(secret);
    let (cloud, cursor) = (text(cloud), text(cursor));
    let mut builder = SearchUrl::new(cloud.as_str(), &query);
    let mut ttl_secs = DEFAULT_TTL;
    if c & 1 != 0 {
        ttl_secs = text(ttl).parse().unwrap_or(0);
        builder = builder.with_ttl(ttl_secs);
    }
    if c & 2 != 0 {
        builder = builder.with_next_cursor(cursor.as_str());
    }
    let result = builder.sign(&signer);
    let members = match (&query, &result) {
        (Value::Object(members), _) => members,
        (_, Err(err)) => {
            assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{err}");
            return Outcome::Refused;
        }
        (_, Ok(url)) => panic!("signed a query that is not an object: {url:?}"),
    };
    let from_query = match members.get("next_cursor") {
        None | Some(Value::Null) => None,
        Some(Value::String(cursor)) => Some(cursor.as_str()),
        Some(_) => {
            let err = result.expect_err("signed a next_cursor that is not text");
            assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{err}");
            return Outcome::Refused;
        }
    };
    let cursor = if c & 2 != 0 {
        Some(cursor.as_str())
    } else {
        from_query
    }
    .filter(|c| !c.is_empty());
    let token = |b: u8| b.is_ascii_alphanumeric() || b"-_=".contains(&b);
    if cursor.is_some_and(|cursor| !cursor.bytes().all(token)) {
        let err = result.expect_err("signed a cursor outside its alphabet");
        assert_eq!(err.kind(), ErrorKind::MalformedCursor, "{err}");
        return Outcome::Refused;
    }
    let url = result.unwrap_or_else(|err| panic!("refused {query}: {err}"));
    assert_eq!(url.ttl(), ttl_secs);
    let decoded = URL_SAFE
        .decode(url.b64query())
        .expect("padded URL-safe base64");
    assert_eq!(decoded, url.json().as_bytes());
    let back: Value = serde_json::from_str(url.json()).expect("the JSON text parses");
    let keys: Vec<&String> = back.as_object().expect("an object").keys().collect();
    let mut expected: Vec<&String> = members.keys().filter(|k| *k != "next_cursor").collect();
    expected.sort();
    assert_eq!(keys, expected);
    assert!(url.json().is_ascii(), "{}", url.json());

    let mut hash = sha2::Sha256::new();
    hash.update(ttl_secs.to_string());
    hash.update(url.b64query());
    hash.update(secret);
    assert_eq!(url.signature().to_string(), hex_lower(&hash.finalize()));
    assert_eq!(url.signature().algorithm(), Algorithm::Sha256);

    assert_eq!(url.cursor(), cursor);
    let mut expected_url = format!(
        "https://res.cloudinary.com/{cloud}/search/{}/{ttl_secs}/{}",
        url.signature(),
        url.b64query()
    );
    if let Some(cursor) = cursor {
        expected_url = format!("{expected_url}/{cursor}");
    }
    assert_eq!(url.url(), expected_url);
    Outcome::Accepted
}

/// `DownloadKind::from_str`, `cld_sign::download::DownloadUrl::from_options` and `sign`
/// (see `cld_sign::download`) on any JSON text.
///
/// Control byte: bit 0 SHA-256; bits 1–2 the kind when the kind field is not one
/// (`DownloadKind::ALL`). Fields: secret, kind, cloud name, API key, timestamp, the options'
/// JSON text (the rest).
///
/// Properties: refusals are only `unsupported_value` (options not an object, a
/// `resource_type` neither text nor null, a value that cannot be signed); an accepted URL is
/// `https://api.cloudinary.com/v1_1/<cloud>/<path>?<query>` whose query decodes
/// (`form_urlencoded`) to the signed pairs, then `api_key` and `signature`, and that query,
/// received as a form by `RequestVerifier::verify_at` at the timestamp (which folds
/// `name[]` fields), verifies to parameters whose signature is the URL's.
pub fn download_url_json(data: &[u8]) -> Outcome {
    use cld_sign::download::{API_HOST, DownloadKind, DownloadUrl};
    use percent_encoding::percent_decode_str;
    use serde_json::Value;

    let (c, rest) = control(data);
    let [secret, kind, cloud, api_key, timestamp, json] = fields::<6>(rest);
    let Ok(options) = serde_json::from_slice::<Value>(json) else {
        return Outcome::Refused;
    };
    let signer = signer(secret, c & 1 != 0);
    let kind = text(kind).parse::<DownloadKind>().unwrap_or_else(|err| {
        assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{err}");
        DownloadKind::ALL[usize::from((c >> 1) & 3)]
    });
    let (cloud, api_key) = (text(cloud), text(api_key));
    let timestamp = Timestamp::from_secs(text(timestamp).parse().unwrap_or(0));

    let url = DownloadUrl::from_options(kind, cloud.as_str(), &options)
        .and_then(|url| url.sign_at(&signer, &api_key, timestamp));
    let url = match url {
        Ok(url) => url,
        Err(err) => {
            assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{err}");
            return Outcome::Refused;
        }
    };
    assert!(options.is_object());

    let (path, query) = url.url().split_once('?').expect("a query");
    let segments: Vec<&str> = path
        .strip_prefix(&format!("https://{API_HOST}/v1_1/"))
        .expect("the API host")
        .split('/')
        .collect();
    let decode = |s: &str| {
        percent_decode_str(s)
            .decode_utf8()
            .expect("UTF-8")
            .into_owned()
    };
    assert_eq!(decode(segments[0]), cloud);
    let endpoint = match kind {
        DownloadKind::Private => "download",
        DownloadKind::Archive | DownloadKind::Folder => "generate_archive",
        DownloadKind::Backup => "download_backup",
    };
    assert_eq!(segments.last(), Some(&endpoint));
    let resource_type = options
        .get("resource_type")
        .and_then(Value::as_str)
        .filter(|r| !r.is_empty())
        .or(kind.default_resource_type());
    match resource_type {
        Some(resource_type) if kind != DownloadKind::Backup => {
            assert_eq!(segments.len(), 3);
            assert_eq!(decode(segments[1]), resource_type);
        }
        _ => assert_eq!(segments.len(), 2),
    }

    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let expected: Vec<(String, String)> = url
        .query_pairs()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    assert_eq!(pairs, expected);
    let n = pairs.len();
    assert!(n >= 3, "{pairs:?}");
    assert_eq!(pairs[n - 2], ("api_key".to_owned(), api_key));
    assert_eq!(
        pairs[n - 1],
        ("signature".to_owned(), url.signature().to_string())
    );
    assert!(
        pairs
            .iter()
            .any(|(n, v)| n == "timestamp" && *v == timestamp.to_string()),
        "{pairs:?}"
    );

    let verifier = RequestVerifier::new(signer.clone());
    let received = verifier.verify_at(pairs.iter().cloned(), timestamp);
    // A received timestamp has 1 to 19 digits (see `cld_sign::notification`): a `Timestamp` beyond that (20
    // digits, past the year 300 billion) signs, but no receiver reads it back.
    if timestamp.to_string().len() > 19 {
        let err = received.expect_err("verified a 20-digit timestamp");
        assert_eq!(err.kind(), ErrorKind::MalformedTimestamp, "{err}");
        return Outcome::Accepted;
    }
    let params = received
        .unwrap_or_else(|err| panic!("{} does not verify as received: {err}", url.url()))
        .into_params();
    assert!(signer.sign(&params).ct_eq(url.signature()));
    Outcome::Accepted
}
