//! Signing for a browser, safe by default: the one way cld-sign signs parameters that
//! someone else chose.
//!
//! # The threat
//!
//! A backend route that signs what a browser asks for (the Upload Widget's
//! `uploadSignature`, next-cloudinary's and svelte-cloudinary's signature endpoints) hands
//! out signatures made with the account's API secret. Every Cloudinary scheme hashes
//! `text ++ api_secret` with that same secret, so what the route signs is worth more than an
//! upload:
//!
//! - **Other endpoints.** A request signature covers a set of `name=value` pairs, and
//!   every signed Upload API call uses the same rule. `{public_id: X, timestamp: T}` is the
//!   whole signed set of a `destroy` of `X`; `{public_id, format, type, timestamp}` is a
//!   private download URL; `tag`, `command` and `public_ids` make a `tags` call. The table
//!   below lists what each signed call covers.
//! - **Upload options that run code or reach out.** `eval` and `on_success` run
//!   JavaScript at Cloudinary; `notification_url` sends the upload's details elsewhere;
//!   `overwrite` and `invalidate` replace assets.
//! - **Other schemes.** A request signature's hex digest, cut and re-encoded, is a
//!   delivery URL signature over the same text read as a path; a string to sign without
//!   its trailing timestamp value is a notification body. A `/` in a value is what turns a
//!   string to sign into a path; `&` and `=` are what a path never has.
//! - **Signature version 1** does not escape `&`, so a signed
//!   `notification_url=https://x/?a=1&tags=admin` can be sent as two parameters
//!   (CVE-2025-12613).
//!
//! # What a policy does
//!
//! A [`SigningPolicy`] is built once by the server. It signs a received set of parameters
//! only when:
//!
//! 1. every name has a [`Rule`] in the policy (by default only `timestamp` has), and each
//!    value passes its rule: at most [`DEFAULT_MAX_LEN`] bytes, no `/`, `&` or control
//!    character unless the rule allows them, and the rule's own test (one of a set, the
//!    server's forced value, under a prefix);
//! 2. there are at most [`SigningPolicyBuilder::with_max_params`] parameters (default
//!    [`DEFAULT_MAX_PARAMS`]) of at most [`SigningPolicyBuilder::with_max_size`] bytes in all
//!    (default [`DEFAULT_MAX_SIZE`]);
//! 3. the `timestamp` lies within a window around the server's clock (default at most
//!    300 s old and 300 s ahead, [`SigningPolicyBuilder::with_timestamp_window`]), or the policy
//!    sets it itself ([`SigningPolicyBuilder::with_server_timestamp`]);
//!
//! and then it signs with **signature version 2**, whatever the signer's setting.
//!
//! A name in [`CROSS_ENDPOINT_NAMES`] (one that another signed call covers) can only be
//! allowed with a rule that limits its value ([`Rule::one_of`], [`Rule::forced`],
//! [`Rule::prefix`]): [`SigningPolicyBuilder::build`] refuses [`Rule::text`] for it.
//! `version` is never allowed: an upload response's signature covers
//! `public_id=…&version=…`.
//!
//! # What each signed call covers
//!
//! Read from the official SDKs (pycloudinary `cloudinary/uploader.py` and
//! `cloudinary/utils.py`, the Node SDK's `lib/uploader.js` and `lib/utils/index.js`). Each
//! call also signs `timestamp`; `*` marks the names always present. Holding a signature
//! over exactly such a set is holding that call.
//!
//! | call | signed names |
//! |---|---|
//! | `upload`, `upload_large` chunks | every upload option (`public_id`, `folder`, `tags`, `eager`, `notification_url`, `eval`, …) |
//! | `explicit` | `public_id`*, `type`, and the same options as `upload`: it rewrites an existing asset's `tags`, `context`, `metadata`, `eager`, `access_control`, … |
//! | `destroy` | `public_id`*, `type`, `invalidate` (Node: `notification_url`) |
//! | `rename` | `from_public_id`*, `to_public_id`*, `type`, `to_type`, `overwrite`, `invalidate`, `context`, `metadata` |
//! | `metadata` | `metadata`*, `public_ids`*, `type`, `clear_invalid` |
//! | `tags` (add, remove, replace, remove all) | `command`*, `public_ids`*, `tag`, `type` |
//! | `context` (add, remove all) | `command`*, `public_ids`*, `context`, `type` |
//! | `text` | `text`*, `public_id`, `font_family`, `font_size`, `font_color`, … |
//! | `sprite`, `multi` (and their download URLs) | `tag` or `urls`*, `transformation`, `format`, `mode`, `async`, `notification_url` |
//! | `explode` | `public_id`*, `transformation`, `format`, `notification_url` |
//! | `generate_archive`, archive and folder download URLs | one of `tags`, `public_ids`, `prefixes`, `fully_qualified_public_ids`*, and `mode`, `target_format`, `type`, `expires_at`, `flatten_folders`, … |
//! | private download URL | `public_id`*, `format`*, `type`, `attachment`, `expires_at` |
//! | `download_tag.zip` URL | `tag`*, `transformation` |
//! | `download_backup` URL | `asset_id`*, `version_id`* |
//! | `create_slideshow` | `manifest_json` or `manifest_transformation`, `public_id`, `tags`, … |
//!
//! The endpoint, resource type and cloud name are not signed, so only the set of pairs
//! matters. Allowing `public_id` lets the holder of a signature destroy that public ID (and
//! rewrite it through `explicit`); `type` and `format` besides let them download it from
//! private storage; `tags` alone is a `generate_archive` of every asset with those tags.
//! The Upload Widget itself needs none of these ([`SigningPolicy::upload_widget`]).
//!

