// After its own error the derive still implements both traits, so code that signs the
// struct reports nothing more: the one message is the macro's.
use cld_sign::{ApiSecret, Signable, Signer, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(rename = "Public-Id")]
    public_id: String,
    timestamp: Timestamp,
}

fn main() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let request = Request {
        public_id: "sample".to_owned(),
        timestamp: Timestamp::from_secs(1),
    };
    let _ = signer.sign(&request);
    let _ = signer.sign_at(&request, Timestamp::from_secs(1));
}
