//! Nothing but the benches in `benches/`: `cargo bench -p cld-sign-benches`.
