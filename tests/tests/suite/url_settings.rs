//! `CLOUDINARY_URL`'s URL settings, read by `Config` and used by every URL builder, against
//! what the SDKs' own test suites expect (each case names the SDK test file it comes from).

use std::time::Duration;

use cld_sign::delivery::{
    AuthTokenVerifier, DeliveryToken, DeliveryUrlVerifier, Expiry, TokenKey, TokenTarget,
    UrlSignature,
};
use cld_sign::download::DownloadUrl;
use cld_sign::search::SearchUrl;
use cld_sign::{
    Config, Error, ErrorKind, SettingProblem, Signer, Timestamp, UrlProblem, UrlSettings,
    delivery::DeliveryUrl, request::upload::UploadParams,
};

/// pycloudinary `test/test_auth_token.py` and cloudinary_npm
/// `test/unit/authToken/authTokenURL_spec.js` configure `cloudinary://a:b@test123` with
/// the token key `00112233FF99`.
const KEY: &str = "00112233FF99";
const ALT_KEY: &str = "CCBB2233FF00";

fn config(url: &str) -> Config {
    Config::from_url(url).unwrap()
}

fn signed(config: &Config, url: DeliveryUrl<'_>) -> String {
    url.with_url_settings(config.url_settings())
        .sign(&Signer::from_config(config))
        .unwrap()
        .into_string()
}

#[test]
fn delivery_hosts_from_cloudinary_url() {
    for (settings, want) in [
        // pycloudinary test/test_utils.py test_cloud_name (secure off there).
        (
            "secure=false",
            "http://res.cloudinary.com/test123/image/upload/test",
        ),
        // test_secure_distribution
        ("", "https://res.cloudinary.com/test123/image/upload/test"),
        // test_secure_distribution_overwrite
        (
            "secure_distribution=something.else.com",
            "https://something.else.com/test123/image/upload/test",
        ),
        // test_secure_akamai; cloudinary_npm test/unit/cloudinary_spec.js likewise.
        (
            "private_cdn=true",
            "https://test123-res.cloudinary.com/image/upload/test",
        ),
        // test_secure_non_akamai; cloudinary_spec.js likewise.
        (
            "private_cdn=true&secure_distribution=something.cloudfront.net",
            "https://something.cloudfront.net/image/upload/test",
        ),
        // test_http_private_cdn
        (
            "secure=false&private_cdn=true",
            "http://test123-res.cloudinary.com/image/upload/test",
        ),
        // test_cname; cloudinary_spec.js "should support external cname".
        (
            "secure=false&cname=hello.com",
            "http://hello.com/test123/image/upload/test",
        ),
        // test_cname_subdomain; cloudinary_spec.js likewise.
        (
            "secure=false&cname=hello.com&cdn_subdomain=true",
            "http://a2.hello.com/test123/image/upload/test",
        ),
        // test_support_cdn_subdomain_with_secure_on_if_using_shared_domain
        (
            "cdn_subdomain=true",
            "https://res-2.cloudinary.com/test123/image/upload/test",
        ),
        // test_support_secure_cdn_subdomain_false_override_with_secure
        (
            "cdn_subdomain=true&secure_cdn_subdomain=false",
            "https://res.cloudinary.com/test123/image/upload/test",
        ),
        // test_support_secure_cdn_subdomain_true_override_with_secure
        (
            "cdn_subdomain=true&secure_cdn_subdomain=true&private_cdn=true",
            "https://test123-res-2.cloudinary.com/image/upload/test",
        ),
        // %-escaped values are decoded, as the SDKs' query parsers do.
        (
            "secure_distribution=something%2Eelse.com",
            "https://something.else.com/test123/image/upload/test",
        ),
    ] {
        let config = config(&format!("cloudinary://a:b@test123?{settings}"));
        let url = signed(&config, DeliveryUrl::new("test123", "test"));
        // The same URL with the signature component taken out.
        let (before, after) = url.split_once("/s--").unwrap();
        let (_, rest) = after.split_once("--").unwrap();
        assert_eq!(format!("{before}{rest}"), want, "{settings}");
        DeliveryUrlVerifier::new(Signer::from_config(&config))
            .verify(&url)
            .unwrap();
    }
}

