#![no_main]
//! Fuzzes `cld_sign_tests::fuzz_targets::policy_body` (see there for the input and properties).

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    cld_sign_tests::fuzz_targets::policy_body(data);
});