//! # Example
//!
//! ```
//! use cld_sign::policy::{Rule, SigningPolicy};
//! use cld_sign::{ApiSecret, ErrorKind, Params, Signer, Timestamp};
//!
//! let signer = Signer::new(ApiSecret::new("abcd")?);
//! let policy = SigningPolicy::upload_widget()
//!     .allow("folder", Rule::prefix("users/42/"))
//!     .build()?;
//! let now = Timestamp::from_secs(1_700_000_000);
//!
//! let asked = Params::from_pairs([
//!     ("timestamp", "1700000000"),
//!     ("source", "uw"),
//!     ("folder", "users/42/holidays"),
//! ])?;
//! let signed = policy.request(asked).sign_at(&signer, now)?;
//! assert_eq!(
//!     signer.string_to_sign(signed.params()),
//!     "folder=users/42/holidays&source=uw&timestamp=1700000000"
//! );
//! assert_eq!(signed.signature().to_string(), "3775c92460ebc28e488a1bfd4c8f359741545da0");
//!
//! // A destroy call's whole signed set is refused:
//! let destroy = Params::from_pairs([("timestamp", "1700000000"), ("public_id", "hr/salaries")])?;
//! let err = policy.request(destroy).sign_at(&signer, now).unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::UnsupportedParameter);
//! # Ok::<(), cld_sign::Error>(())
//! ```

#[cfg(all(feature = "actix", feature = "serde"))]
#[cfg_attr(docsrs, doc(cfg(all(feature = "actix", feature = "serde"))))]
pub mod actix;
#[cfg(all(feature = "axum", feature = "serde"))]
#[cfg_attr(docsrs, doc(cfg(all(feature = "axum", feature = "serde"))))]
pub mod axum;
#[cfg(feature = "serde")]
mod body;
#[cfg(feature = "serde")]
mod route;
mod rule;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::algorithm::SignatureVersion;
use crate::error::Error;
use crate::freshness;
use crate::request::params::Params;
use crate::same_text::same_text;
use crate::signature::Signature;
use crate::signer::Signer;
use crate::timestamp::Timestamp;

#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub use self::body::WRAPPERS;
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub use self::route::SigningRoute;
pub use self::rule::{DEFAULT_MAX_LEN, Rule};
pub use crate::error::{BodyProblem, PolicyProblem, ValueProblem};

/// The most parameters a policy signs at once unless
/// [`SigningPolicyBuilder::with_max_params`] says otherwise.
pub const DEFAULT_MAX_PARAMS: usize = 32;

/// The most bytes of names and values a policy signs at once unless
/// [`SigningPolicyBuilder::with_max_size`] says otherwise.
pub const DEFAULT_MAX_SIZE: usize = 8 * 1024;

