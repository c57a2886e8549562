//! `cld-sign download-url`: a signed download URL (see `cld_sign::download`) for the JSON options on stdin.

use std::io::{Read, Write};

use cld_sign::Signer;
use cld_sign::Timestamp;
use cld_sign::download::{DownloadKind, DownloadUrl};

use crate::common::{self, Failure, SecretArgs};

/// Prints a signed download URL for the JSON options on stdin
///
/// The options: `public_id`, `format`, `type`, `attachment`, `expires_at` (private); the
/// archive parameters (archive); `folder_path` and archive parameters (folder); `asset_id`,
/// `version_id` (backup). `resource_type` chooses the path; other members are ignored.
#[derive(Debug, clap::Args)]
pub struct DownloadUrlArgs {
    /// private, archive, folder or backup.
    #[arg(value_name = "KIND")]
    kind: String,
    /// The cloud name [default: from CLOUDINARY_URL or CLOUDINARY_CLOUD_NAME]
    #[arg(long, value_name = "C")]
    cloud_name: Option<String>,
    /// The API key [default: from CLOUDINARY_URL or CLOUDINARY_API_KEY]
    #[arg(long, value_name = "K")]
    api_key: Option<String>,
    /// The Unix time in seconds to sign.
    #[arg(long, value_name = "T")]
    timestamp: String,
    /// sha1 or sha256 [default: the account's, else sha1]
    #[arg(long, value_name = "A")]
    algorithm: Option<String>,
    #[command(flatten)]
    secret: SecretArgs,
}

pub fn run(
    args: &DownloadUrlArgs,
    stdin: &mut impl Read,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let kind: DownloadKind = args.kind.parse()?;
    let timestamp = Timestamp::from_secs(common::secs("timestamp", &args.timestamp)?);
    let config = args.secret.config()?;
    let algorithm = common::algorithm(args.algorithm.as_deref(), config.algorithm())?;
    let cloud_name = common::cloud_name(args.cloud_name.as_deref(), &config)?;
    let api_key = common::flag_or_config(args.api_key.as_deref(), config.api_key(), "api-key")?;
    let options = common::read_json(stdin, "download options")?;
    let signer = Signer::from_config(&config).with_algorithm(algorithm);
    let url = DownloadUrl::from_options(kind, cloud_name, &options)?
        .with_url_settings(config.url_settings())
        .sign_at(&signer, api_key, timestamp)?;
    common::print_line(out, url)
}