/// A path after the cloud name is a private CDN's distribution (pycloudinary
/// `cloudinary/__init__.py` and cloudinary_npm `lib/config.js` read it so).
#[test]
fn a_path_in_cloudinary_url_is_a_private_distribution() {
    let config = config("cloudinary://a:b@test123/something.cloudfront.net/");
    assert_eq!(config.cloud_name(), Some("test123"));
    assert!(config.url_settings().private_cdn());
    assert_eq!(
        config.url_settings().secure_distribution(),
        Some("something.cloudfront.net")
    );
    let url = signed(&config, DeliveryUrl::new("test123", "test"));
    assert!(
        url.starts_with("https://something.cloudfront.net/image/upload/s--"),
        "{url}"
    );
    let err = Config::from_url("cloudinary://a:b@test123/a/b").unwrap_err();
    assert_eq!(
        err,
        Error::MalformedSetting {
            name: "secure_distribution",
            problem: SettingProblem::BadHost
        }
    );
    let err = Config::from_url("cloudinary://a:b@/x").unwrap_err();
    assert_eq!(
        err,
        Error::MalformedUrl {
            problem: UrlProblem::NoCloudName
        }
    );
}

/// pycloudinary `test/test_auth_token.py` `test_null_token` and cloudinary_npm
/// `authTokenURL_spec.js`: the signature with secret `b` of `sample.jpg`.
#[test]
fn a_signed_url_on_a_private_cdn_over_http() {
    let config = config("cloudinary://a:b@test123?private_cdn=true&secure=false");
    let url = signed(
        &config,
        DeliveryUrl::new("test123", "sample")
            .with_format("jpg")
            .with_delivery_type("authenticated")
            .with_version(1486020273),
    );
    assert_eq!(
        url,
        "http://test123-res.cloudinary.com/image/authenticated/s--v2fTPYTu--/v1486020273/sample.jpg"
    );
}

#[test]
fn api_urls_use_the_upload_prefix() {
    let local = config("cloudinary://1234:abcd@demo?upload_prefix=http%3A%2F%2F127.0.0.1%3A3001");
    assert_eq!(local.upload_prefix(), "http://127.0.0.1:3001");
    let params = UploadParams::default();
    assert_eq!(
        params.endpoint_with(local.url_settings(), "demo"),
        "http://127.0.0.1:3001/v1_1/demo/auto/upload"
    );
    assert_eq!(
        params.endpoint("demo"),
        "https://api.cloudinary.com/v1_1/demo/auto/upload"
    );
    let signer = Signer::from_config(&local);
    let at = Timestamp::from_secs(1315060510);
    let default = DownloadUrl::private("demo", "sample")
        .sign_at(&signer, "1234", at)
        .unwrap();
    let moved = DownloadUrl::private("demo", "sample")
        .with_url_settings(local.url_settings())
        .sign_at(&signer, "1234", at)
        .unwrap();
    // Only the origin changes: the signature covers the parameters, not the host.
    assert_eq!(
        moved.url(),
        default
            .url()
            .replace("https://api.cloudinary.com", "http://127.0.0.1:3001")
    );
    assert_eq!(moved.signature(), default.signature());
    assert!(
        default
            .url()
            .starts_with("https://api.cloudinary.com/v1_1/demo/image/download?")
    );
}

/// pycloudinary `test/test_search.py` `test_should_build_search_url`: the private CDN host.
#[test]
fn search_urls_use_the_delivery_host() {
    let query = serde_json::json!({
        "expression": "resource_type:image AND tags=kitten AND uploaded_at>1d AND bytes>1m",
        "sort_by": [{"public_id": "desc"}],
        "max_results": 30,
    });
    let config = config("cloudinary://k:secret@test123?private_cdn=true");
    let url = SearchUrl::new("test123", &query)
        .with_url_settings(config.url_settings())
        .sign(&Signer::from_config(&config))
        .unwrap();
    assert_eq!(
        url.url(),
        "https://test123-res.cloudinary.com/search/\
         431454b74cefa342e2f03e2d589b2e901babb8db6e6b149abf25bc0dd7ab20b7/300/\
         eyJleHByZXNzaW9uIjoicmVzb3VyY2VfdHlwZTppbWFnZSBBTkQgdGFncz1raXR0ZW4gQU5EIHVwbG9hZGVkX2F0\
         PjFkIEFORCBieXRlcz4xbSIsIm1heF9yZXN1bHRzIjozMCwic29ydF9ieSI6W3sicHVibGljX2lkIjoiZGVzYyJ9XX0="
    );
    let http = self::config("cloudinary://k:secret@test123?secure=false&cdn_subdomain=true");
    let url = SearchUrl::new("test123", &query)
        .with_url_settings(http.url_settings())
        .sign(&Signer::from_config(&http))
        .unwrap();
    // An empty asset path: CRC-32 0, subdomain 1 (pycloudinary `Search.to_url`).
    assert!(
        url.url()
            .starts_with("http://res-1.cloudinary.com/test123/search/431454b7"),
        "{}",
        url.url()
    );
}

