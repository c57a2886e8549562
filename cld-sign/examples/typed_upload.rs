//! A typed upload request (`cld_sign::request::upload::UploadParams`) with context, metadata, eager
//! transformations and face coordinates: prints the string to sign, the signature, the form
//! fields (exactly what was signed) and a `curl` command.
//!
//! ```text
//! cargo run --example typed_upload
//! ```
//!
//! Uses `CLOUDINARY_URL` when set; otherwise the documentation's secret `abcd`, API key
//! `1234` and cloud `demo`, at the documentation's timestamp 1315060510.

use cld_sign::request::upload::{
    Context, Coordinates, DeliveryType, Eager, EagerTransformation, Metadata, Rect, UploadParams,
};
use cld_sign::{ApiSecret, Config, Signer, Timestamp};

fn main() -> Result<(), cld_sign::Error> {
    let (config, timestamp) = match std::env::var("CLOUDINARY_URL") {
        Ok(url) if !url.trim().is_empty() => (Config::from_url(&url)?, Timestamp::now()),
        _ => (
            Config::new(ApiSecret::new("abcd")?)
                .with_api_key("1234")
                .with_cloud_name("demo"),
            Timestamp::from_secs(1315060510),
        ),
    };
    let signer = Signer::from_config(&config);

    // Only the parameters in use; every other one stays `None` and is neither signed nor sent.
    let params = UploadParams::default()
        .with_public_id("products/shoe")
        .with_type(DeliveryType::Upload)
        .with_tags(["shoes", "summer sale"])
        .with_context(
            Context::new()
                .with("alt", "A red shoe")
                .with("caption", "size=42|wide"),
        )
        .with_metadata(
            Metadata::new()
                .with("sku", "SH-042")
                .with("colors", ["red", "white"]),
        )
        .with_eager(
            Eager::new()
                .with("w_400,h_300,c_pad")
                .with(EagerTransformation::new("w_260,h_200,c_crop").with_format("webp")),
        )
        .with_face_coordinates(Coordinates::from([
            Rect::new(10, 20, 30, 40),
            Rect::new(50, 60, 70, 80),
        ]))
        .with_overwrite(true);

    let api_key = config.api_key().unwrap_or("<api_key>");
    let form = params.sign_at(&signer, api_key, timestamp);
    println!("algorithm:      {}", signer.algorithm());
    println!("string to sign: {}", form.string_to_sign());
    println!("signature:      {}", form.signature());

    let file = "https://upload.wikimedia.org/wikipedia/commons/a/ae/Olympic_flag.jpg";
    let mut fields = form.to_fields();
    fields.push(("file".to_owned(), file.to_owned()));
    println!("\nPOST fields:");
    for (name, value) in &fields {
        println!("  {name}={value}");
    }

    let cloud = config.cloud_name().unwrap_or("<cloud_name>");
    println!("\ncurl:");
    println!("curl {} \\", params.endpoint(cloud));
    let last = fields.len() - 1;
    for (i, (name, value)) in fields.iter().enumerate() {
        let end = if i == last { "" } else { " \\" };
        // `--form-string`: values are sent as text (`@` and `<` are not file references).
        println!(
            "  --form-string {}{end}",
            shell_quote(&format!("{name}={value}"))
        );
    }
    Ok(())
}

/// Single-quotes `s` for a POSIX shell.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}
