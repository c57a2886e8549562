//! The path segments the delivery URL rule (`cld_sign::delivery`) gives a meaning: transformation segments and the version.

/// `v` followed by one or more ASCII digits.
pub(crate) fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// A transformation segment (see `cld_sign::delivery`): each of its comma-separated items begins with one
/// to three lower-case ASCII letters, or `$` and letters or digits (a user variable),
/// followed by `_` (`c_fill,h_150`, `l_text:Arial_40:Hi`, `t_named`, `$w_100`).
pub(crate) fn is_transformation(segment: &str) -> bool {
    segment.split(',').all(|item| {
        let Some((name, _)) = item.split_once('_') else {
            return false;
        };
        match name.strip_prefix('$') {
            Some(variable) => {
                !variable.is_empty() && variable.bytes().all(|b| b.is_ascii_alphanumeric())
            }
            None => (1..=3).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_lowercase()),
        }
    })
}

/// Where the version stands in `path` (what follows the signature component), as the byte
/// range of its segment and the `/` after it: the first segment that is not a
/// transformation segment, if it is `v<digits>` and not the last segment (see `cld_sign::delivery`).
pub(crate) fn version_range(path: &str) -> Option<std::ops::Range<usize>> {
    let mut start = 0;
    for segment in path.split('/') {
        let end = start + segment.len();
        if is_transformation(segment) {
            start = end + 1;
            continue;
        }
        // Not the last segment: a `/` follows it.
        return (is_version(segment) && end < path.len()).then_some(start..end + 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{is_transformation, is_version};

    #[test]
    fn versions_are_v_and_digits() {
        for yes in ["v1", "v0012", "v1315060510"] {
            assert!(is_version(yes), "{yes}");
        }
        for no in ["", "v", "1", "va", "v1a", "V1", "v 1", "v-1"] {
            assert!(!is_version(no), "{no}");
        }
    }

    #[test]
    fn transformation_segments_by_their_items() {
        for yes in [
            "c_fill",
            "c_fill,h_150,w_100",
            "abc_x",
            "$w_100",
            "$ab1_2",
            "l_text:Arial_40:Hi",
        ] {
            assert!(is_transformation(yes), "{yes}");
        }
        for no in [
            "",
            "sample",
            "abcd_x",
            "_x",
            "C_fill",
            "c1_x",
            "$_x",
            "$a-b_x",
            "c_fill,",
            "c_fill,sample",
            "folder",
        ] {
            assert!(!is_transformation(no), "{no}");
        }
    }

    #[test]
    fn the_version_stands_first_after_the_transformations_and_not_last() {
        use super::version_range;
        assert_eq!(version_range("v1/sample.jpg"), Some(0..3));
        assert_eq!(version_range("c_fill,h_1/w_2/v7/x"), Some(15..18));
        assert_eq!(version_range("v1"), None);
        assert_eq!(version_range("c_fill/v1"), None);
        assert_eq!(version_range("folder/v7/x"), None);
        assert_eq!(version_range("c_fill/sample"), None);
        assert_eq!(version_range(""), None);
    }
}