/// The default timestamp window: at most this old, and at most this far ahead of the
/// server's clock.
pub const DEFAULT_TIMESTAMP_WINDOW: Duration = Duration::from_secs(300);

/// Names that a signed Cloudinary call other than an upload covers (see the module's
/// table), beside `timestamp`. A policy allows them only with a rule that limits the value.
pub const CROSS_ENDPOINT_NAMES: &[&str] = &[
    "asset_id",
    "attachment",
    "command",
    "expires_at",
    "format",
    "from_public_id",
    "fully_qualified_public_ids",
    "manifest_json",
    "manifest_transformation",
    "mode",
    "prefixes",
    "public_id",
    "public_ids",
    "tag",
    "tags",
    "target_format",
    "text",
    "to_public_id",
    "to_type",
    "transformation",
    "type",
    "urls",
    "version_id",
];

/// Names no policy signs: `version` (an upload response's signature covers
/// `public_id=…&version=…`, so a signed `version` would forge a response).
pub const NEVER_SIGNED: &[&str] = &["version"];

/// The names the Upload Widget itself puts into `paramsToSign`, which
/// [`SigningPolicy::upload_widget`] allows:
///
/// - `timestamp`: always (checked against the server's clock);
/// - `source`: always, with the value `uw` (next-cloudinary issue 453 quotes the string to
///   sign of a widget with no upload options: `source=uw&timestamp=…`; Cloudinary's own
///   sample app, `cloudinary-devs/cld-signed-upload-examples`, signs `source: 'uw'`);
/// - `custom_coordinates`: the crop the user draws when the page turns `cropping` on
///   (`x,y,width,height`; cloudinary_npm issue 154 quotes
///   `custom_coordinates=35,39,612,706`), so any short text without `/` or `&`.
///
/// Every other name comes from the page's widget options, passed through as upload
/// parameters (`folder`, `tags`, `public_id`, `upload_preset`, `context`, `eager`,
/// `use_filename`, `unique_filename`, …; next-cloudinary and svelte-cloudinary add none
/// of their own): the page's choices, which the server pins with its own rules
/// ([`SigningPolicyBuilder::allow`]). The legacy v1 widget sent
/// `callback=…/cloudinary_cors.html` instead of `source`; it is not in the preset.
pub const UPLOAD_WIDGET_NAMES: &[&str] = &["custom_coordinates", "source", "timestamp"];

/// When a signed `timestamp` is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TimestampRule {
    /// The browser's, at most `max_age` old and `max_ahead` ahead of the server's clock.
    Window { max_age: u64, max_ahead: u64 },
    /// The server's clock, whatever the browser sent.
    Server,
}

/// A server's signing policy: which parameters it signs for a browser, and how.
///
/// Built once ([`SigningPolicy::builder`], [`SigningPolicy::upload_widget`]), cheap to
/// clone, shared by every request. See the [module documentation](self) for the threat it
/// answers and an example.
#[derive(Clone)]
pub struct SigningPolicy {
    inner: Arc<Inner>,
}

struct Inner {
    /// Sorted by name.
    rules: Box<[(String, Rule)]>,
    /// How many of the rules force a value.
    forced: usize,
    timestamp: TimestampRule,
    max_params: usize,
    max_size: usize,
}

impl fmt::Debug for SigningPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningPolicy")
            .field("rules", &self.inner.rules)
            .field("timestamp", &self.inner.timestamp)
            .field("max_params", &self.inner.max_params)
            .field("max_size", &self.inner.max_size)
            .finish()
    }
}

impl SigningPolicy {
    /// A builder that allows nothing but `timestamp` (within the default window).
    pub fn builder() -> SigningPolicyBuilder {
        SigningPolicyBuilder {
            rules: BTreeMap::new(),
            timestamp: TimestampRule::Window {
                max_age: DEFAULT_TIMESTAMP_WINDOW.as_secs(),
                max_ahead: DEFAULT_TIMESTAMP_WINDOW.as_secs(),
            },
            max_params: DEFAULT_MAX_PARAMS,
            max_size: DEFAULT_MAX_SIZE,
        }
    }

