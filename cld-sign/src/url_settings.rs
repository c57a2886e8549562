//! Where URLs point: the settings of `CLOUDINARY_URL` that Cloudinary's SDKs read to build
//! API and delivery URLs (`upload_prefix`, `secure`, `secure_distribution`, `private_cdn`,
//! `cname`, `cdn_subdomain`, `secure_cdn_subdomain`, `use_root_path`, `shorten`,
//! `long_url_signature`).

use std::fmt::Write as _;

use crate::error::{Error, SettingProblem};

/// The shared delivery host: `res.cloudinary.com`.
pub(crate) const SHARED_CDN: &str = "res.cloudinary.com";

/// The API origin used when no `upload_prefix` is set.
pub const DEFAULT_UPLOAD_PREFIX: &str = "https://api.cloudinary.com";

/// An old shared host that the SDKs read as "no distribution set".
const OLD_AKAMAI_SHARED_CDN: &str = "cloudinary-a.akamaihd.net";

/// The names of the URL settings, as in `CLOUDINARY_URL`'s query.
pub(crate) const NAMES: [&str; 10] = [
    "upload_prefix",
    "secure",
    "secure_distribution",
    "private_cdn",
    "cname",
    "cdn_subdomain",
    "secure_cdn_subdomain",
    "use_root_path",
    "shorten",
    "long_url_signature",
];

/// Where URLs point: the API origin for uploads, downloads and other API calls, and the
/// delivery host for delivery and search URLs, chosen as Cloudinary's SDKs choose them.
///
/// [`Config`](crate::Config) reads them from `CLOUDINARY_URL`'s query
/// (`cloudinary://key:secret@cloud?upload_prefix=http://127.0.0.1:3001&secure=false`), and
/// [`Config::url_settings`](crate::Config::url_settings) hands them to the URL builders:
/// [`UploadParams::endpoint_with`](crate::request::upload::UploadParams::endpoint_with),
/// [`DownloadUrl::with_url_settings`](crate::download::DownloadUrl::with_url_settings),
/// [`SearchUrl::with_url_settings`](crate::search::SearchUrl::with_url_settings) and
/// [`DeliveryUrl::with_url_settings`](crate::delivery::DeliveryUrl::with_url_settings).
///
/// The delivery host ([`delivery_prefix`](Self::delivery_prefix)):
///
/// - `secure` (the default): `https://<secure_distribution>`, where the distribution is
///   `res.cloudinary.com`, or `<cloud>-res.cloudinary.com` with `private_cdn` and none set;
///   with `secure_cdn_subdomain` (or `cdn_subdomain` on the shared host),
///   `res.cloudinary.com` becomes `res-<1..5>.cloudinary.com`.
/// - not `secure`, with a `cname`: `http://<cname>`, or `http://a<1..5>.<cname>` with
///   `cdn_subdomain`.
/// - not `secure`: `http://res.cloudinary.com` (`<cloud>-res` with `private_cdn`,
///   `res-<1..5>` with `cdn_subdomain`).
/// - then `/<cloud>` unless `private_cdn` (on a host other than `res.cloudinary.com`).
///
/// The subdomain number is 1 + the CRC-32 of the asset's path (the escaped public ID with
/// its suffix and format) modulo 5, so an asset always has the same host.
///
/// The URL forms ([`DeliveryUrl`](crate::delivery::DeliveryUrl) applies them as the SDKs do):
/// `use_root_path` (image/upload only: another pair is refused, as the SDKs raise),
/// `shorten` (for image/upload URLs without a suffix or root path; others keep their form)
/// and `long_url_signature` (32 characters of SHA-256).
///
/// ```
/// use cld_sign::UrlSettings;
/// let settings = UrlSettings::default();
/// assert_eq!(settings.api_url("demo", "image/upload"), "https://api.cloudinary.com/v1_1/demo/image/upload");
/// assert_eq!(settings.delivery_prefix("demo", "sample"), "https://res.cloudinary.com/demo");
///
/// let local = settings.with_upload_prefix("http://127.0.0.1:3001/")?;
/// assert_eq!(local.api_url("demo", "auto/upload"), "http://127.0.0.1:3001/v1_1/demo/auto/upload");
///
/// let cname = UrlSettings::default().with_secure(false).with_cname("img.example.com")?;
/// assert_eq!(cname.delivery_prefix("demo", "sample"), "http://img.example.com/demo");
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct UrlSettings {
    upload_prefix: Option<String>,
    secure: bool,
    secure_distribution: Option<String>,
    private_cdn: bool,
    cname: Option<String>,
    cdn_subdomain: bool,
    secure_cdn_subdomain: Option<bool>,
    use_root_path: bool,
    shorten: bool,
    long_url_signature: bool,
}

