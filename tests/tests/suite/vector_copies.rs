//! The copies in `tests/data/` must equal the shared spec's vectors, when those are present.

#[test]
fn copies_match_the_shared_vectors() {
    let Some(shared) = cld_sign_tests::shared_dir() else {
        eprintln!("shared/spec/vectors not found beside the repository; checking the copies only");
        return;
    };
    let mut compared = 0;
    for entry in std::fs::read_dir(&shared).expect("read shared vectors") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path.file_name().expect("file name");
            let copy = cld_sign_tests::data_dir().join(name);
            let original = std::fs::read(&path).expect("read original");
            let copied = std::fs::read(&copy)
                .unwrap_or_else(|e| panic!("{} has no copy in tests/data: {e}", path.display()));
            assert!(
                original == copied,
                "tests/data/{} differs from the shared original",
                name.to_string_lossy()
            );
            compared += 1;
        }
    }
    assert!(
        compared >= 13,
        "expected the thirteen vector files, found {compared}"
    );
}
