//! `#[sign(crate = "...")]` for a runtime re-exported under another path.

mod runtime {
    pub use cld_sign as inner;
}

use cld_sign as renamed;

#[derive(cld_sign::Signable)]
#[sign(crate = "runtime::inner")]
struct Nested {
    public_id: &'static str,
    timestamp: u64,
}

#[derive(renamed::Signable)]
#[sign(crate = "renamed")]
struct Renamed {
    public_id: &'static str,
}

fn main() {
    let signer = renamed::Signer::new(renamed::ApiSecret::new("abcd").unwrap());
    let nested = Nested { public_id: "a", timestamp: 1 };
    assert_eq!(signer.string_to_sign(&nested), "public_id=a&timestamp=1");
    let at = Renamed { public_id: "a" };
    assert_eq!(
        signer.string_to_sign_at(&at, renamed::Timestamp::from_secs(1)),
        "public_id=a&timestamp=1"
    );
    let form = signer.sign_form(&nested, "k").unwrap();
    assert_eq!(form.signature(), &signer.sign(&nested));
    cld_sign_ui_tests::assert_sent_as_signed(&signer, &form);
    let form = signer.sign_form_at(&at, "k", renamed::Timestamp::from_secs(1));
    assert_eq!(form.signature(), &signer.sign_at(&at, renamed::Timestamp::from_secs(1)));
    cld_sign_ui_tests::assert_sent_as_signed(&signer, &form);
}
