//! The download URL rules (`cld_sign::download`) the vector file does not reach: `transformations` formatted as `eager`
//! (§1.6.2), list edge cases, ignored and forced options, the typed setters' folder rules,
//! errors, and signature version 2 whatever the signer's. Expected signatures are
//! recomputed through `Params` (the request rule's other entry point).

use cld_sign::download::{DownloadKind, DownloadUrl, SignedDownloadUrl};
use cld_sign::{ApiSecret, Error, ErrorKind, Params, SignatureVersion, Signer, Timestamp};
use serde_json::{Value, json};

const AT: Timestamp = Timestamp::from_secs(1_315_060_510);

fn signer() -> Signer {
    Signer::new(ApiSecret::new("abcd").unwrap())
}

fn sign(kind: DownloadKind, options: Value) -> Result<SignedDownloadUrl, Error> {
    DownloadUrl::from_options(kind, "demo", &options)?.sign_at(&signer(), "1234", AT)
}

/// Asserts the string to sign, that the signature is that of the same pairs through
/// `Params`, and the query's pairs after the signed ones (`api_key`, `signature` last).
#[track_caller]
fn assert_signed(url: &SignedDownloadUrl, string: &str, query: &[(&str, &str)]) {
    assert_eq!(url.string_to_sign(), string);
    let pairs: Vec<(&str, &str)> = string
        .split('&')
        .map(|p| p.split_once('=').unwrap())
        .collect();
    let params =
        Params::from_pairs(pairs.iter().map(|(n, v)| (*n, v.replace("%26", "&")))).unwrap();
    assert_eq!(url.signature(), &signer().sign(&params));
    let got: Vec<(&str, &str)> = url.query_pairs().collect();
    assert_eq!(&got[..got.len() - 2], query);
    assert_eq!(got[got.len() - 2], ("api_key", "1234"));
    assert_eq!(got[got.len() - 1].0, "signature");
}

#[test]
fn transformations_are_formatted_as_eager() {
    let url = sign(
        DownloadKind::Archive,
        json!({"tags": "t", "transformations": [
            "w_100",
            {"transformation": "c_crop,w_50", "format": "png"},
            {"transformation": "e_sepia", "format": ""},
            {"transformation": "h_10", "format": null},
        ]}),
    )
    .unwrap();
    let text = "w_100|c_crop,w_50/png|e_sepia/|h_10";
    assert_signed(
        &url,
        &format!("mode=download&tags=t&timestamp=1315060510&transformations={text}"),
        &[
            ("mode", "download"),
            ("tags[]", "t"),
            ("timestamp", "1315060510"),
            ("transformations", text),
        ],
    );
    // An object is a one-item list; a text is as is.
    let one = sign(
        DownloadKind::Archive,
        json!({"transformations": {"transformation": "w_1", "format": "jpg"}}),
    )
    .unwrap();
    assert!(one.string_to_sign().ends_with("&transformations=w_1/jpg"));
    let raw = sign(
        DownloadKind::Archive,
        json!({"transformations": "w_1|w_2/png"}),
    )
    .unwrap();
    assert!(
        raw.string_to_sign()
            .ends_with("&transformations=w_1|w_2/png")
    );
    // The typed setter gives the same text.
    let typed = DownloadUrl::archive("demo")
        .with_param("tags", "t")
        .with_transformation("w_100", None)
        .with_transformation("c_crop,w_50", Some("png"))
        .with_transformation("e_sepia", Some(""))
        .with_transformation("h_10", None)
        .sign_at(&signer(), "1234", AT)
        .unwrap();
    assert_eq!(typed, url);
    // A private URL takes no transformations.
    let private = sign(
        DownloadKind::Private,
        json!({"public_id": "x", "transformations": "w_1"}),
    )
    .unwrap();
    assert_eq!(private.string_to_sign(), "public_id=x&timestamp=1315060510");
}