#[test]
fn separate_variables_carry_the_url_settings() {
    let env = |name: &str| {
        match name {
            "CLOUDINARY_API_SECRET" => Some("s"),
            "CLOUDINARY_CLOUD_NAME" => Some("c"),
            "CLOUDINARY_UPLOAD_PREFIX" => Some("http://localhost:9"),
            "CLOUDINARY_SECURE" => Some("false"),
            "CLOUDINARY_CNAME" => Some("img.example.com"),
            "CLOUDINARY_PRIVATE_CDN" => Some(""),
            _ => None,
        }
        .map(str::to_owned)
    };
    let config = Config::from_lookup(env).unwrap();
    let settings = config.url_settings();
    assert_eq!(settings.upload_prefix(), "http://localhost:9");
    assert!(!settings.secure() && !settings.private_cdn());
    assert_eq!(settings.cname(), Some("img.example.com"));
    let bad = |name: &str| {
        (match name {
            "CLOUDINARY_API_SECRET" => Some("s3cr3t"),
            "CLOUDINARY_CDN_SUBDOMAIN" => Some("yes"),
            _ => None,
        })
        .map(str::to_owned)
    };
    let err = Config::from_lookup(bad).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedSetting);
    assert!(err.to_string().contains("`cdn_subdomain`"), "{err}");
}

#[test]
fn malformed_settings_are_typed_errors_that_never_echo_the_secret() {
    for (query, name, problem) in [
        ("secure=yes", "secure", SettingProblem::NotBoolean),
        ("private_cdn=1", "private_cdn", SettingProblem::NotBoolean),
        (
            "cdn_subdomain=",
            "cdn_subdomain",
            SettingProblem::NotBoolean,
        ),
        (
            "secure_cdn_subdomain=TRUE",
            "secure_cdn_subdomain",
            SettingProblem::NotBoolean,
        ),
        (
            "upload_prefix=ftp://x",
            "upload_prefix",
            SettingProblem::NotHttpOrigin,
        ),
        (
            "upload_prefix=http://x/api",
            "upload_prefix",
            SettingProblem::NotHttpOrigin,
        ),
        ("cname=a%20b", "cname", SettingProblem::BadHost),
        (
            "secure_distribution=a/b",
            "secure_distribution",
            SettingProblem::BadHost,
        ),
        (
            "secure=true&secure=false",
            "secure",
            SettingProblem::Repeated,
        ),
        ("cname=%zz", "cname", SettingProblem::BadEscape),
    ] {
        let err = Config::from_url(&format!("cloudinary://k:s3cr3tXYZ@c?{query}")).unwrap_err();
        assert_eq!(err, Error::MalformedSetting { name, problem }, "{query}");
        assert_eq!(err.kind().as_str(), "malformed_setting");
        for shown in [err.to_string(), format!("{err:?}")] {
            assert!(!shown.contains("s3cr3tXYZ"), "{shown}");
        }
    }
    // Other query parameters are left to others, as in the SDKs.
    assert!(Config::from_url("cloudinary://k:s@c?api_proxy=x&secure=true&foo[bar]=1").is_ok());
}

#[test]
fn setters_match_the_url() {
    let from_url = config(
        "cloudinary://k:s@c?upload_prefix=http://h:1&secure=false&secure_distribution=d.example.com\
         &private_cdn=true&cname=n.example.com&cdn_subdomain=true&secure_cdn_subdomain=false",
    );
    let built = Config::new(cld_sign::ApiSecret::new("s").unwrap())
        .with_upload_prefix("http://h:1")
        .unwrap()
        .with_secure(false)
        .with_secure_distribution("d.example.com")
        .unwrap()
        .with_private_cdn(true)
        .with_cname("n.example.com")
        .unwrap()
        .with_cdn_subdomain(true)
        .with_secure_cdn_subdomain(false);
    assert_eq!(built.url_settings(), from_url.url_settings());
    let whole = Config::new(cld_sign::ApiSecret::new("s").unwrap())
        .with_url_settings(from_url.url_settings().clone());
    assert_eq!(whole.url_settings(), from_url.url_settings());
    assert_ne!(from_url.url_settings(), &UrlSettings::default());
}

