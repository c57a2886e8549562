//! Signs the Media Library widget's login (the Media Library rule's documented example) and prints the
//! JSON a backend hands to `cloudinary.createMediaLibrary`.
//!
//! ```text
//! cargo run --example media_library
//! ```
//!
//! Uses the example's cloud `my_company`, username `jane@mydomain.com`, timestamp
//! 1518601863 and secret `abcd` (use `Timestamp::now()` in real code).

use cld_sign::media_library::MediaLibraryLogin;
use cld_sign::{ApiSecret, Signer, Timestamp};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let signer = Signer::new(ApiSecret::new("abcd")?);
    let login = MediaLibraryLogin::new(
        "my_company",
        "1234",
        "jane@mydomain.com",
        Timestamp::from_secs(1518601863),
    )?;
    println!("string to sign: {}", login.string_to_sign());
    let auth = login.sign(&signer);
    println!("signature:      {}", auth.signature());
    println!("widget options: {}", serde_json::to_string(&auth)?);
    Ok(())
}
