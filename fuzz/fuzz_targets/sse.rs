//! The SSE decoder: the first byte says how many cuts, the next ones where
//! (scaled to the rest), the rest is the stream.
#![no_main]

use comet_core::fuzz_inputs::check_sse_cuts;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&count, rest)) = data.split_first() else {
        return;
    };
    let count = usize::from(count % 8).min(rest.len());
    let (places, bytes) = rest.split_at(count);
    let cuts: Vec<usize> = places
        .iter()
        .map(|&p| usize::from(p) * bytes.len() / 255)
        .collect();
    check_sse_cuts(bytes, &cuts);
});
