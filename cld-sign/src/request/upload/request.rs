//! The typed upload request: every documented Upload API parameter as an optional field,
//! signed by `#[derive(Signable)]` and sent exactly as signed.

use serde_json::Value;

use super::context::{Context, Metadata};
use super::coordinates::Coordinates;
use super::eager::Eager;
use super::json_value::{Json, JsonList};
use super::kinds::{AccessMode, DeliveryType, ResourceType};
use crate::error::Error;
use crate::request::canonical::{EXCLUDED_NAMES, is_excluded};
use crate::request::form::{FormWriter, UploadForm};
use crate::request::params::Params;
use crate::request::signable::SignableFormAt;
use crate::request::value::ValueText;
use crate::signer::Signer;
use crate::timestamp::Timestamp;
use crate::url_settings::UrlSettings;

macro_rules! upload_params {
    ($(
        $(#[doc = $doc:literal])*
        $(#[sign($($sign:tt)*)])?
        $field:ident : $ty:ty => $key:literal;
    )*) => {
        /// The parameters of an Upload API call (`POST /v1_1/<cloud>/<resource_type>/upload`),
        /// each typed, documented and optional: write only the ones you use, the rest is
        /// `Default`.
        ///
        /// Signed by `#[derive(Signable)]` with no allocation (keys sorted at compile time);
        /// the timestamp is the signer's ([`Signer::sign_at`]). [`UploadParams::sign`] gives
        /// the form to send from the same generated walk over the fields, so a field is
        /// never sent differently from how it was signed. Parameters this struct does not know go
        /// through [`UploadParams::sign_with_extra`].
        ///
        /// ```
        /// use cld_sign::upload::{Context, Eager, EagerTransformation, UploadParams};
        /// use cld_sign::{ApiSecret, Signer, Timestamp};
        ///
        /// let params = UploadParams {
        ///     public_id: Some("sample_image".into()),
        ///     tags: Some(vec!["a".into(), "b".into()]),
        ///     context: Some(Context::new().with("alt", "x=y")),
        ///     eager: Some(Eager::new().with("w_400").with(EagerTransformation::new("w_260").format("png"))),
        ///     overwrite: Some(true),
        ///     ..UploadParams::default()
        /// };
        /// let signer = Signer::new(ApiSecret::new("abcd")?);
        /// let form = params.sign(&signer, "1234", Timestamp::from_secs(1315060510));
        /// assert_eq!(
        ///     form.string_to_sign(),
        ///     r"context=alt=x\=y&eager=w_400|w_260/png&overwrite=true&public_id=sample_image&tags=a,b&timestamp=1315060510"
        /// );
        /// assert_eq!(form.signature(), &signer.sign_at(&params, Timestamp::from_secs(1315060510)));
        /// # Ok::<(), cld_sign::Error>(())
        /// ```
        #[derive(Clone, Debug, Default, PartialEq, cld_sign_derive::Signable, serde::Deserialize)]
        #[sign(crate = "crate")]
        #[serde(deny_unknown_fields)]
        pub struct UploadParams {
            $(
                $(#[doc = $doc])*
                $(#[sign($($sign)*)])?
                #[serde(default)]
                pub $field: Option<$ty>,
            )*
        }

        /// The names of every Upload API parameter [`UploadParams`] knows, sorted, with
        /// `timestamp` (the signer's); without the never-signed names (`file`, `api_key`,
        /// `signature`, `cloud_name`, `resource_type`). The one list of known upload
        /// parameter names: a signing service that signs only known parameters checks
        /// names against it ([`is_upload_parameter`]).
        pub const UPLOAD_PARAMETERS: &[&str] = &{
            const ALL: &[&str] = &[$($key),*];
            const N: usize = count_signed(ALL) + 1;
            let mut out = [""; N];
            let mut i = 0;
            let mut j = 0;
            while i < ALL.len() {
                // Excluded fields (`resource_type`) are never signed.
                if !is_excluded_name(ALL[i]) {
                    out[j] = ALL[i];
                    j += 1;
                }
                i += 1;
            }
            out[j] = "timestamp";
            sort_names(out)
        };
    };
}

/// Whether `name` is one of the names never signed, at compile time.
const fn is_excluded_name(name: &str) -> bool {
    let mut i = 0;
    while i < EXCLUDED_NAMES.len() {
        if matches_str(name, EXCLUDED_NAMES[i]) {
            return true;
        }
        i += 1;
    }
    false
}

/// How many of `names` are signed.
const fn count_signed(names: &[&str]) -> usize {
    let mut count = 0;
    let mut i = 0;
    while i < names.len() {
        if !is_excluded_name(names[i]) {
            count += 1;
        }
        i += 1;
    }
    count
}

const fn matches_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn less(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] < b[i] {
            return true;
        }
        if a[i] > b[i] {
            return false;
        }
        i += 1;
    }
    a.len() < b.len()
}

/// Sorts names by their bytes at compile time (insertion sort).
const fn sort_names<const N: usize>(mut names: [&'static str; N]) -> [&'static str; N] {
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 && less(names[j], names[j - 1]) {
            let t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    names
}

/// Whether `name` is an Upload API parameter [`UploadParams`] knows (or `timestamp`).
///
/// ```
/// use cld_sign::upload::is_upload_parameter;
/// assert!(is_upload_parameter("public_id"));
/// assert!(is_upload_parameter("type"));
/// assert!(!is_upload_parameter("file"));
/// assert!(!is_upload_parameter("publicid"));
/// ```
pub fn is_upload_parameter(name: &str) -> bool {
    UPLOAD_PARAMETERS.binary_search(&name).is_ok()
}

upload_params! {
    // Identity and naming.
    /// `public_id`: the asset's public ID (may hold `/` for folders in fixed-folder mode).
    public_id: String => "public_id";
    /// `public_id_prefix`: a prefix for the generated public ID.
    public_id_prefix: String => "public_id_prefix";
    /// `folder`: the folder in the public ID (fixed-folder mode).
    folder: String => "folder";
    /// `asset_folder`: the asset's folder in the Media Library (dynamic-folder mode).
    asset_folder: String => "asset_folder";
    /// `display_name`: the name shown in the Media Library.
    display_name: String => "display_name";
    /// `use_filename`: base the public ID on the uploaded file's name.
    use_filename: bool => "use_filename";
    /// `use_filename_as_display_name`: base the display name on the file's name.
    use_filename_as_display_name: bool => "use_filename_as_display_name";
    /// `use_asset_folder_as_public_id_prefix`: prefix the public ID with the asset folder.
    use_asset_folder_as_public_id_prefix: bool => "use_asset_folder_as_public_id_prefix";
    /// `unique_filename`: add random characters to a file-name-based public ID.
    unique_filename: bool => "unique_filename";
    /// `unique_display_name`: make the display name unique within its folder.
    unique_display_name: bool => "unique_display_name";
    /// `filename_override`: the file name to use instead of the uploaded one.
    filename_override: String => "filename_override";
    /// `type`: the delivery type.
    r#type: DeliveryType => "type";
    /// `access_mode`: legacy access control (prefer `access_control`).
    access_mode: AccessMode => "access_mode";
    /// `resource_type`: the endpoint path; never signed and not sent as a field.
    #[sign(exclude)]
    resource_type: ResourceType => "resource_type";
    /// `discard_original_filename`: do not keep the original file name.
    discard_original_filename: bool => "discard_original_filename";
    /// `overwrite`: replace an asset with the same public ID.
    overwrite: bool => "overwrite";
    // Tags and metadata.
    /// `tags`: signed and sent as one field, the tags joined with `,`.
    #[sign(join)]
    tags: Vec<String> => "tags";
    /// `context`: contextual metadata, `key=value` entries.
    context: Context => "context";
    /// `metadata`: structured metadata, `external_id=value` entries.
    metadata: Metadata => "metadata";
    /// `clear_invalid`: drop metadata values that fail their field's rules.
    clear_invalid: bool => "clear_invalid";
    // Analysis.
    /// `colors`: return the predominant colours.
    colors: bool => "colors";
    /// `faces`: return the coordinates of detected faces.
    faces: bool => "faces";
    /// `quality_analysis`: return a quality score.
    quality_analysis: bool => "quality_analysis";
    /// `accessibility_analysis`: return an accessibility analysis.
    accessibility_analysis: bool => "accessibility_analysis";
    /// `cinemagraph_analysis`: return a cinemagraph score.
    cinemagraph_analysis: bool => "cinemagraph_analysis";
    /// `image_metadata`: return IPTC, XMP and detailed Exif metadata (deprecated alias of
    /// `media_metadata`).
    image_metadata: bool => "image_metadata";
    /// `media_metadata`: return IPTC, XMP and detailed media metadata.
    media_metadata: bool => "media_metadata";
    /// `exif`: return Exif metadata (deprecated: use `media_metadata`).
    exif: bool => "exif";
    /// `phash`: return the perceptual hash.
    phash: bool => "phash";
    /// `visual_search`: index the image for visual search.
    visual_search: bool => "visual_search";
    /// `auto_tagging`: the confidence (0.0–1.0) above which detected categories become tags.
    auto_tagging: f64 => "auto_tagging";
    /// `categorization`: the categorization add-ons to run (sent as `categorization[]`).
    /// Signed as the items joined with `,`, so an item holding `,` signs as several: take
    /// the names from a fixed set, never from a user's text.
    #[sign(array)]
    categorization: Vec<String> => "categorization";
    /// `detection`: the object-detection add-on (e.g. `coco_v2`).
    detection: String => "detection";
    /// `ocr`: the OCR add-on (`adv_ocr`).
    ocr: String => "ocr";
    /// `auto_chaptering`: generate video chapters.
    auto_chaptering: bool => "auto_chaptering";
    /// `auto_transcription`: `true` or an object of transcription settings (JSON).
    auto_transcription: Json => "auto_transcription";
    /// `responsive_breakpoints`: breakpoint settings (a list of objects, JSON).
    responsive_breakpoints: JsonList => "responsive_breakpoints";
    // Transformations.
    /// `eager`: transformations to generate on upload.
    eager: Eager => "eager";
    /// `eager_async`: generate the eager transformations in the background.
    eager_async: bool => "eager_async";
    /// `eager_notification_url`: where to notify when the eager transformations are done.
    eager_notification_url: String => "eager_notification_url";
    /// `transformation`: a raw incoming transformation, applied before storing.
    transformation: String => "transformation";
    /// `format`: convert the asset to this format before storing.
    format: String => "format";
    /// `custom_coordinates`: a region of interest for custom-gravity cropping.
    custom_coordinates: Coordinates => "custom_coordinates";
    /// `face_coordinates`: face rectangles for face-gravity cropping.
    face_coordinates: Coordinates => "face_coordinates";
    /// `regions`: named regions (JSON: name → list of points).
    regions: Json => "regions";
    /// `background_removal`: the background-removal add-on.
    background_removal: String => "background_removal";
    /// `raw_convert`: the conversion add-on for raw files (e.g. `aspose`).
    raw_convert: String => "raw_convert";
    /// `allowed_formats`: refuse files in other formats; one field, joined with `,`.
    #[sign(join)]
    allowed_formats: Vec<String> => "allowed_formats";
    /// `quality_override`: the quality to use with `q_auto` (e.g. `auto:good`).
    quality_override: String => "quality_override";
    // Delivery, moderation and callbacks.
    /// `access_control`: access rules (a list of objects, JSON).
    access_control: JsonList => "access_control";
    /// `async`: process the upload in the background.
    r#async: bool => "async";
    /// `backup`: back up the asset.
    backup: bool => "backup";
    /// `callback`: the URL to redirect a browser upload to.
    callback: String => "callback";
    /// `eval`: JavaScript run on the upload's metadata before it is stored.
    eval: String => "eval";
    /// `on_success`: JavaScript run after a successful upload.
    on_success: String => "on_success";
    /// `headers`: HTTP headers to deliver the asset with (`Name: value`, `\n`-separated).
    headers: String => "headers";
    /// `invalidate`: invalidate cached copies when overwriting.
    invalidate: bool => "invalidate";
    /// `moderation`: the moderation kinds (`manual`, `aws_rek`, …, joined with `|`).
    moderation: String => "moderation";
    /// `notification_url`: where to send the upload notification.
    notification_url: String => "notification_url";
    /// `proxy`: an HTTP proxy for fetching a remote `file` URL.
    proxy: String => "proxy";
    /// `return_delete_token`: return a token that deletes the asset within 10 minutes.
    return_delete_token: bool => "return_delete_token";
    /// `upload_preset`: the upload preset to apply.
    upload_preset: String => "upload_preset";
}

impl UploadParams {
    /// Signs the parameters with `timestamp` and lays out the form (see `cld_sign::upload`): every
    /// signed field exactly as signed (`categorization` as `categorization[]` items), plus
    /// `timestamp` and `api_key`: [`Signer::sign_form_at`], the derive's one walk over
    /// the fields, whose signature is the one [`Signer::sign_at`] gives with no
    /// allocation.
    pub fn sign(&self, signer: &Signer, api_key: &str, timestamp: Timestamp) -> UploadForm {
        signer.sign_form_at(self, api_key, timestamp)
    }

    /// [`sign`](Self::sign) with parameters this struct does not know, as `(name, text)`
    /// pairs, signed and sent as given (allocates: the pairs are merged and sorted at run
    /// time).
    ///
    /// # Errors
    /// [`Error::MalformedParameterName`] for a name outside `[a-z0-9_]+`;
    /// [`Error::DuplicateParameter`] for a name that is a field of this struct (set) or
    /// `timestamp`, or given twice.
    pub fn sign_with_extra<'a>(
        &self,
        signer: &Signer,
        api_key: &str,
        timestamp: Timestamp,
        extra: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<UploadForm, Error> {
        let mut walked = FormWriter::default();
        self.__walk_at(timestamp, &mut walked);
        let mut entries: Vec<(String, ValueText)> = walked
            .signed_texts()
            .map(|(name, text)| (name.to_owned(), Ok(text.to_owned())))
            .collect();
        let mut fields = walked.sent_fields();
        for (name, text) in extra {
            entries.push((name.to_owned(), Ok(text.to_owned())));
            if !text.is_empty() && !is_excluded(name) {
                fields.push((name.to_owned(), text.to_owned()));
            }
        }
        let params = Params::from_entries(entries.into_iter().collect())?;
        Ok(UploadForm::new(
            fields,
            api_key,
            timestamp,
            signer.string_to_sign(&params),
            signer.sign(&params),
        ))
    }

    /// The endpoint to POST the form to:
    /// `https://api.cloudinary.com/v1_1/<cloud_name>/<resource_type>/upload`, with
    /// `resource_type` `auto` when unset.
    pub fn endpoint(&self, cloud_name: &str) -> String {
        self.endpoint_with(&UrlSettings::default(), cloud_name)
    }

    /// The endpoint to POST the form to with the account's URL settings (usually
    /// [`Config::url_settings`](crate::Config::url_settings)):
    /// `<upload_prefix>/v1_1/<cloud_name>/<resource_type>/upload`, so that a configured
    /// `upload_prefix` (a local stand-in for Cloudinary's API) is where uploads go.
    ///
    /// ```
    /// use cld_sign::{Config, UploadParams};
    /// let config = Config::from_url("cloudinary://1234:abcd@demo?upload_prefix=http://127.0.0.1:3001")?;
    /// let params = UploadParams::default();
    /// assert_eq!(
    ///     params.endpoint_with(config.url_settings(), "demo"),
    ///     "http://127.0.0.1:3001/v1_1/demo/auto/upload"
    /// );
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn endpoint_with(&self, settings: &UrlSettings, cloud_name: &str) -> String {
        let resource_type = self.resource_type.unwrap_or(ResourceType::Auto);
        settings.api_url(cloud_name, &format!("{resource_type}/upload"))
    }

    /// Reads SDK-style options (the JSON object of the dynamic path) into typed fields,
    /// where every member has the field's typed shape (`overwrite: true`, not `"true"`;
    /// `tags` a list; `context` an object of texts; …).
    ///
    /// # Errors
    /// [`Error::UnsupportedValue`] naming what does not fit (an unknown name, a value of
    /// another shape).
    pub fn from_json(options: &Value) -> Result<Self, Error> {
        serde_json::from_value(options.clone()).map_err(|e| Error::UnsupportedValue {
            name: String::new(),
            found: format!("options that do not fit `UploadParams` ({e})"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{ResourceType, UploadParams, less, sort_names};
    use crate::{ApiSecret, Error, Params, Signer, Timestamp};

    /// The compile-time order is the bytes' order, prefixes first.
    #[test]
    fn names_sort_by_their_bytes() {
        for (a, b, want) in [
            ("a", "b", true),
            ("b", "a", false),
            ("ab", "abc", true),
            ("abc", "ab", false),
            ("ab", "ab", false),
            ("", "a", true),
            ("a", "", false),
            ("eager", "eager_async", true),
            ("tags", "tag", false),
        ] {
            assert_eq!(less(a, b), want, "{a} < {b}");
        }
        assert_eq!(
            sort_names(["tags", "eager_async", "eager", "a", "tag"]),
            ["a", "eager", "eager_async", "tag", "tags"]
        );
    }

    #[test]
    fn extra_parameters_are_signed_and_sent_unless_empty_or_excluded() {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap());
        let params = UploadParams {
            public_id: Some("sample".into()),
            tags: Some(vec!["a".into(), "b".into()]),
            ..UploadParams::default()
        };
        let timestamp = Timestamp::from_secs(1_315_060_510);
        let extra = [
            ("zeta", "z&1"),
            ("empty", ""),
            ("file", "data"),
            ("alpha", "1"),
        ];
        let form = params
            .sign_with_extra(&signer, "key", timestamp, extra)
            .unwrap();
        let want = Params::from_pairs([
            ("alpha", "1"),
            ("public_id", "sample"),
            ("tags", "a,b"),
            ("timestamp", "1315060510"),
            ("zeta", "z&1"),
        ])
        .unwrap();
        assert_eq!(form.string_to_sign(), signer.string_to_sign(&want));
        assert_eq!(form.signature(), &signer.sign(&want));
        let mut fields: Vec<_> = form.fields().collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            [
                ("alpha", "1"),
                ("api_key", "key"),
                ("public_id", "sample"),
                ("tags", "a,b"),
                ("timestamp", "1315060510"),
                ("zeta", "z&1"),
            ]
        );

        let twice = params.sign_with_extra(&signer, "key", timestamp, [("public_id", "x")]);
        assert!(
            matches!(twice, Err(Error::DuplicateParameter { .. })),
            "{twice:?}"
        );
        let bad = params.sign_with_extra(&signer, "key", timestamp, [("Bad", "x")]);
        assert!(
            matches!(bad, Err(Error::MalformedParameterName { .. })),
            "{bad:?}"
        );
    }

    #[test]
    fn the_endpoint_names_the_cloud_and_resource_type() {
        let params = UploadParams::default();
        assert_eq!(
            params.endpoint("demo"),
            "https://api.cloudinary.com/v1_1/demo/auto/upload"
        );
        let video = UploadParams {
            resource_type: Some(ResourceType::Video),
            ..UploadParams::default()
        };
        assert_eq!(
            video.endpoint("my-cloud"),
            "https://api.cloudinary.com/v1_1/my-cloud/video/upload"
        );
    }
}
