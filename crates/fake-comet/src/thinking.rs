//! Reasoning models, in the shapes gateways send them:
//!
//! | word | effect |
//! |---|---|
//! | `[[think:reasoning_content:N]]` | N words of thinking as `delta.reasoning_content` (DeepSeek), before the answer |
//! | `[[think:reasoning:N]]` | the same as `delta.reasoning` (OpenRouter and others) |
//! | `[[think:tags:N]]` | `<think>…</think>` at the start of `content`, cut into 3-byte chunks so tags split |
//! | `[[think:summary:N]]` | on `/v1/responses`: `response.reasoning_summary_text.delta` events |
//!
//! The usage then reports the thinking as `reasoning_tokens` within the
//! completion tokens, as OpenAI's and DeepSeek's do.

/// Which shape, and how many words of thinking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Think {
    pub shape: String,
    pub words: usize,
}

pub(crate) fn parse(prompt: &str) -> Option<Think> {
    let word = prompt.split("[[think:").nth(1)?.split_once("]]")?.0;
    let (shape, words) = word.split_once(':').unwrap_or((word, "12"));
    Some(Think {
        shape: shape.to_owned(),
        words: words.parse().unwrap_or(12),
    })
}

/// The thinking's words, a chunk each ("Let me think 1 2 3 …").
pub(crate) fn pieces(words: usize) -> Vec<String> {
    let mut out = vec!["Let me think about this.".to_owned()];
    out.extend((1..words).map(|n| format!(" step {n}")));
    out
}

/// For `tags`: the thinking inside tags before the answer, in chunks of
/// three bytes (on character boundaries) so that both tags are split.
pub(crate) fn tagged(words: usize, answer_pieces: &[String]) -> Vec<String> {
    let text = format!("<think>\n{}\n</think>\n\n", pieces(words).concat());
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let mut cut = rest.len().min(3);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        out.push(rest[..cut].to_owned());
        rest = &rest[cut..];
    }
    out.extend(answer_pieces.iter().cloned());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_sizes_come_from_the_prompt() {
        assert_eq!(
            parse("Hi [[think:tags:5]]"),
            Some(Think {
                shape: "tags".into(),
                words: 5
            })
        );
        assert_eq!(parse("Hi [[think:reasoning_content]]").unwrap().words, 12);
        assert_eq!(parse("Hi"), None);
        let tagged = tagged(2, &["Hello".into()]);
        assert!(tagged.iter().all(|p| p.len() <= 3 || p == "Hello"));
        assert_eq!(
            tagged.concat(),
            "<think>\nLet me think about this. step 1\n</think>\n\nHello"
        );
    }
}
