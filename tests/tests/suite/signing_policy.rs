//! The signing policy (`cld_sign::policy`): what a route that signs for a browser refuses,
//! the reproduced attacks among them, and what it signs.

use std::time::Duration;

use cld_sign::policy::{
    CROSS_ENDPOINT_NAMES, PolicyProblem, Rule, SigningPolicy, UPLOAD_WIDGET_NAMES, ValueProblem,
};
use cld_sign::{
    Algorithm, ApiSecret, Error, ErrorKind, Params, SignatureVersion, Signer, Timestamp,
};
use proptest::prelude::*;
use serde_json::{Value, json};

const SECRET: &str = "policy-secret-never-shown";
const NOW: u64 = 1_700_000_000;

fn signer() -> Signer {
    Signer::new(ApiSecret::new(SECRET).unwrap())
}

fn now() -> Timestamp {
    Timestamp::from_secs(NOW)
}

fn sign(policy: &SigningPolicy, params: &Value) -> Result<cld_sign::policy::SignedParams, Error> {
    let params = Params::from_serialize(params)?;
    policy.request(params).sign_at(&signer(), now())
}

/// The presets a server starts from.
fn presets() -> [(&'static str, SigningPolicy); 2] {
    [
        ("default", SigningPolicy::builder().build().unwrap()),
        ("widget", SigningPolicy::upload_widget().build().unwrap()),
    ]
}

#[test]
fn the_default_signs_a_fresh_timestamp_and_nothing_else() {
    let policy = SigningPolicy::builder().build().unwrap();
    let signed = sign(&policy, &json!({"timestamp": NOW})).unwrap();
    assert_eq!(signed.signature(), &signer().sign(signed.params()));
    assert_eq!(signed.timestamp(), now());
    let err = sign(&policy, &json!({"timestamp": NOW, "source": "uw"})).unwrap_err();
    assert_eq!(
        err,
        Error::UnsupportedParameter {
            name: "source".into()
        }
    );
}

/// Reproducer 1: sets whose signature is another call's, and upload options that run
/// code or reach out, are refused by both presets.
#[test]
fn sets_that_serve_other_calls_are_refused() {
    let refused = [
        // A private download URL of hr/salaries.pdf (`cld-sign download-url private`).
        json!({"public_id": "hr/salaries", "format": "pdf", "type": "private", "timestamp": NOW}),
        // The whole signed set of a destroy.
        json!({"public_id": "hr/salaries", "timestamp": NOW}),
        // A generate_archive of every asset tagged `secret`.
        json!({"tags": "secret", "timestamp": NOW}),
        json!({"timestamp": NOW, "eval": "x"}),
        json!({"timestamp": NOW, "on_success": "x"}),
        json!({"timestamp": NOW, "notification_url": "https://x.test/"}),
        json!({"timestamp": NOW, "overwrite": true}),
        json!({"timestamp": NOW, "invalidate": true}),
        // An upload response's signed set.
        json!({"timestamp": NOW, "version": 1}),
        json!({"timestamp": NOW, "command": "add", "public_ids": "a", "tag": "t"}),
    ];
    for (preset, policy) in presets() {
        for params in &refused {
            let err = sign(&policy, params).unwrap_err();
            assert_eq!(
                err.kind(),
                ErrorKind::UnsupportedParameter,
                "{preset}: {params}"
            );
        }
    }
}

/// Reproducer 2: the string to sign `raw_convert=a&timestamp=1700000000&type=x/private/
/// secret_contract.pdf`, whose signature converts into a delivery URL signature for
/// `private/secret_contract.pdf`, cannot be had from either preset, nor from a policy that
/// allows both names with the default character rules.
#[test]
fn a_delivery_path_cannot_be_signed() {
    let params =
        json!({"raw_convert": "a", "timestamp": NOW, "type": "x/private/secret_contract.pdf"});
    for (preset, policy) in presets() {
        let err = sign(&policy, &params).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnsupportedParameter, "{preset}");
    }
    let wide = SigningPolicy::builder()
        .allow("raw_convert", Rule::text())
        .allow("type", Rule::one_of(["upload", "private"]))
        .build()
        .unwrap();
    let err = sign(&wide, &params).unwrap_err();
    assert_eq!(
        err,
        Error::ValueNotAllowed {
            name: "type".into(),
            problem: ValueProblem::ForbiddenCharacter { found: '/' }
        }
    );
    let text = SigningPolicy::builder()
        .allow("raw_convert", Rule::text())
        .build()
        .unwrap();
    let slash = json!({"raw_convert": "a/private/secret_contract.pdf", "timestamp": NOW});
    assert_eq!(
        sign(&text, &slash).unwrap_err(),
        Error::ValueNotAllowed {
            name: "raw_convert".into(),
            problem: ValueProblem::ForbiddenCharacter { found: '/' }
        }
    );
}

