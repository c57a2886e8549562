//! What a leaked signing route could do to an account, shown against the stand-in, and what
//! a `SigningPolicy` prevents: every Cloudinary call signs with the same secret, so a route
//! that signs whatever a browser sends also signs a `destroy` of any asset.

use crate::common::{
    NOW, UPLOAD, borrowed, post_multipart, request, signed_form, signer, stand_in,
};
use cld_sign::policy::{Rule, SigningPolicy};
use cld_sign::{ErrorKind, Params, Timestamp};
use hyper::{Method, StatusCode};
use serde_json::json;

const DESTROY: &str = "/v1_1/testcloud/image/destroy";

/// A destroy request's urlencoded body.
fn destroy_body(fields: &[(&str, String)]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        out.append_pair(name, value);
    }
    out.finish()
}

#[tokio::test]
async fn a_route_that_signs_anything_signs_a_destroy_and_the_policy_refuses_it() {
    let server = stand_in(NOW).await;
    let ts = NOW.to_string();
    let victim = signed_form(&[("timestamp", &ts), ("public_id", "ceo/board")]);
    let answer = post_multipart(&server, UPLOAD, &borrowed(&victim)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let content_type = [("content-type", "application/x-www-form-urlencoded")];

    // What a browser asks the signing route to sign: the parameters of a destroy.
    let asked = format!(r#"{{"paramsToSign":{{"timestamp":{NOW},"public_id":"ceo/board"}}}}"#);
    let now = Timestamp::from_secs(NOW);

    // The widget route with the library's policy refuses to sign them...
    let policy = SigningPolicy::upload_widget()
        .allow("folder", Rule::forced("uploads"))
        .build()
        .unwrap();
    let refused = policy
        .read_body(asked.as_bytes())
        .unwrap()
        .sign_at(&signer(), now)
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::UnsupportedParameter);
    // ...and what it does sign for the widget is no destroy signature for the asset.
    let widget =
        format!(r#"{{"paramsToSign":{{"timestamp":{NOW},"source":"uw","folder":"uploads"}}}}"#);
    let signed = policy
        .read_body(widget.as_bytes())
        .unwrap()
        .sign_at(&signer(), now)
        .unwrap();
    let replayed = [
        ("public_id", "ceo/board".to_owned()),
        ("timestamp", ts.clone()),
        ("api_key", "4321".to_owned()),
        ("signature", signed.signature().to_string()),
    ];
    let answer = request(
        &server,
        Method::POST,
        DESTROY,
        &content_type,
        destroy_body(&replayed),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(server.asset("image", "upload", "ceo/board").is_some());

    // A route that signs whatever it gets hands out a working destroy signature.
    let params =
        Params::from_pairs([("timestamp", ts.as_str()), ("public_id", "ceo/board")]).unwrap();
    let signature = signer().sign(&params);
    let leaked: Vec<(&str, String)> = params.form_fields("4321", &signature);
    let answer = request(
        &server,
        Method::POST,
        DESTROY,
        &content_type,
        destroy_body(&leaked),
    )
    .await;
    assert_eq!(answer.json(), json!({"result": "ok"}));
    assert!(server.asset("image", "upload", "ceo/board").is_none());
    server.shutdown().await.unwrap();
}
