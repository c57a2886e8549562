//! Configuration from `CLOUDINARY_URL` or the `CLOUDINARY_API_*` variables (see `cld_sign::Config`).

use zeroize::Zeroizing;

use crate::algorithm::{Algorithm, SignatureVersion};
use crate::error::{Error, SecretListProblem, SettingProblem, UrlProblem};
use crate::percent::decode_strict;
use crate::secret::ApiSecret;
use crate::url_settings::{NAMES, UrlSettings};

/// An account's credentials and signature settings.
///
/// ```
/// use cld_sign::{Algorithm, Config};
/// let config = Config::from_url("cloudinary://1234:abcd@demo?signature_algorithm=sha256")?;
/// assert_eq!(config.cloud_name(), Some("demo"));
/// assert_eq!(config.api_key(), Some("1234"));
/// assert_eq!(config.algorithm(), Algorithm::Sha256);
/// // The secret never shows:
/// assert!(!format!("{config:?}").contains("abcd"));
///
/// // Where URLs point, as the SDKs read it: a local stand-in for the upload API.
/// let local = Config::from_url("cloudinary://1234:abcd@demo?upload_prefix=http://127.0.0.1:3001")?;
/// assert_eq!(local.upload_prefix(), "http://127.0.0.1:3001");
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    cloud_name: Option<String>,
    api_key: Option<String>,
    api_secret: ApiSecret,
    previous_secrets: Vec<ApiSecret>,
    algorithm: Algorithm,
    signature_version: SignatureVersion,
    url_settings: UrlSettings,
}

impl Config {
    /// The variable [`Config::from_lookup`] and [`Config::from_env`] read previous API
    /// secrets from: a comma-separated list, accepted when verifying during a rotation.
    pub const PREVIOUS_SECRETS_VAR: &'static str = "CLOUDINARY_PREVIOUS_API_SECRETS";

    /// A configuration with just a secret (SHA-1, signature version 2).
    pub fn new(api_secret: ApiSecret) -> Self {
        Self {
            cloud_name: None,
            api_key: None,
            api_secret,
            previous_secrets: Vec::new(),
            algorithm: Algorithm::default(),
            signature_version: SignatureVersion::default(),
            url_settings: UrlSettings::default(),
        }
    }

    /// Parses `cloudinary://<api_key>:<api_secret>@<cloud_name>[/<secure_distribution>][?<settings>]`.
    ///
    /// The query's settings: `signature_algorithm` (`sha1`, `sha256`), `signature_version`
    /// (`1`, `2`), and the URL settings of [`UrlSettings`] (`upload_prefix`, `secure`,
    /// `secure_distribution`, `private_cdn`, `cname`, `cdn_subdomain`,
    /// `secure_cdn_subdomain`, `use_root_path`, `shorten`, `long_url_signature`; booleans are
    /// `true` or `false`). A path after the cloud name
    /// is a private CDN's distribution, as in the SDKs: `cloudinary://k:s@demo/img.example.com`
    /// sets `private_cdn` and `secure_distribution=img.example.com`. Values may be
    /// %-escaped; other query parameters are ignored.
    ///
    /// # Errors
    /// [`Error::MalformedUrl`] (the message never repeats the URL, which holds the secret),
    /// [`Error::EmptySecret`], [`Error::UnsupportedAlgorithm`],
    /// [`Error::UnsupportedSignatureVersion`], [`Error::MalformedSetting`] (a URL setting
    /// given twice or with a value it cannot take).
    pub fn from_url(url: &str) -> Result<Self, Error> {
        let malformed = |problem| Error::MalformedUrl { problem };
        let rest = url
            .trim()
            .strip_prefix("cloudinary://")
            .ok_or(malformed(UrlProblem::NotCloudinaryScheme))?;
        let (authority, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (userinfo, cloud) = authority
            .rsplit_once('@')
            .ok_or(malformed(UrlProblem::NoCredentials))?;
        let (key, secret) = userinfo
            .split_once(':')
            .ok_or(malformed(UrlProblem::NoSecretSeparator))?;
        let (cloud, distribution) = cloud.split_once('/').unwrap_or((cloud, ""));
        if cloud.is_empty() {
            return Err(malformed(UrlProblem::NoCloudName));
        }
        let secret = decode_strict(secret).ok_or(malformed(UrlProblem::BadEscape))?;
        let key = decode_strict(key).ok_or(malformed(UrlProblem::BadEscape))?;
        let mut config = Self::new(ApiSecret::new(secret)?);
        config.cloud_name = Some(cloud.to_owned());
        config.api_key = (!key.is_empty()).then(|| key.into_owned());
        let distribution = distribution.trim_end_matches('/');
        if !distribution.is_empty() {
            config.url_settings.set("private_cdn", "true")?;
            config
                .url_settings
                .set("secure_distribution", distribution)?;
        }
        let mut seen = [false; NAMES.len()];
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            match name {
                "signature_algorithm" => config.algorithm = value.parse()?,
                "signature_version" => config.signature_version = value.parse()?,
                _ => {
                    if let Some(at) = NAMES.iter().position(|&n| n == name) {
                        let problem = |problem| Error::MalformedSetting {
                            name: NAMES[at],
                            problem,
                        };
                        if std::mem::replace(&mut seen[at], true) {
                            return Err(problem(SettingProblem::Repeated));
                        }
                        let value =
                            decode_strict(value).ok_or(problem(SettingProblem::BadEscape))?;
                        config.url_settings.set(name, &value)?;
                    }
                }
            }
        }
        Ok(config)
    }

