//! Search URLs: a signed, cacheable URL of a Search API query (`Search.to_url`, the search URL rule (`cld_sign::search`)).
//!
//! # The rule
//!
//! - *b64query* = URL-safe base64 (`-`, `_`) **with** `=` padding of the UTF-8 bytes of the
//!   query's JSON text (the upload-value rule (`cld_sign::request::upload`): Python's `json.dumps` with `(",", ":")` separators,
//!   `ensure_ascii`), with its top-level member `next_cursor` removed and keys **sorted** at
//!   every level (code points).
//! - signature = hex SHA-256 of (*ttl* as decimal text ++ *b64query* ++ secret). **Always
//!   SHA-256**, whatever the signer's algorithm.
//! - URL = `https://res.cloudinary.com/<cloud>/search/<signature>/<ttl>/<b64query>`, then
//!   `/<cursor>` when the cursor is not empty. The cursor is not signed and is appended as
//!   is (cursors are opaque hex from the API).
//! - The cursor must be an opaque token of `A-Z a-z 0-9 - _ =` (hex, or base64url with
//!   padding), or it is [`Error::MalformedCursor`]: it usually comes back from a browser
//!   for the next page, and anything else could turn the path into another one
//!   (`../../other`) or add a query or fragment (`x?y=1#z`). Every character of that
//!   alphabet stands for itself in a URL path, so nothing needs escaping.
//! - *ttl*: a non-negative integer, default 300; `0` is kept.
//! - cursor: the caller's [`with_next_cursor`](SearchUrl::with_next_cursor) if given (an empty one
//!   means none), else the query's `next_cursor` member (text or null); the query's member
//!   is removed from the JSON either way.
//! - The query is signed as given: nothing is de-duplicated, and empty, `false` and `null`
//!   members stay. A query that is not a JSON object is
//!   [`Error::UnsupportedValue`].
//!
//! # Example
//!
//! pycloudinary's test: secret `secret`, cloud `test123`:
//!
//! ```
//! use cld_sign::search::SearchUrl;
//! use cld_sign::{ApiSecret, Signer};
//!
//! let signer = Signer::new(ApiSecret::new("secret")?);
//! let query = serde_json::json!({
//!     "expression": "resource_type:image AND tags=kitten AND uploaded_at>1d AND bytes>1m",
//!     "sort_by": [{"public_id": "desc"}],
//!     "max_results": 30,
//! });
//! let b64query = "eyJleHByZXNzaW9uIjoicmVzb3VyY2VfdHlwZTppbWFnZSBBTkQgdGFncz1raXR0ZW4gQU5EIHVwbG9hZGVkX2F0PjFkIEFORCBieXRlcz4xbSIsIm1heF9yZXN1bHRzIjozMCwic29ydF9ieSI6W3sicHVibGljX2lkIjoiZGVzYyJ9XX0=";
//!
//! let url = SearchUrl::new("test123", &query).sign(&signer)?;
//! assert_eq!(url.b64query(), b64query);
//! assert_eq!(
//!     url.signature().to_string(),
//!     "431454b74cefa342e2f03e2d589b2e901babb8db6e6b149abf25bc0dd7ab20b7"
//! );
//! assert_eq!(
//!     url.url(),
//!     format!("https://res.cloudinary.com/test123/search/{}/300/{b64query}", url.signature())
//! );
//!
//! let url = SearchUrl::new("test123", &query).with_ttl(1000).with_next_cursor("b16b8bd80426df43").sign(&signer)?;
//! assert_eq!(
//!     url.signature().to_string(),
//!     "25b91426a37d4f633a9b34383c63889ff8952e7ffecef29a17d600eeb3db0db7"
//! );
//! assert!(url.url().contains("/1000/"));
//! assert!(url.url().ends_with("XX0=/b16b8bd80426df43")); // the cursor is not signed
//!
//! // Non-ASCII is escaped as Python does.
//! let cafe = SearchUrl::new("demo", &serde_json::json!({"expression": "tags=café 😀"})).sign(&signer)?;
//! assert_eq!(cafe.json(), r#"{"expression":"tags=caf\u00e9 \ud83d\ude00"}"#);
//! assert_eq!(cafe.b64query(), "eyJleHByZXNzaW9uIjoidGFncz1jYWZcdTAwZTkgXHVkODNkXHVkZTAwIn0=");
//! # Ok::<(), cld_sign::Error>(())
//! ```

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE;
use serde_json::Value;

use crate::algorithm::Algorithm;
use crate::error::Error;
use crate::json_text::{json_kind, json_text, sorted};
use crate::signature::Signature;
use crate::signer::Signer;
use crate::url_settings::UrlSettings;

