use std::collections::HashMap;

use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    context: HashMap<String, String>,
    timestamp: Timestamp,
}

fn main() {}
