//! A signing route's answer, whatever the web framework: the body in, the status and the
//! JSON out.

use std::fmt;
use std::sync::Arc;

use super::SigningPolicy;
use crate::config::Config;
use crate::error::Error;
use crate::refusal::{push_json_string, refusal_json};
use crate::signer::Signer;
use crate::timestamp::Timestamp;

/// Everything a signing route needs: the [`SigningPolicy`], the [`Signer`], the account's
/// API key and cloud name (answered with each signature, as the widget's examples expect)
/// and a clock (feature `serde`). Cheap to clone; build it once.
///
/// [`answer`](Self::answer) turns a request body into the status and JSON to send; the
/// axum and actix-web handlers (`policy::axum::sign_params`, `policy::actix::sign_params`)
/// are thin wrappers around it.
///
/// | outcome | status | body |
/// |---|---|---|
/// | signed | 200 | `{"signature": "<hex>", "timestamp": <secs>, "api_key": "<key>", "cloud_name": "<cloud>"}` |
/// | refused | 400 | `{"error": "<kind>", "message": "<what to fix>"}`, `<kind>` one of [`ErrorKind`](crate::ErrorKind)'s names |
///
/// ```
/// use cld_sign::policy::{SigningPolicy, SigningRoute};
/// use cld_sign::{Config, Timestamp};
///
/// let config = Config::from_url("cloudinary://1234:abcd@demo")?;
/// let route = SigningRoute::new(SigningPolicy::upload_widget().build()?, &config)
///     .with_clock(|| Timestamp::from_secs(1_700_000_000));
/// let (status, json) = route.answer(br#"{"paramsToSign": {"timestamp": 1700000000, "source": "uw"}}"#);
/// assert_eq!(status, 200);
/// assert!(json.starts_with(r#"{"signature":""#) && json.ends_with(r#","api_key":"1234","cloud_name":"demo"}"#));
///
/// let (status, json) = route.answer(br#"{"paramsToSign": {"timestamp": 1700000000, "public_id": "x"}}"#);
/// assert_eq!(status, 400);
/// assert!(json.starts_with(r#"{"error":"unsupported_parameter","message":"#));
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone)]
pub struct SigningRoute {
    policy: SigningPolicy,
    signer: Signer,
    /// `,"api_key":…,"cloud_name":…}`: the answer's fixed end, as JSON.
    account_json: Arc<str>,
    clock: Arc<dyn Fn() -> Timestamp + Send + Sync>,
}

impl fmt::Debug for SigningRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningRoute")
            .field("policy", &self.policy)
            .field("signer", &self.signer)
            .finish_non_exhaustive()
    }
}

impl SigningRoute {
    /// Signs with `config`'s secret and algorithm (always signature version 2) under
    /// `policy`, answering `config`'s API key and cloud name; the system clock.
    pub fn new(policy: SigningPolicy, config: &Config) -> Self {
        let account_json = format!(
            ",\"api_key\":{},\"cloud_name\":{}}}",
            json_text(config.api_key()),
            json_text(config.cloud_name())
        );
        Self {
            policy,
            signer: Signer::from_config(config),
            account_json: account_json.into(),
            clock: Arc::new(Timestamp::now),
        }
    }

    /// Reads the time from `clock` instead of the system clock (for tests).
    #[must_use]
    pub fn with_clock(mut self, clock: impl Fn() -> Timestamp + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The policy.
    pub fn policy(&self) -> &SigningPolicy {
        &self.policy
    }

    /// Reads `body` ([`SigningPolicy::read_body`]), checks and signs it, and gives the
    /// HTTP status and JSON body to answer (see the table above).
    pub fn answer(&self, body: &[u8]) -> (u16, String) {
        let signed = self
            .policy
            .read_body(body)
            .and_then(|request| request.sign_at(&self.signer, (self.clock)()));
        match signed {
            Ok(signed) => {
                let mut json = String::with_capacity(64 + 32 + self.account_json.len());
                json.push_str("{\"signature\":\"");
                json.push_str(signed.signature().hex().as_str());
                json.push_str("\",\"timestamp\":");
                json.push_str(&signed.timestamp().to_string());
                json.push_str(&self.account_json);
                (200, json)
            }
            Err(err) => (400, error_json(&err)),
        }
    }
}

/// A handler's 413 refusal of a body over the framework's limit (the same from every
/// handler).
#[cfg(any(feature = "axum", feature = "actix"))]
pub(crate) fn too_large_json() -> String {
    refusal_json(
        "payload_too_large",
        "the body is larger than this route accepts: send only the parameters to sign",
    )
}

/// A handler's 400 refusal of a body the framework could not read; `reason` is the
/// framework's own words.
#[cfg(any(feature = "axum", feature = "actix"))]
pub(crate) fn unreadable_json(reason: &str) -> String {
    refusal_json(
        "unreadable_body",
        &format!(
            "the body could not be read ({reason}): send it whole, framed by its \
             Content-Length or by complete chunks"
        ),
    )
}

/// `{"error": "<kind>", "message": "<message>"}`.
pub(crate) fn error_json(err: &Error) -> String {
    refusal_json(err.kind().as_str(), &err.to_string())
}

/// `text` as a JSON string, or `null`.
fn json_text(text: Option<&str>) -> String {
    let mut out = String::new();
    match text {
        Some(text) => push_json_string(&mut out, text),
        None => out.push_str("null"),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::ApiSecret;

    /// What the handlers answer for a body they cannot read says what to send instead.
    #[cfg(any(feature = "axum", feature = "actix"))]
    #[test]
    fn unreadable_bodies_are_refused_with_what_to_send() {
        let value: serde_json::Value = serde_json::from_str(&too_large_json()).unwrap();
        assert_eq!(value["error"], "payload_too_large");
        assert_eq!(
            value["message"],
            "the body is larger than this route accepts: send only the parameters to sign"
        );
        let value: serde_json::Value =
            serde_json::from_str(&unreadable_json("cut \"short\"")).unwrap();
        assert_eq!(value["error"], "unreadable_body");
        assert_eq!(
            value["message"],
            "the body could not be read (cut \"short\"): send it whole, framed by its \
             Content-Length or by complete chunks"
        );
    }

    #[test]
    fn account_fields_are_json_escaped_or_null() {
        let config = Config::new(ApiSecret::new("s").unwrap()).with_cloud_name("a\"b");
        let route = SigningRoute::new(SigningPolicy::builder().build().unwrap(), &config)
            .with_clock(|| Timestamp::from_secs(100));
        let (status, json) = route.answer(br#"{"timestamp": 100}"#);
        assert_eq!(status, 200);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["api_key"], serde_json::Value::Null);
        assert_eq!(value["cloud_name"], "a\"b");
        assert_eq!(value["timestamp"], 100);
        let debug = format!("{route:?}");
        assert!(
            debug.contains("SigningRoute") && !debug.contains("\"s\""),
            "{debug}"
        );
    }
}
