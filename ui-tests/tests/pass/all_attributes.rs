//! Every valid attribute combination, checked against the text it signs.

use std::fmt::Write as _;

use cld_sign::{ApiSecret, Signable, SignatureVersion, Signer, Sink, Timestamp, request::ValueWriter};

/// `with` for a type the user does not own: seconds as `12.5s`.
fn seconds<S: Sink + ?Sized>(value: &std::time::Duration, out: &mut ValueWriter<'_, S>) {
    let _ = write!(out, "{}s", value.as_secs_f64());
}

/// `with` on a list: items joined by the function itself.
fn slashes<S: Sink + ?Sized>(value: &[&str], out: &mut ValueWriter<'_, S>) {
    for (i, item) in value.iter().enumerate() {
        if i > 0 {
            out.write_str("/");
        }
        out.write_str(item);
    }
}

#[derive(Signable)]
struct Everything {
    plain: &'static str,
    #[sign(exclude)]
    file: &'static str,
    #[sign(exclude)]
    not_sent: u8,
    #[sign(rename = "renamed")]
    before_rename: &'static str,
    #[sign(join)]
    tags: Vec<&'static str>,
    #[sign(join = "|")]
    eager: [&'static str; 2],
    #[sign(with = seconds)]
    duration: std::time::Duration,
    #[sign(with = "slashes")]
    path: Vec<&'static str>,
    #[sign(rename = "joined", join)]
    joined_list: Vec<u32>,
    #[sign(array)]
    categorization: Vec<&'static str>,
    #[sign(array, rename = "detection")]
    detectors: Option<[&'static str; 2]>,
    #[sign(array)]
    empty_array: Vec<&'static str>,
    #[sign(join = ";", rename = "joined_sep")]
    joined_sep_list: Vec<bool>,
    #[sign(rename = "with_renamed", with = seconds)]
    with_renamed_value: std::time::Duration,
    #[sign(exclude)]
    #[sign()]
    excluded_twice_listed: (),
    r#type: Option<&'static str>,
    r#async: bool,
    timestamp: Timestamp,
}

fn main() {
    let request = Everything {
        plain: "a&b",
        file: "x.jpg",
        not_sent: 1,
        before_rename: "r",
        tags: vec!["t1", "t2"],
        eager: ["w_400", "h_300"],
        duration: std::time::Duration::from_millis(12_500),
        path: vec!["a", "b"],
        joined_list: vec![1, 2],
        categorization: vec!["google_tagging", "a&b"],
        detectors: Some(["coco_v2", ""]),
        empty_array: vec![""],
        joined_sep_list: vec![true, false],
        with_renamed_value: std::time::Duration::from_secs(3),
        excluded_twice_listed: (),
        r#type: Some("upload"),
        r#async: false,
        timestamp: Timestamp::from_secs(1315060510),
    };
    let _ = (request.file, request.not_sent, request.excluded_twice_listed);
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    assert_eq!(
        signer.string_to_sign(&request),
        "async=false&categorization=google_tagging,a%26b&detection=coco_v2,\
         &duration=12.5s&eager=w_400|h_300&joined=1,2&joined_sep=true;false\
         &path=a/b&plain=a%26b&renamed=r&tags=t1,t2&timestamp=1315060510&type=upload\
         &with_renamed=3s"
    );
    let v1 = signer.clone().with_signature_version(SignatureVersion::V1);
    assert!(v1.string_to_sign(&request).contains("&plain=a&b&"));

    // The form: every signed pair as signed, arrays as `name[]` fields, excluded fields
    // and the empty array left out.
    let form = signer.sign_form(&request, "1234").unwrap();
    assert_eq!(form.signature(), &signer.sign(&request));
    assert_eq!(form.string_to_sign(), signer.string_to_sign(&request));
    let fields: Vec<_> = form.fields().collect();
    assert_eq!(
        fields,
        [
            ("api_key", "1234"),
            ("async", "false"),
            ("categorization[]", "google_tagging"),
            ("categorization[]", "a&b"),
            ("detection[]", "coco_v2"),
            ("detection[]", ""),
            ("duration", "12.5s"),
            ("eager", "w_400|h_300"),
            ("joined", "1,2"),
            ("joined_sep", "true;false"),
            ("path", "a/b"),
            ("plain", "a&b"),
            ("renamed", "r"),
            ("tags", "t1,t2"),
            ("timestamp", "1315060510"),
            ("type", "upload"),
            ("with_renamed", "3s"),
        ]
    );
    cld_sign_ui_tests::assert_sent_as_signed(&signer, &form);
    let v1_form = v1.sign_form(&request, "1234").unwrap();
    assert_eq!(v1_form.signature(), &v1.sign(&request));
    cld_sign_ui_tests::assert_sent_as_signed(&v1, &v1_form);
}
