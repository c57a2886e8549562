//! `cld-sign token`: an auth token for token-based access to authenticated assets.

use std::io::Write;

use cld_sign::AuthToken;

use crate::args;
use crate::env;
use crate::failure::Failure;

/// Generates an `__cld_token__` (the key comes from CLOUDINARY_AUTH_TOKEN_KEY).
#[derive(Debug, clap::Args)]
pub struct TokenArgs {
    /// Read the hex key from the variable NAME instead of CLOUDINARY_AUTH_TOKEN_KEY.
    #[arg(long, value_name = "NAME")]
    key_env: Option<String>,
    /// An ACL such as /image/* (repeat for several; they are joined with !).
    #[arg(long, value_name = "ACL")]
    acl: Vec<String>,
    /// The one URL path granted (used when no ACL is given).
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// Unix time (seconds) from which the token is valid.
    #[arg(long, value_name = "UNIX")]
    start_time: Option<String>,
    /// Seconds of validity, from the start time (or from now).
    #[arg(long, value_name = "SECS")]
    duration: Option<String>,
    /// Unix time (seconds) of expiry; wins over --duration.
    #[arg(long, value_name = "UNIX")]
    expiration: Option<String>,
    /// Restrict the token to this client IP.
    #[arg(long, value_name = "IP")]
    ip: Option<String>,
    /// Name the token N instead of __cld_token__.
    #[arg(long, value_name = "N")]
    token_name: Option<String>,
    /// The current Unix time [default: the system clock].
    #[arg(long, value_name = "UNIX")]
    now: Option<String>,
}

pub fn run(args: &TokenArgs, out: &mut impl Write) -> Result<(), Failure> {
    let key = env::token_key(args.key_env.as_deref())?;
    let now = args::now(args.now.as_deref())?;
    let mut options = AuthToken::new();
    for acl in &args.acl {
        options = options.acl(acl);
    }
    if let Some(url) = &args.url {
        options = options.url(url);
    }
    if let Some(ip) = &args.ip {
        options = options.ip(ip);
    }
    if let Some(name) = &args.token_name {
        options = options.token_name(name);
    }
    if let Some(start) = &args.start_time {
        options = options.start_time(args::secs("start-time", start)?);
    }
    if let Some(duration) = &args.duration {
        options = options.duration(args::secs("duration", duration)?);
    }
    if let Some(expiration) = &args.expiration {
        options = options.expiration(args::secs("expiration", expiration)?);
    }
    let token = key.generate(&options, now)?;
    args::print_line(out, token)
}
