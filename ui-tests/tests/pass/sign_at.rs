//! Without a `timestamp` field the signer supplies it, slotted into its sorted place.

use cld_sign::{ApiSecret, Params, Signable, Signer, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(rename = "type")]
    delivery_type: &'static str,
    tags: &'static str,
    public_id: Option<&'static str>,
    timestamps: &'static str,
}

#[derive(Signable)]
struct OnlyTimestamp {
    #[sign(exclude)]
    api_key: &'static str,
}

fn main() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let ts = Timestamp::from_secs(1315060510);
    let request = Request {
        delivery_type: "upload",
        tags: "a",
        public_id: None,
        timestamps: "z",
    };
    let expected = "tags=a&timestamp=1315060510&timestamps=z&type=upload";
    assert_eq!(signer.string_to_sign_at(&request, ts), expected);
    let params = Params::from_pairs([
        ("type", "upload"),
        ("tags", "a"),
        ("timestamp", "1315060510"),
        ("timestamps", "z"),
    ])
    .unwrap();
    assert_eq!(signer.sign_at(&request, ts), signer.sign(&params));

    let only = OnlyTimestamp { api_key: "1234" };
    let _ = only.api_key;
    assert_eq!(signer.string_to_sign_at(&only, ts), "timestamp=1315060510");

    let form = signer.sign_form_at(&request, "1234", ts);
    assert_eq!(form.signature(), &signer.sign_at(&request, ts));
    let fields: Vec<_> = form.fields().collect();
    assert_eq!(
        fields,
        [
            ("api_key", "1234"),
            ("tags", "a"),
            ("timestamp", "1315060510"),
            ("timestamps", "z"),
            ("type", "upload"),
        ]
    );
    cld_sign_ui_tests::assert_sent_as_signed(&signer, &form);
    let form = signer.sign_form_at(&only, "1234", ts);
    assert_eq!(form.signature(), &signer.sign_at(&only, ts));
    cld_sign_ui_tests::assert_sent_as_signed(&signer, &form);
}
