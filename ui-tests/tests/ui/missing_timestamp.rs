use cld_sign::{ApiSecret, Signable, Signer};

#[derive(Signable)]
struct Request {
    public_id: String,
}

fn main() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let request = Request { public_id: "sample".into() };
    let _ = signer.sign(&request);
}
