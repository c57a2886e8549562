//! Every case of `download_url.json` (see `cld_sign::download`) through the JSON-options path and, where the
//! options are plain, through the typed setters: string to sign, signature, URL (scheme, host
//! and path exactly; the query as a multiset of decoded pairs, and byte for byte in the
//! canonical encoding), and the query decodes back to exactly what was signed and verifies
//! as a received request.

use std::collections::BTreeMap;

use cld_sign::download::{DownloadKind, DownloadUrl, SignedDownloadUrl};
use cld_sign::{Algorithm, ApiSecret, Error, Signer, Timestamp, request::RequestVerifier};
use cld_sign_tests::vectors::download_url::{Expected, Input};
use cld_sign_tests::vectors::{self, Case};
use serde_json::Value;

/// The URL split into `scheme://host/path` and its decoded query pairs, sorted.
fn split(url: &str) -> (&str, Vec<(String, String)>) {
    let (base, query) = url.split_once('?').expect("a query");
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    pairs.sort();
    (base, pairs)
}

fn signer(input: &Input) -> Result<Signer, Error> {
    let algorithm: Algorithm = input.algorithm.parse()?;
    Ok(Signer::new(ApiSecret::new(&input.secret)?).with_algorithm(algorithm))
}

/// The checks every signed URL must pass, whichever way it was built.
fn check(
    id: &str,
    signed: &SignedDownloadUrl,
    expected: &Expected,
    signer: &Signer,
    at: Timestamp,
) {
    assert_eq!(signed.string_to_sign(), expected.string_to_sign, "{id}");
    assert_eq!(signed.signature().to_string(), expected.signature, "{id}");
    let expected_url = expected.url.as_str();
    let (base, pairs) = split(signed.url());
    let (expected_base, expected_pairs) = split(expected_url);
    assert_eq!(base, expected_base, "{id}");
    assert_eq!(pairs, expected_pairs, "{id}");
    // The vectors show the download URL rule's canonical encoding, which is ours.
    assert_eq!(signed.url(), expected_url, "{id}");

    // The query decodes back to exactly the pairs the URL says it holds, in order.
    let (_, query) = signed.url().split_once('?').unwrap();
    let decoded: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let held: Vec<(String, String)> = signed
        .query_pairs()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    assert_eq!(decoded, held, "{id}");
    let n = decoded.len();
    assert_eq!(decoded[n - 2].0, "api_key", "{id}");
    assert_eq!(
        decoded[n - 1],
        ("signature".to_owned(), signed.signature().to_string()),
        "{id}"
    );

    // Read as Cloudinary reads it (`name[]` items joined with `,`), the query is the
    // signed request: it verifies, and a changed signature does not.
    let received = as_cloudinary_reads(&decoded);
    let verifier = RequestVerifier::new(signer.clone());
    let params = verifier
        .verify_at(received.clone(), at)
        .unwrap_or_else(|e| panic!("{id}: {e}"))
        .into_params();
    assert_eq!(
        signer.string_to_sign(&params),
        signed.string_to_sign(),
        "{id}"
    );
    let mut forged = received;
    let last = forged.last_mut().unwrap();
    last.1 = format!(
        "{}{}",
        if last.1.starts_with('0') { "1" } else { "0" },
        &last.1[1..]
    );
    assert!(verifier.verify_at(forged, at).is_err(), "{id}");
}

/// Received fields as Cloudinary reads them (see `cld_sign::request`): the `name[]` fields are one list
/// parameter `name`, items joined with `,` in the order received.
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

/// The options through the typed setters, when every value is a text, number, boolean or a
/// list of texts (`None` otherwise: nested lists and nulls are the JSON path's business).
fn typed(kind: DownloadKind, cloud_name: &str, options: &Value) -> Option<DownloadUrl> {
    let mut url = DownloadUrl::new(kind, cloud_name);
    for (name, value) in options.as_object()? {
        url = match value {
            Value::String(s) if name == "resource_type" => url.with_resource_type(s),
            Value::String(s) => url.with_param(name, s.as_str()),
            Value::Bool(b) => url.with_param(name, b),
            Value::Number(n) => url.with_param(name, &n.as_u64()?),
            Value::Array(items) => {
                let items: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
                url.with_list(name, items?)
            }
            _ => return None,
        };
    }
    Some(url)
}

#[test]
fn every_download_url_vector() {
    let mut per_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut typed_cases = 0;
    vectors::run("download_url.json", 50, |case: &Case<Input, Expected>| {
        let input = &case.input;
        let kind: DownloadKind = input.kind.parse()?;
        *per_kind.entry(kind.to_string()).or_default() += 1;
        let at = Timestamp::from(input.timestamp);
        let signer = signer(input)?;
        let options = &input.options;

        let url = DownloadUrl::from_options(kind, &input.cloud_name, options)?;
        let signed = url.sign_at(&signer, &input.api_key, at)?;
        check(&case.id, &signed, &case.expected, &signer, at);

        if let Some(url) = typed(kind, &input.cloud_name, options) {
            typed_cases += 1;
            let signed = url.sign_at(&signer, &input.api_key, at).unwrap();
            check(&case.id, &signed, &case.expected, &signer, at);
        }
        Ok((
            signed.string_to_sign().to_owned(),
            signed.signature().to_string(),
            signed.url().to_owned(),
        ))
    });
    let counts: Vec<_> = per_kind.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    assert_eq!(
        counts,
        [
            ("archive", 20),
            ("backup", 7),
            ("folder", 8),
            ("private", 15)
        ]
    );
    assert_eq!(typed_cases, 46, "cases the typed setters can express");
}

#[test]
fn the_named_constructors_match_the_vectors() {
    let cases = vectors::load::<Input, Expected>("download_url.json");
    let mut checked = 0;
    for case in &cases {
        let input = &case.input;
        let options = &input.options;
        let cloud_name = input.cloud_name.as_str();
        let Some(members) = options.as_object() else {
            continue;
        };
        let text = |name: &str| options.get(name).and_then(Value::as_str);
        let url = match input.kind.as_str() {
            "folder" if members.len() == 1 => {
                DownloadUrl::folder(cloud_name, text("folder_path").unwrap())
            }
            "backup" if members.len() == 2 => DownloadUrl::backup(
                cloud_name,
                text("asset_id").unwrap(),
                text("version_id").unwrap(),
            ),
            "private" if members.len() == 2 && text("format").is_some() => {
                DownloadUrl::private(cloud_name, text("public_id").unwrap())
                    .with_param("format", text("format").unwrap())
            }
            _ => continue,
        };
        let signer = signer(input).unwrap();
        let at = Timestamp::from(input.timestamp);
        let signed = url.sign_at(&signer, &input.api_key, at).unwrap();
        check(&case.id, &signed, &case.expected, &signer, at);
        checked += 1;
    }
    assert_eq!(checked, 9, "cases that fit the named constructors");
}
