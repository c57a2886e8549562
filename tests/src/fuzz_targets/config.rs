//! The fuzz target of the configuration: `cloudinary://` URLs and the URLs they build.

use cld_sign::{ApiSecret, Config, ErrorKind, Signer, delivery::DeliveryUrl};

use super::{Outcome, text};

/// `Config::from_url` on any text, with its URL settings (`upload_prefix`, `secure`,
/// `secure_distribution`, `private_cdn`, `cname`, `cdn_subdomain`, `secure_cdn_subdomain`,
/// `use_root_path`, `shorten`, `long_url_signature`), then the URLs it builds.
///
/// Properties: an accepted URL has a cloud name without `/`; a boolean setting given as
/// `true` or `false` is read as given; the API URL is `<http(s) origin>/v1_1/<cloud>/<path>`
/// and the delivery prefix is `https://` unless `secure=false`; a signed delivery URL
/// (image, then video, which refuses the image-only forms) builds without panicking, over
/// the same scheme; the secret never shows in the configuration's `Debug` (it is the
/// `Debug` of the same configuration with another secret), in the URLs built, nor in an
/// error's message (it is the message of the URL with another secret).
pub fn config_url(data: &[u8]) -> Outcome {
    let url = text(data);
    let parsed = Config::from_url(&url);
    match &parsed {
        Ok(config) => {
            let cloud = config.cloud_name().expect("a cloud name");
            assert!(!cloud.is_empty() && !cloud.contains('/'));
            let mut other = Config::new(ApiSecret::new("x").expect("non-empty"))
                .with_cloud_name(cloud)
                .with_algorithm(config.algorithm())
                .with_signature_version(config.signature_version());
            if let Some(key) = config.api_key() {
                other = other.with_api_key(key);
            }
            other = other.with_url_settings(config.url_settings().clone());
            assert_eq!(format!("{config:?}"), format!("{other:?}"));
            check_url_settings(&url, config, cloud);
        }
        Err(err) => {
            // The message must not depend on the secret: the same URL with the secret's
            // letters and digits changed (escapes kept, so it decodes alike) gives the same
            // message. Unless the query repeats the secret (a value it may quote).
            let Some(rest) = url.trim().strip_prefix("cloudinary://") else {
                return Outcome::Refused;
            };
            let authority = rest.split('?').next().unwrap_or_default();
            let Some(secret) = authority
                .rsplit_once('@')
                .and_then(|(userinfo, _)| userinfo.split_once(':'))
                .map(|(_, secret)| secret)
                .filter(|secret| !secret.is_empty() && !rest[authority.len()..].contains(*secret))
            else {
                return Outcome::Refused;
            };
            let start = secret.as_ptr() as usize - url.as_ptr() as usize;
            let masked = format!(
                "{}{}{}",
                &url[..start],
                mask(secret),
                &url[start + secret.len()..]
            );
            let other = Config::from_url(&masked).expect_err("the same URL but its secret");
            assert_eq!(
                format!("{err} {err:?}"),
                format!("{other} {other:?}"),
                "the message depends on the secret"
            );
        }
    }
    Outcome::of(&parsed)
}

/// The text of the URLs built that is not the configuration's.
const FIXED_URL_TEXT: &str = "https://api.cloudinary.com/v1_1/ http://res-1.cloudinary.com/ \
     -res.cloudinary.com/image/upload/ video/upload/ /s--";

/// The URL settings of an accepted `cloudinary://` URL, and the URLs they build.
fn check_url_settings(url: &str, config: &Config, cloud: &str) {
    let settings = config.url_settings();
    let query = url
        .trim()
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or_default();
    for pair in query.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let given = match value {
            "true" => true,
            "false" => false,
            _ => continue,
        };
        let read = match name {
            "secure" => settings.secure(),
            "private_cdn" => settings.private_cdn(),
            "cdn_subdomain" => settings.cdn_subdomain(),
            "secure_cdn_subdomain" => settings.secure_cdn_subdomain() == Some(true),
            "use_root_path" => settings.use_root_path(),
            "shorten" => settings.shorten(),
            "long_url_signature" => settings.long_url_signature(),
            _ => continue,
        };
        assert_eq!(read, given, "{name}={value}");
    }
    let api = settings.api_url(cloud, "image/upload");
    assert!(
        api.starts_with("http://") || api.starts_with("https://"),
        "{api}"
    );
    assert!(
        api.ends_with(&format!("/v1_1/{cloud}/image/upload")),
        "{api}"
    );
    let scheme = if settings.secure() {
        "https://"
    } else {
        "http://"
    };
    let prefix = settings.delivery_prefix(cloud, "sample");
    assert!(prefix.starts_with(scheme), "{prefix}");
    // The secret as written, when it is letters and digits, long enough not to show by
    // chance and written once.
    let secret = url
        .trim()
        .strip_prefix("cloudinary://")
        .and_then(|rest| rest.split('?').next())
        .and_then(|authority| authority.rsplit_once('@'))
        .and_then(|(userinfo, _)| userinfo.split_once(':'))
        .map(|(_, secret)| secret)
        .filter(|secret| secret.len() >= 12 && url.matches(*secret).count() == 1)
        // Nor a piece of the fixed text of the URLs built (`res.cloudinary.com`).
        .filter(|secret| {
            !FIXED_URL_TEXT.contains(*secret) && secret.bytes().all(|b| b.is_ascii_alphanumeric())
        });
    let signer = Signer::from_config(config);
    let mut shown = vec![format!("{config:?}"), api, prefix];
    for resource_type in ["image", "video"] {
        let signed = DeliveryUrl::new(cloud, "sample")
            .with_resource_type(resource_type)
            .with_url_settings(settings)
            .sign(&signer);
        match signed {
            Ok(signed) => {
                let signed = signed.to_string();
                assert!(signed.starts_with(scheme), "{signed}");
                shown.push(signed);
            }
            Err(err) => {
                // A cloud name the URL accepts may still be one no delivery URL takes.
                assert!(
                    resource_type != "image" || err.kind() == ErrorKind::UnsupportedValue,
                    "{err}"
                );
                shown.push(format!("{err} {err:?}"));
            }
        }
    }
    if let Some(secret) = secret {
        for text in shown {
            assert!(!text.contains(secret), "the secret shows in {text}");
        }
    }
}

/// `secret` with each ASCII letter or digit outside a `%XX` escape changed to another.
fn mask(secret: &str) -> String {
    let mut out = String::with_capacity(secret.len());
    let mut escape = 0;
    for ch in secret.chars() {
        if escape > 0 {
            escape -= 1;
            out.push(ch);
        } else if ch == '%' {
            escape = 2;
            out.push(ch);
        } else if ch.is_ascii_alphanumeric() {
            out.push(if ch == 'Z' { 'Y' } else { 'Z' });
        } else {
            out.push(ch);
        }
    }
    out
}
