//! Every case of `token.json` (auth tokens, SPEC §5): the token, or the error kind; and
//! every generated token verifies for what it grants, and for nothing else.

use cld_sign::{AuthToken, Error, ErrorKind, Timestamp, TokenKey, TokenTarget};
use cld_sign_tests::{Case, load, str_field};
use serde_json::Value;

fn options_of(input: &Value) -> AuthToken {
    let mut options = AuthToken::new();
    match &input["acl"] {
        Value::String(acl) => options = options.acl(acl),
        Value::Array(acls) => {
            for acl in acls {
                options = options.acl(acl.as_str().expect("ACLs are text"));
            }
        }
        _ => {}
    }
    if let Some(url) = str_field(input, "url") {
        options = options.url(url);
    }
    if let Some(ip) = str_field(input, "ip") {
        options = options.ip(ip);
    }
    if let Some(name) = str_field(input, "token_name") {
        options = options.token_name(name);
    }
    if let Some(secs) = input["start_time"].as_u64() {
        options = options.start_time(secs);
    }
    if let Some(secs) = input["duration"].as_u64() {
        options = options.duration(secs);
    }
    if let Some(secs) = input["expiration"].as_u64() {
        options = options.expiration(secs);
    }
    options
}

fn now_of(input: &Value) -> Timestamp {
    Timestamp::from_secs(input["now"].as_u64().expect("every case fixes now"))
}

fn run(case: &Case) -> Result<String, Error> {
    let key = TokenKey::from_hex(str_field(&case.input, "key").unwrap_or(""))?;
    key.generate(&options_of(&case.input), now_of(&case.input))
}

#[test]
fn every_token_vector() {
    let cases = load("token.json");
    let mut checked = 0;
    for case in &cases {
        assert_eq!(case.kind, "token", "{}", case.id);
        match (run(case), str_field(&case.expected, "error")) {
            (Ok(token), None) => assert_eq!(
                Some(token.as_str()),
                str_field(&case.expected, "token"),
                "{}",
                case.id
            ),
            (Err(err), Some(kind)) => assert_eq!(err.kind().as_str(), kind, "{}: {err}", case.id),
            (Ok(token), Some(kind)) => panic!("{}: expected error {kind}, got {token}", case.id),
            (Err(err), None) => panic!("{}: unexpected error {err}", case.id),
        }
        checked += 1;
    }
    assert_eq!(checked, cases.len());
    assert_eq!(checked, 9, "token.json changed size");
}

/// The value of a generated token: what follows `<name>=`.
fn value_of<'a>(token: &'a str, input: &Value) -> &'a str {
    let name = str_field(input, "token_name").unwrap_or(cld_sign::DEFAULT_TOKEN_NAME);
    token
        .strip_prefix(name)
        .and_then(|rest| rest.strip_prefix('='))
        .expect("a token starts with its name")
}

#[test]
fn every_vector_token_verifies_for_what_it_grants_and_nothing_else() {
    let mut checked = 0;
    for case in load("token.json") {
        let Some(expected) = str_field(&case.expected, "token") else {
            continue;
        };
        let key = TokenKey::from_hex(str_field(&case.input, "key").unwrap()).unwrap();
        let options = options_of(&case.input);
        let value = value_of(expected, &case.input);
        let acl = match &case.input["acl"] {
            Value::String(acl) => Some(acl.clone()),
            Value::Array(acls) => Some(
                acls.iter()
                    .map(|a| a.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join("!"),
            ),
            _ => None,
        };
        let target = match (&acl, str_field(&case.input, "url")) {
            (Some(acl), _) => TokenTarget::Acl(acl),
            (None, Some(url)) => TokenTarget::Url(url),
            (None, None) => unreachable!("{}: a generated token has an ACL or URL", case.id),
        };
        // Valid at a moment inside its window: its start, or its expiry.
        let exp: u64 = value
            .split('~')
            .find_map(|p| p.strip_prefix("exp="))
            .unwrap()
            .parse()
            .unwrap();
        let start = case.input["start_time"].as_u64();
        let inside = Timestamp::from_secs(start.unwrap_or(exp));
        let verified = key
            .verify(value, target, inside)
            .unwrap_or_else(|e| panic!("{}: {e}", case.id));
        assert_eq!(verified.expiration(), exp, "{}", case.id);
        assert_eq!(verified.start_time(), start, "{}", case.id);
        assert_eq!(verified.ip(), str_field(&case.input, "ip"), "{}", case.id);

        let after = Timestamp::from_secs(exp + 1);
        let err = key.verify(value, target, after).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Expired, "{}", case.id);
        if let Some(start) = start.filter(|&s| s > 0) {
            let before = Timestamp::from_secs(start - 1);
            let err = key.verify(value, target, before).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::FromFuture, "{}", case.id);
        }

        let wrong = match target {
            TokenTarget::Acl(_) => TokenTarget::Acl("/raw/*"),
            TokenTarget::Url(_) => TokenTarget::Url("/image/authenticated/other.jpg"),
        };
        let err = key.verify(value, wrong, inside).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Mismatch, "{}", case.id);

        let other_key = TokenKey::from_hex("00112233ff98").unwrap();
        let err = other_key.verify(value, target, inside).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Mismatch, "{}", case.id);

        // Generating again gives the same token (nothing depends on hidden state).
        let now = now_of(&case.input);
        assert_eq!(
            key.generate(&options, now).unwrap(),
            expected,
            "{}",
            case.id
        );
        checked += 1;
    }
    assert_eq!(checked, 8);
}

