//! Export and import of conversations. Our JSON keeps everything (every
//! branch, titles, settings, times, usage), so export then import gives the
//! same chats back; Markdown is for reading and shows the branch on screen.
//! NextChat's and Chatbox's backups can be imported too (see the README for
//! the fields taken from each).

mod chatbox;
mod markdown;
mod nextchat;
mod ours;

pub use markdown::to_markdown;
pub use ours::{ExportFile, EXPORT_FORMAT};

use crate::documents::DocumentKind;
use crate::error::{AppError, AppResult};
use crate::store::{AnswerUsage, ConversationSettings, FinishReason, Role, Source};
use crate::AppError as StoredError;
use serde::{Deserialize, Serialize};

/// One conversation in the shape every importer produces and export writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortableConversation {
    pub title: String,
    pub model: String,
    pub created_at: i64,
    pub updated_at: i64,
    #[serde(default)]
    pub settings: ConversationSettings,
    /// Every message, parents before children.
    pub messages: Vec<PortableMessage>,
    /// The `key` of the message shown last.
    #[serde(default)]
    pub leaf: Option<i64>,
    /// The name of its folder; an import puts it in the folder of that
    /// name, made if there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder: Option<String>,
    #[serde(default)]
    pub pinned: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortableMessage {
    /// Unique within its conversation; only links messages together.
    pub key: i64,
    #[serde(default)]
    pub parent: Option<i64>,
    pub role: Role,
    pub content: String,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub finish_reason: Option<FinishReason>,
    #[serde(default)]
    pub error: Option<StoredError>,
    pub created_at: i64,
    #[serde(default)]
    pub usage: Option<AnswerUsage>,
    /// Image file names; the images stay in this computer's app folder.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<String>,
    /// An answer's thinking (the JSON export keeps it; Markdown does not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thinking: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thinking_ms: Option<i64>,
    /// A question's documents with their text, so an imported chat can go
    /// on about them on another computer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<PortableDocument>,
    /// An answer's passages, when its documents were too large to send whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

/// A document as exported: what it was read as, and the text itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortableDocument {
    pub name: String,
    pub kind: DocumentKind,
    #[serde(default)]
    pub parts: u32,
    #[serde(default)]
    pub tokens: i64,
    pub text: String,
}

/// What an import did, for the message the user reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ImportSummary {
    /// Which app the file came from: "Comet Desk", "NextChat" or "Chatbox".
    pub source: String,
    pub conversations: u32,
    pub messages: u32,
}

/// Reads any supported backup. An unknown or damaged file is refused
/// whole, before anything is written.
pub fn parse_backup(text: &str) -> AppResult<(String, Vec<PortableConversation>)> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| {
        AppError::invalid_input(
            "This file is not JSON. Pick a Comet Desk, NextChat or Chatbox backup.",
        )
    })?;
    if let Some(found) = ours::parse(&value)? {
        return Ok(("Comet Desk".into(), found));
    }
    if let Some(found) = nextchat::parse(&value) {
        return Ok(("NextChat".into(), found));
    }
    if let Some(found) = chatbox::parse(&value) {
        return Ok(("Chatbox".into(), found));
    }
    Err(AppError::invalid_input(
        "This file is not a backup Comet Desk knows. Pick a Comet Desk, NextChat or Chatbox export.",
    ))
}

/// A chain of messages (apps without branches): each follows the one before.
pub(crate) fn chain(
    messages: impl Iterator<Item = (Role, String, Option<String>, i64)>,
) -> Vec<PortableMessage> {
    let mut out: Vec<PortableMessage> = Vec::new();
    for (role, content, model, created_at) in messages {
        let key = out.len() as i64 + 1;
        out.push(PortableMessage {
            key,
            parent: out.last().map(|m| m.key),
            finish_reason: (role == Role::Assistant).then_some(FinishReason::Stop),
            role,
            content,
            model,
            error: None,
            created_at,
            usage: None,
            attachments: Vec::new(),
            thinking: None,
            thinking_ms: None,
            documents: Vec::new(),
            sources: Vec::new(),
        });
    }
    out
}

/// Text of a message whose content is a string or a list of parts.
pub(crate) fn text_of(content: &serde_json::Value) -> String {
    match content {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(parts) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(|t| t.as_str()))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

pub(crate) fn role_of(text: &str) -> Option<Role> {
    match text {
        "user" => Some(Role::User),
        "assistant" => Some(Role::Assistant),
        "system" => Some(Role::System),
        _ => None,
    }
}
