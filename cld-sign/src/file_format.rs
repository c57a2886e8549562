//! Where a file's format starts: after the last `.` of the last `/`-segment of its path.
//! A delivery URL's asset (see `cld_sign::delivery`) and a preloaded file's filename (see `cld_sign::response`) split so; a
//! dot in a folder name is not a format.

/// `path` as its public ID and its format (`Some("")` for a trailing `.`), or the whole
/// path and `None` when its last segment has no `.`.
pub(crate) fn split_format(path: &str) -> (&str, Option<&str>) {
    let last_segment = path.rsplit_once('/').map_or(path, |(_, name)| name);
    match last_segment.rsplit_once('.') {
        Some((_, format)) => {
            let public_id = path
                .strip_suffix(format)
                .and_then(|rest| rest.strip_suffix('.'))
                .unwrap_or(path);
            (public_id, Some(format))
        }
        None => (path, None),
    }
}

#[cfg(test)]
mod tests {
    use super::split_format;

    #[test]
    fn the_format_is_split_from_the_last_segment_only() {
        assert_eq!(split_format("sample.jpg"), ("sample", Some("jpg")));
        assert_eq!(split_format("a/b.c/sample"), ("a/b.c/sample", None));
        assert_eq!(split_format("x./sample"), ("x./sample", None));
        assert_eq!(split_format("x./s.p.png"), ("x./s.p", Some("png")));
        assert_eq!(split_format("sample."), ("sample", Some("")));
        assert_eq!(split_format("a/.b"), ("a/", Some("b")));
        assert_eq!(split_format(""), ("", None));
    }
}