    /// Reads the process environment: `CLOUDINARY_URL` if set, else
    /// `CLOUDINARY_API_SECRET` (required), `CLOUDINARY_API_KEY`, `CLOUDINARY_CLOUD_NAME` and
    /// the URL settings as `CLOUDINARY_UPLOAD_PREFIX`, `CLOUDINARY_SECURE`,
    /// `CLOUDINARY_SECURE_DISTRIBUTION`, `CLOUDINARY_PRIVATE_CDN`, `CLOUDINARY_CNAME`,
    /// `CLOUDINARY_CDN_SUBDOMAIN`, `CLOUDINARY_SECURE_CDN_SUBDOMAIN`,
    /// `CLOUDINARY_USE_ROOT_PATH`, `CLOUDINARY_SHORTEN`, `CLOUDINARY_LONG_URL_SIGNATURE`
    /// (empty means unset);
    /// and in both cases `CLOUDINARY_PREVIOUS_API_SECRETS`.
    ///
    /// `CLOUDINARY_PREVIOUS_API_SECRETS` ([`Config::PREVIOUS_SECRETS_VAR`]) lists previous
    /// API secrets that verification still accepts while the account rotates its secret
    /// (see [`Signer::with_previous_secret`](crate::Signer::with_previous_secret)),
    /// separated by `,`, for example `oldSecret1,oldSecret2`. Unset or empty means none.
    /// Each item is taken byte for byte, never trimmed; an empty item (`a,,b`, a trailing
    /// `,`) or one with whitespace at either end (`a, b`, a trailing newline) is refused:
    /// Cloudinary secrets hold no whitespace, so such an item is a typing mistake that
    /// would otherwise be a secret that never matches. Keep secrets in the environment (or
    /// a file read into it), not on a command line, where other users can see them.
    ///
    /// # Errors
    /// [`Error::SecretNotConfigured`] when neither `CLOUDINARY_URL` nor a non-empty
    /// `CLOUDINARY_API_SECRET` is set; those of [`Config::from_url`];
    /// [`Error::MalformedSecretList`] (naming the item by position, never its text) for a
    /// malformed `CLOUDINARY_PREVIOUS_API_SECRETS`; [`Error::MalformedSetting`] for a URL
    /// setting variable with a value it cannot take.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`Config::from_env`], reading variables through `lookup` (for tests and for
    /// other configuration sources).
    ///
    /// # Errors
    /// As [`Config::from_env`].
    ///
    /// ```
    /// use cld_sign::{Config, ErrorKind};
    /// let env = |name: &str| (name == "CLOUDINARY_API_SECRET").then(|| "abcd".to_owned());
    /// assert!(Config::from_lookup(env).is_ok());
    /// let none = |_: &str| None;
    /// assert_eq!(Config::from_lookup(none).unwrap_err().kind(), ErrorKind::EmptySecret);
    ///
    /// let rotating = |name: &str| match name {
    ///     "CLOUDINARY_API_SECRET" => Some("new".to_owned()),
    ///     "CLOUDINARY_PREVIOUS_API_SECRETS" => Some("old,older".to_owned()),
    ///     _ => None,
    /// };
    /// assert_eq!(Config::from_lookup(rotating)?.previous_secrets().len(), 2);
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let mut config = Self::current_from_lookup(&lookup)?;
        if let Some(list) = lookup(Self::PREVIOUS_SECRETS_VAR).map(Zeroizing::new) {
            config.previous_secrets = parse_secret_list(&list)?;
        }
        Ok(config)
    }

    /// The current secret and the account from `CLOUDINARY_URL` or the separate variables.
    fn current_from_lookup(lookup: &impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        if let Some(url) = lookup("CLOUDINARY_URL").filter(|u| !u.trim().is_empty()) {
            return Self::from_url(&url);
        }
        let secret = lookup("CLOUDINARY_API_SECRET")
            .filter(|s| !s.is_empty())
            .ok_or(Error::SecretNotConfigured)?;
        let mut config = Self::new(ApiSecret::new(secret)?);
        config.api_key = lookup("CLOUDINARY_API_KEY").filter(|k| !k.is_empty());
        config.cloud_name = lookup("CLOUDINARY_CLOUD_NAME").filter(|c| !c.is_empty());
        for name in NAMES {
            let variable = format!("CLOUDINARY_{}", name.to_ascii_uppercase());
            if let Some(value) = lookup(&variable).filter(|v| !v.is_empty()) {
                config.url_settings.set(name, &value)?;
            }
        }
        Ok(config)
    }

    /// Also accepts `secret`, a previous API secret, when verifying; may be called several
    /// times. See [`Signer::with_previous_secret`](crate::Signer::with_previous_secret),
    /// which [`Signer::from_config`](crate::Signer::from_config) calls for each.
    #[must_use]
    pub fn with_previous_secret(mut self, secret: ApiSecret) -> Self {
        self.previous_secrets.push(secret);
        self
    }

    /// Sets the cloud name.
    #[must_use]
    pub fn with_cloud_name(mut self, cloud_name: impl Into<String>) -> Self {
        self.cloud_name = Some(cloud_name.into());
        self
    }

    /// Sets the API key.
    #[must_use]
    pub fn with_api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Sets the algorithm.
    #[must_use]
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Sets the signature version.
    #[must_use]
    pub fn with_signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature_version = version;
        self
    }

    /// Sets where URLs point ([`UrlSettings`]), all at once.
    #[must_use]
    pub fn with_url_settings(mut self, settings: UrlSettings) -> Self {
        self.url_settings = settings;
        self
    }

    /// Sets the API origin; see [`UrlSettings::with_upload_prefix`].
    ///
    /// # Errors
    /// As [`UrlSettings::with_upload_prefix`].
    pub fn with_upload_prefix(mut self, prefix: &str) -> Result<Self, Error> {
        self.url_settings = self.url_settings.with_upload_prefix(prefix)?;
        Ok(self)
    }

    /// Sets whether delivery URLs use `https`; see [`UrlSettings::with_secure`].
    #[must_use]
    pub fn with_secure(mut self, secure: bool) -> Self {
        self.url_settings = self.url_settings.with_secure(secure);
        self
    }

    /// Sets the `https` delivery host; see [`UrlSettings::with_secure_distribution`].
    ///
    /// # Errors
    /// As [`UrlSettings::with_secure_distribution`].
    pub fn with_secure_distribution(mut self, host: impl Into<String>) -> Result<Self, Error> {
        self.url_settings = self.url_settings.with_secure_distribution(host)?;
        Ok(self)
    }

    /// Sets whether the account has a private CDN; see [`UrlSettings::with_private_cdn`].
    #[must_use]
    pub fn with_private_cdn(mut self, private_cdn: bool) -> Self {
        self.url_settings = self.url_settings.with_private_cdn(private_cdn);
        self
    }

    /// Sets the `http` delivery host; see [`UrlSettings::with_cname`].
    ///
    /// # Errors
    /// As [`UrlSettings::with_cname`].
    pub fn with_cname(mut self, host: impl Into<String>) -> Result<Self, Error> {
        self.url_settings = self.url_settings.with_cname(host)?;
        Ok(self)
    }

    /// Sets whether delivery URLs use numbered subdomains; see
    /// [`UrlSettings::with_cdn_subdomain`].
    #[must_use]
    pub fn with_cdn_subdomain(mut self, cdn_subdomain: bool) -> Self {
        self.url_settings = self.url_settings.with_cdn_subdomain(cdn_subdomain);
        self
    }

    /// Sets whether `https` delivery URLs use numbered subdomains; see
    /// [`UrlSettings::with_secure_cdn_subdomain`].
    #[must_use]
    pub fn with_secure_cdn_subdomain(mut self, secure_cdn_subdomain: bool) -> Self {
        self.url_settings = self
            .url_settings
            .with_secure_cdn_subdomain(secure_cdn_subdomain);
        self
    }

    /// Sets whether image/upload delivery URLs take the root path form; see
    /// [`UrlSettings::with_use_root_path`].
    #[must_use]
    pub fn with_use_root_path(mut self, use_root_path: bool) -> Self {
        self.url_settings = self.url_settings.with_use_root_path(use_root_path);
        self
    }

    /// Sets whether image/upload delivery URLs take the shortened form; see
    /// [`UrlSettings::with_shorten`].
    #[must_use]
    pub fn with_shorten(mut self, shorten: bool) -> Self {
        self.url_settings = self.url_settings.with_shorten(shorten);
        self
    }

    /// Sets whether delivery URLs carry long signatures; see
    /// [`UrlSettings::with_long_url_signature`].
    #[must_use]
    pub fn with_long_url_signature(mut self, long_url_signature: bool) -> Self {
        self.url_settings = self
            .url_settings
            .with_long_url_signature(long_url_signature);
        self
    }

    /// Where URLs point: pass it to the URL builders
    /// ([`DeliveryUrl::with_url_settings`](crate::delivery::DeliveryUrl::with_url_settings), …).
    pub fn url_settings(&self) -> &UrlSettings {
        &self.url_settings
    }

    /// The API origin ([`UrlSettings::upload_prefix`]): `https://api.cloudinary.com` unless
    /// `upload_prefix` is set.
    pub fn upload_prefix(&self) -> &str {
        self.url_settings.upload_prefix()
    }

    /// The cloud name, if configured.
    pub fn cloud_name(&self) -> Option<&str> {
        self.cloud_name.as_deref()
    }

    /// The API key, if configured.
    pub fn api_key(&self) -> Option<&str> {
        self.api_key.as_deref()
    }

    /// The API secret.
    pub fn api_secret(&self) -> &ApiSecret {
        &self.api_secret
    }

    /// The previous API secrets, in the order given (empty unless configured).
    pub fn previous_secrets(&self) -> &[ApiSecret] {
        &self.previous_secrets
    }

    /// The signature algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The signature version.
    pub fn signature_version(&self) -> SignatureVersion {
        self.signature_version
    }
}

