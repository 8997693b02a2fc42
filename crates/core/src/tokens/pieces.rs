//! cl100k_base's pre-tokenizer: text is cut into words, numbers of up to
//! three digits, punctuation runs and whitespace before BPE runs on each
//! piece. OpenAI's pattern ends in `\s+(?!\S)|\s+`; the regex crate has no
//! look-ahead, so a run of spaces followed by a word gives its last space
//! back to that word here, which is what the look-ahead does.

use regex::Regex;

const PATTERN: &str = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+";

pub(super) struct Pieces {
    pattern: Regex,
}

impl Pieces {
    pub(super) fn new() -> Option<Self> {
        Regex::new(PATTERN).ok().map(|pattern| Self { pattern })
    }

    /// Calls `each` with every piece of `text`, in order.
    pub(super) fn split<'t>(&self, text: &'t str, mut each: impl FnMut(&'t str)) {
        let mut at = 0;
        while at < text.len() {
            // Every character starts some alternative, so a match starts at `at`.
            let Some(found) = self.pattern.find_at(text, at) else {
                each(&text[at..]);
                return;
            };
            let mut end = found.end();
            let piece = found.as_str();
            let spaces_before_a_word = end < text.len()
                && piece.chars().all(char::is_whitespace)
                && !piece.ends_with(['\r', '\n'])
                && piece.chars().nth(1).is_some();
            if spaces_before_a_word {
                end -= piece.chars().next_back().map_or(0, char::len_utf8);
            }
            each(&text[found.start()..end]);
            at = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        Pieces::new().unwrap().split(text, |p| out.push(p));
        out
    }

    #[test]
    fn words_numbers_punctuation_and_spaces_are_cut_as_openai_does() {
        assert_eq!(split("Hello world"), ["Hello", " world"]);
        assert_eq!(split("I'm   here"), ["I", "'m", "  ", " here"]);
        assert_eq!(
            split("12345 apples!!\n\n"),
            ["123", "45", " apples", "!!\n\n"]
        );
        assert_eq!(split("a  \n  b"), ["a", "  \n", " ", " b"]);
        assert_eq!(split("end   "), ["end", "   "]);
        assert_eq!(split("你好，世界"), ["你好", "，世界"]);
    }
}
