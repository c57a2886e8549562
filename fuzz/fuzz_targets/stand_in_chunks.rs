#![no_main]
//! Fuzzes `cld_sign_tests::fuzz_targets::stand_in_chunks` (see there for the input and properties).

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    cld_sign_tests::fuzz_targets::stand_in_chunks(data);
});