/// pycloudinary `test/test_auth_token.py` and cloudinary_npm `authTokenURL_spec.js`
/// (private CDN; pycloudinary's over http, cloudinary_npm's over https).
#[test]
fn tokens_attach_as_the_sdks_attach_them() {
    let key = TokenKey::from_hex(KEY).unwrap();
    let global = DeliveryToken::new(key.clone(), Expiry::After(Duration::from_secs(300)))
        .with_start_time(Timestamp::from_secs(11111111))
        .unwrap();
    for (secure, scheme) in [("false", "http"), ("true", "https")] {
        let config = config(&format!(
            "cloudinary://a:b@test123?private_cdn=true&secure={secure}"
        ));
        let url = |delivery_type, token| {
            let url = DeliveryUrl::new("test123", "sample")
                .with_format("jpg")
                .with_delivery_type(delivery_type)
                .with_version(1486020273);
            signed(&config, url.with_auth_token(token))
        };
        // test_should_add_token_if_authToken_is_globally_set_and_signed_is_True
        assert_eq!(
            url("authenticated", &global),
            format!(
                "{scheme}://test123-res.cloudinary.com/image/authenticated/v1486020273/sample.jpg\
                 ?__cld_token__=st=11111111~exp=11111411~hmac=\
                 8db0d753ee7bbb9e2eaf8698ca3797436ba4c20e31f44527e43b6a6e995cfdb3"
            )
        );
        // test_should_add_token_for_public_resource
        assert_eq!(
            url("public", &global),
            format!(
                "{scheme}://test123-res.cloudinary.com/image/public/v1486020273/sample.jpg\
                 ?__cld_token__=st=11111111~exp=11111411~hmac=\
                 c2b77d9f81be6d89b5d0ebc67b671557e88a40bcf03dd4a6997ff4b994ceb80e"
            )
        );
        let alt = DeliveryToken::new(
            TokenKey::from_hex(ALT_KEY).unwrap(),
            Expiry::After(Duration::from_secs(100)),
        )
        .with_start_time(Timestamp::from_secs(222222222))
        .unwrap();
        let scaled = |token| {
            signed(
                &config,
                DeliveryUrl::new("test123", "sample")
                    .with_format("jpg")
                    .with_delivery_type("authenticated")
                    .with_transformation("c_scale,w_300")
                    .with_auth_token(token),
            )
        };
        // test_explicit_authToken_should_override_global_setting
        assert_eq!(
            scaled(&alt),
            format!(
                "{scheme}://test123-res.cloudinary.com/image/authenticated/c_scale,w_300/sample.jpg\
                 ?__cld_token__=st=222222222~exp=222222322~hmac=\
                 55cfe516530461213fe3b3606014533b1eca8ff60aeab79d1bb84c9322eebc1f"
            )
        );
        // test_should_set_url_signature (pycloudinary only): both, the token over the
        // path with the signature.
        assert_eq!(
            scaled(&alt.clone().with_url_signature(true)),
            format!(
                "{scheme}://test123-res.cloudinary.com/image/authenticated/s--Ok4O32K7--/\
                 c_scale,w_300/sample.jpg?__cld_token__=st=222222222~exp=222222322~hmac=\
                 92a55aaed531b2dab074074bbd1430120119f9cb1b901656925dda2e514a63cc"
            )
        );
    }
}