/// The time to live of a search URL when none is given, in seconds.
pub const DEFAULT_TTL: u64 = 300;

/// A Search API query to turn into a signed URL (see `cld_sign::search`).
///
/// ```
/// use cld_sign::search::SearchUrl;
/// use cld_sign::{ApiSecret, ErrorKind, Signer};
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let query = serde_json::json!({"expression": "x", "next_cursor": "abc"});
/// let url = SearchUrl::new("demo", &query).sign(&signer)?;
/// assert_eq!(url.cursor(), Some("abc")); // taken from the query, and not signed
/// assert!(url.url().ends_with("/300/eyJleHByZXNzaW9uIjoieCJ9/abc"));
/// assert_eq!(url.string_to_sign(), "300eyJleHByZXNzaW9uIjoieCJ9");
///
/// // An explicit empty cursor means none.
/// let url = SearchUrl::new("demo", &query).with_next_cursor("").sign(&signer)?;
/// assert_eq!(url.cursor(), None);
///
/// let list = serde_json::json!(["expression"]);
/// let err = SearchUrl::new("demo", &list).sign(&signer).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::UnsupportedValue);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchUrl<'q> {
    cloud_name: String,
    query: &'q Value,
    ttl: u64,
    next_cursor: Option<String>,
    settings: Option<UrlSettings>,
}

impl<'q> SearchUrl<'q> {
    /// A search URL of `query` (a JSON object: `expression`, `sort_by`, `max_results`, …)
    /// for `cloud_name`, with a time to live of [`DEFAULT_TTL`] seconds.
    pub fn new(cloud_name: impl Into<String>, query: &'q Value) -> Self {
        Self {
            cloud_name: cloud_name.into(),
            query,
            ttl: DEFAULT_TTL,
            next_cursor: None,
            settings: None,
        }
    }

    /// The time to live in seconds (signed; `0` is kept).
    #[must_use]
    pub fn with_ttl(mut self, ttl: u64) -> Self {
        self.ttl = ttl;
        self
    }

    /// The cursor of the page to fetch, instead of the query's `next_cursor` member. An
    /// empty one means no cursor (the query's member is not used then either).
    ///
    /// A cursor is the opaque token the Search API returned: `A-Z a-z 0-9 - _ =`. It is
    /// checked by [`sign`](Self::sign), so one that a browser sent back can be passed as
    /// it came.
    ///
    /// ```
    /// use cld_sign::search::SearchUrl;
    /// use cld_sign::{ApiSecret, ErrorKind, Signer};
    ///
    /// let signer = Signer::new(ApiSecret::new("abcd")?);
    /// let query = serde_json::json!({"expression": "x"});
    /// let page = SearchUrl::new("demo", &query).with_next_cursor("8edbc61040178db6").sign(&signer)?;
    /// assert!(page.url().ends_with("/8edbc61040178db6"));
    /// let err = SearchUrl::new("demo", &query).with_next_cursor("../../x").sign(&signer).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::MalformedCursor);
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    #[must_use]
    pub fn with_next_cursor(mut self, cursor: impl Into<String>) -> Self {
        self.next_cursor = Some(cursor.into());
        self
    }

    /// Where the URL points: the delivery host of the account's settings (usually
    /// [`Config::url_settings`](crate::Config::url_settings)), as the SDKs choose it for
    /// search URLs (an empty asset path: subdomain `res-1`).
    ///
    /// ```
    /// use cld_sign::search::SearchUrl;
    /// use cld_sign::{ApiSecret, Signer, UrlSettings};
    /// let query = serde_json::json!({"expression": "tags=kitten"});
    /// let settings = UrlSettings::default().with_secure_distribution("cdn.example.com")?;
    /// let url = SearchUrl::new("demo", &query).with_url_settings(&settings).sign(&Signer::new(ApiSecret::new("abcd")?))?;
    /// assert!(url.url().starts_with("https://cdn.example.com/demo/search/"));
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    #[must_use]
    pub fn with_url_settings(mut self, settings: &UrlSettings) -> Self {
        self.settings = Some(settings.clone());
        self
    }