impl Default for UrlSettings {
    /// Cloudinary's hosts over `https`, no private CDN, no CNAME, no subdomains.
    fn default() -> Self {
        Self {
            upload_prefix: None,
            secure: true,
            secure_distribution: None,
            private_cdn: false,
            cname: None,
            cdn_subdomain: false,
            secure_cdn_subdomain: None,
            use_root_path: false,
            shorten: false,
            long_url_signature: false,
        }
    }
}

impl UrlSettings {
    /// The API origin: API calls go to `<upload_prefix>/v1_1/<cloud>/…` (default
    /// [`DEFAULT_UPLOAD_PREFIX`]); a local stand-in for Cloudinary's API is one
    /// (`http://127.0.0.1:3001`). Trailing `/`s are dropped.
    ///
    /// # Errors
    /// [`Error::MalformedSetting`] with [`SettingProblem::NotHttpOrigin`] unless it is
    /// `http://` or `https://` and a host (with an optional `:port`), and nothing else.
    pub fn with_upload_prefix(mut self, prefix: &str) -> Result<Self, Error> {
        self.upload_prefix = Some(parse_origin(prefix)?);
        Ok(self)
    }

    /// Whether delivery URLs use `https` (default `true`).
    #[must_use]
    pub fn with_secure(mut self, secure: bool) -> Self {
        self.secure = secure;
        self
    }

    /// The host of `https` delivery URLs in place of `res.cloudinary.com` (a private
    /// distribution or a CDN in front of Cloudinary).
    ///
    /// # Errors
    /// [`Error::MalformedSetting`] with [`SettingProblem::BadHost`] for a host that is empty
    /// or holds `/`, `?`, `#`, `@`, whitespace or a control character.
    pub fn with_secure_distribution(mut self, host: impl Into<String>) -> Result<Self, Error> {
        self.secure_distribution = Some(parse_host("secure_distribution", host.into())?);
        Ok(self)
    }

    /// Whether the account has a private CDN: `<cloud>-res.cloudinary.com`, and no cloud
    /// name in the path.
    #[must_use]
    pub fn with_private_cdn(mut self, private_cdn: bool) -> Self {
        self.private_cdn = private_cdn;
        self
    }

    /// The host of `http` delivery URLs (a CNAME of the account's delivery host); used
    /// when [`secure`](Self::secure) is `false`.
    ///
    /// # Errors
    /// As [`with_secure_distribution`](Self::with_secure_distribution).
    pub fn with_cname(mut self, host: impl Into<String>) -> Result<Self, Error> {
        self.cname = Some(parse_host("cname", host.into())?);
        Ok(self)
    }

    /// Whether delivery URLs spread over the subdomains `res-1` to `res-5` (`a1` to `a5`
    /// of a CNAME).
    #[must_use]
    pub fn with_cdn_subdomain(mut self, cdn_subdomain: bool) -> Self {
        self.cdn_subdomain = cdn_subdomain;
        self
    }

    /// Whether `https` delivery URLs use the subdomains; by default they do when
    /// [`cdn_subdomain`](Self::cdn_subdomain) is set and the host is shared.
    #[must_use]
    pub fn with_secure_cdn_subdomain(mut self, secure_cdn_subdomain: bool) -> Self {
        self.secure_cdn_subdomain = Some(secure_cdn_subdomain);
        self
    }

    /// Whether image/upload delivery URLs take the root path form (`/<cloud>/s--SIG--/…`).
    #[must_use]
    pub fn with_use_root_path(mut self, use_root_path: bool) -> Self {
        self.use_root_path = use_root_path;
        self
    }