    /// A builder for the Upload Widget's signing route: the names the widget itself
    /// signs ([`UPLOAD_WIDGET_NAMES`]: `timestamp`, `source` = `uw`, `custom_coordinates`). Add the names of the widget options your page sets, each
    /// with a rule (`allow("folder", Rule::prefix("users/42/"))`).
    pub fn upload_widget() -> SigningPolicyBuilder {
        Self::builder()
            .allow("source", Rule::one_of(["uw"]))
            .allow("custom_coordinates", Rule::text().with_max_len(64))
    }

    /// The rule for `name`, if the policy allows it.
    pub fn rule(&self, name: &str) -> Option<&Rule> {
        find_rule(&self.inner.rules, name)
    }

    /// The most parameters signed at once.
    pub fn max_params(&self) -> usize {
        self.inner.max_params
    }

    /// The most bytes of names and values signed at once.
    pub fn max_size(&self) -> usize {
        self.inner.max_size
    }

    /// Starts checking `params`, which someone else chose. Finish with
    /// [`PolicyRequest::sign`] (or [`sign_at`](PolicyRequest::sign_at)).
    pub fn request(&self, params: Params) -> PolicyRequest<'_> {
        PolicyRequest {
            policy: self,
            params,
            rules: Vec::new(),
        }
    }

    /// Checks the size limits before the work that grows with the input: `count` entries of
    /// `size` bytes of names and values in all.
    pub(crate) fn check_size(&self, count: usize, size: usize) -> Result<(), Error> {
        if count > self.inner.max_params {
            return Err(Error::TooManyParameters {
                count,
                max: self.inner.max_params,
            });
        }
        if size > self.inner.max_size {
            return Err(Error::ParamsTooLarge {
                size,
                max: self.inner.max_size,
            });
        }
        Ok(())
    }
}

/// The rule for `name` among `rules`. A policy has a handful of rules: comparing lengths
/// first skips most comparisons of text.
fn find_rule<'r>(rules: &'r [(String, Rule)], name: &str) -> Option<&'r Rule> {
    rules
        .iter()
        .find(|(n, _)| same_text(n, name))
        .map(|(_, rule)| rule)
}

/// Builds a [`SigningPolicy`]: from [`SigningPolicy::builder`] (nothing but `timestamp`)
/// or a preset such as [`SigningPolicy::upload_widget`].
#[derive(Debug, Clone)]
#[must_use]
pub struct SigningPolicyBuilder {
    rules: BTreeMap<String, Rule>,
    timestamp: TimestampRule,
    max_params: usize,
    max_size: usize,
}

impl SigningPolicyBuilder {
    /// Allows `name` with `rule` (replacing an earlier rule for it). Checked by
    /// [`build`](Self::build): a name in [`CROSS_ENDPOINT_NAMES`] needs a rule that limits
    /// its value, and [`NEVER_SIGNED`] names are refused.
    ///
    /// Named for what it does to the allow-list (it adds an entry, as
    /// [`PolicyRequest::allow`] does for one request), not `with_*`: it sets no setting.
    pub fn allow(mut self, name: impl Into<String>, rule: Rule) -> Self {
        self.rules.insert(name.into(), rule);
        self
    }

    /// Accepts a browser's `timestamp` at most `max_age` old and at most `max_ahead`
    /// ahead of the server's clock (default 300 s each, [`DEFAULT_TIMESTAMP_WINDOW`];
    /// Cloudinary itself refuses requests older than one hour).
    pub fn with_timestamp_window(mut self, max_age: Duration, max_ahead: Duration) -> Self {
        self.timestamp = TimestampRule::Window {
            max_age: max_age.as_secs(),
            max_ahead: max_ahead.as_secs(),
        };
        self
    }

    /// Signs the server's clock as `timestamp`, replacing any the browser sent: for
    /// routes that sign the server's own choices (answer the timestamp with the signature).
    pub fn with_server_timestamp(mut self) -> Self {
        self.timestamp = TimestampRule::Server;
        self
    }

    /// Signs at most `max` parameters at once (default [`DEFAULT_MAX_PARAMS`]).
    pub fn with_max_params(mut self, max: usize) -> Self {
        self.max_params = max;
        self
    }

    /// Signs at most `max` bytes of names and values at once (default
    /// [`DEFAULT_MAX_SIZE`]).
    pub fn with_max_size(mut self, max: usize) -> Self {
        self.max_size = max;
        self
    }

