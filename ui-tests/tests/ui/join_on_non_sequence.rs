use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(join)]
    public_id: String,
    timestamp: Timestamp,
}

fn main() {}