    /// Whether image/upload delivery URLs take the shortened form (`/<cloud>/iu/…`).
    #[must_use]
    pub fn with_shorten(mut self, shorten: bool) -> Self {
        self.shorten = shorten;
        self
    }

    /// Whether delivery URLs carry long signatures (32 characters of SHA-256).
    #[must_use]
    pub fn with_long_url_signature(mut self, long_url_signature: bool) -> Self {
        self.long_url_signature = long_url_signature;
        self
    }

    /// The API origin, [`DEFAULT_UPLOAD_PREFIX`] unless set.
    pub fn upload_prefix(&self) -> &str {
        self.upload_prefix
            .as_deref()
            .unwrap_or(DEFAULT_UPLOAD_PREFIX)
    }

    /// Whether delivery URLs use `https`.
    pub fn secure(&self) -> bool {
        self.secure
    }

    /// The `https` delivery host, if set.
    pub fn secure_distribution(&self) -> Option<&str> {
        self.secure_distribution.as_deref()
    }

    /// Whether the account has a private CDN.
    pub fn private_cdn(&self) -> bool {
        self.private_cdn
    }

    /// The `http` delivery host, if set.
    pub fn cname(&self) -> Option<&str> {
        self.cname.as_deref()
    }

    /// Whether delivery URLs use the numbered subdomains.
    pub fn cdn_subdomain(&self) -> bool {
        self.cdn_subdomain
    }

    /// Whether `https` delivery URLs use the numbered subdomains, if set.
    pub fn secure_cdn_subdomain(&self) -> Option<bool> {
        self.secure_cdn_subdomain
    }

    /// Whether image/upload delivery URLs take the root path form.
    pub fn use_root_path(&self) -> bool {
        self.use_root_path
    }

    /// Whether image/upload delivery URLs take the shortened form.
    pub fn shorten(&self) -> bool {
        self.shorten
    }

    /// Whether delivery URLs carry long signatures.
    pub fn long_url_signature(&self) -> bool {
        self.long_url_signature
    }

    /// `<upload_prefix>/v1_1/<cloud_name>/<path>`: the URL of an API call, such as
    /// `image/upload` or `image/download`.
    pub fn api_url(&self, cloud_name: &str, path: &str) -> String {
        format!("{}/v1_1/{cloud_name}/{path}", self.upload_prefix())
    }

    /// The start of a delivery URL for the asset path `source` (escaped public ID, suffix
    /// and format): scheme, host, and `/<cloud_name>` unless on a private CDN; see the
    /// [type docs](Self).
    pub fn delivery_prefix(&self, cloud_name: &str, source: &str) -> String {
        let (mut prefix, shared) = self.origin_with(cloud_name, source, false, None);
        if shared {
            prefix.push('/');
            prefix.push_str(cloud_name);
        }
        prefix
    }

    /// The delivery origin (`https://res.cloudinary.com`), with a private CDN forced on and
    /// a custom host in place of the configured ones (a builder's own options), and whether
    /// the host is shared, so that the path starts with the cloud name.
    pub(crate) fn origin_with(
        &self,
        cloud_name: &str,
        source: &str,
        private_cdn: bool,
        host: Option<&str>,
    ) -> (String, bool) {
        let private_cdn = private_cdn || self.private_cdn;
        let shard = || crc32fast::hash(source.as_bytes()) % 5 + 1;
        let mut shared = !private_cdn;
        let mut origin = String::new();
        if self.secure {
            let configured = host
                .or(self.secure_distribution.as_deref())
                .filter(|&d| d != OLD_AKAMAI_SHARED_CDN);
            let distribution = match configured {
                Some(distribution) => distribution.to_owned(),
                None if private_cdn => format!("{cloud_name}-{SHARED_CDN}"),
                None => SHARED_CDN.to_owned(),
            };
            shared |= distribution == SHARED_CDN;
            let subdomain = self
                .secure_cdn_subdomain
                .or_else(|| shared.then_some(self.cdn_subdomain))
                .unwrap_or(false);
            let distribution = if subdomain {
                distribution.replace(SHARED_CDN, &format!("res-{}.cloudinary.com", shard()))
            } else {
                distribution
            };
            origin.push_str("https://");
            origin.push_str(&distribution);
        } else if let Some(cname) = host.or(self.cname.as_deref()) {
            origin.push_str("http://");
            if self.cdn_subdomain {
                let _ = write!(origin, "a{}.", shard());
            }
            origin.push_str(cname);
        } else {
            origin.push_str("http://");
            if private_cdn {
                let _ = write!(origin, "{cloud_name}-");
            }
            origin.push_str("res");
            if self.cdn_subdomain {
                let _ = write!(origin, "-{}", shard());
            }
            origin.push_str(".cloudinary.com");
        }
        (origin, shared)
    }

