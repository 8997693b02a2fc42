//! A document's text cut into passages for embedding (#17): each about
//! `max_bytes` long, cut where the text itself breaks (a paragraph, then
//! a line, then a sentence, then a space), never inside a character, and
//! never across a page, slide or sheet, whose heading names the passage's
//! place so an answer's sources can say where it read.

/// One passage: a byte range of the document's text and the part it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub start: usize,
    pub end: usize,
    /// The heading of its page, slide or sheet ("Slide 3", "Budget").
    pub part: Option<String>,
}

/// About 400 tokens: small enough that several fit beside a question,
/// large enough to hold a thought whole.
pub const CHUNK_BYTES: usize = 1600;

pub fn chunk(text: &str, max_bytes: usize) -> Vec<Chunk> {
    let max_bytes = max_bytes.max(16);
    let mut chunks = Vec::new();
    for (part, start, end) in sections(text) {
        let mut from = start;
        while from < end {
            let to = cut(text, from, end, max_bytes);
            if !text[from..to].trim().is_empty() {
                chunks.push(trimmed(text, from, to, part.clone()));
            }
            from = to;
        }
    }
    chunks
}

/// Ranges of the text between part headings (`## Slide 2` as the readers
/// write them), each with its heading's words.
fn sections(text: &str) -> Vec<(Option<String>, usize, usize)> {
    let mut out = Vec::new();
    let mut part = None;
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(heading) = line.strip_prefix("## ") {
            if offset > start {
                out.push((part.clone(), start, offset));
            }
            part = Some(heading.trim().to_owned());
            start = offset;
        }
        offset += line.len();
    }
    if text.len() > start {
        out.push((part, start, text.len()));
    }
    out
}

/// Where a passage starting at `from` ends: the last good break before
/// `from + max`, or `end` when the rest fits.
fn cut(text: &str, from: usize, end: usize, max: usize) -> usize {
    if end - from <= max {
        return end;
    }
    let mut limit = from + max;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &text[from..limit];
    // A break in the first quarter would leave a scrap: look further.
    let least = max / 4;
    for mark in ["\n\n", "\n", ". ", "? ", "! ", "。", " "] {
        if let Some(at) = window.rfind(mark) {
            if at >= least {
                return from + at + mark.len();
            }
        }
    }
    limit
}

fn trimmed(text: &str, from: usize, to: usize, part: Option<String>) -> Chunk {
    let slice = &text[from..to];
    let start = from + (slice.len() - slice.trim_start().len());
    let end = from + slice.trim_end().len();
    Chunk { start, end, part }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_chunk() {
        let chunks = chunk("  One short note.\n", 100);
        assert_eq!(
            chunks,
            vec![Chunk {
                start: 2,
                end: 17,
                part: None
            }]
        );
    }

    #[test]
    fn long_text_breaks_at_paragraphs_then_sentences_and_loses_nothing() {
        let text = format!(
            "{}\n\n{}",
            "Alpha beta. ".repeat(20),
            "Gamma delta. ".repeat(20)
        );
        let chunks = chunk(&text, 200);
        assert!(chunks.len() > 2);
        for c in &chunks {
            assert!(c.end - c.start <= 200, "{c:?}");
            let piece = &text[c.start..c.end];
            assert!(piece.ends_with('.'), "cut at a sentence: {piece:?}");
        }
        let joined: String = chunks
            .iter()
            .map(|c| &text[c.start..c.end])
            .collect::<Vec<_>>()
            .join(" ");
        let words = |s: &str| s.split_whitespace().count();
        assert_eq!(words(&joined), words(&text), "every word is in a chunk");
    }

    #[test]
    fn no_chunk_spans_two_slides_and_each_names_its_own() {
        let text = "## Slide 1\nOpening words.\n## Slide 2\nClosing words.\n";
        let chunks = chunk(text, 1000);
        let parts: Vec<_> = chunks
            .iter()
            .map(|c| (c.part.as_deref(), &text[c.start..c.end]))
            .collect();
        assert_eq!(
            parts,
            vec![
                (Some("Slide 1"), "## Slide 1\nOpening words."),
                (Some("Slide 2"), "## Slide 2\nClosing words.")
            ]
        );
    }

    #[test]
    fn text_without_breaks_is_cut_on_character_boundaries() {
        let text = "汉".repeat(100);
        let chunks = chunk(&text, 50);
        assert!(chunks
            .iter()
            .all(|c| text.is_char_boundary(c.start) && text.is_char_boundary(c.end)));
        assert_eq!(
            chunks.iter().map(|c| c.end - c.start).sum::<usize>(),
            text.len()
        );
    }
}