/// Reproducer 4: a signer set to signature version 1 still signs version 2 through a
/// policy, so `&` in a value is escaped and cannot stand for a second parameter.
#[test]
fn the_policy_signs_with_version_2_whatever_the_signer_says() {
    let policy = SigningPolicy::builder()
        .allow(
            "notification_url",
            Rule::text().allow_slash().allow_ampersand(),
        )
        .build()
        .unwrap();
    let params = Params::from_serialize(
        &json!({"timestamp": NOW, "notification_url": "https://x/?a=1&tags=admin"}),
    )
    .unwrap();
    let v1 = signer().with_signature_version(SignatureVersion::V1);
    let signed = policy.request(params.clone()).sign_at(&v1, now()).unwrap();
    assert_eq!(signed.signature(), &signer().sign(&params));
    assert_ne!(signed.signature(), &v1.sign(&params));
    // The algorithm is the signer's.
    let sha256 = signer().with_algorithm(Algorithm::Sha256);
    let signed = policy
        .request(params.clone())
        .sign_at(&sha256, now())
        .unwrap();
    assert_eq!(signed.signature(), &sha256.sign(&params));
}

#[test]
fn the_widget_preset_holds_exactly_the_widgets_names() {
    let policy = SigningPolicy::upload_widget().build().unwrap();
    for name in UPLOAD_WIDGET_NAMES {
        if *name != "timestamp" {
            assert!(policy.rule(name).is_some(), "{name}");
        }
    }
    assert!(policy.rule("folder").is_none());
    let ok = json!({"timestamp": NOW, "source": "uw", "custom_coordinates": "35,39,612,706"});
    let signed = sign(&policy, &ok).unwrap();
    assert_eq!(
        signer().string_to_sign(signed.params()),
        "custom_coordinates=35,39,612,706&source=uw&timestamp=1700000000"
    );
    assert_eq!(
        sign(&policy, &json!({"timestamp": NOW, "source": "ml"})).unwrap_err(),
        Error::ValueNotAllowed {
            name: "source".into(),
            problem: ValueProblem::NotInSet
        }
    );
}

#[test]
fn unsafe_rules_are_refused_when_the_policy_is_built() {
    for name in CROSS_ENDPOINT_NAMES {
        let err = SigningPolicy::builder()
            .allow(*name, Rule::text())
            .build()
            .unwrap_err();
        assert_eq!(
            err,
            Error::UnsafePolicy {
                name: (*name).into(),
                problem: PolicyProblem::CrossEndpoint
            }
        );
        assert!(err.to_string().contains("Rule::one_of"), "{err}");
        for rule in [
            Rule::one_of(["a"]),
            Rule::forced("a"),
            Rule::prefix("users/1/"),
        ] {
            assert!(
                SigningPolicy::builder().allow(*name, rule).build().is_ok(),
                "{name}"
            );
        }
        // An empty prefix lets anything through: it is no value rule.
        assert!(
            SigningPolicy::builder()
                .allow(*name, Rule::prefix(""))
                .build()
                .is_err()
        );
    }
    let problem = |name: &str| match SigningPolicy::builder()
        .allow(name, Rule::forced("1"))
        .build()
        .unwrap_err()
    {
        Error::UnsafePolicy { problem, .. } => problem,
        other => panic!("{other:?}"),
    };
    assert_eq!(problem("version"), PolicyProblem::NeverSigned);
    assert_eq!(problem("timestamp"), PolicyProblem::TimestampParameter);
    assert_eq!(problem("Folder"), PolicyProblem::NotAParameter);
    assert_eq!(problem("file"), PolicyProblem::NotAParameter);
    assert_eq!(problem("api_key"), PolicyProblem::NotAParameter);
    assert_eq!(
        SigningPolicy::builder()
            .allow("folder", Rule::text())
            .build()
            .map(|p| p.rule("folder").is_some()),
        Ok(true)
    );
}

