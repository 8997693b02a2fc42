//! Token counts when the server sends none: a length rule, labelled
//! estimated wherever it shows. English runs about four characters a token;
//! Chinese, Japanese and Korean about one character a token.

use crate::client::WireMessage;

pub(super) fn tokens(text: &str) -> i64 {
    let (wide, narrow) = text.chars().fold((0i64, 0i64), |(w, n), c| {
        if is_wide(c) {
            (w + 1, n)
        } else {
            (w, n + 1)
        }
    });
    wide + (narrow + 3) / 4
}

/// Each message carries a few tokens of framing besides its text.
pub(super) fn prompt_tokens(messages: &[WireMessage]) -> i64 {
    messages.iter().map(|m| tokens(&m.content) + 4).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_text_is_about_four_characters_a_token_and_cjk_one() {
        assert_eq!(tokens(""), 0);
        assert_eq!(tokens("abcdefgh"), 2);
        assert_eq!(tokens("你好世界"), 4);
        assert_eq!(tokens("hi 你好"), 3);
    }
}
