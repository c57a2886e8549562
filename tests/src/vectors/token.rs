//! `token.json`: auth tokens, the token or the error kind.

use serde::Deserialize;

/// A case's input: the key, the time, and SDK-style token options.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The token key, hex.
    pub key: String,
    /// The time, in seconds since the epoch.
    pub now: u64,
    /// The ACL pattern or patterns.
    pub acl: Option<Acl>,
    /// The URL path the token grants.
    pub url: Option<String>,
    /// The IP address the token is for.
    pub ip: Option<String>,
    /// The token's name (the cookie or query parameter).
    pub token_name: Option<String>,
    /// The start time, in seconds since the epoch.
    pub start_time: Option<u64>,
    /// How long the token lasts, in seconds.
    pub duration: Option<u64>,
    /// The expiry, in seconds since the epoch.
    pub expiration: Option<u64>,
}

/// One ACL pattern, or several.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Acl {
    /// One pattern.
    One(String),
    /// Several patterns.
    Many(Vec<String>),
}

impl Acl {
    /// The patterns, one or several.
    pub fn patterns(&self) -> &[String] {
        match self {
            Self::One(acl) => std::slice::from_ref(acl),
            Self::Many(acls) => acls,
        }
    }
}

/// The token, or the error kind.
#[derive(Debug, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Expected {
    /// The token is made.
    Token {
        /// The token.
        token: String,
    },
    /// The options are refused.
    Refused {
        /// The error kind.
        error: String,
    },
}

impl super::Expected for Expected {
    /// The token.
    type Output = String;

    fn outcome(&self) -> Result<String, &str> {
        match self {
            Self::Token { token } => Ok(token.clone()),
            Self::Refused { error } => Err(error),
        }
    }
}
