use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(skip)]
    public_id: String,
    timestamp: Timestamp,
}

fn main() {}
