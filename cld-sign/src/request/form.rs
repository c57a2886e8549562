//! What is sent: the form fields of a signed upload request, and the walk that lays out a
//! derived struct's form ([`Signer::sign_form`]).

use super::canonical::CanonicalWriter;
use super::signable::{SignableForm, SignableFormAt};
use super::value::{SignSeq, SignValue};
use super::value_writer::ValueWriter;
use super::walk::{ParamSink, TimestampText};
use crate::error::Error;
use crate::signature::Signature;
use crate::signer::Signer;
use crate::sink::{Sealed, Sink};
use crate::timestamp::Timestamp;

/// A signed upload request's form: every signed pair with exactly its signed text (a list
/// sent as an array, one `name[]` field per item), `timestamp` and `api_key`; and the
/// signature. The transport adds `file`.
///
/// Made by [`Signer::sign_form`] (a `#[derive(Signable)]` struct),
/// [`UploadParams::sign`](crate::request::upload::UploadParams::sign) and
/// [`UploadOptions::sign`](crate::request::upload::UploadOptions::sign). Fields are sorted by name
/// (UTF-8 bytes, stable), as the vectors list them.
///
/// With feature `serde`, it is serialized as the flat JSON object a signing route answers
/// a browser with (the shape of Cloudinary's signed-upload examples): each field under its
/// name as a string, the items of a `name[]` field as a list of strings under `name[]`,
/// `timestamp` as a number, then `signature`. Every member is a form field to append as it
/// is, so the object never holds `string_to_sign` (an extra field would be signed by
/// Cloudinary and break the signature). Read back, the string to sign is made again from
/// the fields with signature version 2, the default.
///
/// ```
/// # #[cfg(feature = "derive")] {
/// use cld_sign::request::SignedUploadForm;
/// use cld_sign::{ApiSecret, Signable, Signer};
///
/// #[derive(Signable)]
/// struct Upload {
///     public_id: String,
///     #[sign(array)]
///     categorization: Vec<String>,
///     overwrite: Option<bool>,
///     timestamp: u64,
/// }
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let upload = Upload {
///     public_id: "sample".into(),
///     categorization: vec!["google_tagging".into(), "imagga_tagging".into()],
///     overwrite: None,
///     timestamp: 1315060510,
/// };
/// let form = signer.sign_form(&upload, "1234")?;
/// assert_eq!(
///     form.string_to_sign(),
///     "categorization=google_tagging,imagga_tagging&public_id=sample&timestamp=1315060510"
/// );
/// assert_eq!(form.signature(), &signer.sign(&upload));
/// # #[cfg(feature = "serde")] {
/// let json = serde_json::to_value(&form)?;
/// assert_eq!(
///     json,
///     serde_json::json!({
///         "api_key": "1234",
///         "categorization[]": ["google_tagging", "imagga_tagging"],
///         "public_id": "sample",
///         "timestamp": 1315060510,
///         "signature": form.signature().to_string(),
///     })
/// );
/// let read: SignedUploadForm = serde_json::from_value(json)?;
/// assert_eq!(read, form);
/// # }
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedUploadForm {
    /// Every field to send but `signature`, sorted by name; `timestamp` and `api_key`
    /// among them.
    fields: Vec<(String, String)>,
    api_key: String,
    timestamp: Timestamp,
    string_to_sign: String,
    signature: Signature,
}

impl SignedUploadForm {
    /// `signed`: every signed field as it is sent, `timestamp` included; `api_key` is added.
    pub(crate) fn new(
        mut signed: Vec<(String, String)>,
        api_key: &str,
        timestamp: Timestamp,
        string_to_sign: String,
        signature: Signature,
    ) -> Self {
        signed.push(("api_key".to_owned(), api_key.to_owned()));
        signed.sort_by(|a, b| a.0.cmp(&b.0));
        Self {
            fields: signed,
            api_key: api_key.to_owned(),
            timestamp,
            string_to_sign,
            signature,
        }
    }

    /// The fields to send except `signature` (and `file`), sorted by name: every signed
    /// pair exactly as signed (an array as one `name[]` field per item, in order), with
    /// `timestamp` and `api_key` in their places.
    pub fn fields(&self) -> impl ExactSizeIterator<Item = (&str, &str)> {
        self.fields.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The API key sent with the form (never the secret).
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The signed timestamp.
    pub fn timestamp(&self) -> Timestamp {
        self.timestamp
    }

    /// The string that was signed (without the secret), to compare with the one in
    /// Cloudinary's `Invalid Signature … String to sign - '…'` error.
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// The signature.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// Every field to send (add `file`): [`fields`](Self::fields), then `signature`.
    pub fn to_fields(&self) -> Vec<(String, String)> {
        let mut fields = self.fields.clone();
        fields.push(("signature".to_owned(), self.signature.to_string()));
        fields
    }

    /// The signed parameters read back from the fields (a list's `name[]` items joined
    /// as one parameter, as a verifier reads them): what to hand to
    /// [`diagnose::invalid_signature`](crate::diagnose::invalid_signature).
    ///
    /// # Errors
    /// [`Error::DuplicateParameter`] for a name sent both as `name` and `name[]`.
    #[cfg(feature = "serde")]
    pub fn params(&self) -> Result<super::params::Params, Error> {
        super::params::Params::from_pairs(super::verify::fold_lists(self.fields())?)
    }

    /// The form read back from its fields (`signature` apart): the string to sign made
    /// again with signature version 2, as a verifier does.
    #[cfg(feature = "serde")]
    pub(crate) fn from_sent(
        fields: Vec<(String, String)>,
        signature: Signature,
    ) -> Result<Self, Error> {
        use super::params::Params;
        use crate::algorithm::SignatureVersion;

        let params = Params::from_pairs(super::verify::fold_lists(
            fields.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        )?)?;
        // Canonical digits only: the number the JSON writes back is then the text signed.
        let timestamp =
            Timestamp::parse_canonical(params.get("timestamp").ok_or(Error::MissingTimestamp)?)?;
        let api_key = fields
            .iter()
            .find(|(name, _)| name == "api_key")
            .map(|(_, key)| key.clone())
            .ok_or_else(|| Error::UnsupportedValue {
                name: "api_key".to_owned(),
                found: "no `api_key` field (a signed upload form sends one)".to_owned(),
            })?;
        let mut string_to_sign = String::new();
        super::signable::Signable::write_params(
            &params,
            &mut CanonicalWriter::new(&mut string_to_sign, SignatureVersion::V2),
        );
        let mut form = Self {
            fields,
            api_key,
            timestamp,
            string_to_sign,
            signature,
        };
        form.fields.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(form)
    }
}

impl Signer {
    /// Signs a `#[derive(Signable)]` struct and lays out the form to send, both from the
    /// struct's one generated walk: every signed pair exactly as signed (renamed keys,
    /// lists joined as signed, `#[sign(array)]` lists as one `name[]` field per item,
    /// empty values dropped as signing drops them), `timestamp`, and `api_key`. Fields
    /// marked `#[sign(exclude)]` are not sent: `file` is the transport's, `cloud_name` and
    /// `resource_type` belong in the endpoint's path, `api_key` is the argument, and any
    /// other field Cloudinary would sign on arrival, breaking the signature.
    ///
    /// The signature is the one [`sign`](Self::sign) gives (the same walk, into the
    /// hasher); it is made from the collected text here, so what is sent and what is
    /// signed come from one pass over the struct.
    ///
    /// # Errors
    /// [`Error::MalformedTimestamp`] when the struct's `timestamp` is not whole seconds
    /// Cloudinary can read (negative, or beyond `u64`).
    pub fn sign_form<T: SignableForm + ?Sized>(
        &self,
        params: &T,
        api_key: &str,
    ) -> Result<SignedUploadForm, Error> {
        let mut writer = FormWriter::default();
        params.__walk(&mut writer);
        let timestamp = writer.timestamp()?;
        Ok(writer.finish(self, api_key, timestamp))
    }

    /// [`sign_form`](Self::sign_form) for a struct without a `timestamp` field: the signer's
    /// `timestamp` is signed in its sorted place and sent.
    pub fn sign_form_at<T: SignableFormAt + ?Sized>(
        &self,
        params: &T,
        api_key: &str,
        timestamp: Timestamp,
    ) -> SignedUploadForm {
        let mut writer = FormWriter::default();
        params.__walk_at(timestamp, &mut writer);
        writer.finish(self, api_key, timestamp)
    }
}

/// One signed pair as the walk gave it.
struct SentPair {
    name: &'static str,
    /// The value's text as signed, before any `&` escaping; empty when dropped.
    text: String,
    /// An array's items (`#[sign(array)]`), sent as one `name[]` field each.
    items: Option<Vec<String>>,
    is_timestamp: bool,
}

/// The collecting [`ParamSink`]: every pair's plain text, in the walk's (sorted) order.
#[derive(Default)]
pub(crate) struct FormWriter {
    pairs: Vec<SentPair>,
}

impl FormWriter {
    fn push(&mut self, prefix: &'static str, text: String, items: Option<Vec<String>>) {
        self.pairs.push(SentPair {
            name: name_of(prefix),
            text,
            items,
            is_timestamp: false,
        });
    }

    /// The pairs as signed, `(name, text)`, the dropped ones left out (for
    /// `UploadParams::sign_with_extra_at`, which merges more pairs before signing).
    #[cfg(all(feature = "serde", feature = "derive"))]
    pub(crate) fn signed_texts(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.pairs
            .iter()
            .filter(|p| !p.text.is_empty())
            .map(|p| (p.name, p.text.as_str()))
    }

    /// The fields to send for the signed pairs: one per non-empty pair, an array's items
    /// as `name[]` fields.
    pub(crate) fn sent_fields(&self) -> Vec<(String, String)> {
        let mut fields = Vec::with_capacity(self.pairs.len() + 1);
        for pair in self.pairs.iter().filter(|p| !p.text.is_empty()) {
            match &pair.items {
                Some(items) => {
                    let name = format!("{}[]", pair.name);
                    fields.extend(items.iter().map(|item| (name.clone(), item.clone())));
                }
                None => fields.push((pair.name.to_owned(), pair.text.clone())),
            }
        }
        fields
    }

    /// The walked `timestamp` as whole seconds.
    fn timestamp(&self) -> Result<Timestamp, Error> {
        let text = self
            .pairs
            .iter()
            .find(|p| p.is_timestamp)
            .map(|p| p.text.as_str())
            .ok_or(Error::MissingTimestamp)?;
        text.parse::<u64>()
            .map(Timestamp::from_secs)
            .map_err(|_| Error::MalformedTimestamp { len: text.len() })
    }

    /// The string to sign of the collected pairs, the signature over it, and the form.
    fn finish(self, signer: &Signer, api_key: &str, timestamp: Timestamp) -> SignedUploadForm {
        let mut string_to_sign = String::new();
        let mut canonical = CanonicalWriter::new(&mut string_to_sign, signer.signature_version());
        for pair in &self.pairs {
            canonical.param(pair.name, pair.text.as_str());
        }
        let signature = signer.hash_with_secret(signer.algorithm(), &[string_to_sign.as_bytes()]);
        SignedUploadForm::new(
            self.sent_fields(),
            api_key,
            timestamp,
            string_to_sign,
            signature,
        )
    }
}

/// `"&name="` → `name`.
fn name_of(prefix: &'static str) -> &'static str {
    let name = prefix.strip_prefix('&').unwrap_or(prefix);
    name.strip_suffix('=').unwrap_or(name)
}

/// A value's plain text: what signing writes, before escaping.
fn plain(write: impl FnOnce(&mut ValueWriter<'_, String>)) -> String {
    let mut text = String::new();
    write(&mut ValueWriter::plain(&mut text, &mut false));
    text
}

impl ParamSink for FormWriter {
    type Text = String;

    fn __param_static<V: SignValue + ?Sized>(&mut self, prefix: &'static str, value: &V) {
        let text = plain(|w| value.write_value(w));
        self.push(prefix, text, None);
    }

    fn __param_static_joined<V: SignSeq + ?Sized>(
        &mut self,
        prefix: &'static str,
        separator: &'static str,
        value: &V,
    ) {
        let text = plain(|w| value.write_joined(separator, w));
        self.push(prefix, text, None);
    }

    fn __param_static_array<V: SignSeq + ?Sized>(&mut self, prefix: &'static str, value: &V) {
        let mut items = Items::default();
        value.write_joined(
            ",",
            &mut ValueWriter::new(&mut items, false, None, &mut false),
        );
        let (text, items) = items.finish();
        self.push(prefix, text, Some(items));
    }

    fn __param_static_with<F: FnOnce(&mut ValueWriter<'_, String>)>(
        &mut self,
        prefix: &'static str,
        write: F,
    ) {
        let text = plain(write);
        self.push(prefix, text, None);
    }

    fn __param_static_timestamp(&mut self, prefix: &'static str, text: TimestampText) {
        let text = plain(|w| w.write_integer_text(text.0));
        self.pairs.push(SentPair {
            name: name_of(prefix),
            text,
            items: None,
            is_timestamp: true,
        });
    }
}

/// The items of a `#[sign(array)]` list: a new item at each separator.
#[derive(Default)]
struct Items {
    items: Vec<String>,
    current: String,
    /// Whether anything (an item's text or a separator) was written.
    written: bool,
}

impl Items {
    /// The signed text (the items joined with `,`, empty when nothing was written) and
    /// the items.
    fn finish(mut self) -> (String, Vec<String>) {
        if !self.written {
            return (String::new(), Vec::new());
        }
        self.items.push(self.current);
        (self.items.join(","), self.items)
    }
}

impl Sink for Items {
    fn write_str(&mut self, s: &str) {
        self.written |= !s.is_empty();
        self.current.push_str(s);
    }

    fn next_item(&mut self, _: Sealed) -> bool {
        self.written = true;
        self.items.push(std::mem::take(&mut self.current));
        true
    }
}

/// The flat JSON object described on [`SignedUploadForm`] (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for SignedUploadForm {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;

        let mut map = serializer.serialize_map(None)?;
        let mut fields = self.fields.iter().peekable();
        while let Some((name, value)) = fields.next() {
            if name.ends_with("[]") {
                // Sorted stably, an array's items are next to each other, in order.
                let mut items = vec![value.as_str()];
                while let Some((_, item)) = fields.next_if(|(next, _)| next == name) {
                    items.push(item);
                }
                map.serialize_entry(name, &items)?;
            } else if name == "timestamp" {
                map.serialize_entry(name, &self.timestamp.as_secs())?;
            } else {
                map.serialize_entry(name, value)?;
            }
        }
        map.serialize_entry("signature", &self.signature)?;
        map.end()
    }
}

/// Read from the flat JSON object described on [`SignedUploadForm`] (feature `serde`): members
/// are texts, a `name[]` member a list of texts (or one text), `timestamp` a number or its
/// digits (no leading zero), `signature` hex; the fields are checked as a verifier checks a received form
/// (parameter names, duplicates, the timestamp).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> serde::Deserialize<'de> for SignedUploadForm {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FormVisitor)
    }
}

