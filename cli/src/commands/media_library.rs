//! `cld-sign media-library`: the Media Library widget's login signature (see `cld_sign::media_library`).

use std::io::Write;

use cld_sign::media_library::MediaLibraryLogin;
use cld_sign::{Signer, Timestamp};

use crate::common::{self, Failure, SecretArgs};

/// Prints the hex SHA-256 login signature of the Media Library widget.
#[derive(Debug, clap::Args)]
pub struct MediaLibraryArgs {
    /// The cloud name [default: from CLOUDINARY_URL or CLOUDINARY_CLOUD_NAME]
    #[arg(long, value_name = "C")]
    cloud_name: Option<String>,
    /// The username (the user's email) logging in.
    #[arg(long, value_name = "U")]
    username: String,
    /// The Unix time in seconds to sign.
    #[arg(long, value_name = "T")]
    timestamp: String,
    #[command(flatten)]
    secret: SecretArgs,
}

pub fn run(args: &MediaLibraryArgs, out: &mut impl Write) -> Result<(), Failure> {
    let timestamp = Timestamp::from_secs(common::secs("timestamp", &args.timestamp)?);
    let config = args.secret.config()?;
    let cloud_name = common::cloud_name(args.cloud_name.as_deref(), &config)?;
    let api_key = config.api_key().unwrap_or_default();
    let login = MediaLibraryLogin::new(cloud_name, api_key, args.username.as_str(), timestamp)?;
    common::print_line(out, login.sign(&Signer::from_config(&config)).signature())
}
