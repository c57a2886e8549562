//! Key rotation through the binary: with `CLOUDINARY_PREVIOUS_API_SECRETS` set, the verify
//! commands accept signatures made with a previous secret; without it they refuse them; a
//! malformed list is bad input whose message shows no secret.

use crate::common::{Run, assert_failure, cld_sign};
use cld_sign::notification::OutgoingNotification;
use cld_sign::response::ApiResponse;
use cld_sign::{ApiSecret, Signer, Timestamp, delivery::DeliveryUrl};

const OLD: &str = "old-secret-AAA";
const NEW: &str = "new-secret-BBB";
const PREVIOUS: &str = "CLOUDINARY_PREVIOUS_API_SECRETS";
const BODY: &[u8] = br#"{"notification_type":"upload","signature_key":"1234"}"#;
const TS: u64 = 1_700_000_000;

fn signer(secret: &str) -> Signer {
    Signer::new(ApiSecret::new(secret).unwrap())
}

#[track_caller]
fn assert_valid(run: &Run, context: &str) {
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (0, "valid\n", ""),
        "{context}"
    );
}

/// `verify-notification` of a webhook signed with `OLD`, with `env`.
fn verify_old_notification(env: &[(&str, &str)], extra: &[&str]) -> Run {
    let signature = OutgoingNotification::new(BODY, Timestamp::from_secs(TS))
        .sign(&signer(OLD))
        .signature()
        .to_string();
    let mut args = vec![
        "verify-notification".to_owned(),
        format!("--timestamp={TS}"),
        format!("--signature={signature}"),
        format!("--now={}", TS + 60),
    ];
    args.extend(extra.iter().map(|&a| a.to_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    cld_sign(&args, env, BODY)
}

/// What a case is called, the variables that give the current secret, and extra flags.
type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
);

#[test]
fn a_webhook_signed_with_a_previous_secret_verifies_only_with_the_list() {
    let cases: [Case; 4] = [
        ("separate variables", &[("CLOUDINARY_API_SECRET", NEW)], &[]),
        (
            "CLOUDINARY_URL",
            &[("CLOUDINARY_URL", "cloudinary://1234:new-secret-BBB@demo")],
            &[],
        ),
        (
            "--secret-env with a secret",
            &[("MY_SECRET", NEW)],
            &["--secret-env=MY_SECRET"],
        ),
        (
            "--secret-env with a URL",
            &[("MY_SECRET", "cloudinary://1234:new-secret-BBB@demo")],
            &["--secret-env=MY_SECRET"],
        ),
    ];
    for (context, current, extra) in cases {
        let run = verify_old_notification(current, extra);
        assert_failure(&run, 1, "mismatch", context);

        let mut env = current.to_vec();
        env.push((PREVIOUS, OLD));
        assert_valid(&verify_old_notification(&env, extra), context);

        // Among several previous secrets.
        let mut env = current.to_vec();
        env.push((PREVIOUS, "older-secret,old-secret-AAA"));
        assert_valid(&verify_old_notification(&env, extra), context);
    }
}

#[test]
fn a_response_signed_with_a_previous_secret_verifies_only_with_the_list() {
    let signature = ApiResponse::new("sample", "1315060510")
        .sign(&signer(OLD))
        .to_string();
    let args = [
        "verify-response",
        "--public-id=sample",
        "--version=1315060510",
        &format!("--signature={signature}"),
    ];
    let run = cld_sign(&args, &[("CLOUDINARY_API_SECRET", NEW)], b"");
    assert_failure(&run, 1, "mismatch", "without the list");
    let run = cld_sign(
        &args,
        &[("CLOUDINARY_API_SECRET", NEW), (PREVIOUS, OLD)],
        b"",
    );
    assert_valid(&run, "with the list");
}

#[test]
fn a_delivery_url_signed_with_a_previous_secret_verifies_only_with_the_list() {
    let url = DeliveryUrl::new("demo", "sample")
        .sign(&signer(OLD))
        .unwrap()
        .into_string();
    let run = cld_sign(
        &["verify-url", &url],
        &[("CLOUDINARY_API_SECRET", NEW)],
        b"",
    );
    assert_failure(&run, 1, "mismatch", "without the list");
    let run = cld_sign(
        &["verify-url", &url],
        &[("CLOUDINARY_API_SECRET", NEW), (PREVIOUS, OLD)],
        b"",
    );
    assert_eq!(run.status, 0, "{run:?}");
}

/// Signing uses the current secret only, whatever the list holds.
#[test]
fn signing_ignores_the_previous_secrets() {
    let params = br#"{"public_id":"sample","timestamp":1315060510}"#;
    let plain = cld_sign(&["sign"], &[("CLOUDINARY_API_SECRET", NEW)], params);
    let rotating = cld_sign(
        &["sign"],
        &[("CLOUDINARY_API_SECRET", NEW), (PREVIOUS, OLD)],
        params,
    );
    assert_eq!(plain.status, 0, "{plain:?}");
    let expected = signer(NEW)
        .sign(
            &cld_sign::Params::from_pairs([("public_id", "sample"), ("timestamp", "1315060510")])
                .unwrap(),
        )
        .to_string();
    assert_eq!(plain.stdout, format!("{expected}\n"));
    assert_eq!(plain.stdout, rotating.stdout);
    assert_eq!(rotating.stderr, "");
}

/// A malformed list is bad input (status 2, `empty_secret`) naming the item's position,
/// and no secret, current or previous, appears on either stream.
#[test]
fn a_malformed_list_is_refused_without_showing_a_secret() {
    for (list, item) in [
        ("old-secret-AAA,,older", 2),
        ("old-secret-AAA, older", 2),
        ("old-secret-AAA,", 2),
    ] {
        for extra in [&[][..], &["--secret-env=MY_SECRET"]] {
            let run = verify_old_notification(
                &[
                    ("CLOUDINARY_API_SECRET", NEW),
                    ("MY_SECRET", NEW),
                    (PREVIOUS, list),
                ],
                extra,
            );
            assert_failure(&run, 2, "empty_secret", list);
            assert!(
                run.stderr.contains(&format!("item {item} of {PREVIOUS}")),
                "{run:?}"
            );
            for secret in ["secret-AAA", "secret-BBB", "older"] {
                assert!(!run.stderr.contains(secret), "{list}: {run:?}");
            }
        }
    }
}
