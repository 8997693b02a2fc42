//! Bounded fuzzing of the parsers that read what the network sends: the SSE
//! decoder, the gpt-4o-image answer reader and the catalogue parser get
//! thousands of random and mutated inputs (seeded, so a failure repeats).
//! None may panic; the decoder must give the same events however the bytes
//! are cut. A crash found here becomes a named regression test beside it.

#[cfg(test)]
mod tests {
    use crate::catalogue::entry::parse_catalogue;
    use crate::client::sse::{SseDecoder, SseEvent};
    use crate::images::{image_links, progress};
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    const ROUNDS: usize = 3000;

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

    #[test]
    fn the_sse_decoder_never_panics_and_ignores_how_bytes_are_cut() {
        let mut rng = StdRng::seed_from_u64(7);
        for round in 0..ROUNDS {
            let bytes = noise(&mut rng);
            let whole = decode(&bytes, &[]);
            let mut cuts: Vec<usize> = (0..rng.gen_range(0..8))
                .map(|_| rng.gen_range(0..=bytes.len()))
                .collect();
            cuts.sort_unstable();
            assert_eq!(
                decode(&bytes, &cuts),
                whole,
                "round {round}: {bytes:?} cut at {cuts:?}"
            );
        }
    }

    #[test]
    fn the_image_answer_reader_never_panics() {
        let mut rng = StdRng::seed_from_u64(11);
        for _ in 0..ROUNDS {
            let text = String::from_utf8_lossy(&noise(&mut rng)).into_owned();
            if let Some(p) = progress(&text) {
                assert!(p.percent.is_none_or(|n| n <= 100), "{text:?} gave {p:?}");
            }
            for link in image_links(&text) {
                assert!(link.starts_with("http"), "{text:?} gave {link:?}");
            }
        }
    }

    #[test]
    fn the_catalogue_parser_never_panics() {
        let mut rng = StdRng::seed_from_u64(13);
        for _ in 0..ROUNDS {
            let text = String::from_utf8_lossy(&noise(&mut rng)).into_owned();
            let _ = parse_catalogue(&text);
            let _ = parse_catalogue(&format!("{{\"data\":[{text}]}}"));
        }
    }
}