#[test]
fn token_urls_carry_their_parts() {
    let key = TokenKey::from_hex(KEY).unwrap();
    let now = Timestamp::from_secs(1_700_000_000);
    let token = DeliveryToken::new(key.clone(), Expiry::After(Duration::from_secs(60)))
        .with_ip("10.0.0.1".parse().unwrap())
        .with_token_name("tok");
    let signer = Signer::new(cld_sign::ApiSecret::new("b").unwrap());
    let url = DeliveryUrl::new("demo", "sample")
        .with_format("jpg")
        .with_delivery_type("authenticated")
        .with_auth_token(&token)
        .sign_at(&signer, now)
        .unwrap();
    assert!(url.signature().is_none());
    let t = url.token().unwrap();
    assert_eq!(t.name(), "tok");
    assert_eq!(
        serde_json::to_value(&url).unwrap(),
        serde_json::json!({
            "url": url.as_str(),
            "signature": null,
            "token": {"name": "tok", "value": t.value()},
        })
    );
    assert!(
        t.value().starts_with("ip=10.0.0.1~exp=1700000060~hmac="),
        "{}",
        t.value()
    );
    assert_eq!(
        url.as_str(),
        format!("https://res.cloudinary.com/demo/image/authenticated/sample.jpg?{t}")
    );
    // The token grants the URL's path, cloud segment included on the shared host.
    let path = "/demo/image/authenticated/sample.jpg";
    let ip = Some("10.0.0.1".parse().unwrap());
    AuthTokenVerifier::new(key.clone())
        .verify_at(t.value(), TokenTarget::Url(path), ip, now)
        .unwrap();
    assert!(
        AuthTokenVerifier::new(key.clone())
            .verify_at(
                t.value(),
                TokenTarget::Url("/demo/image/authenticated/other.jpg"),
                ip,
                now
            )
            .is_err()
    );

    // With ACLs, the token grants them; with both, the URL verifies as signed too.
    let acl = DeliveryToken::new(key.clone(), Expiry::At(Timestamp::from_secs(1_700_000_100)))
        .with_acl("/demo/image/authenticated/*")
        .with_url_signature(true);
    let url = DeliveryUrl::new("demo", "sample")
        .with_delivery_type("authenticated")
        .with_auth_token(&acl)
        .sign_at(&signer, now)
        .unwrap();
    assert!(url.signature().is_some());
    let value = url.token().unwrap().value();
    assert!(
        value.starts_with("exp=1700000100~acl=%2fdemo%2fimage%2fauthenticated%2f*~hmac="),
        "{value}"
    );
    AuthTokenVerifier::new(key.clone())
        .verify_at(
            value,
            TokenTarget::Url("/demo/image/authenticated/x.jpg"),
            None,
            now,
        )
        .unwrap();
    DeliveryUrlVerifier::new(signer.clone())
        .verify(url.as_str())
        .unwrap();
    // A start after a fixed expiry is refused when set.
    let late = DeliveryToken::new(key, Expiry::At(Timestamp::from_secs(10)))
        .with_start_time(Timestamp::from_secs(11))
        .unwrap_err();
    assert_eq!(late.kind(), ErrorKind::StartAfterExpiry);
}

#[test]
fn the_verifier_gives_the_decoded_public_id() {
    let signer = Signer::new(cld_sign::ApiSecret::new("abcd").unwrap());
    for id in [
        "sample",
        "folder/my photo (1)",
        "café/ü+x",
        "100% real",
        "a&b=c?",
    ] {
        let url = DeliveryUrl::new("demo", id)
            .with_format("png")
            .sign(&signer)
            .unwrap();
        let reading = DeliveryUrlVerifier::new(signer.clone())
            .verify(url.as_str())
            .unwrap();
        assert_eq!(reading.public_id_decoded().unwrap(), id, "{url}");
    }
    // A URL whose public ID holds an escape that is not one: signed as it stands.
    let forged = UrlSignature::sign(
        &signer,
        "bad%zz.png",
        cld_sign::delivery::UrlSignatureKind::Short,
    );
    let url = format!("https://res.cloudinary.com/demo/image/upload/{forged}/bad%zz.png");
    let reading = DeliveryUrlVerifier::new(signer.clone())
        .verify(&url)
        .unwrap();
    assert_eq!(reading.public_id(), "bad%zz");
    assert_eq!(
        reading.public_id_decoded().unwrap_err(),
        Error::MalformedUrl {
            problem: UrlProblem::BadPublicIdEscape
        }
    );
}

#[test]
fn builder_options_and_settings_combine_as_documented() {
    let signer = Signer::new(cld_sign::ApiSecret::new("abcd").unwrap());
    let private = UrlSettings::default().with_private_cdn(true);
    // A private CDN from the settings excludes the root path and a custom host, as the
    // builder's own option does.
    for url in [
        DeliveryUrl::new("demo", "sample")
            .with_url_settings(&private)
            .with_use_root_path(true),
        DeliveryUrl::new("demo", "sample")
            .with_url_settings(&private)
            .with_host("h.example.com"),
    ] {
        assert_eq!(
            url.sign(&signer).unwrap_err().kind(),
            ErrorKind::UnsupportedValue
        );
    }
    // The builder's host wins over the settings' distribution.
    let settings = UrlSettings::default()
        .with_secure_distribution("cdn.example.com")
        .unwrap();
    let url = DeliveryUrl::new("demo", "sample")
        .with_url_settings(&settings)
        .with_host("mine.example.com")
        .sign(&signer)
        .unwrap();
    assert_eq!(
        url,
        "https://mine.example.com/demo/image/upload/s--y-tjJGJv--/sample"
    );
}

