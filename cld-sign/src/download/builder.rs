//! [`DownloadUrl`]: the options of one signed download URL, from typed setters or an
//! SDK-style JSON object, signed with the request rule.

use super::kind::DownloadKind;
use super::option_value::{OptionValue, text_of};
use super::signed::SignedDownloadUrl;
use crate::algorithm::SignatureVersion;
use crate::error::Error;
use crate::request::Signable;
use crate::request::canonical::CanonicalWriter;
use crate::request::params::Params;
use crate::request::value::SignValue;
use crate::signer::Signer;
use crate::timestamp::Timestamp;
use crate::url_settings::UrlSettings;

/// A signed download URL being built (see `cld_sign::download`): a kind, a cloud name, options.
///
/// Options are set with [`with_param`](Self::with_param), [`with_list`](Self::with_list) and
/// [`with_transformation`](Self::with_transformation), or read from an SDK-style JSON object with
/// [`from_options`](Self::from_options). As in the SDKs, an option the kind does not take is
/// ignored ([`DownloadKind::takes`] tells which it takes); setting a name twice keeps the last
/// value. [`sign`](Self::sign) builds the URL.
///
/// A list is signed as its items joined with `,` and sent as one `name[]` per item, so the
/// one item `users/eve/a,users/bob/secret` signs exactly as the two items `users/eve/a` and
/// `users/bob/secret`: a URL signed because every item looked like Eve's is just as valid
/// for an archive of Bob's file. When items come from a user (public IDs, tags, prefixes, a
/// folder path), call [`with_commas_in_lists_refused`](Self::with_commas_in_lists_refused), and check
/// each item's meaning (its folder, say) as the server will read it.
///
/// ```
/// use cld_sign::download::DownloadUrl;
/// use cld_sign::{ApiSecret, Signer, Timestamp};
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let url = DownloadUrl::archive("demo")
///     .with_list("public_ids", ["sample", "dog"])
///     .with_param("target_format", "zip")
///     .with_param("flatten_folders", &true)
///     .sign_at(&signer, "1234", Timestamp::from(1315060510))?;
/// assert_eq!(
///     url.string_to_sign(),
///     "flatten_folders=true&mode=download&public_ids=sample,dog&target_format=zip&timestamp=1315060510"
/// );
/// assert_eq!(url.signature().to_string(), "2e94ae45a1d926a71cf1cae526f685e910ae7c6d");
/// assert!(url.url().contains("&public_ids%5B%5D=sample&public_ids%5B%5D=dog&"));
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadUrl {
    kind: DownloadKind,
    cloud_name: String,
    resource_type: Option<String>,
    /// In the order set; a name appears at most once.
    options: Vec<(String, OptionValue)>,
    /// Whether `sign` refuses a list item holding `,`.
    refuse_commas: bool,
    /// The API origin, when not the default.
    upload_prefix: Option<String>,
}

impl DownloadUrl {
    /// A URL of `kind` for `cloud_name`, with no options yet.
    pub fn new(kind: DownloadKind, cloud_name: impl Into<String>) -> Self {
        Self {
            kind,
            cloud_name: cloud_name.into(),
            resource_type: None,
            options: Vec::new(),
            refuse_commas: false,
            upload_prefix: None,
        }
    }

    /// A private download URL of `public_id` (`private_download_url`).
    pub fn private(cloud_name: impl Into<String>, public_id: &str) -> Self {
        Self::new(DownloadKind::Private, cloud_name).with_param("public_id", public_id)
    }

    /// An archive download URL (`download_archive_url`); choose the assets with
    /// `public_ids`, `tags`, `prefixes`, ….
    pub fn archive(cloud_name: impl Into<String>) -> Self {
        Self::new(DownloadKind::Archive, cloud_name)
    }

    /// An archive of the folder `folder_path` (`download_folder`): `prefixes` is
    /// `[folder_path]`, resource type `all` by default. A path holding `,` signs as several
    /// prefixes: see [`with_commas_in_lists_refused`](Self::with_commas_in_lists_refused).
    pub fn folder(cloud_name: impl Into<String>, folder_path: &str) -> Self {
        let mut url = Self::new(DownloadKind::Folder, cloud_name);
        url.set("prefixes", OptionValue::List(vec![folder_path.to_owned()]));
        url
    }