    /// The policy.
    ///
    /// # Errors
    /// [`Error::UnsafePolicy`] for a name that is not a Cloudinary parameter name, a
    /// [`NEVER_SIGNED`] name, `timestamp` (the policy's timestamp rule governs it), or a
    /// [`CROSS_ENDPOINT_NAMES`] name allowed with [`Rule::text`].
    pub fn build(self) -> Result<SigningPolicy, Error> {
        for (name, rule) in &self.rules {
            let problem = if !crate::request::is_parameter_name(name)
                || crate::request::is_excluded(name)
            {
                Some(PolicyProblem::NotAParameter)
            } else if NEVER_SIGNED.contains(&name.as_str()) {
                Some(PolicyProblem::NeverSigned)
            } else if name == "timestamp" {
                Some(PolicyProblem::TimestampParameter)
            } else if CROSS_ENDPOINT_NAMES.contains(&name.as_str()) && !rule.constrains_value() {
                Some(PolicyProblem::CrossEndpoint)
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(Error::UnsafePolicy {
                    name: name.clone(),
                    problem,
                });
            }
        }
        let forced = self
            .rules
            .values()
            .filter(|rule| rule.forced_value().is_some())
            .count();
        Ok(SigningPolicy {
            inner: Arc::new(Inner {
                forced,
                rules: self.rules.into_iter().collect(),
                timestamp: self.timestamp,
                max_params: self.max_params,
                max_size: self.max_size,
            }),
        })
    }
}

/// One set of parameters being checked against a [`SigningPolicy`]
/// ([`SigningPolicy::request`]).
#[derive(Debug)]
#[must_use]
pub struct PolicyRequest<'p> {
    policy: &'p SigningPolicy,
    params: Params,
    rules: Vec<(String, Rule)>,
}

