//! Thinking that arrives inside an answer's text: DeepSeek R1, QwQ and
//! others served through chat completions open their answer with
//! `<think>…</think>`. The tags may be split across chunks at any byte, and
//! an answer may end (or fail) before the thinking does. Only an answer
//! that *opens* with the tag is read this way: a tag further on is text
//! the model wrote (an answer about the tag itself, say).

const OPEN: &str = "<think>";
const CLOSE: &str = "</think>";

/// A piece of streamed text, as thinking or as the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Thinking(String),
    Text(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing but whitespace yet: the answer may still open with a tag.
    Start,
    Thinking,
    /// Just after `</think>`: the blank lines before the answer are layout.
    AfterThinking,
    Text,
}

/// Splits a stream of text into thinking and answer, holding back only
/// what may be the start of a tag.
#[derive(Debug)]
pub(crate) struct ThinkTags {
    state: State,
    held: String,
}

impl Default for ThinkTags {
    fn default() -> Self {
        Self {
            state: State::Start,
            held: String::new(),
        }
    }
}

/// How many bytes at the end of `text` could begin `tag` (the longest
/// suffix that is a prefix of it). Tags are ASCII, so the cut is always on
/// a character boundary.
fn partial_tag_at_end(text: &str, tag: &str) -> usize {
    (1..tag.len().min(text.len() + 1))
        .rev()
        .find(|&n| text.as_bytes().ends_with(&tag.as_bytes()[..n]))
        .unwrap_or(0)
}

impl ThinkTags {
    /// Past any thinking, with nothing held: text is just text now.
    pub(crate) fn passes_through(&self) -> bool {
        self.state == State::Text && self.held.is_empty()
    }

    pub(crate) fn push(&mut self, text: &str) -> Vec<Piece> {
        let mut out = Vec::new();
        self.held.push_str(text);
        loop {
            match self.state {
                State::Text => {
                    if !self.held.is_empty() {
                        out.push(Piece::Text(std::mem::take(&mut self.held)));
                    }
                    return out;
                }
                State::AfterThinking => {
                    self.held = self.held.trim_start().to_owned();
                    if self.held.is_empty() {
                        return out;
                    }
                    self.state = State::Text;
                }
                State::Start => {
                    let trimmed = self.held.trim_start();
                    if let Some(rest) = trimmed.strip_prefix(OPEN) {
                        self.held = rest.to_owned();
                        self.state = State::Thinking;
                    } else if OPEN.starts_with(trimmed) {
                        return out; // only whitespace, or a tag's first bytes
                    } else {
                        self.state = State::Text;
                    }
                }
                State::Thinking => {
                    if let Some(at) = self.held.find(CLOSE) {
                        let thought = self.held[..at].to_owned();
                        let rest = self.held[at + CLOSE.len()..].to_owned();
                        if !thought.is_empty() {
                            out.push(Piece::Thinking(thought));
                        }
                        self.held = rest;
                        self.state = State::AfterThinking;
                        continue;
                    }
                    let keep = partial_tag_at_end(&self.held, CLOSE);
                    let cut = self.held.len() - keep;
                    if cut > 0 {
                        let thought: String = self.held.drain(..cut).collect();
                        out.push(Piece::Thinking(thought));
                    }
                    return out;
                }
            }
        }
    }

    /// The end of the stream: what was held back is what it looked like.
    pub(crate) fn finish(&mut self) -> Option<Piece> {
        let held = std::mem::take(&mut self.held);
        match self.state {
            _ if held.is_empty() => None,
            State::Thinking => Some(Piece::Thinking(held)),
            // A lone "<thi" or whitespace: the model's own text.
            State::Start | State::Text => Some(Piece::Text(held)),
            State::AfterThinking => None,
        }
    }
}

/// Text without any leading thinking (titles, which must never hold it).
pub(crate) fn without_thinking(text: &str) -> String {
    let mut tags = ThinkTags::default();
    let mut pieces = tags.push(text);
    pieces.extend(tags.finish());
    pieces
        .into_iter()
        .filter_map(|p| match p {
            Piece::Text(t) => Some(t),
            Piece::Thinking(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(chunks: &[&str]) -> (String, String) {
        let mut tags = ThinkTags::default();
        let mut pieces = Vec::new();
        for chunk in chunks {
            pieces.extend(tags.push(chunk));
        }
        pieces.extend(tags.finish());
        let (mut thinking, mut text) = (String::new(), String::new());
        for piece in pieces {
            match piece {
                Piece::Thinking(t) => thinking.push_str(&t),
                Piece::Text(t) => text.push_str(&t),
            }
        }
        (thinking, text)
    }

    #[test]
    fn tags_split_at_every_byte_give_the_same_parts() {
        let whole =
            "\n<think>The user wants it short. Über kurz 🙂</think>\n\nHello! <think> stays.";
        let expected = (
            "The user wants it short. Über kurz 🙂".to_owned(),
            "Hello! <think> stays.".to_owned(),
        );
        assert_eq!(split(&[whole]), expected);
        let boundaries: Vec<usize> = (0..=whole.len())
            .filter(|&i| whole.is_char_boundary(i))
            .collect();
        for &a in &boundaries {
            assert_eq!(split(&[&whole[..a], &whole[a..]]), expected, "cut at {a}");
            for &b in boundaries.iter().filter(|&&b| b > a) {
                assert_eq!(
                    split(&[&whole[..a], &whole[a..b], &whole[b..]]),
                    expected,
                    "cut at {a} and {b}"
                );
            }
        }
    }

    #[test]
    fn an_answer_that_never_leaves_its_thinking_is_all_thinking() {
        assert_eq!(
            split(&["<think>Still", " going </thi"]),
            ("Still going </thi".into(), String::new())
        );
    }

    #[test]
    fn text_without_a_leading_tag_is_text_at_once() {
        let mut tags = ThinkTags::default();
        assert_eq!(
            tags.push("Hi <think>"),
            vec![Piece::Text("Hi <think>".into())]
        );
        assert_eq!(split(&["<thi"]), (String::new(), "<thi".into()));
        assert_eq!(
            split(&["<b>bold</b>"]),
            (String::new(), "<b>bold</b>".into())
        );
    }

    #[test]
    fn thinking_streams_as_it_comes_holding_back_only_a_possible_tag() {
        let mut tags = ThinkTags::default();
        assert_eq!(
            tags.push("<think>abc</"),
            vec![Piece::Thinking("abc".into())]
        );
        assert_eq!(tags.push("b>"), vec![Piece::Thinking("</b>".into())]);
    }

    #[test]
    fn titles_lose_their_thinking() {
        assert_eq!(
            without_thinking("<think>The user wants…</think>Sky colours"),
            "Sky colours"
        );
        assert_eq!(without_thinking("Sky colours"), "Sky colours");
    }
}