    /// A backed-up version of an asset (`download_backedup_asset`).
    pub fn backup(cloud_name: impl Into<String>, asset_id: &str, version_id: &str) -> Self {
        Self::new(DownloadKind::Backup, cloud_name)
            .with_param("asset_id", asset_id)
            .with_param("version_id", version_id)
    }

    /// Reads SDK-style options (see `cld_sign::download`): members the kind takes (values per the request rule (`cld_sign::request`);
    /// `transformations` formatted as `eager`, the upload-value rule (`cld_sign::request::upload`)), `resource_type` (the path, not
    /// signed), `folder_path` for a folder; `null` members are absent, others are ignored.
    ///
    /// ```
    /// use cld_sign::download::{DownloadKind, DownloadUrl};
    /// use cld_sign::{ApiSecret, Signer, Timestamp};
    ///
    /// let signer = Signer::new(ApiSecret::new("abcd")?);
    /// let options = serde_json::json!({"public_id": "sample", "format": "jpg", "attachment": true});
    /// let url = DownloadUrl::from_options(DownloadKind::Private, "demo", &options)?
    ///     .sign_at(&signer, "1234", Timestamp::from(1315060510))?;
    /// assert_eq!(
    ///     url.url(),
    ///     "https://api.cloudinary.com/v1_1/demo/image/download?attachment=true&format=jpg\
    ///      &public_id=sample&timestamp=1315060510&api_key=1234\
    ///      &signature=d3247891c8df327a2c9d93f98a2848dd8c30f01e"
    /// );
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedValue`] when `options` is not an object or `resource_type` is
    /// not a text. A value that cannot be signed (an object, a malformed `transformations`)
    /// is reported by [`sign`](Self::sign), in the request rule's order.
    #[cfg(feature = "serde")]
    #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
    pub fn from_options(
        kind: DownloadKind,
        cloud_name: impl Into<String>,
        options: &serde_json::Value,
    ) -> Result<Self, Error> {
        use super::option_value::from_json;
        use serde_json::Value;

        let Value::Object(members) = options else {
            return Err(Error::UnsupportedValue {
                name: String::new(),
                found: format!(
                    "{} as download options",
                    crate::json_text::json_kind(options)
                ),
            });
        };
        let mut url = Self::new(kind, cloud_name);
        for (name, value) in members {
            if name == "resource_type" {
                match value {
                    Value::Null => {}
                    Value::String(text) => url = url.with_resource_type(text),
                    other => {
                        return Err(Error::UnsupportedValue {
                            name: name.clone(),
                            found: crate::json_text::json_kind(other).to_owned(),
                        });
                    }
                }
            } else if name == "folder_path" && kind == DownloadKind::Folder {
                // `prefixes` = [folder_path]: a null path is a null item (empty, dropped).
                let item = from_json(value).unwrap_or(OptionValue::Text(String::new()));
                url.set("prefixes", item.into_list());
            } else if name == "transformations" && kind.takes(name) {
                // Formatted as the upload options' `eager` (see `cld_sign::download`).
                match crate::request::upload::eager::eager_text(value) {
                    Ok(text) => url.set(name, OptionValue::Text(text)),
                    Err(found) => url.set(name, OptionValue::Unsupported(found)),
                }
            } else if kind.takes(name) {
                // `null` leaves the option out (the URL starts with none set).
                if let Some(value) = from_json(value) {
                    url.set(name, value);
                }
            }
        }
        Ok(url)
    }

    /// The resource type, which chooses the path (`image`, `video`, `raw`, `all`…) and is not
    /// signed. An empty one means the kind's default; a backup ignores it.
    #[must_use]
    pub fn with_resource_type(mut self, resource_type: impl Into<String>) -> Self {
        let resource_type = resource_type.into();
        self.resource_type = (!resource_type.is_empty()).then_some(resource_type);
        self
    }

    /// Sets the option `name` to a value, stringified by the request rule (`cld_sign::request`) (`true`/`false`, integers
    /// with all their digits, floats as JavaScript prints them). For a list parameter
    /// ([`DownloadKind::is_list`]) it is a one-item list. An option the kind does not take
    /// is ignored when signing.
    ///
    /// For a folder, `folder_path` sets `prefixes` (= `[folder_path]`) and a given `prefixes`
    /// is ignored, as in [`from_options`](Self::from_options).
    #[must_use]
    pub fn with_param<V: SignValue + ?Sized>(mut self, name: &str, value: &V) -> Self {
        self.set_option(name, OptionValue::Text(text_of(value)));
        self
    }

    /// Sets the option `name` to a list: signed as its items joined with `,`, sent as one
    /// `name[]` per item (empty items included). For `transformations`, the items are
    /// joined with `|` and sent as one value.
    ///
    /// An item holding `,` signs as several items; refuse such items with
    /// [`with_commas_in_lists_refused`](Self::with_commas_in_lists_refused) when they come from a user.
    #[must_use]
    pub fn with_list<I>(mut self, name: &str, items: I) -> Self
    where
        I: IntoIterator,
        I::Item: SignValue,
    {
        let items: Vec<String> = items.into_iter().map(|item| text_of(&item)).collect();
        let value = if name == "transformations" {
            OptionValue::Text(items.join("|"))
        } else {
            OptionValue::List(items)
        };
        self.set_option(name, value);
        self
    }

    /// Refuses, when signing, any list item holding `,` ([`Error::AmbiguousListItem`]): in
    /// `public_ids`, `tags`, `prefixes` (a folder's path too), `target_tags`,
    /// `fully_qualified_public_ids`, or any option given a list. Cloudinary signs a list as
    /// its items joined with `,`, so `["mine,victim/secret"]` and `["mine",
    /// "victim/secret"]` sign the same text, and a URL checked and signed for the first
    /// downloads both assets. Use it whenever an item comes from a user. Values that are
    /// sent as they are signed (a single public ID, `transformations`) are not lists and
    /// are left alone.
    ///
    /// ```
    /// use cld_sign::download::DownloadUrl;
    /// use cld_sign::{ApiSecret, ErrorKind, Signer, Timestamp};
    ///
    /// let signer = Signer::new(ApiSecret::new("abcd")?);
    /// let at = Timestamp::from(1315060510);
    /// let from_user = ["users/eve/a,users/bob/secret"];
    /// let err = DownloadUrl::archive("demo")
    ///     .with_list("public_ids", from_user)
    ///     .with_commas_in_lists_refused()
    ///     .sign_at(&signer, "1234", at)
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::AmbiguousListItem);
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    #[must_use]
    pub fn with_commas_in_lists_refused(mut self) -> Self {
        self.refuse_commas = true;
        self
    }

