//! gpt-4o-image's answer text: progress lines and image links.
#![no_main]

use comet_core::fuzz_inputs::check_image_answer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    check_image_answer(&String::from_utf8_lossy(data));
});
