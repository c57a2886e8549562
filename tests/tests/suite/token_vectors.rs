//! Every case of `token.json` (auth tokens, the auth-token rule (`cld_sign::delivery`)): the token, or the error kind; and
//! every generated token verifies for what it grants, and for nothing else.

use std::net::IpAddr;
use std::time::Duration;

use cld_sign::delivery::AuthTokenVerifier;
use cld_sign::{
    Error, ErrorKind, Timestamp,
    delivery::{AuthToken, Expiry, TokenKey, TokenOptions, TokenTarget},
};
use cld_sign_tests::vectors::token::{Expected, Input};
use cld_sign_tests::vectors::{self, Case};

type TokenCase = Case<Input, Expected>;

/// The case's SDK-style options, read into `TokenOptions` as a configuration would be.
fn options_of(input: &Input) -> TokenOptions {
    let mut options = TokenOptions::default();
    if let Some(acl) = &input.acl {
        options.acl.extend(acl.patterns().iter().cloned());
    }
    options.url = input.url.clone();
    options.ip = input.ip.clone();
    options.token_name = input.token_name.clone();
    options.start_time = input.start_time.map(Timestamp::from_secs);
    options.duration = input.duration.map(Duration::from_secs);
    options.expiration = input.expiration.map(Timestamp::from_secs);
    options
}

fn sign(input: &Input) -> Result<String, Error> {
    let key = TokenKey::from_hex(&input.key)?;
    let token = AuthToken::try_from(&options_of(input))?;
    Ok(token
        .sign_at(&key, Timestamp::from_secs(input.now))?
        .to_string())
}

#[test]
fn every_token_vector() {
    let tally = vectors::run("token.json", 9, |case: &TokenCase| sign(&case.input));
    assert_eq!((tally.ok, tally.err()), (8, 1));
}

/// The value of a generated token: what follows `<name>=`.
fn value_of<'a>(token: &'a str, input: &Input) -> &'a str {
    let name = input
        .token_name
        .as_deref()
        .unwrap_or(cld_sign::delivery::DEFAULT_TOKEN_NAME);
    token
        .strip_prefix(name)
        .and_then(|rest| rest.strip_prefix('='))
        .expect("a token starts with its name")
}

#[test]
fn every_vector_token_verifies_for_what_it_grants_and_nothing_else() {
    let tally = vectors::run("token.json", 9, |case: &TokenCase| {
        let token = sign(&case.input)?;
        let input = &case.input;
        let key = TokenKey::from_hex(&input.key).unwrap();
        let options = AuthToken::try_from(&options_of(input)).unwrap();
        let ip: Option<IpAddr> = input.ip.as_deref().map(|ip| ip.parse().unwrap());
        let value = value_of(&token, input);
        let acl = input.acl.as_ref().map(|acl| acl.patterns().join("!"));
        let target = match (&acl, &input.url) {
            (Some(acl), _) => TokenTarget::Acl(acl),
            (None, Some(url)) => TokenTarget::Url(url),
            (None, None) => unreachable!("a generated token has an ACL or URL"),
        };
        // Valid at a moment inside its window: its start, or its expiry.
        let exp: u64 = value
            .split('~')
            .find_map(|p| p.strip_prefix("exp="))
            .unwrap()
            .parse()
            .unwrap();
        let start = input.start_time;
        let inside = Timestamp::from_secs(start.unwrap_or(exp));
        let verified = AuthTokenVerifier::new(key.clone())
            .verify_at(value, target, ip, inside)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(verified.expiration(), Timestamp::from_secs(exp));
        assert_eq!(verified.start_time(), start.map(Timestamp::from_secs));
        assert_eq!(verified.ip(), ip);
        if ip.is_some() {
            // the auth-token rule (`cld_sign::delivery`) tokens restricted to an IP: no client IP, or another one, is refused.
            for client in [None, Some("192.0.2.1".parse().unwrap())] {
                let err = AuthTokenVerifier::new(key.clone())
                    .verify_at(value, target, client, inside)
                    .unwrap_err();
                assert_eq!(err, Error::WrongClientIp);
            }
        }

        let after = Timestamp::from_secs(exp + 1);
        let err = AuthTokenVerifier::new(key.clone())
            .verify_at(value, target, ip, after)
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Expired);
        if let Some(start) = start.filter(|&s| s > 0) {
            let before = Timestamp::from_secs(start - 1);
            let err = AuthTokenVerifier::new(key.clone())
                .verify_at(value, target, ip, before)
                .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::FromFuture);
        }

        let wrong = match target {
            TokenTarget::Acl(_) => TokenTarget::Acl("/raw/*"),
            TokenTarget::Url(_) => TokenTarget::Url("/image/authenticated/other.jpg"),
        };
        let err = AuthTokenVerifier::new(key.clone())
            .verify_at(value, wrong, ip, inside)
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Mismatch);

        let other_key = TokenKey::from_hex("00112233ff98").unwrap();
        let err = AuthTokenVerifier::new(other_key.clone())
            .verify_at(value, target, ip, inside)
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Mismatch);

        // Generating again gives the same token (nothing depends on hidden state).
        let now = Timestamp::from_secs(input.now);
        assert_eq!(options.sign_at(&key, now).unwrap().to_string(), token);
        Ok(token)
    });
    assert_eq!(tally.ok, 8, "tokens generated");
}

