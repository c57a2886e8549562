use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request(String, Timestamp);

fn main() {}
