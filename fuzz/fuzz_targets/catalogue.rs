//! The model catalogue (`/api/models`), alone and as a list entry.
#![no_main]

use comet_core::fuzz_inputs::check_catalogue;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    check_catalogue(&String::from_utf8_lossy(data));
});
