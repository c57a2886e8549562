// `sign_form` takes only derived structs: `Params` signs, but has no generated walk.
use cld_sign::{ApiSecret, Params, Signer};

fn main() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let params = Params::from_pairs([("public_id", "a"), ("timestamp", "1")]).unwrap();
    let _ = signer.sign_form(&params, "1234");
}