    /// Appends one item to the archive's `transformations` (the upload-value rule (`cld_sign::request::upload`) `eager`): the raw
    /// transformation, then `/format` when a format is given; items are joined with `|`.
    ///
    /// ```
    /// use cld_sign::download::DownloadUrl;
    /// use cld_sign::{ApiSecret, Signer, Timestamp};
    ///
    /// let signer = Signer::new(ApiSecret::new("abcd")?);
    /// let url = DownloadUrl::archive("demo")
    ///     .with_param("tags", "animal")
    ///     .with_transformation("w_100", None)
    ///     .with_transformation("c_crop,w_50", Some("png"))
    ///     .sign_at(&signer, "1234", Timestamp::from(1315060510))?;
    /// assert!(url.string_to_sign().contains("&transformations=w_100|c_crop,w_50/png"));
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    #[must_use]
    pub fn with_transformation(mut self, transformation: &str, format: Option<&str>) -> Self {
        let item = eager_item(transformation, format);
        let text = match self.get("transformations") {
            Some(OptionValue::Text(before)) if !before.is_empty() => format!("{before}|{item}"),
            _ => item,
        };
        self.set("transformations", OptionValue::Text(text));
        self
    }

    /// Where the URL points: the API origin of the account's settings (`upload_prefix`,
    /// usually from [`Config::url_settings`](crate::Config::url_settings)).
    ///
    /// ```
    /// use cld_sign::download::DownloadUrl;
    /// use cld_sign::{ApiSecret, Signer, Timestamp, UrlSettings};
    /// let settings = UrlSettings::default().with_upload_prefix("http://127.0.0.1:3001")?;
    /// let url = DownloadUrl::private("demo", "sample")
    ///     .with_url_settings(&settings)
    ///     .sign_at(&Signer::new(ApiSecret::new("abcd")?), "1234", Timestamp::from(1315060510))?;
    /// assert!(url.url().starts_with("http://127.0.0.1:3001/v1_1/demo/image/download?public_id=sample&"));
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    #[must_use]
    pub fn with_url_settings(mut self, settings: &UrlSettings) -> Self {
        self.upload_prefix = Some(settings.upload_prefix().to_owned());
        self
    }

