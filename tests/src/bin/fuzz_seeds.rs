//! Writes the seed corpora of the fuzz targets, built from the vector files, to
//! `fuzz/corpus/<target>/seed-<id>`: `cargo run -p cld-sign-tests --bin fuzz_seeds`.

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus");
    let seeds = cld_sign_tests::fuzz_seeds::seeds();
    for seed in &seeds {
        let dir = corpus.join(seed.target);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(&seed.name), &seed.data)?;
    }
    println!("{} seeds written to {}", seeds.len(), corpus.display());
    Ok(())
}
