//! Builds the signed Search API URL of the search URL rule's documented example (pycloudinary's test),
//! then the next page's URL.
//!
//! ```text
//! cargo run --example search_url
//! ```
//!
//! Uses the example's secret `secret` and cloud `test123`.

use cld_sign::search::SearchUrl;
use cld_sign::{ApiSecret, Error, Signer};

fn main() -> Result<(), Error> {
    let signer = Signer::new(ApiSecret::new("secret")?);
    let query = serde_json::json!({
        "expression": "resource_type:image AND tags=kitten AND uploaded_at>1d AND bytes>1m",
        "sort_by": [{"public_id": "desc"}],
        "max_results": 30,
    });

    let first = SearchUrl::new("test123", &query).sign(&signer)?;
    println!("JSON:       {}", first.json());
    println!("b64query:   {}", first.b64query());
    println!("signature:  {}  (ttl {})", first.signature(), first.ttl());
    println!("URL:        {first}");

    // The next page: a longer ttl and the cursor from the previous response (not signed).
    let next = SearchUrl::new("test123", &query)
        .with_ttl(1000)
        .with_next_cursor("db27cfb02b3f69cb39049969c23ca430c6d33d5a3a7c3ad1d870c54e1a54ee0faa5acdd9f6d288666986001711759d10")
        .sign(&signer)?;
    println!("signature:  {}  (ttl {})", next.signature(), next.ttl());
    println!("URL:        {next}");
    Ok(())
}