/// The secrets of a comma-separated list; empty text is no secret. An item is refused
/// when empty or with whitespace at either end; the error gives its position only.
fn parse_secret_list(list: &str) -> Result<Vec<ApiSecret>, Error> {
    if list.is_empty() {
        return Ok(Vec::new());
    }
    list.split(',')
        .enumerate()
        .map(|(at, item)| {
            let problem = if item.is_empty() {
                SecretListProblem::Empty
            } else if item.trim() != item {
                SecretListProblem::SurroundingWhitespace
            } else {
                return ApiSecret::new(item);
            };
            Err(Error::MalformedSecretList {
                item: at + 1,
                problem,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn url_errors_never_echo_the_secret() {
        for url in [
            "https://1234:s3cr3tXYZ@demo",
            "cloudinary://1234s3cr3tXYZ@demo",
            "cloudinary://1234:s3cr3tXYZ",
            "cloudinary://1234:s3cr3tXYZ@",
            "cloudinary://1234:s3cr3tXYZ%G1@demo",
            "cloudinary://1234:s3cr3tXYZ@demo?signature_algorithm=md5",
        ] {
            let err = Config::from_url(url).unwrap_err();
            assert!(!err.to_string().contains("s3cr3tXYZ"), "{err}");
            assert!(!format!("{err:?}").contains("s3cr3tXYZ"), "{err:?}");
        }
    }

    #[test]
    fn empty_secret_in_url_is_refused() {
        let err = Config::from_url("cloudinary://1234:@demo").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::EmptySecret);
    }

    #[test]
    fn url_settings_are_read() {
        let c =
            Config::from_url("cloudinary://k:p%40ss@demo?signature_version=1&secure=true").unwrap();
        assert_eq!(c.api_secret().expose_secret(), "p@ss");
        assert_eq!(c.signature_version(), SignatureVersion::V1);
        assert_eq!(c.algorithm(), Algorithm::Sha1);
    }

    /// An escape is `%` and two hex digits: a sign is not a digit, though
    /// `u8::from_str_radix` would take `+1` as one.
    #[test]
    fn a_signed_escape_is_a_bad_escape() {
        let secret = Config::from_url("cloudinary://k:p%+1ss@demo").unwrap_err();
        assert_eq!(
            secret,
            Error::MalformedUrl {
                problem: UrlProblem::BadEscape
            }
        );
        let setting = Config::from_url("cloudinary://k:s@demo?cname=a%+1").unwrap_err();
        assert_eq!(
            setting,
            Error::MalformedSetting {
                name: "cname",
                problem: SettingProblem::BadEscape
            }
        );
    }

    #[test]
    fn an_empty_api_key_in_the_url_is_no_key() {
        let with = Config::from_url("cloudinary://key%31:s@demo").unwrap();
        assert_eq!(with.api_key(), Some("key1"));
        assert_eq!(with.cloud_name(), Some("demo"));
        let without = Config::from_url("cloudinary://:s@demo").unwrap();
        assert_eq!(without.api_key(), None);
    }

    #[test]
    fn lookup_reads_the_url_first_and_skips_empty_variables() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let from_url = Config::from_lookup(env(&[
            ("CLOUDINARY_URL", "cloudinary://k:u@url_cloud"),
            ("CLOUDINARY_API_SECRET", "s"),
        ]))
        .unwrap();
        assert_eq!(from_url.api_secret().expose_secret(), "u");
        assert_eq!(from_url.cloud_name(), Some("url_cloud"));

        // A blank URL is no URL: the separate variables are read.
        let parts = Config::from_lookup(env(&[
            ("CLOUDINARY_URL", "  "),
            ("CLOUDINARY_API_SECRET", "s"),
            ("CLOUDINARY_API_KEY", "k"),
            ("CLOUDINARY_CLOUD_NAME", "c"),
        ]))
        .unwrap();
        assert_eq!(parts.api_secret().expose_secret(), "s");
        assert_eq!(parts.api_key(), Some("k"));
        assert_eq!(parts.cloud_name(), Some("c"));

        let empty_parts = Config::from_lookup(env(&[
            ("CLOUDINARY_API_SECRET", "s"),
            ("CLOUDINARY_API_KEY", ""),
            ("CLOUDINARY_CLOUD_NAME", ""),
        ]))
        .unwrap();
        assert_eq!(empty_parts.api_key(), None);
        assert_eq!(empty_parts.cloud_name(), None);

        let no_secret = Config::from_lookup(env(&[("CLOUDINARY_API_SECRET", "")]));
        assert!(matches!(no_secret, Err(Error::SecretNotConfigured)));
    }

    fn lookup(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name: &str| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    fn texts(config: &Config) -> Vec<&str> {
        config
            .previous_secrets()
            .iter()
            .map(ApiSecret::expose_secret)
            .collect()
    }

    /// Previous secrets are read in order in both branches, each item byte for byte.
    #[test]
    fn previous_secrets_are_read_with_the_url_and_with_separate_variables() {
        let from_url = Config::from_lookup(lookup(&[
            ("CLOUDINARY_URL", "cloudinary://k:new@demo"),
            ("CLOUDINARY_PREVIOUS_API_SECRETS", "old1,old-2_x,%41"),
        ]))
        .unwrap();
        assert_eq!(from_url.api_secret().expose_secret(), "new");
        assert_eq!(texts(&from_url), ["old1", "old-2_x", "%41"]);

        let parts = Config::from_lookup(lookup(&[
            ("CLOUDINARY_API_SECRET", "new"),
            ("CLOUDINARY_PREVIOUS_API_SECRETS", "old"),
        ]))
        .unwrap();
        assert_eq!(texts(&parts), ["old"]);

        for vars in [
            &[("CLOUDINARY_API_SECRET", "new")][..],
            &[
                ("CLOUDINARY_API_SECRET", "new"),
                ("CLOUDINARY_PREVIOUS_API_SECRETS", ""),
            ],
        ] {
            let none = Config::from_lookup(lookup(vars)).unwrap();
            assert!(none.previous_secrets().is_empty(), "{vars:?}");
        }
        assert!(
            Config::new(ApiSecret::new("a").unwrap())
                .previous_secrets()
                .is_empty()
        );
    }

    /// An empty item, or one with whitespace at an end, is refused with its position, and
    /// neither the message nor `Debug` shows any secret of the list, whichever branch.
    #[test]
    fn malformed_previous_secret_lists_are_refused_without_their_text() {
        use crate::error::SecretListProblem::{Empty, SurroundingWhitespace};
        for (list, item, problem) in [
            ("s3cr3tA,,s3cr3tB", 2, Empty),
            (",s3cr3tA", 1, Empty),
            ("s3cr3tA,", 2, Empty),
            (",", 1, Empty),
            ("s3cr3tA, s3cr3tB", 2, SurroundingWhitespace),
            ("s3cr3tA ,s3cr3tB", 1, SurroundingWhitespace),
            ("s3cr3tA\n", 1, SurroundingWhitespace),
            ("s3cr3tA,s3cr3tB,\ts3cr3tC", 3, SurroundingWhitespace),
            (" ", 1, SurroundingWhitespace),
        ] {
            for current in ["CLOUDINARY_URL", "CLOUDINARY_API_SECRET"] {
                let value = if current == "CLOUDINARY_URL" {
                    "cloudinary://k:s3cr3tNOW@demo"
                } else {
                    "s3cr3tNOW"
                };
                let list = list.to_owned();
                let err = Config::from_lookup(|name: &str| match name {
                    "CLOUDINARY_PREVIOUS_API_SECRETS" => Some(list.clone()),
                    name if name == current => Some(value.to_owned()),
                    _ => None,
                })
                .unwrap_err();
                assert_eq!(
                    err,
                    Error::MalformedSecretList { item, problem },
                    "{list:?}"
                );
                assert_eq!(err.kind(), ErrorKind::EmptySecret);
                for shown in [err.to_string(), format!("{err:?}")] {
                    assert!(!shown.contains("s3cr3t"), "{shown}");
                }
                let message = err.to_string();
                assert!(
                    message.contains("CLOUDINARY_PREVIOUS_API_SECRETS"),
                    "{message}"
                );
                assert!(message.contains(&format!("item {item} ")), "{message}");
            }
        }
    }

    /// `with_previous_secret` appends, and the list never shows in `Debug`.
    #[test]
    fn with_previous_secret_appends_and_stays_hidden() {
        let config = Config::new(ApiSecret::new("cur-XYZ").unwrap())
            .with_previous_secret(ApiSecret::new("prev1-XYZ").unwrap())
            .with_previous_secret(ApiSecret::new("prev2-XYZ").unwrap());
        assert_eq!(texts(&config), ["prev1-XYZ", "prev2-XYZ"]);
        assert!(!format!("{config:?}").contains("XYZ"));
    }
}
