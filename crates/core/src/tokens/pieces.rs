//! cl100k_base's pre-tokenizer: text is cut into pieces before BPE runs on
//! each. OpenAI writes it as one regular expression; this is the same
//! rule by hand (the regex crate cost half a megabyte of the app for it),
//! its alternatives tried in order at each position, as the regex does:
//!
//! 1. `'s 't 're 've 'm 'll 'd`, any case;
//! 2. letters, with one character before them that is not a letter, a
//!    digit or a line break;
//! 3. one to three digits;
//! 4. punctuation (neither space, letter nor digit), with one space before
//!    it, and the line breaks after it;
//! 5. spaces up to and including the last line break among them;
//! 6. spaces, leaving the last one to the word that follows them.

use super::letters::LETTERS;

pub(super) fn split<'t>(text: &'t str, mut each: impl FnMut(&'t str)) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let offset = |i: usize| chars.get(i).map_or(text.len(), |&(at, _)| at);
    let mut i = 0;
    while i < chars.len() {
        let end = piece_end(&chars, i);
        each(&text[offset(i)..offset(end)]);
        i = end;
    }
}

/// Where the piece starting at `i` ends (an index into `chars`).
fn piece_end(chars: &[(usize, char)], i: usize) -> usize {
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let run = |from: usize, test: fn(char) -> bool| {
        (from..chars.len())
            .find(|&k| !at(k).is_some_and(test))
            .unwrap_or(chars.len())
    };
    let Some(first) = at(i) else {
        return i;
    };
    if first == '\'' {
        if let Some(len) = contraction(at(i + 1), at(i + 2)) {
            return i + 1 + len;
        }
    }
    if is_letter(first) {
        return run(i, is_letter);
    }
    if !is_line_break(first) && !first.is_numeric() && at(i + 1).is_some_and(is_letter) {
        return run(i + 1, is_letter);
    }
    if first.is_numeric() {
        return run(i, char::is_numeric).min(i + 3);
    }
    let punctuation_from = if first == ' ' && at(i + 1).is_some_and(is_punctuation) {
        Some(i + 1)
    } else if is_punctuation(first) {
        Some(i)
    } else {
        None
    };
    if let Some(from) = punctuation_from {
        return run(run(from, is_punctuation), is_line_break);
    }
    // Whitespace from here on.
    let spaces_end = run(i, char::is_whitespace);
    if let Some(last_break) = (i..spaces_end)
        .rev()
        .find(|&k| at(k).is_some_and(is_line_break))
    {
        return last_break + 1;
    }
    if spaces_end < chars.len() && spaces_end - i > 1 {
        return spaces_end - 1;
    }
    spaces_end.max(i + 1)
}

/// The length after the apostrophe of `'s 't 're 've 'm 'll 'd`, matched
/// without case as Unicode folds it (`ſ` is an `s`).
fn contraction(a: Option<char>, b: Option<char>) -> Option<usize> {
    let fold = |c: Option<char>| match c {
        Some('ſ') => Some('s'),
        c => c.map(|c| c.to_ascii_lowercase()),
    };
    match (fold(a)?, fold(b)) {
        ('s' | 't' | 'm' | 'd', _) => Some(1),
        ('r' | 'v', Some('e')) | ('l', Some('l')) => Some(2),
        _ => None,
    }
}

fn is_letter(c: char) -> bool {
    let code = u32::from(c);
    LETTERS
        .binary_search_by(|&(start, end)| {
            if end < code {
                std::cmp::Ordering::Less
            } else if start > code {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

fn is_line_break(c: char) -> bool {
    c == '\r' || c == '\n'
}

fn is_punctuation(c: char) -> bool {
    !c.is_whitespace() && !is_letter(c) && !c.is_numeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split(text, |p| out.push(p));
        out
    }

    #[test]
    fn words_numbers_punctuation_and_spaces_are_cut_as_openai_does() {
        assert_eq!(pieces("Hello world"), ["Hello", " world"]);
        assert_eq!(pieces("I'm   here"), ["I", "'m", "  ", " here"]);
        assert_eq!(
            pieces("12345 apples!!\n\n"),
            ["123", "45", " apples", "!!\n\n"]
        );
        assert_eq!(pieces("a  \n  b"), ["a", "  \n", " ", " b"]);
        assert_eq!(pieces("end   "), ["end", "   "]);
        assert_eq!(pieces("你好，世界"), ["你好", "，世界"]);
        assert_eq!(pieces("'LL 'Re 'sam"), ["'LL", " '", "Re", " '", "sam"]);
    }
}
