use cld_sign::{Signable, Timestamp};

// Every mistake is reported at once, each at its token.
#[derive(Signable)]
struct Request {
    api_key: String,
    #[sign(rename = 5)]
    public_id: String,
    #[sign(joint)]
    tags: Vec<String>,
    timestamp: Timestamp,
}

fn main() {}
