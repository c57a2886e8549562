//! Replays every fuzz input on stable: the seeds built from the vector files, every file of
//! `fuzz/corpus/<target>/` and every crash file of `fuzz/artifacts/<target>/`, through the
//! same functions the cargo-fuzz binaries call (`cld_sign_tests::fuzz_targets`). A crash the
//! fuzzer found and that was added to the corpus fails CI until it is fixed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cld_sign_tests::fuzz_seeds::seeds;
use cld_sign_tests::fuzz_targets::{Outcome, TARGETS};

fn fuzz_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The files of `dir` (none if it does not exist), sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a readable folder").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// The sub-folders of `dir` (none if it does not exist).
fn folders(dir: &Path) -> BTreeSet<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeSet::new();
    };
    entries
        .map(|entry| entry.expect("a readable folder").path())
        .filter(|path| path.is_dir())
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn every_target_has_a_binary_and_a_seed_corpus() {
    let manifest = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).expect("fuzz/Cargo.toml");
    let names: BTreeSet<String> = TARGETS.iter().map(|(name, _)| (*name).to_owned()).collect();
    assert_eq!(names.len(), TARGETS.len(), "a target is listed twice");
    for name in &names {
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml has no [[bin]] {name}"
        );
        let binary = std::fs::read_to_string(fuzz_dir().join(format!("fuzz_targets/{name}.rs")))
            .unwrap_or_else(|e| panic!("fuzz_targets/{name}.rs: {e}"));
        assert!(
            binary.contains(&format!("fuzz_targets::{name}(data)")),
            "fuzz_targets/{name}.rs does not call fuzz_targets::{name}"
        );
    }
    // Every corpus and artifact folder belongs to a target, so none is silently skipped.
    for dir in ["corpus", "artifacts"] {
        let unknown: Vec<_> = folders(&fuzz_dir().join(dir))
            .difference(&names)
            .cloned()
            .collect();
        assert!(
            unknown.is_empty(),
            "fuzz/{dir} has folders of no target: {unknown:?}"
        );
    }
    // The committed seeds are the generator's output (`cargo run -p cld-sign-tests --bin fuzz_seeds`).
    let seeds = seeds();
    for seed in &seeds {
        let path = fuzz_dir().join("corpus").join(seed.target).join(&seed.name);
        let committed = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            committed,
            seed.data,
            "{} differs from its generator",
            path.display()
        );
    }
    let seeded: BTreeSet<&str> = seeds.iter().map(|seed| seed.target).collect();
    assert_eq!(seeded.len(), TARGETS.len(), "a target has no seed");
}

#[test]
fn every_seed_corpus_and_crash_file_replays_clean() {
    for &(name, target) in TARGETS {
        let mut replayed = 0;
        for dir in ["corpus", "artifacts"] {
            for path in files(&fuzz_dir().join(dir).join(name)) {
                let data = std::fs::read(&path).expect("readable");
                let outcome = std::panic::catch_unwind(|| target(&data));
                assert!(outcome.is_ok(), "{name} fails on {}", path.display());
                replayed += 1;
            }
        }
        eprintln!("{name}: {replayed} corpus and crash files");
    }
}

/// The seeds reach the entry points' accepting paths, not only their refusals: the
/// properties a target asserts on an accepted input are exercised on every run.
#[test]
fn the_seeds_reach_acceptance_and_refusal() {
    let seeds = seeds();
    let mut counts = Vec::new();
    for &(name, target) in TARGETS {
        let (mut accepted, mut refused) = (0, 0);
        for seed in seeds.iter().filter(|seed| seed.target == name) {
            match target(&seed.data) {
                Outcome::Accepted => accepted += 1,
                Outcome::Refused => refused += 1,
            }
        }
        counts.push((name, accepted, refused));
    }
    eprintln!("(target, accepted, refused): {counts:?}");
    for &(name, accepted, _) in &counts {
        assert!(accepted > 0, "no seed of {name} is accepted");
    }
}