#[test]
fn the_timestamp_window() {
    let policy = SigningPolicy::builder().build().unwrap();
    let at = |ts: u64| sign(&policy, &json!({ "timestamp": ts }));
    assert!(at(NOW - 300).is_ok());
    assert!(at(NOW + 300).is_ok());
    assert_eq!(
        at(NOW - 301).unwrap_err(),
        Error::Expired {
            age: 301,
            valid_for: 300
        }
    );
    assert_eq!(
        at(NOW + 301).unwrap_err(),
        Error::FromFuture {
            ahead: 301,
            max_skew: 300
        }
    );
    assert_eq!(at(2011).unwrap_err().kind(), ErrorKind::Expired);
    assert_eq!(
        sign(&policy, &json!({})).unwrap_err(),
        Error::MissingTimestamp
    );
    let wide = SigningPolicy::builder()
        .with_timestamp_window(Duration::from_secs(3600), Duration::from_secs(10))
        .build()
        .unwrap();
    assert!(sign(&wide, &json!({"timestamp": NOW - 3600})).is_ok());
    assert!(sign(&wide, &json!({"timestamp": NOW + 11})).is_err());
}

#[test]
fn the_server_can_set_the_timestamp() {
    let policy = SigningPolicy::builder()
        .with_server_timestamp()
        .allow("folder", Rule::forced("uploads"))
        .build()
        .unwrap();
    for params in [
        json!({"folder": "uploads"}),
        json!({"folder": "uploads", "timestamp": 2011}),
    ] {
        let signed = sign(&policy, &params).unwrap();
        assert_eq!(signed.timestamp(), now());
        assert_eq!(
            signer().string_to_sign(signed.params()),
            "folder=uploads&timestamp=1700000000"
        );
        assert_eq!(signed.signature(), &signer().sign(signed.params()));
    }
}

#[test]
fn forced_values_are_refused_or_replaced() {
    let refuse = SigningPolicy::builder()
        .allow("folder", Rule::forced("a/b"))
        .build()
        .unwrap();
    assert!(sign(&refuse, &json!({"timestamp": NOW, "folder": "a/b"})).is_ok());
    for params in [
        json!({"timestamp": NOW, "folder": "c"}),
        json!({"timestamp": NOW}),
    ] {
        assert_eq!(
            sign(&refuse, &params).unwrap_err(),
            Error::ValueNotAllowed {
                name: "folder".into(),
                problem: ValueProblem::NotTheServersValue
            },
            "{params}"
        );
    }
    let replace = SigningPolicy::builder()
        .allow("folder", Rule::forced("a/b").replace())
        .allow("source", Rule::one_of(["uw"]))
        .build()
        .unwrap();
    for params in [
        json!({"timestamp": NOW, "folder": "c&d/../x"}),
        json!({"timestamp": NOW}),
        json!({"timestamp": NOW, "folder": "a/b"}),
        json!({"timestamp": NOW, "folder": "", "source": "uw"}),
    ] {
        let signed = sign(&replace, &params).unwrap();
        assert_eq!(signed.params().get("folder"), Some("a/b"), "{params}");
        assert_eq!(signed.signature(), &signer().sign(signed.params()));
    }
    // Every missing forced value is added; a request's own rule for a name the policy
    // forces too is the one added, once.
    let both = SigningPolicy::builder()
        .allow("folder", Rule::forced("a/b").replace())
        .allow("tags", Rule::forced("t").replace())
        .build()
        .unwrap();
    let signed = sign(&both, &json!({"timestamp": NOW})).unwrap();
    assert_eq!(
        signer().string_to_sign(signed.params()),
        "folder=a/b&tags=t&timestamp=1700000000"
    );
    let signed = both
        .request(Params::from_serialize(&json!({"timestamp": NOW})).unwrap())
        .allow("folder", Rule::forced("c").replace())
        .sign_at(&signer(), now())
        .unwrap();
    assert_eq!(
        signer().string_to_sign(signed.params()),
        "folder=c&tags=t&timestamp=1700000000"
    );
}

