//! Every name the request rule (`cld_sign::request`) allows is accepted (lower-case ASCII letters, digits and `_`, in
//! any order), and an excluded field's name is never checked: it is not signed.

use cld_sign::{ApiSecret, Signable, Signer, Timestamp};

#[derive(Signable)]
#[allow(non_snake_case)]
struct Request {
    #[sign(rename = "public_id2")]
    id: &'static str,
    #[sign(rename = "2x")]
    two: u8,
    #[sign(rename = "_")]
    underscore: u8,
    tags1: &'static str,
    r#type: &'static str,
    #[sign(exclude)]
    internalId: u8,
    #[sign(exclude)]
    légende: u8,
    timestamp: Timestamp,
}

fn main() {
    let request = Request {
        id: "sample",
        two: 2,
        underscore: 1,
        tags1: "t",
        r#type: "upload",
        internalId: 7,
        légende: 8,
        timestamp: Timestamp::from_secs(1315060510),
    };
    let _ = (request.internalId, request.légende);
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    assert_eq!(
        signer.string_to_sign(&request),
        "2x=2&_=1&public_id2=sample&tags1=t&timestamp=1315060510&type=upload"
    );
    let form = signer.sign_form(&request, "k").unwrap();
    assert_eq!(form.signature(), &signer.sign(&request));
    assert!(form.fields().all(|(name, _)| name != "internalId" && name != "légende"));
    cld_sign_ui_tests::assert_sent_as_signed(&signer, &form);
}
