//! The parameters the example signing server agrees to sign.
//!
//! A server that signs whatever a browser sends is a signing oracle: anyone could have it
//! sign parameters the service never meant to allow (an `eager` transformation, a
//! `notification_url`, `overwrite=true`), or text that collides with another scheme's
//! string to sign (SPEC §4: params `public_id=evil`, `timestamp=T`, `version=1` sign the
//! same text as an upload response). So the signing endpoint signs only names on a list.
//!
//! [`UPLOAD_API_PARAMS`] is that list: one place, to be replaced later by the runtime's
//! typed upload catalogue. A server can narrow or change it
//! ([`AllowedParams::new`]); `version` can never be on it.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

/// The Upload API's signed parameter names (the `upload` method's optional parameters and
/// the Upload Widget's `source`), sorted. Not on it: the names that are never signed
/// (`file`, `cloud_name`, `resource_type`, `api_key`, `signature`) and `version`, which
/// only a response carries (SPEC §4).
pub const UPLOAD_API_PARAMS: &[&str] = &[
    "access_control",
    "access_mode",
    "accessibility_analysis",
    "allowed_formats",
    "asset_folder",
    "async",
    "auto_chaptering",
    "auto_tagging",
    "auto_transcription",
    "background_removal",
    "backup",
    "callback",
    "categorization",
    "cinemagraph_analysis",
    "colors",
    "context",
    "custom_coordinates",
    "detection",
    "discard_original_filename",
    "display_name",
    "eager",
    "eager_async",
    "eager_notification_url",
    "face_coordinates",
    "faces",
    "filename_override",
    "folder",
    "format",
    "headers",
    "image_metadata",
    "invalidate",
    "media_metadata",
    "metadata",
    "moderation",
    "notification_url",
    "ocr",
    "on_success",
    "overwrite",
    "phash",
    "proxy",
    "public_id",
    "public_id_prefix",
    "quality_analysis",
    "quality_override",
    "raw_convert",
    "regions",
    "responsive_breakpoints",
    "return_delete_token",
    "source",
    "tags",
    "timestamp",
    "transformation",
    "type",
    "unique_display_name",
    "unique_filename",
    "upload_preset",
    "use_asset_folder_as_public_id_prefix",
    "use_filename",
    "use_filename_as_display_name",
    "visual_search",
];

/// The set of parameter names a signing endpoint signs. Cheap to clone.
///
/// ```
/// use cld_sign_examples::upload_params::AllowedParams;
/// let all = AllowedParams::default();
/// assert!(all.contains("folder") && !all.contains("version"));
///
/// let narrow = AllowedParams::new(["timestamp", "folder", "source"])?;
/// assert!(!narrow.contains("eager"));
/// assert!(AllowedParams::new(["timestamp", "version"]).is_err());
/// # Ok::<(), cld_sign_examples::upload_params::ForbiddenParam>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowedParams {
    names: Arc<BTreeSet<String>>,
}

impl AllowedParams {
    /// Exactly `names`. Refuses `version` (see the module documentation).
    pub fn new<I, S>(names: I) -> Result<Self, ForbiddenParam>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let names: BTreeSet<String> = names.into_iter().map(Into::into).collect();
        if names.contains("version") {
            return Err(ForbiddenParam { name: "version" });
        }
        Ok(Self {
            names: Arc::new(names),
        })
    }

    /// Parses a comma-separated list (`ALLOWED_PARAMS=timestamp,folder,source`); spaces
    /// around names are ignored.
    pub fn parse_list(list: &str) -> Result<Self, ForbiddenParam> {
        Self::new(list.split(',').map(str::trim).filter(|n| !n.is_empty()))
    }

    /// Whether `name` may be signed.
    pub fn contains(&self, name: &str) -> bool {
        self.names.contains(name)
    }
}

impl Default for AllowedParams {
    /// [`UPLOAD_API_PARAMS`].
    fn default() -> Self {
        Self::new(UPLOAD_API_PARAMS.iter().copied()).expect("the list has no `version`")
    }
}

/// A name that can never be allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForbiddenParam {
    /// The name.
    pub name: &'static str,
}

impl fmt::Display for ForbiddenParam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` can never be signed for a browser: an upload response's signature covers it (SPEC §4)",
            self.name
        )
    }
}

impl std::error::Error for ForbiddenParam {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_unique_and_safe() {
        assert!(UPLOAD_API_PARAMS.windows(2).all(|w| w[0] < w[1]));
        for name in UPLOAD_API_PARAMS {
            assert!(!cld_sign::is_excluded(name), "{name}");
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            );
        }
        assert!(!UPLOAD_API_PARAMS.contains(&"version"));
        assert!(AllowedParams::default().contains("timestamp"));
        assert_eq!(
            AllowedParams::parse_list(" timestamp, folder ,,").unwrap(),
            AllowedParams::new(["folder", "timestamp"]).unwrap()
        );
        assert_eq!(
            AllowedParams::parse_list("timestamp,version")
                .unwrap_err()
                .name,
            "version"
        );
    }
}