#[test]
fn malformed_transformations_are_unsupported_values() {
    for bad in [
        json!(5),
        json!(true),
        json!([5]),
        json!([["w_1"]]),
        json!({"transformation": "w_1", "width": 5}),
        json!({"format": "png"}),
        json!({"transformation": 5}),
        json!([{"transformation": "w_1", "format": 5}]),
    ] {
        let err = sign(
            DownloadKind::Archive,
            json!({"transformations": bad.clone()}),
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{bad}");
        assert!(
            matches!(&err, Error::UnsupportedValue { name, .. } if name == "transformations"),
            "{err:?}"
        );
    }
    // null is absent.
    let url = sign(DownloadKind::Archive, json!({"transformations": null})).unwrap();
    assert_eq!(url.string_to_sign(), "mode=download&timestamp=1315060510");
}

#[test]
fn list_edge_cases() {
    // Empty lists, [""] and [null] sign nothing and send nothing.
    for empty in [
        json!([]),
        json!([""]),
        json!([null]),
        json!(""),
        json!([[]]),
    ] {
        let url = sign(DownloadKind::Archive, json!({"tags": empty.clone()})).unwrap();
        assert_signed(
            &url,
            "mode=download&timestamp=1315060510",
            &[("mode", "download"), ("timestamp", "1315060510")],
        );
    }
    // Null and empty items are kept as empty items; numbers and booleans are texts.
    let url = sign(
        DownloadKind::Archive,
        json!({"public_ids": ["a", null, "", 1.0, 2.5, false, 12345678901234567_u64]}),
    )
    .unwrap();
    assert_signed(
        &url,
        "mode=download&public_ids=a,,,1,2.5,false,12345678901234567&timestamp=1315060510",
        &[
            ("mode", "download"),
            ("public_ids[]", "a"),
            ("public_ids[]", ""),
            ("public_ids[]", ""),
            ("public_ids[]", "1"),
            ("public_ids[]", "2.5"),
            ("public_ids[]", "false"),
            ("public_ids[]", "12345678901234567"),
            ("timestamp", "1315060510"),
        ],
    );
    // A list where a single value is expected is still a list, sent as `name[]`.
    let url = sign(DownloadKind::Private, json!({"public_id": ["a", "b"]})).unwrap();
    assert_signed(
        &url,
        "public_id=a,b&timestamp=1315060510",
        &[
            ("public_id[]", "a"),
            ("public_id[]", "b"),
            ("timestamp", "1315060510"),
        ],
    );
    // An object in a list cannot be signed.
    let err = sign(DownloadKind::Archive, json!({"tags": ["a", {"b": 1}]})).unwrap_err();
    assert!(
        matches!(&err, Error::UnsupportedValue { name, .. } if name == "tags"),
        "{err:?}"
    );
}

/// The security review's finding: Cloudinary signs a list as its items joined with `,`,
/// so one item `mine,victim/secret` signs as the two items `mine` and `victim/secret`. A
/// URL that asks for it refuses an item holding `,`, in any list, from any setter.
#[test]
fn commas_in_list_items_can_be_refused() {
    let one =
        DownloadUrl::archive("demo").with_list("public_ids", ["users/eve/a,users/bob/secret"]);
    let two =
        DownloadUrl::archive("demo").with_list("public_ids", ["users/eve/a", "users/bob/secret"]);
    let (one, two) = (
        one.sign_at(&signer(), "1234", AT).unwrap(),
        two.sign_at(&signer(), "1234", AT).unwrap(),
    );
    assert_eq!(
        one.signature(),
        two.signature(),
        "the ambiguity this guards against"
    );

    let refuse = |url: DownloadUrl| {
        url.with_commas_in_lists_refused()
            .sign_at(&signer(), "1234", AT)
            .unwrap_err()
    };
    let err = refuse(DownloadUrl::archive("demo").with_list("public_ids", ["a", "b,c"]));
    assert_eq!(
        err,
        Error::AmbiguousListItem {
            name: "public_ids".to_owned(),
            item: 2
        }
    );
    assert_eq!(err.kind(), ErrorKind::AmbiguousListItem);
    assert!(
        err.to_string().contains("item 2 of \"public_ids\""),
        "{err}"
    );
    for url in [
        DownloadUrl::archive("demo").with_param("tags", "a,b"),
        DownloadUrl::archive("demo").with_list("prefixes", ["x/", "y,z/"]),
        DownloadUrl::archive("demo").with_list("target_tags", ["t,u"]),
        DownloadUrl::archive("demo").with_list("fully_qualified_public_ids", ["image/upload/a,b"]),
        DownloadUrl::folder("demo", "mine,victim"),
        DownloadUrl::from_options(
            DownloadKind::Private,
            "demo",
            &json!({"public_id": ["a", "b,c"]}),
        )
        .unwrap(),
    ] {
        assert_eq!(refuse(url).kind(), ErrorKind::AmbiguousListItem);
    }
    // Without commas, or without the option, nothing changes; a value that is not a list
    // (a transformation, a single public ID) is sent as it is signed, and is not refused.
    let strict = DownloadUrl::archive("demo")
        .with_list("public_ids", ["users/eve/a", "users/eve/b"])
        .with_transformation("c_crop,w_50", None)
        .with_commas_in_lists_refused()
        .sign_at(&signer(), "1234", AT)
        .unwrap();
    let plain = DownloadUrl::archive("demo")
        .with_list("public_ids", ["users/eve/a", "users/eve/b"])
        .with_transformation("c_crop,w_50", None)
        .sign_at(&signer(), "1234", AT)
        .unwrap();
    assert_eq!(strict, plain);
    DownloadUrl::private("demo", "a,b")
        .with_commas_in_lists_refused()
        .sign_at(&signer(), "1234", AT)
        .unwrap();
}

#[test]
fn ignored_forced_and_excluded_options() {
    let url = sign(
        DownloadKind::Archive,
        json!({"tags": "t", "mode": "create", "timestamp": 1, "api_key": "evil", "signature": "x",
               "cloud_name": "other", "file": "f", "unknown": {"nested": true}, "resource_type": "video"}),
    )
    .unwrap();
    assert_signed(
        &url,
        "mode=download&tags=t&timestamp=1315060510",
        &[
            ("mode", "download"),
            ("tags[]", "t"),
            ("timestamp", "1315060510"),
        ],
    );
    assert!(
        url.url()
            .starts_with("https://api.cloudinary.com/v1_1/demo/video/generate_archive?")
    );
    // A folder ignores a given `prefixes`, JSON or typed; `folder_path` is its prefix.
    let typed = DownloadUrl::new(DownloadKind::Folder, "demo")
        .with_param("folder_path", "a/b")
        .with_list("prefixes", ["ignored"])
        .sign_at(&signer(), "1234", AT)
        .unwrap();
    let json = sign(
        DownloadKind::Folder,
        json!({"prefixes": ["ignored"], "folder_path": "a/b"}),
    )
    .unwrap();
    let named = DownloadUrl::folder("demo", "a/b")
        .sign_at(&signer(), "1234", AT)
        .unwrap();
    assert_eq!(typed, json);
    assert_eq!(named, json);
    assert_eq!(
        json.string_to_sign(),
        "mode=download&prefixes=a/b&timestamp=1315060510"
    );
    // A typed option the kind does not take is ignored too.
    let private = DownloadUrl::private("demo", "x")
        .with_param("tags", "t")
        .with_param("expires_at", &0u8);
    let private = private.sign_at(&signer(), "1234", AT).unwrap();
    assert_eq!(
        private.string_to_sign(),
        "expires_at=0&public_id=x&timestamp=1315060510"
    );
}

#[test]
fn resource_types_choose_the_path() {
    let cases = [
        (DownloadKind::Private, json!({}), "image/download"),
        (
            DownloadKind::Private,
            json!({"resource_type": ""}),
            "image/download",
        ),
        (
            DownloadKind::Private,
            json!({"resource_type": null}),
            "image/download",
        ),
        (
            DownloadKind::Private,
            json!({"resource_type": "raw"}),
            "raw/download",
        ),
        (DownloadKind::Archive, json!({}), "image/generate_archive"),
        (DownloadKind::Folder, json!({}), "all/generate_archive"),
        (
            DownloadKind::Folder,
            json!({"resource_type": "image"}),
            "image/generate_archive",
        ),
        (
            DownloadKind::Backup,
            json!({"resource_type": "video"}),
            "download_backup",
        ),
        // Never a path injection: the resource type is one percent-encoded segment.
        (
            DownloadKind::Private,
            json!({"resource_type": "a/../b?c"}),
            "a%2F..%2Fb%3Fc/download",
        ),
    ];
    for (kind, options, path) in cases {
        let url = sign(kind, options.clone()).unwrap();
        assert_eq!(
            url.url().split_once('?').unwrap().0,
            format!("https://api.cloudinary.com/v1_1/demo/{path}"),
            "{options}"
        );
    }
    let err = sign(DownloadKind::Private, json!({"resource_type": 5})).unwrap_err();
    assert!(
        matches!(&err, Error::UnsupportedValue { name, .. } if name == "resource_type"),
        "{err:?}"
    );
}

#[test]
fn options_that_are_not_an_object_and_objects_as_values() {
    for bad in [json!(null), json!([]), json!("x"), json!(1)] {
        let err = DownloadUrl::from_options(DownloadKind::Private, "demo", &bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{bad}");
    }
    let err = sign(
        DownloadKind::Private,
        json!({"public_id": "x", "format": {"a": 1}}),
    )
    .unwrap_err();
    assert!(
        matches!(&err, Error::UnsupportedValue { name, .. } if name == "format"),
        "{err:?}"
    );
    // The first unsupported value in name order is the one reported.
    let err = sign(DownloadKind::Private, json!({"type": {}, "format": {}})).unwrap_err();
    assert!(
        matches!(&err, Error::UnsupportedValue { name, .. } if name == "format"),
        "{err:?}"
    );
    assert_eq!(
        DownloadUrl::folder("demo", "x").kind(),
        DownloadKind::Folder
    );
    assert_eq!(
        "zip".parse::<DownloadKind>().unwrap_err().kind(),
        ErrorKind::UnsupportedValue
    );
    for kind in DownloadKind::ALL {
        assert_eq!(kind.as_str().parse::<DownloadKind>().unwrap(), kind);
    }
}

#[test]
fn always_signature_version_2_and_the_signers_algorithm() {
    let options = json!({"public_id": "a&b", "format": "jpg"});
    let url = DownloadUrl::from_options(DownloadKind::Private, "demo", &options).unwrap();
    let v2 = url.sign_at(&signer(), "1234", AT).unwrap();
    let v1 = url
        .sign_at(
            &signer().with_signature_version(SignatureVersion::V1),
            "1234",
            AT,
        )
        .unwrap();
    assert_eq!(v1, v2);
    assert_eq!(
        v2.string_to_sign(),
        "format=jpg&public_id=a%26b&timestamp=1315060510"
    );
    let sha256 = url
        .sign_at(
            &signer().with_algorithm(cld_sign::Algorithm::Sha256),
            "1234",
            AT,
        )
        .unwrap();
    assert_eq!(sha256.signature().algorithm(), cld_sign::Algorithm::Sha256);
    assert_eq!(sha256.string_to_sign(), v2.string_to_sign());
    assert_ne!(sha256.url(), v2.url());
}
