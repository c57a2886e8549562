//! The generated code uses absolute paths and private names: local items named like the
//! runtime's, or fields named like the generated locals, change nothing.
#![allow(dead_code, non_camel_case_types)]

use cld_sign::{ApiSecret, Signer, Timestamp};

struct Sink;
struct CanonicalWriter;
struct Signable;
trait SignValue {}
mod core {}
mod cld_sign_shadow {}

#[derive(::cld_sign::Signable)]
struct Request {
    __out: &'static str,
    __timestamp: &'static str,
    __w: &'static str,
    r#match: Option<u8>,
    timestamp: Timestamp,
}

#[derive(::cld_sign::Signable)]
struct At<__T> {
    __out: __T,
}

fn main() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let request = Request {
        __out: "o",
        __timestamp: "t",
        __w: "w",
        r#match: Some(1),
        timestamp: Timestamp::from_secs(5),
    };
    assert_eq!(
        signer.string_to_sign(&request),
        "__out=o&__timestamp=t&__w=w&match=1&timestamp=5"
    );
    assert_eq!(
        signer.string_to_sign_at(&At { __out: 1u8 }, Timestamp::from_secs(5)),
        "__out=1&timestamp=5"
    );
    let form = signer.sign_form(&request, "k").unwrap();
    assert_eq!(form.signature(), &signer.sign(&request));
    cld_sign_ui_tests::assert_sent_as_signed(&signer, &form);
    let at = At { __out: 1u8 };
    let form = signer.sign_form_at(&at, "k", Timestamp::from_secs(5));
    assert_eq!(form.signature(), &signer.sign_at(&at, Timestamp::from_secs(5)));
    cld_sign_ui_tests::assert_sent_as_signed(&signer, &form);
}