#[test]
fn acl_tokens_grant_the_urls_their_patterns_match() {
    let key = TokenKey::from_hex("00112233FF99").unwrap();
    let now = Timestamp::from_secs(1_700_000_000);
    let grant = AuthToken::for_acls(
        ["/image/*", "/video/upload/*.mp4"],
        Expiry::After(Duration::from_secs(60)),
    )
    .unwrap();
    let token = grant.sign_at(&key, now).unwrap();
    let value = token.value();
    for url in ["/image/upload/a.jpg", "/image/", "/video/upload/v1/dog.mp4"] {
        assert!(
            AuthTokenVerifier::new(key.clone())
                .verify_at(value, TokenTarget::Url(url), None, now)
                .is_ok(),
            "{url}"
        );
    }
    for url in [
        "/video/upload/dog.webm",
        "/raw/upload/x",
        "image/upload/a.jpg",
    ] {
        let err = AuthTokenVerifier::new(key.clone())
            .verify_at(value, TokenTarget::Url(url), None, now)
            .unwrap_err();
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
    let mut options = TokenOptions::default();
    options.expiration = Some(Timestamp::from_secs(1));
    let err = AuthToken::try_from(&options).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingAclOrUrl);
    let err =
        AuthToken::for_acls(Vec::<String>::new(), Expiry::At(Timestamp::from_secs(1))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingAclOrUrl);

    let mut options = TokenOptions::default();
    options.url = Some("/x".to_owned());
    options.start_time = Some(Timestamp::from_secs(5));
    let err = AuthToken::try_from(&options).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingExpiration);
}

/// A start after a fixed expiry is refused however it is set, and leaves the token as it was.
#[test]
fn a_start_after_the_expiry_is_refused() {
    let at = Expiry::At(Timestamp::from_secs(100));
    let err = AuthToken::for_url("/x", at)
        .with_start_time(Timestamp::from_secs(101))
        .unwrap_err();
    assert_eq!(
        err,
        Error::StartAfterExpiry {
            start: 101,
            expiration: 100
        }
    );
    assert_eq!(err.kind(), ErrorKind::StartAfterExpiry);
    let token = AuthToken::for_url("/x", at);
    assert!(
        token
            .clone()
            .with_start_time(Timestamp::from_secs(101))
            .is_err()
    );
    let key = TokenKey::from_hex("00112233FF99").unwrap();
    assert_eq!(
        token
            .sign_at(&key, Timestamp::from_secs(50))
            .unwrap()
            .value(),
        AuthToken::for_url("/x", at)
            .sign_at(&key, Timestamp::from_secs(50))
            .unwrap()
            .value()
    );
    // The boundary: a start at the expiry second is a one-second token.
    assert!(token.with_start_time(Timestamp::from_secs(100)).is_ok());
    let mut options = TokenOptions::default();
    options.url = Some("/x".to_owned());
    options.start_time = Some(Timestamp::from_secs(101));
    options.expiration = Some(Timestamp::from_secs(100));
    assert_eq!(
        AuthToken::try_from(&options).unwrap_err().kind(),
        ErrorKind::StartAfterExpiry
    );
}

