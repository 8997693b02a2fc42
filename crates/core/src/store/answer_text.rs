//! What an answer's stream is saved as, part by part. Borrowed: a save
//! while the answer streams copies nothing.

/// An answer's text as it is written: what it says, and what it thought.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AnswerText<'a> {
    pub content: &'a str,
    pub thinking: &'a str,
    pub thinking_ms: Option<i64>,
    /// Anthropic's signature over the thinking (empty for other models).
    pub signature: &'a str,
}

impl<'a> AnswerText<'a> {
    pub fn plain(content: &'a str) -> Self {
        Self {
            content,
            ..Self::default()
        }
    }

    /// `None` for an answer that did not think (stored as NULL).
    pub fn thinking(&self) -> Option<&'a str> {
        Some(self.thinking).filter(|t| !t.is_empty())
    }

    pub fn signature(&self) -> Option<&'a str> {
        Some(self.signature).filter(|s| !s.is_empty())
    }
}
