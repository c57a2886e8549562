//! The fuzz targets of request signatures: received forms and JSON parameters.

use cld_sign::{
    Params, SignatureVersion, Timestamp,
    request::{ReceivedParams, RequestVerifier, is_excluded, is_parameter_name},
};

use super::{
    FIELD, Outcome, PAIR, assert_window_error, control, fields, in_window, pick_now, signer, text,
};

/// `RequestVerifier::verify_at` (see `cld_sign::request`) on any form.
///
/// Control byte: bit 0 SHA-256; bit 1 signature version 1 (with
/// `allow_signature_version_1`); bit 2 generated (the `signature` field is replaced by the
/// real signature of the other fields); bits 3–5 `now` (see `pick_now`, relative to the
/// form's `timestamp`). Fields: secret, now, then one field per form field, `name` `0xFE`
/// `value`.
///
/// Properties: an accepted form's `signature` is the real signature of the returned
/// parameters, whose timestamp is inside the window; a generated form with distinct, plain
/// names whose parameters are valid is accepted exactly when inside the window.
pub fn request_verify(data: &[u8]) -> Outcome {
    let (c, rest) = control(data);
    let [secret, now_field, form] = fields::<3>(rest);
    let mut signer = signer(secret, c & 1 != 0);
    let mut verifier = RequestVerifier::new(signer.clone());
    if c & 2 != 0 {
        signer = signer.with_signature_version(SignatureVersion::V1);
        verifier = RequestVerifier::new(signer.clone()).allow_signature_version_1();
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    if !form.is_empty() {
        for field in form.split(|&b| b == FIELD) {
            let (name, value) = match field.iter().position(|&b| b == PAIR) {
                Some(at) => (&field[..at], &field[at + 1..]),
                None => (field, &field[..0]),
            };
            pairs.push((text(name), text(value)));
        }
    }
    let (valid_for, max_skew) = (
        RequestVerifier::VALID_FOR.as_secs(),
        verifier.max_skew().as_secs(),
    );
    // A form whose fields map one to one onto parameters: what `generated` can sign.
    let plain = {
        let mut names: Vec<&str> = pairs.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        names.windows(2).all(|w| w[0] != w[1])
            && names
                .iter()
                .all(|n| !n.ends_with("[]") && *n != "signature")
    };
    let mut expected = None;
    if c & 4 != 0
        && plain
        && let Ok(params) = Params::from_pairs(pairs.iter().cloned())
        && let Ok(sent) = params.timestamp()
    {
        pairs.push(("signature".to_owned(), signer.sign(&params).to_string()));
        expected = Some((params, sent.as_secs()));
    }
    let sent = expected.as_ref().map_or_else(
        || {
            pairs
                .iter()
                .find(|(n, _)| n == "timestamp")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0)
        },
        |(_, sent)| *sent,
    );
    let now = pick_now(c >> 3, sent, now_field, valid_for, max_skew);
    let result = verifier.verify_at(pairs.iter().cloned(), Timestamp::from_secs(now));
    match &result {
        Ok(verified) => {
            let params = verified.params();
            assert_eq!(Ok(verified.timestamp()), params.timestamp());
            assert_eq!(verified.signature_version(), verifier.signature_version());
            let signature = pairs
                .iter()
                .rev()
                .find(|(n, _)| n == "signature")
                .map(|(_, v)| v.to_ascii_lowercase())
                .expect("a signature field");
            assert_eq!(
                signer.sign(params).to_string(),
                signature,
                "forged form accepted"
            );
            let sent = params.timestamp().expect("a timestamp").as_secs();
            assert!(in_window(sent, now, valid_for, max_skew));
            if let Some((expected, _)) = &expected {
                assert_eq!(params, expected);
            }
        }
        Err(err) => {
            if let Some((_, sent)) = expected {
                assert!(!in_window(sent, now, valid_for, max_skew), "{err}");
                assert_window_error(err, sent, now);
            }
        }
    }
    Outcome::of(&result)
}

/// `ReceivedParams` + `Params::try_from`, `Params`' own `Deserialize` and
/// `Params::from_serialize`, on JSON text.
///
/// Properties: both ways of reading agree; accepted parameters have distinct, valid,
/// non-excluded names in byte order and no empty value; they survive a JSON round trip and
/// `from_serialize` of themselves unchanged.
pub fn params_json(data: &[u8]) -> Outcome {
    let received = serde_json::from_slice::<ReceivedParams>(data).map(Params::try_from);
    let direct = serde_json::from_slice::<Params>(data);
    let params = match (received, direct) {
        (Ok(Ok(a)), Ok(b)) => {
            assert_eq!(a, b);
            a
        }
        (Ok(Err(_)) | Err(_), Err(_)) => {
            if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data)
                && let Ok(params) = Params::from_serialize(&value)
            {
                check_params(&params);
            }
            return Outcome::Refused;
        }
        (a, b) => panic!("ReceivedParams gave {a:?} but Params gave {b:?}"),
    };
    check_params(&params);
    let json = serde_json::to_string(&params).expect("serializes");
    let back: Params = serde_json::from_str(&json).expect("its own JSON parses");
    assert_eq!(back, params);
    assert_eq!(Params::from_serialize(&params).expect("itself"), params);
    Outcome::Accepted
}

fn check_params(params: &Params) {
    let names: Vec<&str> = params.iter().map(|(n, _)| n).collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    for (name, value) in params.iter() {
        assert!(is_parameter_name(name) && !is_excluded(name), "{name:?}");
        assert!(!value.is_empty(), "{name} is empty");
    }
}