    /// Sets the setting `name` from its text in `CLOUDINARY_URL` or an environment
    /// variable. `Ok(false)` when `name` is not a URL setting.
    pub(crate) fn set(&mut self, name: &str, value: &str) -> Result<bool, Error> {
        let Some(&name) = NAMES.iter().find(|&&n| n == name) else {
            return Ok(false);
        };
        let flag = || parse_bool(name, value);
        match name {
            "upload_prefix" => self.upload_prefix = Some(parse_origin(value)?),
            "secure" => self.secure = flag()?,
            "secure_distribution" => {
                self.secure_distribution = Some(parse_host(name, value.to_owned())?);
            }
            "private_cdn" => self.private_cdn = flag()?,
            "cname" => self.cname = Some(parse_host(name, value.to_owned())?),
            "cdn_subdomain" => self.cdn_subdomain = flag()?,
            "secure_cdn_subdomain" => self.secure_cdn_subdomain = Some(flag()?),
            "use_root_path" => self.use_root_path = flag()?,
            "shorten" => self.shorten = flag()?,
            _ => self.long_url_signature = flag()?,
        }
        Ok(true)
    }
}

fn malformed(name: &'static str, problem: SettingProblem) -> Error {
    Error::MalformedSetting { name, problem }
}

/// `true` or `false`, exactly.
fn parse_bool(name: &'static str, value: &str) -> Result<bool, Error> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(malformed(name, SettingProblem::NotBoolean)),
    }
}