/// The security review's finding: an IP is an address, so `generate` never writes a `~` or
/// another part into it, and `verify` checks it against the client's.
#[test]
fn ips_are_addresses_and_are_checked() {
    let mut options = TokenOptions::default();
    options.acl.push("/image/*".to_owned());
    options.expiration = Some(Timestamp::from_secs(2_000_000_000));
    for bad in ["10.0.0.1~st=1", "", "localhost", "10.0.0.256", "10.0.0.1 "] {
        options.ip = Some(bad.to_owned());
        let err = AuthToken::try_from(&options).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{bad:?}");
    }
    let key = TokenKey::from_hex("00112233FF99").unwrap();
    let now = Timestamp::from_secs(1_700_000_000);
    for ip in ["10.0.0.1", "2001:db8::1"] {
        let ip: IpAddr = ip.parse().unwrap();
        let token = AuthToken::for_acl("/image/*", Expiry::After(Duration::from_secs(60)))
            .unwrap()
            .with_ip(ip);
        let token = token.sign_at(&key, now).unwrap();
        let target = TokenTarget::Url("/image/upload/a.jpg");
        assert_eq!(
            AuthTokenVerifier::new(key.clone())
                .verify_at(token.value(), target, Some(ip), now)
                .unwrap()
                .ip(),
            Some(ip)
        );
        assert_eq!(
            AuthTokenVerifier::new(key.clone())
                .verify_at(token.value(), target, None, now)
                .unwrap_err(),
            Error::WrongClientIp
        );
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        assert_eq!(
            AuthTokenVerifier::new(key.clone())
                .verify_at(token.value(), target, Some(other), now)
                .unwrap_err(),
            Error::WrongClientIp
        );
    }
    // A token without an IP is valid from any client.
    let token = AuthToken::for_acl("/image/*", Expiry::After(Duration::from_secs(60)))
        .unwrap()
        .sign_at(&key, now)
        .unwrap();
    let client: IpAddr = "10.9.9.9".parse().unwrap();
    assert!(
        AuthTokenVerifier::new(key.clone())
            .verify_at(
                token.value(),
                TokenTarget::Acl("/image/*"),
                Some(client),
                now
            )
            .is_ok()
    );
}

/// The security review's finding: a dual-stack server sees an IPv4 client as
/// `::ffff:10.0.0.1`; a token bound to `10.0.0.1` is that client's, in both directions.
#[test]
fn ipv4_mapped_addresses_are_their_ipv4_address() {
    let key = TokenKey::from_hex("00112233FF99").unwrap();
    let now = Timestamp::from_secs(1_700_000_000);
    let target = TokenTarget::Acl("/image/*");
    let ip = |text: &str| text.parse::<IpAddr>().unwrap();
    for (bound, client) in [
        ("10.0.0.1", "::ffff:10.0.0.1"),
        ("::ffff:10.0.0.1", "10.0.0.1"),
        ("::ffff:10.0.0.1", "::ffff:10.0.0.1"),
    ] {
        let grant = AuthToken::for_acl("/image/*", Expiry::After(Duration::from_secs(60)))
            .unwrap()
            .with_ip(ip(bound));
        let token = grant.sign_at(&key, now).unwrap();
        let verified = AuthTokenVerifier::new(key.clone()).verify_at(
            token.value(),
            target,
            Some(ip(client)),
            now,
        );
        assert_eq!(
            verified.unwrap().ip(),
            Some(ip(bound)),
            "{bound} / {client}"
        );
    }
    for (bound, client) in [
        ("10.0.0.1", "::ffff:10.0.0.2"),
        ("::ffff:10.0.0.1", "10.0.0.2"),
        ("10.0.0.1", "::10.0.0.1"),
        ("10.0.0.1", "::ffff:a00:1:0"),
        ("::1", "127.0.0.1"),
    ] {
        let grant = AuthToken::for_acl("/image/*", Expiry::After(Duration::from_secs(60)))
            .unwrap()
            .with_ip(ip(bound));
        let token = grant.sign_at(&key, now).unwrap();
        assert_eq!(
            AuthTokenVerifier::new(key.clone())
                .verify_at(token.value(), target, Some(ip(client)), now)
                .unwrap_err(),
            Error::WrongClientIp,
            "{bound} / {client}"
        );
    }
}

