//! Flags shared by several commands, and parsing their text into the library's types so
//! that bad values get the library's typed errors (and exit status 2).

use cld_sign::{Algorithm, Config, ErrorKind, SignatureVersion, Signer, Timestamp};

use super::env;
use super::failure::{BAD_INPUT, Failure, USAGE};

/// Where the API secret comes from.
#[derive(Debug, clap::Args)]
pub struct SecretArgs {
    /// Read the API secret (or a whole cloudinary:// URL) from the variable NAME instead
    /// of CLOUDINARY_URL / CLOUDINARY_API_SECRET.
    #[arg(long, value_name = "NAME")]
    pub secret_env: Option<String>,
}

impl SecretArgs {
    /// The account configuration these flags point to.
    pub fn config(&self) -> Result<Config, Failure> {
        env::config(self.secret_env.as_deref())
    }

    /// The account's signer, with `--algorithm` and `--signature-version` (the flags'
    /// texts) in place of the account's settings when given.
    pub fn signer(
        &self,
        algorithm_flag: Option<&str>,
        version_flag: Option<&str>,
    ) -> Result<Signer, Failure> {
        let config = self.config()?;
        let algorithm = algorithm(algorithm_flag, config.algorithm())?;
        let version = signature_version(version_flag, config.signature_version())?;
        Ok(Signer::from_config(&config)
            .with_algorithm(algorithm)
            .with_signature_version(version))
    }
}

/// `--algorithm`, or `default` (the account's) when absent.
pub fn algorithm(flag: Option<&str>, default: Algorithm) -> Result<Algorithm, Failure> {
    Ok(flag.map(str::parse).transpose()?.unwrap_or(default))
}

/// `--signature-version`, or `default` (the account's) when absent.
pub fn signature_version(
    flag: Option<&str>,
    default: SignatureVersion,
) -> Result<SignatureVersion, Failure> {
    Ok(flag.map(str::parse).transpose()?.unwrap_or(default))
}

/// A count of seconds given to `--<flag>`: 1 to 19 ASCII digits.
pub fn secs(flag: &str, text: &str) -> Result<u64, Failure> {
    text.parse::<Timestamp>()
        .map(Timestamp::as_secs)
        .map_err(|_| {
            Failure::bad_input(
                ErrorKind::MalformedTimestamp,
                format!("--{flag} must be whole seconds (1 to 19 ASCII digits)"),
            )
        })
}

/// `--now`, or the system clock.
pub fn now(flag: Option<&str>) -> Result<Timestamp, Failure> {
    flag.map_or(Ok(Timestamp::now()), |text| {
        secs("now", text).map(Timestamp::from_secs)
    })
}

/// `--<flag>`, else the configuration's value (`CLOUDINARY_URL`, or
/// `CLOUDINARY_CLOUD_NAME` / `CLOUDINARY_API_KEY`), else a usage error.
pub fn flag_or_config<'a>(
    flag: Option<&'a str>,
    from_config: Option<&'a str>,
    name: &str,
) -> Result<&'a str, Failure> {
    flag.or(from_config).ok_or_else(|| Failure {
        status: BAD_INPUT,
        kind: USAGE,
        message: format!(
            "no {name}: pass --{name}, or set CLOUDINARY_URL \
             (cloudinary://<api_key>:<api_secret>@<cloud_name>)"
        ),
    })
}

/// The cloud name from `--cloud-name` or the configuration.
pub fn cloud_name<'a>(flag: Option<&'a str>, config: &'a Config) -> Result<&'a str, Failure> {
    flag_or_config(flag, config.cloud_name(), "cloud-name")
}
