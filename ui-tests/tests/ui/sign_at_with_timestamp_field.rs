use cld_sign::{ApiSecret, Signable, Signer, Timestamp};

#[derive(Signable)]
struct Request {
    public_id: String,
    timestamp: Timestamp,
}

fn main() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let request = Request { public_id: "sample".into(), timestamp: Timestamp::now() };
    let _ = signer.sign_at(&request, Timestamp::now());
}
