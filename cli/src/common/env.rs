//! Secrets come from the environment, never from a flag (flags show in `ps` and in shell
//! history).

use cld_sign::{Config, ErrorKind, delivery::TokenKey};

use super::failure::Failure;

/// The variable that holds the auth-token key unless `--key-env` names another.
pub const TOKEN_KEY_VAR: &str = "CLOUDINARY_AUTH_TOKEN_KEY";

/// The account configuration: from the variable named by `--secret-env` (an API secret,
/// or a whole `cloudinary://` URL), else `CLOUDINARY_URL`, else `CLOUDINARY_API_SECRET`;
/// in every case with the previous secrets of `CLOUDINARY_PREVIOUS_API_SECRETS`, which
/// verification accepts besides the current one during a key rotation.
pub fn config(secret_env: Option<&str>) -> Result<Config, Failure> {
    let Some(name) = secret_env else {
        return Ok(Config::from_env()?);
    };
    let value = var(name).ok_or_else(|| {
        Failure::bad_input(
            ErrorKind::EmptySecret,
            format!("{name} (named by --secret-env) is not set, empty or not UTF-8"),
        )
    })?;
    // The library's own reading, with this variable in place of the usual ones: the
    // account's other variables are not read, its previous secrets are.
    let current = if value.trim_start().starts_with("cloudinary://") {
        "CLOUDINARY_URL"
    } else {
        "CLOUDINARY_API_SECRET"
    };
    Ok(Config::from_lookup(|wanted| {
        if wanted == current {
            Some(value.clone())
        } else if wanted == Config::PREVIOUS_SECRETS_VAR {
            var(wanted)
        } else {
            None
        }
    })?)
}

/// The auth-token key from `key_env`, or from [`TOKEN_KEY_VAR`].
pub fn token_key(key_env: Option<&str>) -> Result<TokenKey, Failure> {
    let name = key_env.unwrap_or(TOKEN_KEY_VAR);
    let value = var(name).ok_or_else(|| {
        Failure::bad_input(
            ErrorKind::MalformedTokenKey,
            format!(
                "{name} is not set, empty or not UTF-8; set it to the hex key from the console"
            ),
        )
    })?;
    Ok(TokenKey::from_hex(value.trim())?)
}

/// A set, non-empty, UTF-8 variable.
fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}
