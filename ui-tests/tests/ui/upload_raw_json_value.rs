// A bare `serde_json::Value` is not signable: wrap it in `cld_sign::request::upload::Json`
// (or `JsonList`) to send it as JSON text.
use cld_sign::Signable;

#[derive(Signable)]
struct Request {
    regions: serde_json::Value,
    timestamp: u64,
}

fn main() {}
