//! `cld-sign search-url`: a signed Search API URL (see `cld_sign::search`) for the JSON query on stdin.

use std::io::{Read, Write};

use cld_sign::Signer;
use cld_sign::search::SearchUrl;

use crate::common::{self, Failure, SecretArgs};

/// Prints the signed search URL of the JSON query on stdin (always SHA-256).
#[derive(Debug, clap::Args)]
pub struct SearchUrlArgs {
    /// The cloud name [default: from CLOUDINARY_URL or CLOUDINARY_CLOUD_NAME]
    #[arg(long, value_name = "C")]
    cloud_name: Option<String>,
    /// Time to live in seconds (0 is kept).
    #[arg(long, value_name = "N", default_value_t = cld_sign::search::DEFAULT_TTL)]
    ttl: u64,
    /// The page cursor, instead of the query's next_cursor (an empty one means none; else
    /// A-Z a-z 0-9 - _ =, as the Search API returns it).
    #[arg(long, value_name = "X")]
    next_cursor: Option<String>,
    #[command(flatten)]
    secret: SecretArgs,
}

pub fn run(
    args: &SearchUrlArgs,
    stdin: &mut impl Read,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let config = args.secret.config()?;
    let cloud_name = common::cloud_name(args.cloud_name.as_deref(), &config)?;
    let query = common::read_json(stdin, "search parameters")?;
    let mut url = SearchUrl::new(cloud_name, &query)
        .with_ttl(args.ttl)
        .with_url_settings(config.url_settings());
    if let Some(cursor) = &args.next_cursor {
        url = url.with_next_cursor(cursor.as_str());
    }
    common::print_line(out, url.sign(&Signer::from_config(&config))?)
}
