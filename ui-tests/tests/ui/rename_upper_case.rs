use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(rename = "PublicId")]
    public_id: String,
    timestamp: Timestamp,
}

fn main() {}
