//! Messages. A user's message is written before the request goes out; an
//! answer is written as it streams and closed with its finish reason.

use super::AnswerText;
use super::{now_ms, Store};
use super::{DocumentRef, Source};
use crate::error::{AppError, AppResult, ErrorCode};
use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    User,
    Assistant,
    System,
}

/// How an answer ended. `None` on an answer means it is still streaming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FinishReason {
    Stop,
    Length,
    ContentFilter,
    Cancelled,
    Interrupted,
    Error,
}

impl FinishReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stop => "stop",
            Self::Length => "length",
            Self::ContentFilter => "content_filter",
            Self::Cancelled => "cancelled",
            Self::Interrupted => "interrupted",
            Self::Error => "error",
        }
    }

    /// The upstream's reason; anything unknown counts as a normal stop.
    pub fn from_upstream(reason: &str) -> Self {
        match reason {
            "length" => Self::Length,
            "content_filter" => Self::ContentFilter,
            _ => Self::Stop,
        }
    }

    fn parse(text: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Message {
    pub id: i64,
    pub conversation_id: i64,
    pub role: Role,
    pub content: String,
    pub model: Option<String>,
    pub finish_reason: Option<FinishReason>,
    pub error: Option<AppError>,
    pub created_at: i64,
    /// The message this one follows; `None` for the first of a chat.
    pub parent_id: Option<i64>,
    /// This message and its alternatives (other answers to the same
    /// question, other versions of an edited question), oldest first.
    pub siblings: Vec<i64>,
    /// What an answer cost, once its call is recorded.
    pub usage: Option<AnswerUsage>,
    /// Images attached to a question: file names in the attachments folder.
    pub attachments: Vec<String>,
    /// Pictures an image model's answer linked to, kept in the gallery:
    /// the chat shows `file` where the Markdown names `url`.
    pub kept_images: Vec<KeptImage>,
    /// Documents attached to a question, whose text goes before it.
    pub documents: Vec<DocumentRef>,
    /// What a thinking model thought before it answered: shown folded
    /// above the answer, never sent back to a model, never searched.
    pub thinking: Option<String>,
    /// How long it thought, from its first thought to its first word.
    pub thinking_ms: Option<i64>,
    /// The passages of documents an answer was given instead of their whole
    /// text (too large to send), best first.
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct KeptImage {
    pub url: String,
    pub file: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct AnswerUsage {
    pub prompt_tokens: Option<i64>,
    pub completion_tokens: Option<i64>,
    pub cost_usd: Option<f64>,
    /// Counted by us: the server sent no usage.
    pub estimated: bool,
    pub latency_ms: i64,
    /// Of the completion tokens, those spent thinking.
    pub reasoning_tokens: Option<i64>,
    /// Of the prompt tokens, those read from the provider's cache.
    pub cache_read_tokens: Option<i64>,
}

/// Read with the messages table aliased `m`, joined with `USAGE_JOIN`.
pub(super) const COLUMNS: &str =
    "m.id, m.conversation_id, m.role, m.content, m.model, m.finish_reason, \
    m.error_code, m.error_message, m.created_at, m.parent_id, \
    (SELECT group_concat(s.id) FROM messages s \
     WHERE s.conversation_id = m.conversation_id AND s.parent_id IS m.parent_id), \
    a.id, a.prompt_tokens, a.completion_tokens, a.cost_usd, a.estimated, a.latency_ms, \
    (SELECT group_concat(file, '|') FROM \
       (SELECT file FROM attachments WHERE message_id = m.id ORDER BY position)), \
    (SELECT group_concat(source_url || char(31) || file, char(30)) FROM images \
     WHERE message_id = m.id AND source_url IS NOT NULL), \
    m.thinking, m.thinking_ms, a.reasoning_tokens, a.cache_read_tokens, \
    (SELECT json_group_array(json_object(\
       'id', d.id, 'name', d.name, 'kind', d.kind, 'parts', d.parts, 'tokens', d.tokens)) \
     FROM (SELECT d.* FROM message_documents md JOIN documents d ON d.id = md.document_id \
           WHERE md.message_id = m.id ORDER BY md.position) d), \
    m.sources";
/// An answer has at most one call; a question has none.
pub(super) const USAGE_JOIN: &str = "LEFT JOIN api_calls a ON a.message_id = m.id";

pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<Message> {
    let role: String = row.get(2)?;
    let finish: Option<String> = row.get(5)?;
    let code: Option<String> = row.get(6)?;
    let message: Option<String> = row.get(7)?;
    let error = code.map(|code| AppError {
        code: ErrorCode::parse(&code).unwrap_or(ErrorCode::ServerError),
        message: message.unwrap_or_default(),
    });
    Ok(Message {
        id: row.get(0)?,
        conversation_id: row.get(1)?,
        role: match role.as_str() {
            "user" => Role::User,
            "system" => Role::System,
            _ => Role::Assistant,
        },
        content: row.get(3)?,
        model: row.get(4)?,
        finish_reason: finish.as_deref().and_then(FinishReason::parse),
        error,
        created_at: row.get(8)?,
        parent_id: row.get(9)?,
        siblings: parse_ids(row.get::<_, Option<String>>(10)?.as_deref()),
        usage: match row.get::<_, Option<i64>>(11)? {
            None => None,
            Some(_) => Some(AnswerUsage {
                prompt_tokens: row.get(12)?,
                completion_tokens: row.get(13)?,
                cost_usd: row.get(14)?,
                estimated: row.get(15)?,
                latency_ms: row.get(16)?,
                reasoning_tokens: row.get(21)?,
                cache_read_tokens: row.get(22)?,
            }),
        },
        attachments: row
            .get::<_, Option<String>>(17)?
            .map(|list| list.split('|').map(str::to_owned).collect())
            .unwrap_or_default(),
        kept_images: row
            .get::<_, Option<String>>(18)?
            .map(|list| {
                list.split('\u{1e}')
                    .filter_map(|pair| pair.split_once('\u{1f}'))
                    .map(|(url, file)| KeptImage {
                        url: url.to_owned(),
                        file: file.to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        thinking: row.get(19)?,
        thinking_ms: row.get(20)?,
        documents: super::documents::parse_list(row.get::<_, Option<String>>(23)?.as_deref()),
        sources: super::sources::parse_list(row.get::<_, Option<String>>(24)?.as_deref()),
    })
}

fn parse_ids(list: Option<&str>) -> Vec<i64> {
    let mut ids: Vec<i64> = list
        .unwrap_or_default()
        .split(',')
        .filter_map(|id| id.parse().ok())
        .collect();
    ids.sort_unstable();
    ids
}

impl Store {
    /// A question following `parent` (the current leaf for a new message,
    /// the old question's parent for an edit). It becomes the leaf.
    pub fn add_user_message(
        &self,
        conversation_id: i64,
        parent: Option<i64>,
        content: &str,
    ) -> AppResult<Message> {
        self.add_question(conversation_id, parent, content, &[], &[])
    }

    /// A question with images (file names from `MediaFiles`) and documents
    /// (ids from `keep_document`).
    pub fn add_question(
        &self,
        conversation_id: i64,
        parent: Option<i64>,
        content: &str,
        attachments: &[String],
        documents: &[i64],
    ) -> AppResult<Message> {
        let message = self.insert_message(conversation_id, parent, Role::User, content, None)?;
        if attachments.is_empty() && documents.is_empty() {
            return Ok(message);
        }
        self.link_documents(message.id, documents)?;
        {
            let conn = self.conn();
            for (position, file) in attachments.iter().enumerate() {
                conn.execute(
                    "INSERT INTO attachments(message_id, position, file) VALUES (?1, ?2, ?3)",
                    params![message.id, position as i64, file],
                )?;
            }
        }
        self.message(message.id)
    }

    /// An empty answer row under `question`, filled in while it streams.
    pub fn start_answer(
        &self,
        conversation_id: i64,
        question: i64,
        model: &str,
    ) -> AppResult<Message> {
        self.insert_message(
            conversation_id,
            Some(question),
            Role::Assistant,
            "",
            Some(model),
        )
    }

    /// Inserts a message below `parent` and makes it the conversation's leaf.
    pub(super) fn insert_message(
        &self,
        conversation_id: i64,
        parent: Option<i64>,
        role: Role,
        content: &str,
        model: Option<&str>,
    ) -> AppResult<Message> {
        let now = now_ms();
        let role_text = match role {
            Role::User => "user",
            Role::Assistant => "assistant",
            Role::System => "system",
        };
        let id = {
            let conn = self.conn();
            conn.execute(
                "INSERT INTO messages(conversation_id, parent_id, role, content, model, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![conversation_id, parent, role_text, content, model, now],
            )
            .map_err(|err| match err {
                rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
                    AppError::not_found("The conversation")
                }
                other => other.into(),
            })?;
            let id = conn.last_insert_rowid();
            conn.execute(
                "UPDATE conversations SET leaf_id = ?1, updated_at = ?2 WHERE id = ?3",
                params![id, now, conversation_id],
            )?;
            id
        };
        self.message(id)
    }

    /// The message, if it belongs to that conversation (a page never acts
    /// on another chat's message, whatever id it sends).
    pub fn message_in(&self, conversation_id: i64, id: i64) -> AppResult<Message> {
        let message = self.message(id)?;
        if message.conversation_id != conversation_id {
            return Err(AppError::not_found("The message"));
        }
        Ok(message)
    }

    pub fn message(&self, id: i64) -> AppResult<Message> {
        let conn = self.conn();
        conn.query_row(
            &format!("SELECT {COLUMNS} FROM messages m {USAGE_JOIN} WHERE m.id = ?1"),
            [id],
            from_row,
        )
        .map_err(|err| match err {
            rusqlite::Error::QueryReturnedNoRows => AppError::not_found("The message"),
            other => other.into(),
        })
    }

    /// Saves the text received so far; called at most about once a second.
    pub fn save_partial_answer(&self, id: i64, answer: &AnswerText<'_>) -> AppResult<()> {
        self.conn().execute(
            "UPDATE messages SET content = ?1, thinking = ?2, thinking_ms = ?3, updated_at = ?4 WHERE id = ?5",
            params![answer.content, answer.thinking(), answer.thinking_ms, now_ms(), id],
        )?;
        Ok(())
    }

    pub fn finish_answer(
        &self,
        id: i64,
        answer: &AnswerText<'_>,
        reason: FinishReason,
        error: Option<&AppError>,
    ) -> AppResult<Message> {
        self.conn().execute(
            "UPDATE messages SET content = ?1, finish_reason = ?2, error_code = ?3, error_message = ?4, updated_at = ?5,
                thinking = ?6, thinking_ms = ?7, thinking_signature = ?8
             WHERE id = ?9",
            params![
                answer.content,
                reason.as_str(),
                error.map(|e| e.code.as_str()),
                error.map(|e| e.message.as_str()),
                now_ms(),
                answer.thinking(),
                answer.thinking_ms,
                answer.signature(),
                id
            ],
        )?;
        self.message(id)
    }
}

/// An answer left open by a crash or a kill is closed as interrupted at the
/// next start, so it never shows as streaming forever.
pub(super) fn mark_unfinished_as_interrupted(conn: &Connection) -> AppResult<()> {
    conn.execute(
        "UPDATE messages SET finish_reason = 'interrupted' WHERE role = 'assistant' AND finish_reason IS NULL",
        [],
    )?;
    Ok(())
}