#[test]
fn acl_tokens_grant_the_urls_their_patterns_match() {
    let key = TokenKey::from_hex("00112233FF99").unwrap();
    let now = Timestamp::from_secs(1_700_000_000);
    let token = key
        .generate(
            &AuthToken::new()
                .acl("/image/*")
                .acl("/video/upload/*.mp4")
                .duration(60),
            now,
        )
        .unwrap();
    let value = token.strip_prefix("__cld_token__=").unwrap();
    for url in ["/image/upload/a.jpg", "/image/", "/video/upload/v1/dog.mp4"] {
        assert!(
            key.verify(value, TokenTarget::Url(url), now).is_ok(),
            "{url}"
        );
    }
    for url in [
        "/video/upload/dog.webm",
        "/raw/upload/x",
        "image/upload/a.jpg",
    ] {
        let err = key.verify(value, TokenTarget::Url(url), now).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Mismatch, "{url}");
    }
}

#[test]
fn malformed_keys_are_typed_errors() {
    for key in ["", "0", "001", "0g", "00 11", "éé", "00112233FF9"] {
        let err = TokenKey::from_hex(key).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedTokenKey, "{key:?}");
    }
    assert!(TokenKey::from_hex("00aaBB").is_ok());
}

#[test]
fn missing_acl_or_url_and_missing_expiration_are_typed_errors() {
    let key = TokenKey::from_hex("00112233FF99").unwrap();
    let now = Timestamp::from_secs(1_700_000_000);
    let err = key
        .generate(&AuthToken::new().expiration(1), now)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingAclOrUrl);
    let err = key
        .generate(&AuthToken::new().url("/x").start_time(5), now)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingExpiration);
}

#[test]
fn the_key_never_shows() {
    let key = TokenKey::from_hex("0123456789abcdef").unwrap();
    let debug = format!("{key:?}");
    assert!(
        !debug.contains("0123456789") && !debug.contains("[1, 35"),
        "{debug}"
    );
    let err = TokenKey::from_hex("0123456789abcdeZ").unwrap_err();
    assert!(!err.to_string().contains("0123456789"), "{err}");
    assert!(!format!("{err:?}").contains("0123456789"), "{err:?}");
}

#[test]
fn malformed_tokens_are_typed_errors() {
    let key = TokenKey::from_hex("00112233FF99").unwrap();
    let now = Timestamp::from_secs(1_700_000_000);
    let good = "exp=1234567890~acl=%2f*~hmac=37bf9c57e387dddeed7b8ce04cec0a0e10b347c3f31412cbbdf6c0879642706d";
    assert!(
        key.verify(
            good,
            TokenTarget::Acl("/*"),
            Timestamp::from_secs(1_234_567_890)
        )
        .is_ok()
    );
    // Only the lower-case hmac that `generate` writes is accepted.
    let upper_hmac = good.replace("37bf9c57e", "37BF9C57E");
    let cases = [
        ("", ErrorKind::MalformedSignature),
        ("exp=1~acl=%2f*", ErrorKind::MalformedSignature),
        ("exp=1~hmac=zz", ErrorKind::MalformedSignature),
        ("exp=1~hmac=abcd", ErrorKind::MalformedSignature),
        (&upper_hmac, ErrorKind::MalformedSignature),
        (
            "acl=%2f*~hmac=37bf9c57e387dddeed7b8ce04cec0a0e10b347c3f31412cbbdf6c0879642706d",
            ErrorKind::MissingExpiration,
        ),
        (
            "exp=12x~hmac=37bf9c57e387dddeed7b8ce04cec0a0e10b347c3f31412cbbdf6c0879642706d",
            ErrorKind::MalformedTimestamp,
        ),
        (
            "exp=99999999999999999999999~hmac=37bf9c57e387dddeed7b8ce04cec0a0e10b347c3f31412cbbdf6c0879642706d",
            ErrorKind::MalformedTimestamp,
        ),
        (
            "foo=1~exp=1~acl=%2f*~hmac=37bf9c57e387dddeed7b8ce04cec0a0e10b347c3f31412cbbdf6c0879642706d",
            ErrorKind::Mismatch,
        ),
    ];
    for (token, kind) in cases {
        let err = key.verify(token, TokenTarget::Acl("/*"), now).unwrap_err();
        assert_eq!(err.kind(), kind, "{token:?}: {err}");
    }
}
