//! What the UI hears while an answer streams, in order: `reading`s while
//! documents too large to send whole are embedded, `started`, any
//! `retrying`, `thinking` then `delta`s, at most one `usage`, then `done` or `error`, and
//! for a chat's first answer possibly `titled`.

use crate::error::AppError;
use crate::store::{Conversation, Message};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "type", rename_all = "snake_case")]
// Each event is built once and serialised at once: its size never matters.
#[allow(clippy::large_enum_variant)]
pub enum ChatEvent {
    /// Passages of the question's documents embedded so far (before
    /// `started`: nothing is written while they are read).
    Reading {
        done: u32,
        total: u32,
    },
    /// The rows are stored: the user's message can no longer be lost.
    /// No `user_message` when an answer is regenerated.
    Started {
        user_message: Option<Message>,
        answer: Message,
    },
    Retrying {
        attempt: u32,
        delay_ms: u64,
        reason: String,
    },
    Delta {
        text: String,
    },
    /// More of the answer's thinking; it comes before the answer's text.
    Thinking {
        text: String,
    },
    Usage {
        usage: UsageReport,
    },
    /// The answer ended normally or was stopped; `message` is as stored.
    Done {
        message: Message,
    },
    /// The answer failed; `message` holds whatever arrived.
    Error {
        error: AppError,
        message: Message,
    },
    /// After the first answer of a chat: its new title. The answer is
    /// already done; this may take a second more, or never come.
    Titled {
        conversation: Conversation,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct UsageReport {
    pub prompt_tokens: Option<i64>,
    pub completion_tokens: Option<i64>,
    pub total_tokens: Option<i64>,
    /// From the catalogue's price; `None` when the model has none.
    pub cost_usd: Option<f64>,
    /// The server sent no usage: the counts are ours.
    pub estimated: bool,
    /// Of the completion tokens, those spent thinking.
    pub reasoning_tokens: Option<i64>,
    /// Of the prompt tokens, those read from the provider's cache.
    pub cache_read_tokens: Option<i64>,
}

/// An event of one answer in a comparison; `lane` is the model's index.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct CompareEvent {
    pub lane: u32,
    pub event: ChatEvent,
}