    /// The kind.
    pub fn kind(&self) -> DownloadKind {
        self.kind
    }

    /// The path after `/v1_1/<cloud>/`: `<resource_type>/download`,
    /// `<resource_type>/generate_archive` or `download_backup`.
    pub fn path(&self) -> String {
        match self.kind.default_resource_type() {
            None => self.kind.endpoint().to_owned(),
            Some(default) => {
                let resource_type = self.resource_type.as_deref().unwrap_or(default);
                format!(
                    "{}/{}",
                    super::signed::path_segment(resource_type),
                    self.kind.endpoint()
                )
            }
        }
    }

    /// Signs the options with the system clock's time as `timestamp`:
    /// [`sign_at`](Self::sign_at) at [`Timestamp::now`].
    ///
    /// # Errors
    ///
    /// As [`sign_at`](Self::sign_at).
    pub fn sign(&self, signer: &Signer, api_key: &str) -> Result<SignedDownloadUrl, Error> {
        self.sign_at(signer, api_key, Timestamp::now())
    }

    /// Signs the options at `timestamp` with the request rule (`cld_sign::request`) (signature version 2, the signer's
    /// algorithm) and builds the URL: the signed pairs, then `api_key` and `signature`.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedValue`] for an option that cannot be signed (an object, an object
    /// in a list, a malformed `transformations`), the first in name order; then, with
    /// [`with_commas_in_lists_refused`](Self::with_commas_in_lists_refused),
    /// [`Error::AmbiguousListItem`] for the first list item holding `,`.
    pub fn sign_at(
        &self,
        signer: &Signer,
        api_key: &str,
        timestamp: Timestamp,
    ) -> Result<SignedDownloadUrl, Error> {
        let mut entries: Vec<(String, Result<String, String>)> = Vec::new();
        let mut lists: Vec<(&str, Vec<String>)> = Vec::new();
        for (name, value) in &self.options {
            let folder_prefixes = self.kind == DownloadKind::Folder && name == "prefixes";
            if !self.kind.takes(name) && !folder_prefixes {
                continue;
            }
            let value = if DownloadKind::is_list(name) {
                value.clone().into_list()
            } else {
                value.clone()
            };
            entries.push((name.clone(), value.signed_text()));
            if let OptionValue::List(items) = value {
                lists.push((name, items));
            }
        }
        if self.kind.forces_mode() {
            entries.push(("mode".to_owned(), Ok("download".to_owned())));
        }
        entries.push(("timestamp".to_owned(), Ok(text_of(&timestamp))));
        let params = Params::from_entries(entries.into_iter().collect())?;
        if self.refuse_commas {
            for (name, items) in &lists {
                if let Some(at) = items.iter().position(|item| item.contains(',')) {
                    return Err(Error::AmbiguousListItem {
                        name: (*name).to_owned(),
                        item: at + 1,
                    });
                }
            }
        }

        let mut string_to_sign = String::new();
        params.write_params(&mut CanonicalWriter::new(
            &mut string_to_sign,
            SignatureVersion::V2,
        ));
        let signature = signer.hash_with_secret(signer.algorithm(), &[string_to_sign.as_bytes()]);

        let mut query = Vec::with_capacity(params.len() + 2);
        for (name, text) in params.iter() {
            match lists.iter().find(|(n, _)| *n == name) {
                Some((_, items)) => {
                    let list_name = format!("{name}[]");
                    query.extend(items.iter().map(|item| (list_name.clone(), item.clone())));
                }
                None => query.push((name.to_owned(), text.to_owned())),
            }
        }
        query.push(("api_key".to_owned(), api_key.to_owned()));
        query.push(("signature".to_owned(), signature.to_string()));

        let default_prefix = UrlSettings::default();
        Ok(SignedDownloadUrl::new(
            self.upload_prefix
                .as_deref()
                .unwrap_or(default_prefix.upload_prefix()),
            &self.cloud_name,
            &self.path(),
            query,
            string_to_sign,
            signature,
        ))
    }

