//! The account the app signs with: `CLOUDINARY_URL` (or the `CLOUDINARY_API_*`
//! variables), with the SDKs' `upload_prefix` setting, or the documentation's demo account
//! when (and only when) the `--demo` flag asks for it.

use std::fmt;

use cld_sign::{Config, Error};

/// The documentation's public demo account, used only behind `--demo`: its secret `abcd`
/// is printed in Cloudinary's docs, so anything signed with it proves nothing.
pub const DEMO_CLOUDINARY_URL: &str = "cloudinary://1234:abcd@demo";

/// Where uploads go when `CLOUDINARY_URL` sets no `upload_prefix`.
pub const DEFAULT_UPLOAD_PREFIX: &str = cld_sign::DEFAULT_UPLOAD_PREFIX;

/// A configured account: credentials, signature settings and the upload API's base URL.
#[derive(Clone, Debug)]
pub struct Account {
    /// Credentials and signature settings.
    pub config: Config,
    /// The upload API's base URL, without a trailing `/` (`upload_prefix`, default
    /// [`DEFAULT_UPLOAD_PREFIX`]); uploads go to `<prefix>/v1_1/<cloud>/<type>/upload`.
    pub upload_prefix: String,
    /// Whether this is the public demo account (`--demo`).
    pub demo: bool,
}

impl Account {
    /// Parses a `CLOUDINARY_URL`, its `upload_prefix` query setting included
    /// (`cloudinary://key:secret@cloud?upload_prefix=http://127.0.0.1:3001`).
    ///
    /// ```
    /// use cld_sign_signing_server::account::Account;
    /// let account = Account::from_url("cloudinary://1234:s3cret@mine?upload_prefix=http://127.0.0.1:3001/")?;
    /// assert_eq!(account.config.cloud_name(), Some("mine"));
    /// assert_eq!(account.upload_prefix, "http://127.0.0.1:3001");
    /// assert_eq!(account.upload_url("auto"), "http://127.0.0.1:3001/v1_1/mine/auto/upload");
    /// # Ok::<(), cld_sign_signing_server::account::StartupError>(())
    /// ```
    pub fn from_url(url: &str) -> Result<Self, StartupError> {
        let config = Config::from_url(url).map_err(|err| match err {
            Error::MalformedSetting {
                name: "upload_prefix",
                ..
            } => StartupError::BadUploadPrefix,
            other => StartupError::Config(other),
        })?;
        Ok(Self {
            upload_prefix: config.upload_prefix().to_owned(),
            config,
            demo: false,
        })
    }

    /// The account from `lookup` (the environment): `CLOUDINARY_URL`, else the
    /// `CLOUDINARY_API_*` variables. Nothing configured is [`StartupError::NotConfigured`];
    /// `demo` (the `--demo` flag) selects [`DEMO_CLOUDINARY_URL`] instead, and is refused
    /// when an account is configured too.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
        demo: bool,
    ) -> Result<Self, StartupError> {
        let set = |name: &str| lookup(name).is_some_and(|value| !value.trim().is_empty());
        let configured = set("CLOUDINARY_URL") || set("CLOUDINARY_API_SECRET");
        match (configured, demo) {
            (false, false) => Err(StartupError::NotConfigured),
            (true, true) => Err(StartupError::DemoAndConfigured),
            (false, true) => Ok(Self {
                demo: true,
                ..Self::from_url(DEMO_CLOUDINARY_URL)?
            }),
            (true, false) => match lookup("CLOUDINARY_URL").filter(|u| !u.trim().is_empty()) {
                Some(url) => Self::from_url(&url),
                None => {
                    let config = Config::from_lookup(lookup).map_err(StartupError::Config)?;
                    Ok(Self {
                        upload_prefix: config.upload_prefix().to_owned(),
                        config,
                        demo: false,
                    })
                }
            },
        }
    }

    /// The upload URL for `resource_type` (`auto`, `image`, ...):
    /// `<upload_prefix>/v1_1/<cloud>/<resource_type>/upload`.
    pub fn upload_url(&self, resource_type: &str) -> String {
        let cloud = self.config.cloud_name().unwrap_or_default();
        format!("{}/v1_1/{cloud}/{resource_type}/upload", self.upload_prefix)
    }
}

/// Why a server refused to start. The messages never contain the secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum StartupError {
    /// Neither `CLOUDINARY_URL` nor `CLOUDINARY_API_SECRET` is set, and no `--demo`.
    NotConfigured,
    /// `--demo` was given although an account is configured.
    DemoAndConfigured,
    /// `upload_prefix` is not an `http://` or `https://` base URL.
    BadUploadPrefix,
    /// The configuration is malformed (bad URL, empty secret, ...).
    Config(Error),
}

