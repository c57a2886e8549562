use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(rename = "signature")]
    sig: String,
    public_id: String,
    timestamp: Timestamp,
}

fn main() {}
