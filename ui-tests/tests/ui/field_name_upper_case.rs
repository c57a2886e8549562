use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    #[allow(non_snake_case)]
    publicId: String,
    timestamp: Timestamp,
}

fn main() {}