/// The security review's finding: a token joins its ACLs with `!` and every verifier splits
/// them there, so a user's folder `eve!*` must not turn `/image/upload/users/eve!*/*` into a
/// token whose second pattern, `*`, grants every asset.
#[test]
fn acls_holding_the_separator_are_refused() {
    let key = TokenKey::from_hex("00112233FF99").unwrap();
    let now = Timestamp::from_secs(1_700_000_000);
    let expiry = Expiry::After(Duration::from_secs(60));
    let acl = format!("/image/upload/users/{}/*", "eve!*");
    assert_eq!(
        AuthToken::for_acl(acl.as_str(), expiry).unwrap_err(),
        Error::MalformedAcl { item: 1 }
    );
    let err = AuthToken::for_acls(["/image/*", "/video/*", acl.as_str()], expiry).unwrap_err();
    assert_eq!(err, Error::MalformedAcl { item: 3 });
    assert_eq!(err.kind(), ErrorKind::MalformedAcl);
    assert!(err.to_string().contains("ACL 3 holds `!`"), "{err}");
    let mut options = TokenOptions::default();
    options.acl = vec!["/image/*".to_owned(), "!".to_owned()];
    options.duration = Some(Duration::from_secs(60));
    assert_eq!(
        AuthToken::try_from(&options).unwrap_err(),
        Error::MalformedAcl { item: 2 }
    );
    // Several patterns are several ACLs; the user's folder without `!` is granted alone.
    let grant = AuthToken::for_acl("/image/upload/users/eve/*", expiry).unwrap();
    let token = grant.sign_at(&key, now).unwrap();
    let ceo = TokenTarget::Url("/video/upload/ceo/board.mp4");
    assert_eq!(
        AuthTokenVerifier::new(key.clone())
            .verify_at(token.value(), ceo, None, now)
            .unwrap_err()
            .kind(),
        ErrorKind::Mismatch
    );
}

/// The security review's finding: a URL target must be the decoded, normalised request path.
#[test]
fn url_targets_must_be_normalised_paths() {
    let key = TokenKey::from_hex("00112233FF99").unwrap();
    let now = Timestamp::from_secs(1_700_000_000);
    let token = AuthToken::for_acl("/image/*", Expiry::After(Duration::from_secs(60)))
        .unwrap()
        .sign_at(&key, now)
        .unwrap();
    for path in [
        "/image/../video/upload/secret.mp4",
        "/image/./a.jpg",
        "/image/..",
        "/image/%2e%2e/video/x",
        "/image/%2E%2E/video/x",
        "/image/a%2fb",
        "/image/a%2Fb",
        "/image/a%5cb",
        "/image//etc/passwd",
        "/image/a\\b",
    ] {
        let err = AuthTokenVerifier::new(key.clone())
            .verify_at(token.value(), TokenTarget::Url(path), None, now)
            .unwrap_err();
        assert_eq!(
            err,
            Error::MalformedUrl {
                problem: cld_sign::UrlProblem::NotNormalised
            },
            "{path:?}"
        );
    }
    for path in [
        "/image/upload/a.jpg",
        "/image/",
        "/image/a..b.jpg",
        "/image/.hidden",
    ] {
        assert!(
            AuthTokenVerifier::new(key.clone())
                .verify_at(token.value(), TokenTarget::Url(path), None, now)
                .is_ok(),
            "{path:?}"
        );
    }
}