impl fmt::Display for StartupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotConfigured => f.write_str(
                "not configured: set CLOUDINARY_URL=cloudinary://<api_key>:<api_secret>@<cloud_name> \
                 (or CLOUDINARY_API_SECRET), or pass --demo to use the documentation's public demo account",
            ),
            Self::DemoAndConfigured => f.write_str(
                "--demo was given but an account is configured (CLOUDINARY_URL or CLOUDINARY_API_SECRET): use one or the other",
            ),
            Self::BadUploadPrefix => f.write_str(
                "the upload_prefix setting in CLOUDINARY_URL must be an http:// or https:// base URL, e.g. upload_prefix=http://127.0.0.1:3001",
            ),
            Self::Config(err) => write!(f, "{}: {err}", err.kind()),
        }
    }
}

impl std::error::Error for StartupError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Config(err) => Some(err),
            _ => None,
        }
    }
}

/// Reads the command line of the binary: `--demo` only. Anything else is an
/// error message.
pub fn demo_flag(args: impl IntoIterator<Item = String>) -> Result<bool, String> {
    let mut demo = false;
    for arg in args {
        match arg.as_str() {
            "--demo" => demo = true,
            other => {
                return Err(format!(
                    "unknown argument {other:?}; the only flag is --demo"
                ));
            }
        }
    }
    Ok(demo)
}

/// `PORT` from `lookup`, or `default`.
pub fn port_from(lookup: impl Fn(&str) -> Option<String>, default: u16) -> Result<u16, String> {
    match lookup("PORT") {
        None => Ok(default),
        Some(text) => text
            .parse::<u16>()
            .map_err(|_| format!("PORT={text:?} is not a port number (0 to 65535)")),
    }
}

/// What the binary reads at startup, from the process's arguments and environment:
/// the account (`CLOUDINARY_URL`, or the public demo account only with `--demo`) and the port
/// (`PORT`, else `default_port`). The error is the line to print before exiting with 2.
pub fn startup(program: &str, default_port: u16) -> Result<(Account, u16), String> {
    let env = |name: &str| std::env::var(name).ok();
    let demo = demo_flag(std::env::args().skip(1))?;
    let account = Account::from_lookup(env, demo).map_err(|err| format!("{program}: {err}"))?;
    let port = port_from(env, default_port)?;
    Ok((account, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn refuses_to_start_unconfigured_and_demo_only_on_request() {
        // A typo'd variable configures nothing: no silent demo secret.
        let typo = [("CLOUDINARY_URI", "cloudinary://k:s@mine")];
        let err = Account::from_lookup(env(&typo), false).unwrap_err();
        assert!(matches!(err, StartupError::NotConfigured), "{err}");
        assert!(err.to_string().contains("--demo"));

        let demo = Account::from_lookup(env(&typo), true).unwrap();
        assert!(demo.demo);
        assert_eq!(demo.config.cloud_name(), Some("demo"));
        assert_eq!(demo.upload_prefix, DEFAULT_UPLOAD_PREFIX);

        let url = [("CLOUDINARY_URL", "cloudinary://k:s3cret@mine")];
        let configured = Account::from_lookup(env(&url), false).unwrap();
        assert!(!configured.demo);
        assert_eq!(configured.config.cloud_name(), Some("mine"));
        let both = Account::from_lookup(env(&url), true).unwrap_err();
        assert!(matches!(both, StartupError::DemoAndConfigured));

        let split = [
            ("CLOUDINARY_API_SECRET", "s"),
            ("CLOUDINARY_CLOUD_NAME", "c"),
        ];
        let account = Account::from_lookup(env(&split), false).unwrap();
        assert_eq!(account.config.cloud_name(), Some("c"));

        let bad = [("CLOUDINARY_URL", "https://k:s3cret@mine")];
        let err = Account::from_lookup(env(&bad), false).unwrap_err();
        assert!(matches!(err, StartupError::Config(_)));
        assert!(!err.to_string().contains("s3cret"), "{err}");
    }

    #[test]
    fn upload_prefix() {
        let account = Account::from_url(
            "cloudinary://k:s@c?signature_algorithm=sha256&upload_prefix=http://127.0.0.1:9",
        )
        .unwrap();
        assert_eq!(account.upload_prefix, "http://127.0.0.1:9");
        assert_eq!(account.config.algorithm(), cld_sign::Algorithm::Sha256);
        assert_eq!(
            account.upload_url("image"),
            "http://127.0.0.1:9/v1_1/c/image/upload"
        );
        for bad in ["ftp://x", "http://", "127.0.0.1:9", "http://x?y"] {
            let url = format!("cloudinary://k:s@c?upload_prefix={bad}");
            assert!(matches!(
                Account::from_url(&url).unwrap_err(),
                StartupError::BadUploadPrefix
            ));
        }
    }

    #[test]
    fn command_line() {
        assert_eq!(demo_flag([]), Ok(false));
        assert_eq!(demo_flag(["--demo".to_owned()]), Ok(true));
        assert!(demo_flag(["--dmo".to_owned()]).is_err());
        assert_eq!(port_from(env(&[]), 3000), Ok(3000));
        assert_eq!(port_from(env(&[("PORT", "8080")]), 3000), Ok(8080));
        assert!(port_from(env(&[("PORT", "x")]), 3000).is_err());
    }
}