    /// Sets an option given by the caller: for a folder, `folder_path` is `prefixes` and a
    /// given `prefixes` is ignored.
    fn set_option(&mut self, name: &str, value: OptionValue) {
        match (self.kind, name) {
            (DownloadKind::Folder, "prefixes") => {}
            (DownloadKind::Folder, "folder_path") => self.set("prefixes", value.into_list()),
            _ => self.set(name, value),
        }
    }

    fn get(&self, name: &str) -> Option<&OptionValue> {
        self.options.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    fn set(&mut self, name: &str, value: OptionValue) {
        match self.options.iter_mut().find(|(n, _)| n == name) {
            Some((_, slot)) => *slot = value,
            None => self.options.push((name.to_owned(), value)),
        }
    }
}

/// One `transformations` item, as `eager` writes it (see `cld_sign::request::upload`): the transformation, then
/// `/format` when a format is given (`""` gives a trailing `/`: "original format").
fn eager_item(transformation: &str, format: Option<&str>) -> String {
    match format {
        Some(format) => format!("{transformation}/{format}"),
        None => transformation.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::DownloadUrl;
    use crate::{ApiSecret, Signer, Timestamp};

    fn signed(url: DownloadUrl) -> String {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap());
        url.sign_at(&signer, "1234", Timestamp::from_secs(1_315_060_510))
            .unwrap()
            .string_to_sign()
            .to_owned()
    }

    /// Options a kind does not take are left out; a folder's own `prefixes` stays.
    /// `sign` signs at the system clock's time: the signed timestamp lies between two
    /// readings of the clock, and the URL is the one `sign_at` gives at that time.
    #[test]
    fn sign_reads_the_clock() {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap());
        let url = DownloadUrl::private("demo", "sample");
        let before = Timestamp::now().as_secs();
        let signed = url.sign(&signer, "1234").unwrap();
        let after = Timestamp::now().as_secs();
        let at = signed
            .string_to_sign()
            .rsplit_once("timestamp=")
            .and_then(|(_, t)| t.parse::<u64>().ok())
            .expect("a signed download URL carries its timestamp");
        assert!(
            before <= at && at <= after,
            "{at} not in {before}..={after}"
        );
        let again = url
            .sign_at(&signer, "1234", Timestamp::from_secs(at))
            .unwrap();
        assert_eq!(signed.url(), again.url());
    }

    #[test]
    fn each_kind_signs_only_what_it_takes() {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap());
        let url = DownloadUrl::private("demo", "sample")
            .sign_at(&signer, "1234", Timestamp::from_secs(1))
            .unwrap();
        assert_eq!(url.to_string(), url.url());
        let private = signed(DownloadUrl::private("demo", "sample").with_list("prefixes", ["a/"]));
        assert!(!private.contains("prefixes"), "{private}");
        let folder = signed(DownloadUrl::folder("demo", "f/").with_param("public_id", "x"));
        assert!(folder.contains("prefixes=f/"), "{folder}");
        assert!(!folder.contains("public_id"), "{folder}");
    }

    /// A transformation is appended with `|`, but not after an empty one.
    #[test]
    fn transformations_join_with_a_bar() {
        let one = signed(
            DownloadUrl::archive("demo")
                .with_list("tags", ["t"])
                .with_param("transformations", "")
                .with_transformation("w_100", None),
        );
        assert!(one.ends_with("&transformations=w_100"), "{one}");
        let two = signed(
            DownloadUrl::archive("demo")
                .with_list("tags", ["t"])
                .with_transformation("w_100", None)
                .with_transformation("c_crop", Some("png")),
        );
        assert!(two.ends_with("&transformations=w_100|c_crop/png"), "{two}");
    }

    #[cfg(feature = "serde")]
    #[test]
    fn options_from_json_name_wrong_types_and_leave_nulls_out() {
        use crate::download::DownloadKind;
        use serde_json::json;

        let error = |options| {
            DownloadUrl::from_options(DownloadKind::Archive, "demo", &options)
                .unwrap_err()
                .to_string()
        };
        assert!(error(json!(5)).contains("a number as download options"));
        assert!(error(json!({"resource_type": true})).contains("a boolean"));

        let null = signed(
            DownloadUrl::from_options(
                DownloadKind::Archive,
                "demo",
                &json!({"target_public_id": null, "tags": ["t"]}),
            )
            .unwrap(),
        );
        assert!(!null.contains("target_public_id"), "{null}");
    }
}
