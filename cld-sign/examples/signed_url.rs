//! Builds a signed delivery URL, then verifies it (and a tampered copy) as a proxy in
//! front of Cloudinary could.
//!
//! ```text
//! cargo run --example signed_url
//! ```
//!
//! Uses the documentation's secret `abcd` and cloud `demo`.

use cld_sign::delivery::{DeliveryUrlVerifier, ReceivedDeliveryUrl};
use cld_sign::{
    ApiSecret, Error, Signer,
    delivery::{DeliveryUrl, UrlSignatureKind},
};

fn main() -> Result<(), Error> {
    let signer = Signer::new(ApiSecret::new("abcd")?);
    let verifier = DeliveryUrlVerifier::new(signer.clone());

    let builder = DeliveryUrl::new("demo", "folder/my image (1)")
        .with_transformation("c_fill,h_150,w_100")
        .with_version(1315060510)
        .with_format("jpg");
    let url = builder.sign(&signer)?.into_string();
    println!("signed path: {}", builder.to_sign());
    println!("short:       {url}");
    let long = builder
        .with_signature_kind(UrlSignatureKind::Long)
        .sign(&signer)?
        .into_string();
    println!("long:        {long}");

    for candidate in [&url, &long] {
        let reading = verifier.verify(candidate)?;
        println!(
            "read as:     transformation {:?}, version {:?}, public ID {:?}, format {:?}",
            reading.transformation(),
            reading.version(),
            reading.public_id(),
            reading.format()
        );
        let parsed = ReceivedDeliveryUrl::parse(candidate)?;
        println!(
            "verified:    {:?} signature {} over {:?}",
            parsed.kind(),
            parsed.signature(),
            parsed.path_without_version().unwrap_or_default()
        );
    }

    // The version is not signed; the transformation and the public ID are.
    let other_version = url.replace("/v1315060510/", "/v1/");
    verifier.verify(&other_version)?;
    println!("another version: accepted (versions are not signed)");

    let tampered = url.replace("h_150", "h_1500");
    match verifier.verify(&tampered) {
        Ok(_) => {
            eprintln!("a tampered URL was accepted");
            std::process::exit(1);
        }
        Err(err) => println!("tampered transformation: rejected ({}): {err}", err.kind()),
    }
    match verifier.verify("https://res.cloudinary.com/demo/image/upload/sample.jpg") {
        Ok(_) => {
            eprintln!("an unsigned URL was accepted");
            std::process::exit(1);
        }
        Err(err) => println!("unsigned URL: rejected ({}): {err}", err.kind()),
    }
    Ok(())
}