#[test]
fn a_request_can_narrow_a_rule_to_its_user() {
    let policy = SigningPolicy::upload_widget()
        .allow("folder", Rule::prefix("users/"))
        .build()
        .unwrap();
    let params = |folder: &str| {
        Params::from_serialize(&json!({"timestamp": NOW, "folder": folder})).unwrap()
    };
    let for_user = |folder: &str| {
        policy
            .request(params(folder))
            .allow("folder", Rule::prefix("users/42/"))
            .sign_at(&signer(), now())
    };
    assert!(for_user("users/42/trips").is_ok());
    assert_eq!(
        for_user("users/43/trips").unwrap_err(),
        Error::ValueNotAllowed {
            name: "folder".into(),
            problem: ValueProblem::OutsidePrefix
        }
    );
    assert!(
        policy
            .request(params("users/43/trips"))
            .sign_at(&signer(), now())
            .is_ok()
    );
    // A request's own forced value is required, or added, though the policy forces none.
    let forced = |rule: Rule| {
        policy
            .request(params("users/42/trips"))
            .allow("tags", rule)
            .sign_at(&signer(), now())
    };
    assert_eq!(
        forced(Rule::forced("user_42")).unwrap_err(),
        Error::ValueNotAllowed {
            name: "tags".into(),
            problem: ValueProblem::NotTheServersValue
        }
    );
    let signed = forced(Rule::forced("user_42").replace()).unwrap();
    assert_eq!(signed.params().get("tags"), Some("user_42"));
    // A request's rules are checked as the policy's are.
    let err = policy
        .request(params("users/42"))
        .allow("public_id", Rule::text())
        .sign_at(&signer(), now())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsafePolicy);
}

#[test]
fn limits_on_count_and_size() {
    let mut policy = SigningPolicy::builder();
    for i in 0..40 {
        policy = policy.allow(format!("p{i}"), Rule::text());
    }
    let policy = policy.with_max_params(4).with_max_size(30).build().unwrap();
    assert_eq!((policy.max_params(), policy.max_size()), (4, 30));
    let mut params = serde_json::Map::new();
    params.insert("timestamp".into(), json!(NOW));
    for i in 0..3 {
        params.insert(format!("p{i}"), json!("x"));
    }
    assert!(sign(&policy, &Value::Object(params.clone())).is_ok());
    params.insert("p3".into(), json!("x"));
    assert_eq!(
        sign(&policy, &Value::Object(params)).unwrap_err(),
        Error::TooManyParameters { count: 5, max: 4 }
    );
    let long = json!({"timestamp": NOW, "p0": "x".repeat(19)});
    assert_eq!(
        sign(&policy, &long).unwrap_err(),
        Error::ParamsTooLarge { size: 40, max: 30 }
    );
}

/// The defaults at their edges: 8 KiB of names and values (`timestamp` and its value
/// included).
#[test]
fn the_default_size_limit_at_its_edge() {
    let policy = SigningPolicy::builder()
        .allow("p", Rule::text().with_max_len(usize::MAX))
        .build()
        .unwrap();
    assert_eq!(policy.max_size(), 8192);
    // `timestamp` and `1700000000` are 19 bytes, `p` one more.
    let at = |len: usize| sign(&policy, &json!({"timestamp": NOW, "p": "x".repeat(len)}));
    assert!(at(8192 - 20).is_ok());
    assert_eq!(
        at(8192 - 19).unwrap_err(),
        Error::ParamsTooLarge {
            size: 8193,
            max: 8192
        }
    );
}

#[test]
fn refusals_say_what_to_do_and_never_show_the_secret() {
    let policy = SigningPolicy::upload_widget()
        .allow("folder", Rule::forced("f"))
        .build()
        .unwrap();
    let bodies = [
        json!({"timestamp": NOW, "folder": "f", "public_id": "x"}),
        json!({"timestamp": NOW, "folder": "g"}),
        json!({"timestamp": NOW - 999, "folder": "f"}),
    ];
    for params in bodies {
        let err = sign(&policy, &params).unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(!text.contains(SECRET), "{text}");
        assert!(err.to_string().len() > 30, "{err}");
    }
    let debug = format!("{policy:?}");
    assert!(
        debug.contains("folder") && !debug.contains(SECRET),
        "{debug}"
    );
}

proptest! {
    /// Whatever a browser sends, the widget preset signs only its own names, and never a
    /// `/` or `&` in a value: no path, no second parameter.
    #[test]
    fn the_widget_preset_never_signs_a_path(
        entries in prop::collection::vec(
            (prop::sample::select(vec!["source", "custom_coordinates", "folder", "public_id", "type", "x"]),
             "[a-z/&=.0-9,]{0,12}"),
            0..5,
        ),
    ) {
        let policy = SigningPolicy::upload_widget().build().unwrap();
        let mut object = serde_json::Map::new();
        object.insert("timestamp".into(), json!(NOW));
        for (name, value) in entries {
            object.insert(name.into(), json!(value));
        }
        if let Ok(signed) = sign(&policy, &Value::Object(object)) {
            for (name, value) in signed.params().iter() {
                prop_assert!(UPLOAD_WIDGET_NAMES.contains(&name), "{name}");
                prop_assert!(!value.contains('/') && !value.contains('&'), "{value}");
            }
        }
    }
}
