//! Compile-fail and compile-pass cases of the derive.
