//! The fuzz targets of the primitives: signatures and timestamps read from text.

use cld_sign::{Algorithm, ErrorKind, Signature, Timestamp};

use super::{Outcome, text};

/// `Signature::from_hex` (both algorithms) and `Signature::from_str` on any text.
///
/// Properties: an accepted signature re-displays as the input in lower case and parses back
/// to itself; hex of the right length is always accepted; every refusal is
/// `malformed_signature`.
pub fn signature_parse(data: &[u8]) -> Outcome {
    let input = text(data);
    let mut outcome = Outcome::Refused;
    for algorithm in [Algorithm::Sha1, Algorithm::Sha256] {
        let is_hex =
            input.len() == algorithm.hex_len() && input.bytes().all(|b| b.is_ascii_hexdigit());
        match Signature::from_hex(algorithm, &input) {
            Ok(signature) => {
                outcome = Outcome::Accepted;
                assert!(is_hex, "accepted {input:?} as {algorithm}");
                assert_eq!(signature.algorithm(), algorithm);
                assert_eq!(signature.to_string(), input.to_ascii_lowercase());
                assert_eq!(signature.hex(), input.to_ascii_lowercase().as_str());
                assert_eq!(signature.as_bytes().len(), algorithm.digest_len());
                let again = Signature::from_hex(algorithm, &signature.to_string())
                    .expect("its own display parses");
                assert!(again.ct_eq(&signature) && again == signature);
            }
            Err(err) => {
                assert!(!is_hex, "refused hex {input:?} as {algorithm}: {err}");
                assert_eq!(err.kind(), ErrorKind::MalformedSignature);
            }
        }
    }
    if let Ok(signature) = input.parse::<Signature>() {
        let direct = Signature::from_hex(signature.algorithm(), &input).expect("same parse");
        assert_eq!(signature, direct);
    }
    outcome
}

/// `Timestamp::from_str` and `Timestamp::parse_canonical` on any text.
///
/// Properties: accepted iff 1 to 19 ASCII digits; the canonical parse also refuses a
/// leading zero and re-displays exactly as the input; every refusal is
/// `malformed_timestamp`.
pub fn timestamp_parse(data: &[u8]) -> Outcome {
    let input = text(data);
    let digits =
        !input.is_empty() && input.len() <= 19 && input.bytes().all(|b| b.is_ascii_digit());
    let parsed = input.parse::<Timestamp>();
    match &parsed {
        Ok(t) => {
            assert!(digits, "accepted {input:?}");
            let trimmed = input.trim_start_matches('0');
            let expected = if trimmed.is_empty() { "0" } else { trimmed };
            assert_eq!(t.to_string(), expected);
        }
        Err(err) => {
            assert!(!digits, "refused {input:?}: {err}");
            assert_eq!(err.kind(), ErrorKind::MalformedTimestamp);
        }
    }
    let canonical = digits && (input.len() == 1 || !input.starts_with('0'));
    match Timestamp::parse_canonical(&input) {
        Ok(t) => {
            assert!(canonical, "canonical parse accepted {input:?}");
            assert_eq!(t.to_string(), input);
        }
        Err(err) => {
            assert!(!canonical, "canonical parse refused {input:?}: {err}");
            assert_eq!(err.kind(), ErrorKind::MalformedTimestamp);
        }
    }
    Outcome::of(&parsed)
}
