//! The body of a signing request, read in one pass with the policy's size limits.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::{PolicyRequest, SigningPolicy};
use crate::error::{BodyProblem, Error};
use crate::request::entries::Entries;
use crate::request::params::Params;
use crate::request::received::Text;

/// The two wrapper names: the Upload Widget's and the snake_case one.
pub const WRAPPERS: [&str; 2] = ["paramsToSign", "params_to_sign"];

impl SigningPolicy {
    /// Reads the body of a signing request and starts checking its parameters (feature
    /// `serde`). Finish with [`PolicyRequest::sign`].
    ///
    /// The body is `{"paramsToSign": {...}}` (the Upload Widget, next-cloudinary,
    /// svelte-cloudinary), `{"params_to_sign": {...}}`, or the params object itself; its
    /// content type is not looked at. With a wrapper, other members are skipped. Values
    /// are stringified as [`ReceivedParams`](crate::request::ReceivedParams) does; every name is kept,
    /// so a repeated one is caught. No Cloudinary parameter is named `paramsToSign` or
    /// `params_to_sign`, so the shapes cannot be confused.
    ///
    /// The policy's [`max_params`](SigningPolicy::max_params) and
    /// [`max_size`](SigningPolicy::max_size) stop the reading as soon as they are passed,
    /// so the work done stays in proportion to the limits, not to the body.
    ///
    /// ```
    /// use cld_sign::policy::SigningPolicy;
    /// use cld_sign::{ApiSecret, ErrorKind, Signer, Timestamp};
    ///
    /// let policy = SigningPolicy::upload_widget().build()?;
    /// let signer = Signer::new(ApiSecret::new("abcd")?);
    /// let now = Timestamp::from_secs(1_700_000_000);
    /// let body = br#"{"paramsToSign": {"timestamp": 1700000000, "source": "uw"}}"#;
    /// let signed = policy.read_body(body)?.sign_at(&signer, now)?;
    /// assert_eq!(signed.params().get("source"), Some("uw"));
    ///
    /// let err = policy.read_body(br#"{"paramsToSign": null}"#).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::MissingParamsToSign);
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::MalformedBody`] (not JSON; not an object; both wrappers, or one twice; a
    /// wrapper that is neither an object nor `null`; `null`), [`Error::TooManyParameters`],
    /// [`Error::ParamsTooLarge`], then those of [`Params::try_from`].
    pub fn read_body(&self, body: &[u8]) -> Result<PolicyRequest<'_>, Error> {
        let limit = Cell::new(None);
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let read = deserializer
            .deserialize_map(Body {
                policy: self,
                len: body.len(),
                limit: &limit,
            })
            .and_then(|entries| deserializer.end().map(|()| entries));
        let entries = match read {
            Ok(Some(entries)) => entries,
            Ok(None) => {
                return Err(Error::MalformedBody {
                    problem: BodyProblem::NullParams,
                });
            }
            Err(err) => return Err(limit.take().unwrap_or_else(|| malformed(&err))),
        };
        Ok(self.request(Params::from_entries(entries)?))
    }
}

fn malformed(err: &serde_json::Error) -> Error {
    let detail = err.to_string();
    let problem = if err.is_data() {
        BodyProblem::WrongShape { detail }
    } else {
        BodyProblem::NotJson { detail }
    };
    Error::MalformedBody { problem }
}

/// The top-level object: a wrapper's value, or the params themselves.
struct Body<'a> {
    policy: &'a SigningPolicy,
    /// The body's length.
    len: usize,
    /// The limit that stopped the reading, if one did.
    limit: &'a Cell<Option<Error>>,
}

impl<'de> Visitor<'de> for Body<'_> {
    type Value = Option<Entries>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{\"paramsToSign\": {...}}, {\"params_to_sign\": {...}} or a params object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut bare = Limited::new(self.policy, self.limit, Entries::default());
        let mut wrapped: Option<(&'static str, Option<Entries>)> = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if let Some(&name) = WRAPPERS.iter().find(|&&w| w == key) {
                if let Some((first, _)) = wrapped {
                    return Err(de::Error::custom(format_args!(
                        "`{name}` after `{first}`: send one wrapper, once"
                    )));
                }
                // Room for the parameters' text: no more than the body or the policy's limit.
                let room = Entries::with_capacity(8, self.len.min(self.policy.max_size()));
                let seed = Wrapper(Limited::new(self.policy, self.limit, room));
                wrapped = Some((name, map.next_value_seed(seed)?));
            } else if wrapped.is_some() {
                map.next_value::<IgnoredAny>()?;
            } else {
                bare.push(&key, &mut map)?;
            }
        }
        // With a wrapper, the members before it were not parameters either.
        Ok(match wrapped {
            Some((_, params)) => params,
            None => Some(bare.entries),
        })
    }
}

/// A parameters object, stopped as soon as it passes the policy's limits.
struct Limited<'a> {
    policy: &'a SigningPolicy,
    limit: &'a Cell<Option<Error>>,
    entries: Entries,
}

impl<'a> Limited<'a> {
    fn new(policy: &'a SigningPolicy, limit: &'a Cell<Option<Error>>, entries: Entries) -> Self {
        Self {
            policy,
            limit,
            entries,
        }
    }

    /// Reads the value of the entry `name` from `map`, then checks the limits.
    fn push<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        let pending = self.entries.begin(name);
        let value = map.next_value_seed(Text(self.entries.value()))?;
        self.entries.finish(pending, value);
        self.policy
            .check_size(self.entries.len(), self.entries.text_len())
            .map_err(|err| {
                self.limit.set(Some(err));
                de::Error::custom("a limit of the signing policy")
            })
    }
}

/// The value of a wrapper: a parameters object, or `null`.
struct Wrapper<'a>(Limited<'a>);

impl<'de> DeserializeSeed<'de> for Wrapper<'_> {
    type Value = Option<Entries>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for Wrapper<'_> {
    type Value = Option<Entries>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of parameters, or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
        while let Some(name) = map.next_key::<Cow<'de, str>>()? {
            self.0.push(&name, &mut map)?;
        }
        Ok(Some(self.0.entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn policy() -> SigningPolicy {
        SigningPolicy::builder()
            .with_max_params(3)
            .with_max_size(40)
            .build()
            .unwrap()
    }

    fn read(body: &str) -> Result<Vec<(String, String)>, Error> {
        let policy = policy();
        let request = policy.read_body(body.as_bytes())?;
        Ok(request
            .params
            .iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect())
    }

    #[test]
    fn the_three_shapes() {
        let names = |body: &str| -> Vec<String> {
            read(body).unwrap().into_iter().map(|(n, _)| n).collect()
        };
        assert_eq!(names(r#"{"paramsToSign": {"b": 1, "a": 2}}"#), ["a", "b"]);
        assert_eq!(
            names(r#"{"x": [1], "params_to_sign": {"a": 1}, "y": {}}"#),
            ["a"]
        );
        assert_eq!(names(r#"{"a": 1, "b": [2, 3]}"#), ["a", "b"]);
        assert_eq!(names("{}"), Vec::<String>::new());
        assert_eq!(names(r#"{"paramsToSign": {}}"#), Vec::<String>::new());
    }

    #[test]
    fn shapes_that_are_refused() {
        let kind = |body: &str| read(body).unwrap_err().kind();
        assert_eq!(
            kind(r#"{"paramsToSign": null}"#),
            ErrorKind::MissingParamsToSign
        );
        for bad in [
            r#"{"paramsToSign": {}, "params_to_sign": {}}"#,
            r#"{"paramsToSign": {}, "paramsToSign": {}}"#,
            r#"{"paramsToSign": 1}"#,
            r#"{"paramsToSign": [1]}"#,
            "[]",
            "5",
        ] {
            assert_eq!(kind(bad), ErrorKind::InvalidRequest, "{bad}");
        }
        for bad in ["", "{", r#"{"a": 1} x"#, "not json"] {
            assert_eq!(kind(bad), ErrorKind::MalformedJson, "{bad}");
        }
        // A nested object is a value that cannot be signed, not a bad body.
        assert_eq!(kind(r#"{"a": {"b": 1}}"#), ErrorKind::UnsupportedValue);
        assert_eq!(kind(r#"{"a": 1, "a": 2}"#), ErrorKind::DuplicateParameter);
        let both = read(r#"{"paramsToSign": {}, "params_to_sign": {}}"#).unwrap_err();
        assert!(
            both.to_string()
                .contains("`params_to_sign` after `paramsToSign`"),
            "{both}"
        );
    }

    #[test]
    fn limits_stop_the_reading() {
        assert!(read(r#"{"a": 1, "b": 2, "c": 3}"#).is_ok());
        assert_eq!(
            read(r#"{"a": 1, "b": 2, "c": 3, "d": 4}"#).unwrap_err(),
            Error::TooManyParameters { count: 4, max: 3 }
        );
        assert_eq!(
            read(r#"{"paramsToSign": {"a": 1, "b": 2, "c": 3, "d": 4}}"#).unwrap_err(),
            Error::TooManyParameters { count: 4, max: 3 }
        );
        let long = format!(r#"{{"paramsToSign": {{"ab": "{}"}}}}"#, "x".repeat(39));
        assert_eq!(
            read(&long).unwrap_err(),
            Error::ParamsTooLarge { size: 41, max: 40 }
        );
        // The limit is met before the rest of a huge body is looked at, even if that
        // rest is not JSON.
        let huge = format!(r#"{{"a": 1, "b": 2, "c": 3, "d": 4, {}"#, "x".repeat(1000));
        assert_eq!(
            read(&huge).unwrap_err().kind(),
            ErrorKind::TooManyParameters
        );
    }

    #[test]
    fn wrong_shapes_say_what_was_expected() {
        let message = |body: &str| read(body).unwrap_err().to_string();
        let top = message("[]");
        assert!(
            top.contains(r#"expected {"paramsToSign": {...}}, {"params_to_sign": {...}}"#),
            "{top}"
        );
        let wrapped = message(r#"{"paramsToSign": 1}"#);
        assert!(
            wrapped.contains("expected an object of parameters, or null"),
            "{wrapped}"
        );
    }
}
