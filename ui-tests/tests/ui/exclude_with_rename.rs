use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(exclude, rename = "upload_file")]
    file: String,
    timestamp: Timestamp,
}

fn main() {}