    /// Signs the query: SHA-256 over the ttl and the base64 query, whatever the signer's
    /// algorithm.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedValue`] when the query is not a JSON object, or its
    /// `next_cursor` member is neither a text nor `null`; [`Error::MalformedCursor`] when
    /// the cursor used holds a character other than `A-Z a-z 0-9 - _ =`.
    pub fn sign(&self, signer: &Signer) -> Result<SignedSearchUrl, Error> {
        let Value::Object(members) = self.query else {
            return Err(Error::UnsupportedValue {
                name: String::new(),
                found: format!(
                    "{} as a search query (use a JSON object)",
                    json_kind(self.query)
                ),
            });
        };
        let from_query = match members.get("next_cursor") {
            None | Some(Value::Null) => None,
            Some(Value::String(cursor)) => Some(cursor.as_str()),
            Some(other) => {
                return Err(Error::UnsupportedValue {
                    name: "next_cursor".to_owned(),
                    found: format!("{} (a cursor is a text)", json_kind(other)),
                });
            }
        };
        let cursor = self
            .next_cursor
            .as_deref()
            .or(from_query)
            .filter(|c| !c.is_empty())
            .map(checked_cursor)
            .transpose()?;

        let mut signed = members.clone();
        signed.shift_remove("next_cursor");
        let json = json_text("query", &sorted(&Value::Object(signed)))?;
        let b64query = URL_SAFE.encode(json.as_bytes());
        let ttl = self.ttl.to_string();
        let signature =
            signer.hash_with_secret(Algorithm::Sha256, &[ttl.as_bytes(), b64query.as_bytes()]);

        let prefix = match &self.settings {
            Some(settings) => settings.delivery_prefix(&self.cloud_name, ""),
            None => UrlSettings::default().delivery_prefix(&self.cloud_name, ""),
        };
        let mut url = format!("{prefix}/search/{signature}/{ttl}/{b64query}");
        if let Some(cursor) = &cursor {
            url.push('/');
            url.push_str(cursor);
        }
        Ok(SignedSearchUrl {
            url,
            signature,
            ttl: self.ttl,
            json,
            b64query,
            cursor,
        })
    }
}

/// The cursor, if every byte is of the Search API's cursor alphabet: `A-Z a-z 0-9 - _ =`.
fn checked_cursor(cursor: &str) -> Result<String, Error> {
    let outside = |b: &u8| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'='));
    match cursor.bytes().position(|b| outside(&b)) {
        Some(offset) => Err(Error::MalformedCursor { offset }),
        None => Ok(cursor.to_owned()),
    }
}

/// A signed search URL (see `cld_sign::search`), with the parts it is made of.
///
/// Serialized as `{"url": "https://res.cloudinary.com/…", "signature": "<hex>", "ttl":
/// <seconds>}`: what a route answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedSearchUrl {
    url: String,
    signature: Signature,
    ttl: u64,
    json: String,
    b64query: String,
    cursor: Option<String>,
}

impl SignedSearchUrl {
    /// The URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The SHA-256 signature.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// The time to live, in seconds.
    pub fn ttl(&self) -> u64 {
        self.ttl
    }

    /// The query's JSON text that was encoded: sorted, without `next_cursor`.
    pub fn json(&self) -> &str {
        &self.json
    }

    /// The query's JSON text in URL-safe base64 with padding.
    pub fn b64query(&self) -> &str {
        &self.b64query
    }

    /// The string signed (without the secret): the ttl's digits, then the base64 query.
    pub fn string_to_sign(&self) -> String {
        format!("{}{}", self.ttl, self.b64query)
    }

    /// The cursor appended to the URL (not signed), if any.
    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }
}

/// `{"url": …, "signature": …, "ttl": …}`.
impl serde::Serialize for SignedSearchUrl {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("SignedSearchUrl", 3)?;
        s.serialize_field("url", &self.url)?;
        s.serialize_field("signature", &self.signature)?;
        s.serialize_field("ttl", &self.ttl)?;
        s.end()
    }
}

impl fmt::Display for SignedSearchUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::SearchUrl;
    use crate::{ApiSecret, Signer};

    /// A query or cursor of the wrong JSON type is named in the error.
    #[test]
    fn wrong_json_types_are_named() {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap());
        let message = |query: &serde_json::Value| {
            SearchUrl::new("demo", query)
                .sign(&signer)
                .unwrap_err()
                .to_string()
        };
        for (query, kind) in [
            (json!(null), "null"),
            (json!(true), "a boolean"),
            (json!(5), "a number"),
            (json!("x"), "a string"),
            (json!(["x"]), "a list"),
        ] {
            let text = message(&query);
            assert!(
                text.contains(&format!("{kind} as a search query")),
                "{text}"
            );
        }
        for (cursor, kind) in [(json!(5), "a number"), (json!({"a": 1}), "an object")] {
            let text = message(&json!({"expression": "x", "next_cursor": cursor}));
            assert!(
                text.contains(&format!("{kind} (a cursor is a text)")),
                "{text}"
            );
        }
    }
}