impl PolicyRequest<'_> {
    /// Allows `name` with `rule` in this request only, over the policy's rule for it: the
    /// user's own folder, say (`allow("folder", Rule::prefix(format!("users/{id}/")))`).
    /// The same checks as [`SigningPolicyBuilder::build`] apply when signing.
    pub fn allow(mut self, name: impl Into<String>, rule: Rule) -> Self {
        self.rules.push((name.into(), rule));
        self
    }

    /// Checks and signs against the system clock.
    ///
    /// # Errors
    /// As [`sign_at`](Self::sign_at), and [`Error::BeforeUnixEpoch`] for a clock before
    /// 1970.
    pub fn sign(self, signer: &Signer) -> Result<SignedParams, Error> {
        let now = Timestamp::try_from(std::time::SystemTime::now())?;
        self.sign_at(signer, now)
    }

    /// Checks the parameters against the policy at time `now` and signs them with
    /// signature version 2.
    ///
    /// # Errors
    /// In this order: [`Error::TooManyParameters`], [`Error::ParamsTooLarge`],
    /// [`Error::UnsafePolicy`] (a rule of [`allow`](Self::allow)),
    /// [`Error::UnsupportedParameter`] (a name the policy does not allow, the first in
    /// byte order), [`Error::ValueNotAllowed`], then for the browser's timestamp
    /// [`Error::MissingTimestamp`], [`Error::MalformedTimestamp`], [`Error::Expired`],
    /// [`Error::FromFuture`].
    pub fn sign_at(self, signer: &Signer, now: Timestamp) -> Result<SignedParams, Error> {
        let policy = &self.policy.inner;
        self.policy
            .check_size(self.params.len(), self.params.text_len())?;
        // This request's own rules, checked as the policy's were; none on the common path.
        let overrides: Box<[(String, Rule)]> = if self.rules.is_empty() {
            Box::default()
        } else {
            let mut builder = SigningPolicy::builder();
            builder.rules = self.rules.into_iter().collect();
            builder.build()?.inner.rules.clone()
        };
        let rule_for = |name: &str| find_rule(&overrides, name).or_else(|| self.policy.rule(name));
        let mut replaced = false;
        let mut forced_sent = 0;
        let mut sent_time = None;
        for (name, value) in self.params.iter() {
            if name == "timestamp" {
                sent_time = Some(value);
                continue;
            }
            let rule = rule_for(name).ok_or_else(|| Error::UnsupportedParameter {
                name: name.to_owned(),
            })?;
            if rule.forced_value().is_some() {
                forced_sent += 1;
            }
            if let Some(forced) = rule.replacement() {
                replaced |= !same_text(forced, value);
            } else {
                rule.check(value)
                    .map_err(|problem| Error::ValueNotAllowed {
                        name: name.to_owned(),
                        problem,
                    })?;
            }
        }
        // Forced values the browser did not send: added when replacing, refused otherwise.
        // Only looked for when fewer were sent than the rules in force force.
        let mut missing = Vec::new();
        if !overrides.is_empty() || forced_sent < policy.forced {
            for (name, _) in overrides.iter().chain(policy.rules.iter()) {
                // The rule in force for the name: this request's, else the policy's.
                let Some(rule) = rule_for(name) else { continue };
                if let Some(forced) = rule.forced_value()
                    && self.params.get(name).is_none()
                    && !missing.iter().any(|(n, _)| n == name)
                {
                    if rule.replacement().is_none() {
                        return Err(Error::ValueNotAllowed {
                            name: name.clone(),
                            problem: ValueProblem::NotTheServersValue,
                        });
                    }
                    missing.push((name.clone(), forced.to_owned()));
                }
            }
        }
        let (timestamp, server_stamps) = match policy.timestamp {
            TimestampRule::Server => (now, true),
            TimestampRule::Window { max_age, max_ahead } => {
                let Some(sent_time) = sent_time else {
                    return Err(Error::MissingTimestamp);
                };
                let timestamp: Timestamp = sent_time.parse()?;
                freshness::check(timestamp, now, max_age, max_ahead)?;
                (timestamp, false)
            }
        };
        let params = if replaced || !missing.is_empty() || server_stamps {
            let kept = self.params.iter().filter_map(|(name, value)| {
                let value = match rule_for(name).and_then(Rule::replacement) {
                    Some(forced) => forced,
                    None if name == "timestamp" && server_stamps => return None,
                    None => value,
                };
                Some((name.to_owned(), value.to_owned()))
            });
            let stamp = server_stamps.then(|| ("timestamp".to_owned(), timestamp.to_string()));
            let pairs: Vec<(String, String)> = kept.chain(missing).chain(stamp).collect();
            Params::from_pairs(pairs)?
        } else {
            self.params
        };
        let signature = if signer.signature_version() == SignatureVersion::V2 {
            signer.sign(&params)
        } else {
            signer
                .clone()
                .with_signature_version(SignatureVersion::V2)
                .sign(&params)
        };
        Ok(SignedParams {
            params,
            signature,
            timestamp,
        })
    }
}

/// Parameters a [`SigningPolicy`] accepted, with their signature.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignedParams {
    params: Params,
    signature: Signature,
    timestamp: Timestamp,
}

impl SignedParams {
    /// What was signed: the browser's parameters, with the server's forced values and
    /// timestamp where the policy set them. The page must send exactly these.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The signature (signature version 2).
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// The signed `timestamp`.
    pub fn timestamp(&self) -> Timestamp {
        self.timestamp
    }
}

/// `{"signature": "<hex>", "timestamp": <seconds>, "params": {name: value, ...}}` (feature
/// `serde`): what a signing route of your own answers with (the page sends `params`, the
/// `signature` and your `api_key`). [`SigningRoute`] answers the same signature and
/// timestamp with the account's `api_key` and `cloud_name` instead of `params`.
///
/// ```
/// use cld_sign::policy::SigningPolicy;
/// use cld_sign::{ApiSecret, Params, Signer, Timestamp};
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let now = Timestamp::from_secs(1315060510);
/// let params = Params::from_pairs([("timestamp", "1315060510")])?;
/// let signed = SigningPolicy::builder().build()?.request(params).sign_at(&signer, now)?;
/// let json = serde_json::to_value(&signed).unwrap();
/// assert_eq!(json["timestamp"], 1315060510);
/// assert_eq!(json["params"], serde_json::json!({"timestamp": "1315060510"}));
/// assert_eq!(json["signature"], signed.signature().hex().as_str());
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for SignedParams {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("SignedParams", 3)?;
        s.serialize_field("signature", &self.signature)?;
        s.serialize_field("timestamp", &self.timestamp)?;
        s.serialize_field("params", &self.params)?;
        s.end()
    }
}