/// A host with an optional port: non-empty, without `/ ? # @`, whitespace or controls.
fn is_host(host: &str) -> bool {
    !host.is_empty()
        && !host.contains(['/', '?', '#', '@'])
        && !host.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn parse_host(name: &'static str, host: String) -> Result<String, Error> {
    if is_host(&host) {
        Ok(host)
    } else {
        Err(malformed(name, SettingProblem::BadHost))
    }
}

/// `http(s)://<host>[:port]`, trailing `/`s dropped.
fn parse_origin(prefix: &str) -> Result<String, Error> {
    let origin = prefix.trim_end_matches('/');
    let host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    match host {
        Some(host) if is_host(host) => Ok(origin.to_owned()),
        _ => Err(malformed("upload_prefix", SettingProblem::NotHttpOrigin)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> UrlSettings {
        let mut settings = UrlSettings::default();
        for (name, value) in pairs {
            assert!(settings.set(name, value).unwrap(), "{name}");
        }
        settings
    }

    /// Each host rule of pycloudinary's `unsigned_download_url_prefix`, with the
    /// expectations of pycloudinary's `test/test_utils.py` (cloud `test123`, public ID
    /// `test`, whose subdomain number is 2) and cloudinary_npm's `test/unit/cloudinary_spec.js`.
    #[test]
    fn hosts_as_the_sdks_choose_them() {
        let http = [("secure", "false")];
        for (pairs, want) in [
            // test_cloud_name
            (&http[..], "http://res.cloudinary.com/test123"),
            // test_secure_distribution
            (&[][..], "https://res.cloudinary.com/test123"),
            // test_secure_distribution_overwrite
            (
                &[("secure_distribution", "something.else.com")][..],
                "https://something.else.com/test123",
            ),
            // test_secure_akamai
            (
                &[("private_cdn", "true")][..],
                "https://test123-res.cloudinary.com",
            ),
            // test_secure_non_akamai
            (
                &[
                    ("private_cdn", "true"),
                    ("secure_distribution", "something.cloudfront.net"),
                ][..],
                "https://something.cloudfront.net",
            ),
            // test_http_private_cdn
            (
                &[("secure", "false"), ("private_cdn", "true")][..],
                "http://test123-res.cloudinary.com",
            ),
            // test_cname
            (
                &[("secure", "false"), ("cname", "hello.com")][..],
                "http://hello.com/test123",
            ),
            // test_cname_subdomain
            (
                &[
                    ("secure", "false"),
                    ("cname", "hello.com"),
                    ("cdn_subdomain", "true"),
                ][..],
                "http://a2.hello.com/test123",
            ),
            // test_support_cdn_subdomain_with_secure_on_if_using_shared_domain
            (
                &[("cdn_subdomain", "true")][..],
                "https://res-2.cloudinary.com/test123",
            ),
            // test_support_secure_cdn_subdomain_false_override_with_secure
            (
                &[("cdn_subdomain", "true"), ("secure_cdn_subdomain", "false")][..],
                "https://res.cloudinary.com/test123",
            ),
            // test_support_secure_cdn_subdomain_true_override_with_secure
            (
                &[
                    ("cdn_subdomain", "true"),
                    ("secure_cdn_subdomain", "true"),
                    ("private_cdn", "true"),
                ][..],
                "https://test123-res-2.cloudinary.com",
            ),
            // A private CDN does not take `cdn_subdomain` over https unless asked.
            (
                &[("cdn_subdomain", "true"), ("private_cdn", "true")][..],
                "https://test123-res.cloudinary.com",
            ),
            // http with `cdn_subdomain`, shared and private.
            (
                &[("secure", "false"), ("cdn_subdomain", "true")][..],
                "http://res-2.cloudinary.com/test123",
            ),
            (
                &[
                    ("secure", "false"),
                    ("cdn_subdomain", "true"),
                    ("private_cdn", "true"),
                ][..],
                "http://test123-res-2.cloudinary.com",
            ),
            // A private CDN on the shared host keeps the cloud segment; the old Akamai
            // host is no host.
            (
                &[
                    ("private_cdn", "true"),
                    ("secure_distribution", "res.cloudinary.com"),
                ][..],
                "https://res.cloudinary.com/test123",
            ),
            (
                &[("secure_distribution", "cloudinary-a.akamaihd.net")][..],
                "https://res.cloudinary.com/test123",
            ),
            // A cname is for http only.
            (
                &[("cname", "hello.com")][..],
                "https://res.cloudinary.com/test123",
            ),
        ] {
            assert_eq!(
                settings(pairs).delivery_prefix("test123", "test"),
                want,
                "{pairs:?}"
            );
        }
    }

    /// The subdomain number is 1 + CRC-32 of the asset path modulo 5.
    #[test]
    fn subdomain_numbers_follow_the_asset_path() {
        let s = settings(&[("cdn_subdomain", "true")]);
        // crc32("test") = 3632233996 (% 5 = 1), crc32("sample.jpg") = 3318385313 (% 5 = 3),
        // crc32("") = 0.
        assert_eq!(
            s.delivery_prefix("c", "test"),
            "https://res-2.cloudinary.com/c"
        );
        assert_eq!(
            s.delivery_prefix("c", "sample.jpg"),
            "https://res-4.cloudinary.com/c"
        );
        assert_eq!(s.delivery_prefix("c", ""), "https://res-1.cloudinary.com/c");
    }

    #[test]
    fn builder_overrides_win_over_the_settings() {
        let s = settings(&[("secure_distribution", "cdn.example.com")]);
        assert_eq!(
            s.origin_with("c", "x", false, Some("mine.example.com")),
            ("https://mine.example.com".to_owned(), true)
        );
        assert_eq!(
            UrlSettings::default().origin_with("c", "x", true, None),
            ("https://c-res.cloudinary.com".to_owned(), false)
        );
        let http = settings(&[("secure", "false"), ("cname", "a.example.com")]);
        assert_eq!(
            http.origin_with("c", "x", false, Some("b.example.com")),
            ("http://b.example.com".to_owned(), true)
        );
    }

    #[test]
    fn api_urls_use_the_upload_prefix() {
        let s = UrlSettings::default();
        assert_eq!(s.upload_prefix(), DEFAULT_UPLOAD_PREFIX);
        assert_eq!(
            s.api_url("demo", "image/upload"),
            "https://api.cloudinary.com/v1_1/demo/image/upload"
        );
        for (prefix, want) in [
            ("http://127.0.0.1:3001", "http://127.0.0.1:3001"),
            ("http://127.0.0.1:3001//", "http://127.0.0.1:3001"),
            ("https://api.example.com/", "https://api.example.com"),
            ("http://[::1]:8080", "http://[::1]:8080"),
        ] {
            let s = UrlSettings::default().with_upload_prefix(prefix).unwrap();
            assert_eq!(s.upload_prefix(), want);
            assert_eq!(s.api_url("c", "x"), format!("{want}/v1_1/c/x"));
        }
    }

    #[test]
    fn malformed_values_are_typed_errors() {
        for bad in [
            "",
            "ftp://x",
            "http://",
            "https:///",
            "127.0.0.1:9",
            "http://x?y",
            "http://x/path",
            "http://u@x",
            "http://x y",
            "http://x#f",
        ] {
            let err = UrlSettings::default().with_upload_prefix(bad).unwrap_err();
            assert_eq!(
                err,
                malformed("upload_prefix", SettingProblem::NotHttpOrigin),
                "{bad:?}"
            );
        }
        for bad in ["", "a/b", "a?b", "a#b", "u@h", "a b", "a\tb", "a\u{7f}"] {
            for (name, result) in [
                (
                    "secure_distribution",
                    UrlSettings::default().with_secure_distribution(bad),
                ),
                ("cname", UrlSettings::default().with_cname(bad)),
            ] {
                assert_eq!(
                    result.unwrap_err(),
                    Error::MalformedSetting {
                        name: if name == "cname" {
                            "cname"
                        } else {
                            "secure_distribution"
                        },
                        problem: SettingProblem::BadHost
                    },
                    "{bad:?}"
                );
            }
        }
        for name in [
            "secure",
            "private_cdn",
            "cdn_subdomain",
            "secure_cdn_subdomain",
            "use_root_path",
            "shorten",
            "long_url_signature",
        ] {
            for bad in ["", "1", "True", "yes", "TRUE", "false "] {
                let err = UrlSettings::default().set(name, bad).unwrap_err();
                assert_eq!(err.kind(), crate::ErrorKind::MalformedSetting);
                assert_eq!(
                    err,
                    Error::MalformedSetting {
                        name: NAMES.iter().find(|&&n| n == name).unwrap(),
                        problem: SettingProblem::NotBoolean
                    }
                );
            }
        }
        assert_eq!(UrlSettings::default().set("api_proxy", "x"), Ok(false));
    }

    #[test]
    fn every_setting_is_read_by_its_name() {
        let s = settings(&[
            ("upload_prefix", "http://localhost:1"),
            ("secure", "false"),
            ("secure_distribution", "d.example.com"),
            ("private_cdn", "true"),
            ("cname", "c.example.com"),
            ("cdn_subdomain", "true"),
            ("secure_cdn_subdomain", "false"),
            ("use_root_path", "true"),
            ("shorten", "true"),
            ("long_url_signature", "true"),
        ]);
        assert!(s.use_root_path() && s.shorten() && s.long_url_signature());
        assert_eq!(s.upload_prefix(), "http://localhost:1");
        assert!(!s.secure());
        assert_eq!(s.secure_distribution(), Some("d.example.com"));
        assert!(s.private_cdn());
        assert_eq!(s.cname(), Some("c.example.com"));
        assert!(s.cdn_subdomain());
        assert_eq!(s.secure_cdn_subdomain(), Some(false));
        let d = UrlSettings::default();
        assert!(d.secure() && !d.private_cdn() && !d.cdn_subdomain());
        assert!(!d.use_root_path() && !d.shorten() && !d.long_url_signature());
        assert_eq!(
            (d.secure_distribution(), d.cname(), d.secure_cdn_subdomain()),
            (None, None, None)
        );
        let t = settings(&[("secure", "true"), ("secure_cdn_subdomain", "true")]);
        assert!(t.secure());
        assert_eq!(t.secure_cdn_subdomain(), Some(true));
    }
}
