//! Signs the documented upload request, as in Cloudinary's "Generate upload signature"
//! tutorial, and prints the string to sign, the signature, the POST fields and a `curl`
//! command.
//!
//! ```text
//! cargo run --example sign_upload
//! ```
//!
//! Uses `CLOUDINARY_URL` when set; otherwise the documentation's secret `abcd`, API key
//! `1234` and cloud `demo`, which give the signature `bfd09f95f331f558cbd1320e67aa8d488770583e`.

use cld_sign::{ApiSecret, Config, Params, Signer};

fn main() -> Result<(), cld_sign::Error> {
    let config = match std::env::var("CLOUDINARY_URL") {
        Ok(url) if !url.trim().is_empty() => Config::from_url(&url)?,
        _ => Config::new(ApiSecret::new("abcd")?)
            .with_api_key("1234")
            .with_cloud_name("demo"),
    };
    let signer = Signer::from_config(&config);

    // The documented request. `file` is sent but never signed.
    let file = "https://upload.wikimedia.org/wikipedia/commons/a/ae/Olympic_flag.jpg";
    let params = Params::from_serialize(&serde_json::json!({
        "timestamp": 1315060510,
        "public_id": "sample_image",
        "eager": "w_400,h_300,c_pad|w_260,h_200,c_crop",
        "file": file,
    }))?;

    let signature = signer.sign(&params);
    println!("algorithm:      {}", signer.algorithm());
    println!("string to sign: {}", signer.string_to_sign(&params));
    println!("signature:      {signature}");

    let api_key = config.api_key().unwrap_or("<api_key>");
    let mut fields = params.form_fields(api_key, &signature);
    fields.push(("file", file.to_owned()));
    println!("\nPOST fields:");
    for (name, value) in &fields {
        println!("  {name}={value}");
    }

    let cloud = config.cloud_name().unwrap_or("<cloud_name>");
    println!("\ncurl:");
    println!("curl https://api.cloudinary.com/v1_1/{cloud}/image/upload \\");
    let last = fields.len() - 1;
    for (i, (name, value)) in fields.iter().enumerate() {
        let end = if i == last { "" } else { " \\" };
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
