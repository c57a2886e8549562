//! What `search-url`, `download-url` and `media-library` share: the cloud name and API key
//! from a flag or the account configuration, and a JSON object read from stdin.

use std::io::Read;

use cld_sign::{Config, ErrorKind};
use serde_json::Value;

use crate::failure::{BAD_INPUT, Failure};
use crate::parse::USAGE;

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

/// The JSON value on standard input (`what` names it in the error: "query", "options").
pub fn read_json(stdin: &mut impl Read, what: &str) -> Result<Value, Failure> {
    let mut input = Vec::new();
    stdin
        .read_to_end(&mut input)
        .map_err(|e| Failure::io("read standard input", &e))?;
    serde_json::from_slice(&input).map_err(|e| {
        Failure::bad_input(
            ErrorKind::UnsupportedValue,
            format!("standard input is not a JSON object of {what} ({e})"),
        )
    })
}
