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
use crate::request::form::{FormWriter, SignedUploadForm};
use crate::request::params::Params;
use crate::request::signable::SignableFormAt;
use crate::request::value::ValueText;
use crate::signer::Signer;
use crate::timestamp::Timestamp;
use crate::url_settings::UrlSettings;

macro_rules! upload_params {
    // The setter of a field: `Into` its type; a list takes any items that are `Into<String>`.
    (@setter $field:ident $setter:ident $ty:ty, $key:literal, list) => {
        #[doc = concat!("Sets `", $key, "`: the items, each `Into<String>`.")]
        pub fn $setter<I, S>(mut self, items: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.$field = Some(items.into_iter().map(Into::into).collect());
            self
        }
    };
    (@setter $field:ident $setter:ident $ty:ty, $key:literal,) => {
        #[doc = concat!("Sets `", $key, "`.")]
        pub fn $setter(mut self, value: impl Into<$ty>) -> Self {
            self.$field = Some(value.into());
            self
        }
    };
    ($(
        $(#[doc = $doc:literal])*
        $(#[sign($($sign:tt)*)])?
        $field:ident, $setter:ident $(($list:ident))? : $ty:ty => $key:literal;
    )*) => {
        /// The parameters of an Upload API call (`POST /v1_1/<cloud>/<resource_type>/upload`),
        /// each typed, documented and optional: start from [`UploadParams::default`] and set
        /// the ones you use with their `with_*` setters (`with_public_id`, `with_tags`, …);
        /// each field can also be read, or assigned, by name.
        ///
        /// `#[non_exhaustive]`: a parameter Cloudinary adds becomes a new field and setter
        /// without breaking code that builds one this way.
        ///
        /// Signed by `#[derive(Signable)]` with no allocation (keys sorted at compile time);
        /// the timestamp is the signer's ([`Signer::sign_at`]). [`UploadParams::sign`] gives
        /// the form to send from the same generated walk over the fields, so a field is
        /// never sent differently from how it was signed. Parameters this struct does not know go
        /// through [`UploadParams::sign_with_extra_at`].
        ///
        /// ```
        /// use cld_sign::request::upload::{Context, Eager, EagerTransformation, UploadParams};
        /// use cld_sign::{ApiSecret, Signer, Timestamp};
        ///
        /// let params = UploadParams::default()
        ///     .with_public_id("sample_image")
        ///     .with_tags(["a", "b"])
        ///     .with_context(Context::new().with("alt", "x=y"))
        ///     .with_eager(Eager::new().with("w_400").with(EagerTransformation::new("w_260").with_format("png")))
        ///     .with_overwrite(true);
        /// let signer = Signer::new(ApiSecret::new("abcd")?);
        /// let form = params.sign_at(&signer, "1234", Timestamp::from_secs(1315060510));
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
        #[non_exhaustive]
        pub struct UploadParams {
            $(
                $(#[doc = $doc])*
                $(#[sign($($sign)*)])?
                #[serde(default)]
                pub $field: Option<$ty>,
            )*
        }

        /// The setters: each sets its parameter (`Some`) and returns the parameters.
        impl UploadParams {
            $(upload_params!(@setter $field $setter $ty, $key, $($list)?);)*
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
/// use cld_sign::request::upload::is_upload_parameter;
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
    public_id, with_public_id: String => "public_id";
    /// `public_id_prefix`: a prefix for the generated public ID.
    public_id_prefix, with_public_id_prefix: String => "public_id_prefix";
    /// `folder`: the folder in the public ID (fixed-folder mode).
    folder, with_folder: String => "folder";
    /// `asset_folder`: the asset's folder in the Media Library (dynamic-folder mode).
    asset_folder, with_asset_folder: String => "asset_folder";
    /// `display_name`: the name shown in the Media Library.
    display_name, with_display_name: String => "display_name";
    /// `use_filename`: base the public ID on the uploaded file's name.
    use_filename, with_use_filename: bool => "use_filename";
    /// `use_filename_as_display_name`: base the display name on the file's name.
    use_filename_as_display_name, with_use_filename_as_display_name: bool => "use_filename_as_display_name";
    /// `use_asset_folder_as_public_id_prefix`: prefix the public ID with the asset folder.
    use_asset_folder_as_public_id_prefix, with_use_asset_folder_as_public_id_prefix: bool => "use_asset_folder_as_public_id_prefix";
    /// `unique_filename`: add random characters to a file-name-based public ID.
    unique_filename, with_unique_filename: bool => "unique_filename";
    /// `unique_display_name`: make the display name unique within its folder.
    unique_display_name, with_unique_display_name: bool => "unique_display_name";
    /// `filename_override`: the file name to use instead of the uploaded one.
    filename_override, with_filename_override: String => "filename_override";
    /// `type`: the delivery type.
    r#type, with_type: DeliveryType => "type";
    /// `access_mode`: legacy access control (prefer `access_control`).
    access_mode, with_access_mode: AccessMode => "access_mode";
    /// `resource_type`: the endpoint path; never signed and not sent as a field.
    #[sign(exclude)]
    resource_type, with_resource_type: ResourceType => "resource_type";
    /// `discard_original_filename`: do not keep the original file name.
    discard_original_filename, with_discard_original_filename: bool => "discard_original_filename";
    /// `overwrite`: replace an asset with the same public ID.
    overwrite, with_overwrite: bool => "overwrite";
    // Tags and metadata.
    /// `tags`: signed and sent as one field, the tags joined with `,`.
    #[sign(join)]
    tags, with_tags (list): Vec<String> => "tags";
    /// `context`: contextual metadata, `key=value` entries.
    context, with_context: Context => "context";
    /// `metadata`: structured metadata, `external_id=value` entries.
    metadata, with_metadata: Metadata => "metadata";
    /// `clear_invalid`: drop metadata values that fail their field's rules.
    clear_invalid, with_clear_invalid: bool => "clear_invalid";
    // Analysis.
    /// `colors`: return the predominant colours.
    colors, with_colors: bool => "colors";
    /// `faces`: return the coordinates of detected faces.
    faces, with_faces: bool => "faces";
    /// `quality_analysis`: return a quality score.
    quality_analysis, with_quality_analysis: bool => "quality_analysis";
    /// `accessibility_analysis`: return an accessibility analysis.
    accessibility_analysis, with_accessibility_analysis: bool => "accessibility_analysis";
    /// `cinemagraph_analysis`: return a cinemagraph score.
    cinemagraph_analysis, with_cinemagraph_analysis: bool => "cinemagraph_analysis";
    /// `image_metadata`: return IPTC, XMP and detailed Exif metadata (deprecated alias of
    /// `media_metadata`).
    image_metadata, with_image_metadata: bool => "image_metadata";
    /// `media_metadata`: return IPTC, XMP and detailed media metadata.
    media_metadata, with_media_metadata: bool => "media_metadata";
    /// `exif`: return Exif metadata (deprecated: use `media_metadata`).
    exif, with_exif: bool => "exif";
    /// `phash`: return the perceptual hash.
    phash, with_phash: bool => "phash";
    /// `visual_search`: index the image for visual search.
    visual_search, with_visual_search: bool => "visual_search";
    /// `auto_tagging`: the confidence (0.0–1.0) above which detected categories become tags.
    auto_tagging, with_auto_tagging: f64 => "auto_tagging";
    /// `categorization`: the categorization add-ons to run (sent as `categorization[]`).
    /// Signed as the items joined with `,`, so an item holding `,` signs as several: take
    /// the names from a fixed set, never from a user's text.
    #[sign(array)]
    categorization, with_categorization (list): Vec<String> => "categorization";
    /// `detection`: the object-detection add-on (e.g. `coco_v2`).
    detection, with_detection: String => "detection";
    /// `ocr`: the OCR add-on (`adv_ocr`).
    ocr, with_ocr: String => "ocr";
    /// `auto_chaptering`: generate video chapters.
    auto_chaptering, with_auto_chaptering: bool => "auto_chaptering";
    /// `auto_transcription`: `true` or an object of transcription settings (JSON).
    auto_transcription, with_auto_transcription: Json => "auto_transcription";
    /// `responsive_breakpoints`: breakpoint settings (a list of objects, JSON).
    responsive_breakpoints, with_responsive_breakpoints: JsonList => "responsive_breakpoints";
    // Transformations.
    /// `eager`: transformations to generate on upload.
    eager, with_eager: Eager => "eager";
    /// `eager_async`: generate the eager transformations in the background.
    eager_async, with_eager_async: bool => "eager_async";
    /// `eager_notification_url`: where to notify when the eager transformations are done.
    eager_notification_url, with_eager_notification_url: String => "eager_notification_url";
    /// `transformation`: a raw incoming transformation, applied before storing.
    transformation, with_transformation: String => "transformation";
    /// `format`: convert the asset to this format before storing.
    format, with_format: String => "format";
    /// `custom_coordinates`: a region of interest for custom-gravity cropping.
    custom_coordinates, with_custom_coordinates: Coordinates => "custom_coordinates";
    /// `face_coordinates`: face rectangles for face-gravity cropping.
    face_coordinates, with_face_coordinates: Coordinates => "face_coordinates";
    /// `regions`: named regions (JSON: name → list of points).
    regions, with_regions: Json => "regions";
    /// `background_removal`: the background-removal add-on.
    background_removal, with_background_removal: String => "background_removal";
    /// `raw_convert`: the conversion add-on for raw files (e.g. `aspose`).
    raw_convert, with_raw_convert: String => "raw_convert";
    /// `allowed_formats`: refuse files in other formats; one field, joined with `,`.
    #[sign(join)]
    allowed_formats, with_allowed_formats (list): Vec<String> => "allowed_formats";
    /// `quality_override`: the quality to use with `q_auto` (e.g. `auto:good`).
    quality_override, with_quality_override: String => "quality_override";
    // Delivery, moderation and callbacks.
    /// `access_control`: access rules (a list of objects, JSON).
    access_control, with_access_control: JsonList => "access_control";
    /// `async`: process the upload in the background.
    r#async, with_async: bool => "async";
    /// `backup`: back up the asset.
    backup, with_backup: bool => "backup";
    /// `callback`: the URL to redirect a browser upload to.
    callback, with_callback: String => "callback";
    /// `eval`: JavaScript run on the upload's metadata before it is stored.
    eval, with_eval: String => "eval";
    /// `on_success`: JavaScript run after a successful upload.
    on_success, with_on_success: String => "on_success";
    /// `headers`: HTTP headers to deliver the asset with (`Name: value`, `\n`-separated).
    headers, with_headers: String => "headers";
    /// `invalidate`: invalidate cached copies when overwriting.
    invalidate, with_invalidate: bool => "invalidate";
    /// `moderation`: the moderation kinds (`manual`, `aws_rek`, …, joined with `|`).
    moderation, with_moderation: String => "moderation";
    /// `notification_url`: where to send the upload notification.
    notification_url, with_notification_url: String => "notification_url";
    /// `proxy`: an HTTP proxy for fetching a remote `file` URL.
    proxy, with_proxy: String => "proxy";
    /// `return_delete_token`: return a token that deletes the asset within 10 minutes.
    return_delete_token, with_return_delete_token: bool => "return_delete_token";
    /// `upload_preset`: the upload preset to apply.
    upload_preset, with_upload_preset: String => "upload_preset";
}

impl UploadParams {
    /// Signs the parameters with the system clock's time as `timestamp` and lays out the
    /// form: [`sign_at`](Self::sign_at) at [`Timestamp::now`].
    pub fn sign(&self, signer: &Signer, api_key: &str) -> SignedUploadForm {
        self.sign_at(signer, api_key, Timestamp::now())
    }

    /// Signs the parameters with `timestamp` and lays out the form (see `cld_sign::request::upload`): every
    /// signed field exactly as signed (`categorization` as `categorization[]` items), plus
    /// `timestamp` and `api_key`: [`Signer::sign_form_at`], the derive's one walk over
    /// the fields, whose signature is the one [`Signer::sign_at`] gives with no
    /// allocation.
    pub fn sign_at(
        &self,
        signer: &Signer,
        api_key: &str,
        timestamp: Timestamp,
    ) -> SignedUploadForm {
        signer.sign_form_at(self, api_key, timestamp)
    }

    /// [`sign_at`](Self::sign_at) with parameters this struct does not know, as `(name, text)`
    /// pairs, signed and sent as given (allocates: the pairs are merged and sorted at run
    /// time).
    ///
    /// # Errors
    /// [`Error::MalformedParameterName`] for a name outside `[a-z0-9_]+`;
    /// [`Error::DuplicateParameter`] for a name that is a field of this struct (set) or
    /// `timestamp`, or given twice.
    pub fn sign_with_extra_at<'a>(
        &self,
        signer: &Signer,
        api_key: &str,
        timestamp: Timestamp,
        extra: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<SignedUploadForm, Error> {
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
        Ok(SignedUploadForm::new(
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
    /// use cld_sign::request::upload::UploadParams;
    /// use cld_sign::Config;
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
    use serde_json::json;

    use super::{
        AccessMode, Context, Coordinates, DeliveryType, Eager, Json, JsonList, Metadata,
        ResourceType, UPLOAD_PARAMETERS, UploadParams, less, sort_names,
    };
    use crate::request::upload::Rect;
    use crate::{ApiSecret, Error, Params, Signer, Timestamp};

    /// `sign` signs at the system clock's time: the form's timestamp lies between two
    /// readings of the clock, and the form is the one `sign_at` gives at that time.
    #[test]
    fn sign_reads_the_clock() {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap());
        let params = UploadParams::default().with_public_id("sample");
        let before = Timestamp::now();
        let form = params.sign(&signer, "1234");
        let after = Timestamp::now();
        assert!(before <= form.timestamp() && form.timestamp() <= after);
        assert_eq!(form, params.sign_at(&signer, "1234", form.timestamp()));
    }

    /// Every setter sets its own parameter: with all of them, every known name is signed,
    /// with the value given, and the result equals the struct written field by field.
    #[test]
    fn every_setter_sets_its_own_parameter() {
        let params = UploadParams::default()
            .with_public_id("p1")
            .with_public_id_prefix("p2")
            .with_folder("p3")
            .with_asset_folder("p4")
            .with_display_name("p5")
            .with_use_filename(true)
            .with_use_filename_as_display_name(true)
            .with_use_asset_folder_as_public_id_prefix(true)
            .with_unique_filename(false)
            .with_unique_display_name(true)
            .with_filename_override("p6")
            .with_type(DeliveryType::Private)
            .with_access_mode(AccessMode::Authenticated)
            .with_resource_type(ResourceType::Video)
            .with_discard_original_filename(true)
            .with_overwrite(false)
            .with_tags(["t1", "t2"])
            .with_context(Context::new().with("k", "v"))
            .with_metadata(Metadata::new().with("m", "w"))
            .with_clear_invalid(true)
            .with_colors(true)
            .with_faces(true)
            .with_quality_analysis(true)
            .with_accessibility_analysis(true)
            .with_cinemagraph_analysis(true)
            .with_image_metadata(true)
            .with_media_metadata(true)
            .with_exif(true)
            .with_phash(true)
            .with_visual_search(true)
            .with_auto_tagging(0.5)
            .with_categorization(["c1", "c2"])
            .with_detection("p7")
            .with_ocr("p8")
            .with_auto_chaptering(true)
            .with_auto_transcription(Json::new(json!(true)))
            .with_responsive_breakpoints(JsonList::new(json!([{"max_images": 3}])).unwrap())
            .with_eager(Eager::new().with("w_1"))
            .with_eager_async(true)
            .with_eager_notification_url("p9")
            .with_transformation("p10")
            .with_format("p11")
            .with_custom_coordinates(Coordinates::from(Rect::new(1, 2, 3, 4)))
            .with_face_coordinates(Coordinates::from(Rect::new(5, 6, 7, 8)))
            .with_regions(Json::new(json!({"r": [[1, 2]]})))
            .with_background_removal("p12")
            .with_raw_convert("p13")
            .with_allowed_formats(["f1", "f2"])
            .with_quality_override("p14")
            .with_access_control(JsonList::new(json!([{"access_type": "anonymous"}])).unwrap())
            .with_async(true)
            .with_backup(true)
            .with_callback("p15")
            .with_eval("p16")
            .with_on_success("p17")
            .with_headers("p18")
            .with_invalidate(true)
            .with_moderation("p19")
            .with_notification_url("p20")
            .with_proxy("p21")
            .with_return_delete_token(true)
            .with_upload_preset("p22");
        let text = Signer::new(ApiSecret::new("abcd").unwrap())
            .string_to_sign_at(&params, Timestamp::from_secs(1_315_060_510));
        let names: Vec<&str> = text
            .split('&')
            .map(|pair| pair.split_once('=').unwrap().0)
            .collect();
        assert_eq!(names, UPLOAD_PARAMETERS, "{text}");
        for pair in [
            "type=private",
            "access_mode=authenticated",
            "unique_filename=false",
            "tags=t1,t2",
            "categorization=c1,c2",
            "auto_tagging=0.5",
            "allowed_formats=f1,f2",
            "async=true",
            "overwrite=false",
        ] {
            assert!(text.split('&').any(|p| p == pair), "{pair} in {text}");
        }
        for i in 1..=22 {
            assert!(text.contains(&format!("=p{i}&")), "p{i} in {text}");
        }
        assert_eq!(params.resource_type, Some(ResourceType::Video));
        let by_field = UploadParams {
            public_id: Some("p1".into()),
            tags: Some(vec!["t1".into(), "t2".into()]),
            r#type: Some(DeliveryType::Private),
            ..UploadParams::default()
        };
        let by_setter = UploadParams::default()
            .with_tags(vec!["t1".to_owned(), "t2".to_owned()])
            .with_type(DeliveryType::Private)
            .with_public_id(String::from("p1"));
        assert_eq!(by_setter, by_field);
    }

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
        let params = UploadParams::default()
            .with_public_id("sample")
            .with_tags(["a", "b"]);
        let timestamp = Timestamp::from_secs(1_315_060_510);
        let extra = [
            ("zeta", "z&1"),
            ("empty", ""),
            ("file", "data"),
            ("alpha", "1"),
        ];
        let form = params
            .sign_with_extra_at(&signer, "key", timestamp, extra)
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

        let twice = params.sign_with_extra_at(&signer, "key", timestamp, [("public_id", "x")]);
        assert!(
            matches!(twice, Err(Error::DuplicateParameter { .. })),
            "{twice:?}"
        );
        let bad = params.sign_with_extra_at(&signer, "key", timestamp, [("Bad", "x")]);
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
        let video = UploadParams::default().with_resource_type(ResourceType::Video);
        assert_eq!(
            video.endpoint("my-cloud"),
            "https://api.cloudinary.com/v1_1/my-cloud/video/upload"
        );
    }
}
