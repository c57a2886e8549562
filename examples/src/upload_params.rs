//! The parameters the example signing server agrees to sign.
//!
//! A server that signs whatever a browser sends is a signing oracle: anyone could have it
//! sign parameters the service never meant to allow (an `eager` transformation, a
//! `notification_url`, `overwrite=true`), or text that collides with another scheme's
//! string to sign (SPEC §4: params `public_id=evil`, `timestamp=T`, `version=1` sign the
//! same text as an upload response). So the signing endpoint signs only names on a list.
//!
//! [`upload_api_params`] is that list: the runtime's typed upload catalogue plus the
//! widget's `source`. A server can narrow or change it
//! ([`AllowedParams::new`]); `version` can never be on it.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

/// The parameters the Upload Widget adds to what it asks a backend to sign (`source=uw`),
/// beside the Upload API's own ([`cld_sign::upload::UPLOAD_PARAMETERS`]).
pub const WIDGET_PARAMS: &[&str] = &["source"];

/// The default list: the Upload API's signed parameter names, from the runtime's typed
/// catalogue ([`cld_sign::upload::UPLOAD_PARAMETERS`], the names `UploadParams` signs,
/// `timestamp` included), and [`WIDGET_PARAMS`]. Not on it: the names that are never signed
/// (`file`, `cloud_name`, `resource_type`, `api_key`, `signature`) and `version`, which
/// only a response carries (SPEC §4).
pub fn upload_api_params() -> impl Iterator<Item = &'static str> {
    cld_sign::upload::UPLOAD_PARAMETERS
        .iter()
        .chain(WIDGET_PARAMS)
        .copied()
}

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
    /// [`upload_api_params`].
    fn default() -> Self {
        Self::new(upload_api_params()).expect("the list has no `version`")
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
        let names: Vec<&str> = upload_api_params().collect();
        assert!(names.len() > 60, "{}", names.len());
        let unique: BTreeSet<&str> = names.iter().copied().collect();
        assert_eq!(unique.len(), names.len());
        for name in &names {
            assert!(!cld_sign::is_excluded(name), "{name}");
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            );
        }
        assert!(!names.contains(&"version"));
        for name in [
            "source",
            "folder",
            "eager",
            "notification_url",
            "context",
            "tags",
        ] {
            assert!(AllowedParams::default().contains(name), "{name}");
        }
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