/// The forms the SDKs read from the configuration, with pycloudinary
/// `test/test_utils.py`'s expectations (cloud `test123`, secret `b`, http).
#[test]
fn forms_from_cloudinary_url() {
    let unsigned = |url: &str| {
        let (before, after) = url.split_once("s--").unwrap();
        let (_, rest) = after.split_once("--/").unwrap();
        format!("{before}{rest}")
    };
    let base = "cloudinary://a:b@test123?secure=false";
    // test_shorten: image/upload is shortened, image/private keeps its form.
    let shorten = config(&format!("{base}&shorten=true"));
    assert_eq!(
        unsigned(&signed(&shorten, DeliveryUrl::new("test123", "test"))),
        "http://res.cloudinary.com/test123/iu/test"
    );
    assert_eq!(
        unsigned(&signed(
            &shorten,
            DeliveryUrl::new("test123", "test").with_delivery_type("private")
        )),
        "http://res.cloudinary.com/test123/image/private/test"
    );
    // Nor does a suffixed URL take it.
    assert_eq!(
        unsigned(&signed(
            &shorten,
            DeliveryUrl::new("test123", "test").with_url_suffix("hello")
        )),
        "http://res.cloudinary.com/test123/images/test/hello"
    );
    // test_support_use_root_path_for_shared_cdn
    let root = config(&format!("{base}&use_root_path=true"));
    assert_eq!(
        unsigned(&signed(&root, DeliveryUrl::new("test123", "test"))),
        "http://res.cloudinary.com/test123/test"
    );
    // The builder's own form and the settings' agree.
    assert_eq!(
        unsigned(&signed(
            &root,
            DeliveryUrl::new("test123", "test").with_use_root_path(true)
        )),
        "http://res.cloudinary.com/test123/test"
    );
    assert_eq!(
        unsigned(&signed(
            &shorten,
            DeliveryUrl::new("test123", "test").with_shorten(true)
        )),
        "http://res.cloudinary.com/test123/iu/test"
    );
    // A root path with shorten stays a root path (pycloudinary's order).
    let both = config(&format!("{base}&use_root_path=true&shorten=true"));
    assert_eq!(
        unsigned(&signed(&both, DeliveryUrl::new("test123", "test"))),
        "http://res.cloudinary.com/test123/test"
    );
    // test_disallow_use_root_path_if_not_image_upload
    let signer = Signer::from_config(&root);
    let refused = DeliveryUrl::new("test123", "test")
        .with_resource_type("raw")
        .with_url_settings(root.url_settings())
        .sign(&signer)
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::UnsupportedValue);
    // test_support_long_url_signature: the configuration's long signature.
    let long = config(&format!("{base}&long_url_signature=true"));
    assert_eq!(
        signed(
            &long,
            DeliveryUrl::new("test123", "sample").with_format("jpg")
        ),
        "http://res.cloudinary.com/test123/image/upload/s--2hbrSMPOjj5BJ4xV7SgFbRDevFaQNUFf--/sample.jpg"
    );
    assert_eq!(
        signed(
            &config(base),
            DeliveryUrl::new("test123", "sample").with_format("jpg")
        ),
        "http://res.cloudinary.com/test123/image/upload/s--v2fTPYTu--/sample.jpg"
    );
    let all = Config::new(cld_sign::ApiSecret::new("b").unwrap())
        .with_use_root_path(true)
        .with_shorten(true)
        .with_long_url_signature(true);
    assert!(all.url_settings().use_root_path() && all.url_settings().shorten());
    assert!(all.url_settings().long_url_signature());
}

/// A delivery URL's token name goes through the token's own check: `x=1&__cld_token__`
/// would add a query parameter, so signing the URL refuses it.
#[test]
fn token_urls_refuse_a_token_name_that_is_not_a_name() {
    let key = TokenKey::from_hex(KEY).unwrap();
    let now = Timestamp::from_secs(1_700_000_000);
    let signer = Signer::new(cld_sign::ApiSecret::new("b").unwrap());
    for name in ["x=1&__cld_token__", "", "a b"] {
        let token = DeliveryToken::new(key.clone(), Expiry::After(Duration::from_secs(60)))
            .with_token_name(name);
        let err = DeliveryUrl::new("demo", "sample")
            .with_delivery_type("authenticated")
            .with_auth_token(&token)
            .sign_at(&signer, now)
            .unwrap_err();
        assert_eq!(
            err.kind(),
            cld_sign::ErrorKind::MalformedTokenName,
            "{name:?}"
        );
    }
}