/// The security review's finding: an ACL such as `/image/*` must not grant another path
/// through a second decoding (`%252e`), an overlong UTF-8 dot (`%c0%ae`) or a look-alike
/// dot or slash that a server might normalise to the real one.
#[test]
fn url_targets_are_decoded_once_and_refuse_what_decodes_again() {
    let key = TokenKey::from_hex("00112233FF99").unwrap();
    let now = Timestamp::from_secs(1_700_000_000);
    let grant = AuthToken::for_acl("/image/*", Expiry::After(Duration::from_secs(60))).unwrap();
    let token = grant.sign_at(&key, now).unwrap();
    for path in [
        "/image/%252e%252e/video/x",
        "/image/%252E%252E/video/x",
        "/image/%25%32%65%25%32%65/video/x",
        "/image/%c0%ae%c0%ae/video/x",
        "/image/%e0%80%ae/video/x",
        "/image/%ff/x",
        "/image/%zz/x",
        "/image/%2/x",
        "/image/\u{ff0e}\u{ff0e}/video/x",
        "/image/\u{2024}\u{2024}/video/x",
        "/image/\u{fe52}\u{fe52}/video/x",
        "/image/..\u{ff0f}video/x",
        "/image/..\u{2215}video/x",
        "/image/..\u{2044}video/x",
        "/image/..\u{29f8}video/x",
        "/image/%ef%bc%8e%ef%bc%8e/video/x",
        "/image/%2e%2e%2fvideo/x",
        "/image/%00/x",
    ] {
        let err = AuthTokenVerifier::new(key.clone())
            .verify_at(token.value(), TokenTarget::Url(path), None, now)
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedUrl, "{path:?}: {err}");
    }
    // One decoding: an encoded letter or non-ASCII character is the path it decodes to.
    for path in [
        "/image/upload/%61.jpg",
        "/image/upload/%C3%A9%20x.jpg",
        "/image/upload/\u{e9} x.jpg",
    ] {
        assert!(
            AuthTokenVerifier::new(key.clone())
                .verify_at(token.value(), TokenTarget::Url(path), None, now)
                .is_ok(),
            "{path:?}"
        );
    }
    let narrow =
        AuthToken::for_acl("/image/upload/a*", Expiry::After(Duration::from_secs(60))).unwrap();
    let narrow = narrow.sign_at(&key, now).unwrap();
    assert!(
        AuthTokenVerifier::new(key.clone())
            .verify_at(
                narrow.value(),
                TokenTarget::Url("/image/upload/%61b"),
                None,
                now
            )
            .is_ok()
    );
    assert!(
        AuthTokenVerifier::new(key.clone())
            .verify_at(
                narrow.value(),
                TokenTarget::Url("/image/upload/%62a"),
                None,
                now
            )
            .is_err()
    );
}

/// The security review's finding: the token name is written unescaped before `=`, so it
/// must be a name: `x=1&__cld_token__` would smuggle another parameter into the URL.
#[test]
fn token_names_are_names() {
    let mut options = TokenOptions::default();
    options.acl.push("/image/*".to_owned());
    options.duration = Some(Duration::from_secs(60));
    for bad in [
        "x=1&__cld_token__",
        "",
        "a b",
        "a;b",
        "tok\n",
        "é",
        "a.b",
        "a~b",
        "a%41",
    ] {
        options.token_name = Some(bad.to_owned());
        let err = AuthToken::try_from(&options).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedTokenName, "{bad:?}");
    }
    for good in ["__cld_token__", "my-token", "T0k3n_x"] {
        options.token_name = Some(good.to_owned());
        let token = AuthToken::try_from(&options)
            .unwrap()
            .sign_at(
                &TokenKey::from_hex("00112233FF99").unwrap(),
                Timestamp::from_secs(1),
            )
            .unwrap();
        assert!(token.to_string().starts_with(&format!("{good}=exp=")));
    }
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

/// The security review's finding: the decoded key is wiped when the last `TokenKey`
/// sharing it is dropped (`ZeroizeOnDrop`), and still never shows.
#[test]
fn the_key_is_wiped_on_drop() {
    fn wiped_on_drop<T: zeroize::ZeroizeOnDrop>(_: &T) {}
    let key = TokenKey::from_hex("00112233FF99").unwrap();
    wiped_on_drop(&key);
    let clone = key.clone();
    wiped_on_drop(&clone);
    drop(key);
    // The clone shares the key, which is alive until the clone goes too.
    let token = AuthToken::for_acl("/*", Expiry::At(Timestamp::from_secs(1234567890)))
        .unwrap()
        .sign_at(&clone, Timestamp::from_secs(1))
        .unwrap();
    assert!(
        token
            .value()
            .ends_with("hmac=37bf9c57e387dddeed7b8ce04cec0a0e10b347c3f31412cbbdf6c0879642706d")
    );
    assert_eq!(format!("{clone:?}"), "TokenKey(<redacted>)");
}

#[test]
fn malformed_tokens_are_typed_errors() {
    let key = TokenKey::from_hex("00112233FF99").unwrap();
    let now = Timestamp::from_secs(1_700_000_000);
    let good = "exp=1234567890~acl=%2f*~hmac=37bf9c57e387dddeed7b8ce04cec0a0e10b347c3f31412cbbdf6c0879642706d";
    assert!(
        AuthTokenVerifier::new(key.clone())
            .verify_at(
                good,
                TokenTarget::Acl("/*"),
                None,
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
        let err = AuthTokenVerifier::new(key.clone())
            .verify_at(token, TokenTarget::Acl("/*"), None, now)
            .unwrap_err();
        assert_eq!(err.kind(), kind, "{token:?}: {err}");
    }
}