#[cfg(feature = "serde")]
struct FormVisitor;

#[cfg(feature = "serde")]
impl<'de> serde::de::Visitor<'de> for FormVisitor {
    type Value = SignedUploadForm;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a signed upload form: an object of texts with `signature`")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<SignedUploadForm, A::Error> {
        use serde::de::Error as _;

        let mut fields = Vec::new();
        let mut signature = None;
        while let Some(name) = map.next_key::<String>()? {
            if name == "signature" {
                if signature.is_some() {
                    return Err(A::Error::custom(Error::DuplicateParameter { name }));
                }
                signature = Some(map.next_value::<Signature>()?);
            } else if name.ends_with("[]") {
                for item in map.next_value::<OneOrMany>()?.0 {
                    fields.push((name.clone(), item));
                }
            } else if name == "timestamp" {
                let seconds = map.next_value::<SecondsOrText>()?.0;
                fields.push((name, seconds));
            } else if super::canonical::is_excluded(&name) && name != "api_key" {
                return Err(A::Error::custom(Error::UnsupportedValue {
                    found: format!(
                        "`{name}` in a signed upload form (it is never sent as a form field)"
                    ),
                    name,
                }));
            } else {
                let value = map.next_value::<String>()?;
                fields.push((name, value));
            }
        }
        let signature = signature.ok_or_else(|| A::Error::missing_field("signature"))?;
        SignedUploadForm::from_sent(fields, signature).map_err(A::Error::custom)
    }
}

/// A `name[]` member: a list of texts, or one text.
#[cfg(feature = "serde")]
struct OneOrMany(Vec<String>);

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Shape {
            One(String),
            Many(Vec<String>),
        }
        Ok(Self(match Shape::deserialize(deserializer)? {
            Shape::One(item) => vec![item],
            Shape::Many(items) => items,
        }))
    }
}

/// `timestamp`: a number of seconds or its digits, kept as the text sent.
#[cfg(feature = "serde")]
struct SecondsOrText(String);

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for SecondsOrText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Shape {
            Seconds(u64),
            Text(String),
        }
        Ok(Self(match Shape::deserialize(deserializer)? {
            Shape::Seconds(seconds) => seconds.to_string(),
            Shape::Text(text) => text,
        }))
    }
}
