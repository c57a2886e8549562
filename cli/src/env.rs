//! Secrets come from the environment, never from a flag (flags show in `ps` and in shell
//! history).

use cld_sign::{ApiSecret, Config, ErrorKind, TokenKey};

use crate::failure::Failure;

/// The variable that holds the auth-token key unless `--key-env` names another.
pub const TOKEN_KEY_VAR: &str = "CLOUDINARY_AUTH_TOKEN_KEY";

/// The account configuration: from the variable named by `--secret-env` (an API secret,
/// or a whole `cloudinary://` URL), else `CLOUDINARY_URL`, else `CLOUDINARY_API_SECRET`.
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
    if value.trim_start().starts_with("cloudinary://") {
        Ok(Config::from_url(&value)?)
    } else {
        Ok(Config::new(ApiSecret::new(value)?))
    }
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
