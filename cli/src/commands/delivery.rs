//! Delivery URL signatures (see `cld_sign::delivery`): `url-signature`, `url` and `verify-url`.

use std::io::Write;

use cld_sign::delivery::{DeliveryUrlVerifier, UrlSignature};
use cld_sign::{
    Config, Signer,
    delivery::{DeliveryUrl, UrlSignatureKind},
};

use crate::common::{self, Failure, SecretArgs};

/// Prints the `s--…--` component for a path to sign.
#[derive(Debug, clap::Args)]
pub struct UrlSignatureArgs {
    /// What follows the signature in the URL, without the version
    /// (e.g. c_fill,h_150,w_100/sample.jpg).
    #[arg(value_name = "TO_SIGN")]
    to_sign: String,
    #[command(flatten)]
    signing: SigningArgs,
}

/// Prints a signed delivery URL.
#[derive(Debug, clap::Args)]
pub struct UrlArgs {
    /// The cloud name.
    #[arg(long, value_name = "C")]
    cloud_name: String,
    /// The public ID, unescaped.
    #[arg(long, value_name = "ID")]
    public_id: String,
    /// image, video or raw.
    #[arg(long, value_name = "R", default_value = "image")]
    resource_type: String,
    /// The delivery type: upload, private, authenticated, ...
    #[arg(long = "type", value_name = "T", default_value = "upload")]
    delivery_type: String,
    /// The transformation, as URL text.
    #[arg(long, value_name = "X")]
    transformation: Option<String>,
    /// The version (adds the unsigned vVERSION component).
    #[arg(long, value_name = "V")]
    version: Option<String>,
    /// The format (extension, without the dot).
    #[arg(long, value_name = "F")]
    format: Option<String>,
    /// An SEO suffix (not signed): images/…/PUBLIC_ID/SUFFIX.FORMAT for image/upload,
    /// files/…/PUBLIC_ID/SUFFIX for raw/upload.
    #[arg(long, value_name = "S")]
    url_suffix: Option<String>,
    /// The root path form /CLOUD/s--SIG--/… (image/upload only).
    #[arg(long)]
    use_root_path: bool,
    /// The shortened form /CLOUD/iu/s--SIG--/… (image/upload only).
    #[arg(long)]
    shorten: bool,
    /// The private CDN host CLOUD-res.cloudinary.com, without the cloud segment.
    #[arg(long)]
    private_cdn: bool,
    /// A custom host in place of res.cloudinary.com (the cloud segment stays).
    #[arg(long, value_name = "H")]
    host: Option<String>,
    #[command(flatten)]
    signing: SigningArgs,
}

/// Verifies the signature of a delivery URL, in any form (see `cld_sign::delivery`).
#[derive(Debug, clap::Args)]
pub struct VerifyUrlArgs {
    /// The signed URL.
    #[arg(value_name = "URL")]
    url: String,
    /// sha1 or sha256, for short signatures [default: the account's, else sha1]
    #[arg(long, value_name = "A")]
    algorithm: Option<String>,
    /// Accept only long (32-character, SHA-256) signatures.
    #[arg(long)]
    long_only: bool,
    #[command(flatten)]
    secret: SecretArgs,
}

/// The secret, algorithm and length of a URL signature.
#[derive(Debug, clap::Args)]
struct SigningArgs {
    /// A long signature: 32 characters, always SHA-256.
    #[arg(long)]
    long: bool,
    /// sha1 or sha256, for short signatures [default: the account's, else sha1]
    #[arg(long, value_name = "A")]
    algorithm: Option<String>,
    #[command(flatten)]
    secret: SecretArgs,
}

impl SigningArgs {
    fn signer(&self) -> Result<Signer, Failure> {
        Ok(self.signer_and_config()?.0)
    }

    /// The signer and the account's configuration, whose URL settings choose the host.
    fn signer_and_config(&self) -> Result<(Signer, Config), Failure> {
        let config = self.secret.config()?;
        let algorithm = common::algorithm(self.algorithm.as_deref(), config.algorithm())?;
        Ok((
            Signer::from_config(&config).with_algorithm(algorithm),
            config,
        ))
    }

    fn kind(&self) -> UrlSignatureKind {
        if self.long {
            UrlSignatureKind::Long
        } else {
            UrlSignatureKind::Short
        }
    }
}

pub fn url_signature(args: &UrlSignatureArgs, out: &mut impl Write) -> Result<(), Failure> {
    let signer = args.signing.signer()?;
    let signature = UrlSignature::sign(&signer, &args.to_sign, args.signing.kind());
    common::print_line(out, signature)
}

pub fn url(args: &UrlArgs, out: &mut impl Write) -> Result<(), Failure> {
    let (signer, config) = args.signing.signer_and_config()?;
    let mut url = DeliveryUrl::new(&args.cloud_name, &args.public_id)
        .with_url_settings(config.url_settings())
        .with_resource_type(&args.resource_type)
        .with_delivery_type(&args.delivery_type)
        .with_signature_kind(args.signing.kind())
        .with_use_root_path(args.use_root_path)
        .with_shorten(args.shorten)
        .with_private_cdn(args.private_cdn);
    if let Some(suffix) = &args.url_suffix {
        url = url.with_url_suffix(suffix);
    }
    if let Some(host) = &args.host {
        url = url.with_host(host);
    }
    if let Some(transformation) = &args.transformation {
        url = url.with_transformation(transformation);
    }
    if let Some(version) = &args.version {
        url = url.with_version(common::secs("version", version)?);
    }
    if let Some(format) = &args.format {
        url = url.with_format(format);
    }
    common::print_line(out, url.sign(&signer)?)
}

pub fn verify_url(args: &VerifyUrlArgs, out: &mut impl Write) -> Result<(), Failure> {
    let config = args.secret.config()?;
    let algorithm = common::algorithm(args.algorithm.as_deref(), config.algorithm())?;
    let mut verifier =
        DeliveryUrlVerifier::new(Signer::from_config(&config).with_algorithm(algorithm));
    if args.long_only {
        verifier = verifier.with_required_kind(UrlSignatureKind::Long);
    }
    verifier
        .verify(&args.url)
        .map_err(Failure::from_verification)?;
    common::print_valid(out)
}
