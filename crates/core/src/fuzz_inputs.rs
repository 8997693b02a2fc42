//! Fuzzing of the parsers that read what the network sends: the SSE
//! decoder, the gpt-4o-image answer reader and the catalogue parser.
//!
//! The checks below are the oracles: none may panic on any input, the
//! decoder must give the same events however the bytes are cut, progress
//! is never over 100 and links are always http(s). `cargo test` runs them
//! on thousands of seeded random and mutated inputs (a failure repeats);
//! `make soak` runs them under libFuzzer (`fuzz/`). A crash found either
//! way becomes a named regression test beside these.

use crate::catalogue::entry::parse_catalogue;
use crate::client::sse::{SseDecoder, SseEvent};
use crate::images::{image_links, progress};

fn decode(bytes: &[u8], cuts: &[usize]) -> Vec<SseEvent> {
    let mut decoder = SseDecoder::new();
    let mut out = Vec::new();
    let mut start = 0;
    for &cut in cuts {
        decoder.feed(&bytes[start..cut], &mut out);
        start = cut;
    }
    decoder.feed(&bytes[start..], &mut out);
    out
}

/// The SSE decoder on `bytes` whole and cut at `cuts` (clamped and sorted
/// here) must give the same events.
pub fn check_sse_cuts(bytes: &[u8], cuts: &[usize]) {
    let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(bytes.len())).collect();
    cuts.sort_unstable();
    let whole = decode(bytes, &[]);
    assert_eq!(decode(bytes, &cuts), whole, "{bytes:?} cut at {cuts:?}");
}

/// A gpt-4o-image answer (or any text) read for progress and links.
pub fn check_image_answer(text: &str) {
    if let Some(p) = progress(text) {
        assert!(p.percent.is_none_or(|n| n <= 100), "{text:?} gave {p:?}");
    }
    for link in image_links(text) {
        assert!(link.starts_with("http"), "{text:?} gave {link:?}");
    }
}

/// The catalogue parser on the text, alone and as an entry of the list.
pub fn check_catalogue(text: &str) {
    let _ = parse_catalogue(text);
    let _ = parse_catalogue(&format!("{{\"data\":[{text}]}}"));
}

#[cfg(test)]
mod tests {
    use super::{check_catalogue, check_image_answer, check_sse_cuts};
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    /// 3,000 in `make test`; `make soak` asks for more with FUZZ_ROUNDS.
    fn rounds() -> usize {
        std::env::var("FUZZ_ROUNDS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(3000)
    }

    /// Valid-looking material mixed with junk: what a broken gateway sends.
    const PIECES: &[&str] = &[
        "data: ",
        "data:",
        "event: delta\n",
        "\n",
        "\r\n",
        "\r",
        ":",
        ": ping\n\n",
        "{\"choices\":[{\"delta\":{\"content\":\"",
        "\"}}]}",
        "[DONE]",
        "你好",
        "é",
        "![img](http://x/a.png)",
        "[下载](http://x/a.png)",
        "> 进度 **",
        "%",
        "**",
        ">🏃 Progress ",
        "...",
        "[100](",
        ")",
        "{\"data\":[",
        "{\"id\":\"m\",\"pricing\":{\"input\":\"",
        "1.5",
        "\"}}",
        "]}",
        "null",
        "-1",
        "\u{0}",
        "\u{feff}",
        "\\",
        "\"",
    ];

    fn noise(rng: &mut StdRng) -> Vec<u8> {
        let mut out = Vec::new();
        for _ in 0..rng.gen_range(0..40) {
            if rng.gen_bool(0.8) {
                out.extend_from_slice(PIECES[rng.gen_range(0..PIECES.len())].as_bytes());
            } else {
                out.extend((0..rng.gen_range(1..6)).map(|_| rng.gen::<u8>()));
            }
        }
        out
    }

    #[test]
    fn the_sse_decoder_never_panics_and_ignores_how_bytes_are_cut() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..rounds() {
            let bytes = noise(&mut rng);
            let cuts: Vec<usize> = (0..rng.gen_range(0..8))
                .map(|_| rng.gen_range(0..=bytes.len()))
                .collect();
            check_sse_cuts(&bytes, &cuts);
        }
    }

    #[test]
    fn the_image_answer_reader_never_panics() {
        let mut rng = StdRng::seed_from_u64(11);
        for _ in 0..rounds() {
            check_image_answer(&String::from_utf8_lossy(&noise(&mut rng)));
        }
    }

    #[test]
    fn the_catalogue_parser_never_panics() {
        let mut rng = StdRng::seed_from_u64(13);
        for _ in 0..rounds() {
            check_catalogue(&String::from_utf8_lossy(&noise(&mut rng)));
        }
    }
}
