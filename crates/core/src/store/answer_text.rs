//! What an answer's stream is saved as, part by part.

/// An answer's text as it is written: what it says, and what it thought.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnswerText {
    pub content: String,
    pub thinking: String,
    pub thinking_ms: Option<i64>,
}

impl AnswerText {
    pub fn plain(content: &str) -> Self {
        Self {
            content: content.to_owned(),
            ..Self::default()
        }
    }

    /// `None` for an answer that did not think (stored as NULL).
    pub fn thinking(&self) -> Option<&str> {
        Some(self.thinking.as_str()).filter(|t| !t.is_empty())
    }
}
