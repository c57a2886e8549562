//! `cld-sign token`: an auth token for token-based access to authenticated assets.

use std::io::Write;

use std::time::Duration;

use cld_sign::{
    Timestamp,
    delivery::{AuthToken, TokenOptions},
};

use crate::common::{self, Failure};

/// Generates an `__cld_token__` (the key comes from CLOUDINARY_AUTH_TOKEN_KEY).
#[derive(Debug, clap::Args)]
pub struct TokenArgs {
    /// Read the hex key from the variable NAME instead of CLOUDINARY_AUTH_TOKEN_KEY.
    #[arg(long, value_name = "NAME")]
    key_env: Option<String>,
    /// An ACL such as /image/* (repeat for several; they are joined with !, which an ACL may
    /// not hold).
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
    /// Name the token N instead of __cld_token__ (one or more of A-Z a-z 0-9 _ -).
    #[arg(long, value_name = "N")]
    token_name: Option<String>,
    /// The current Unix time [default: the system clock].
    #[arg(long, value_name = "UNIX")]
    now: Option<String>,
}

pub fn run(args: &TokenArgs, out: &mut impl Write) -> Result<(), Failure> {
    let key = common::token_key(args.key_env.as_deref())?;
    let now = common::now(args.now.as_deref())?;
    let mut options = TokenOptions::default();
    options.acl = args.acl.clone();
    options.url = args.url.clone();
    options.ip = args.ip.clone();
    options.token_name = args.token_name.clone();
    let secs =
        |flag, text: &Option<String>| text.as_deref().map(|t| common::secs(flag, t)).transpose();
    options.start_time = secs("start-time", &args.start_time)?.map(Timestamp::from_secs);
    options.expiration = secs("expiration", &args.expiration)?.map(Timestamp::from_secs);
    options.duration = secs("duration", &args.duration)?.map(Duration::from_secs);
    let token = AuthToken::try_from(&options)?.sign_at(&key, now)?;
    common::print_line(out, token)
}
