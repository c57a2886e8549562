//! The four kinds of signed download URL and the parameters each one signs (the download URL rule's table).

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// Which signed API GET URL to build (see `cld_sign::download`), named after the SDK functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DownloadKind {
    /// `private_download_url`: path `<resource_type>/download` (default `image`).
    Private,
    /// `download_archive_url`: path `<resource_type>/generate_archive` (default `image`),
    /// `mode=download` always.
    Archive,
    /// `download_folder`: an archive of one folder, path `<resource_type>/generate_archive`
    /// (default **`all`**), `prefixes` = `[folder_path]`.
    Folder,
    /// `download_backedup_asset`: path `download_backup` (no resource type).
    Backup,
}

/// Parameters of [`DownloadKind::Private`].
const PRIVATE: &[&str] = &["attachment", "expires_at", "format", "public_id", "type"];

/// Parameters of [`DownloadKind::Archive`] (and of `Folder`, whose `prefixes` comes from the
/// folder path), besides `mode` and `timestamp`.
const ARCHIVE: &[&str] = &[
    "allow_missing",
    "async",
    "batch_id",
    "expires_at",
    "flatten_folders",
    "flatten_transformations",
    "fully_qualified_public_ids",
    "keep_derived",
    "notification_url",
    "phash",
    "prefixes",
    "public_ids",
    "skip_transformation_name",
    "tags",
    "target_asset_folder",
    "target_format",
    "target_public_id",
    "target_tags",
    "transformations",
    "type",
    "use_original_filename",
];

/// Parameters of [`DownloadKind::Backup`].
const BACKUP: &[&str] = &["asset_id", "version_id"];

/// The parameters that are lists (a single value is a one-item list), sent as `name[]`.
const LISTS: &[&str] = &[
    "fully_qualified_public_ids",
    "prefixes",
    "public_ids",
    "tags",
    "target_tags",
];

impl DownloadKind {
    /// The four kinds.
    pub const ALL: [Self; 4] = [Self::Private, Self::Archive, Self::Folder, Self::Backup];

    /// The kind's name: `private`, `archive`, `folder`, `backup`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Private => "private",
            Self::Archive => "archive",
            Self::Folder => "folder",
            Self::Backup => "backup",
        }
    }

    /// The option names the kind signs (the download URL rule's table, besides `timestamp` and the forced
    /// `mode`). Other option names are ignored, as both SDKs do. For `Folder`, `prefixes` is
    /// not an option (it is [`folder_path`](crate::download::DownloadUrl::folder)).
    ///
    /// ```
    /// use cld_sign::download::DownloadKind;
    /// assert!(DownloadKind::Private.takes("attachment"));
    /// assert!(!DownloadKind::Private.takes("tags"));
    /// assert!(DownloadKind::Archive.takes("prefixes"));
    /// assert!(!DownloadKind::Folder.takes("prefixes"));
    /// assert!(!DownloadKind::Archive.takes("mode")); // always `download`
    /// ```
    pub fn takes(self, name: &str) -> bool {
        match self {
            Self::Private => PRIVATE.contains(&name),
            Self::Archive => ARCHIVE.contains(&name),
            Self::Folder => name != "prefixes" && ARCHIVE.contains(&name),
            Self::Backup => BACKUP.contains(&name),
        }
    }

    /// Whether the parameter `name` is a list (`fully_qualified_public_ids`, `prefixes`,
    /// `public_ids`, `tags`, `target_tags`): a single value is a one-item list, and each item
    /// is sent as `name[]`.
    pub fn is_list(name: &str) -> bool {
        LISTS.contains(&name)
    }

    /// The resource type used when none is given: `image`, `all` for a folder, none for a
    /// backup (its path has no resource type).
    pub const fn default_resource_type(self) -> Option<&'static str> {
        match self {
            Self::Private | Self::Archive => Some("image"),
            Self::Folder => Some("all"),
            Self::Backup => None,
        }
    }

    /// The last path component: `download`, `generate_archive` or `download_backup`.
    pub(crate) const fn endpoint(self) -> &'static str {
        match self {
            Self::Private => "download",
            Self::Archive | Self::Folder => "generate_archive",
            Self::Backup => "download_backup",
        }
    }

    /// Whether `mode=download` is signed (archives).
    pub(crate) const fn forces_mode(self) -> bool {
        matches!(self, Self::Archive | Self::Folder)
    }
}

impl fmt::Display for DownloadKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parses `private`, `archive`, `folder` or `backup`.
///
/// Errors: [`Error::UnsupportedValue`] (named `kind`) for any other text.
impl FromStr for DownloadKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| Error::UnsupportedValue {
                name: "kind".to_owned(),
                found: format!("{s:?} (use private, archive, folder or backup)"),
            })
    }
}
