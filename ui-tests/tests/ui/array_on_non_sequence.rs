use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(array)]
    public_id: String,
    timestamp: Timestamp,
}

fn main() {}
