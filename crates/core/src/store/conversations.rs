//! Conversations: the sidebar's rows.

use super::{now_ms, Store};
use crate::error::{AppError, AppResult};
use rusqlite::{params, Row};
use serde::{Deserialize, Serialize};

pub const DEFAULT_TITLE: &str = "New chat";

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Conversation {
    pub id: i64,
    pub title: String,
    pub model: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub settings: ConversationSettings,
    /// The folder it is in; `None` is the sidebar's own list.
    pub folder_id: Option<i64>,
    /// Shown on top of the sidebar, whatever its folder.
    pub pinned: bool,
}

/// What this chat sends with every request; `None` takes the default from
/// Settings at the time of sending.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ConversationSettings {
    pub system_prompt: Option<String>,
    pub temperature: Option<f64>,
    pub max_tokens: Option<u32>,
    /// How hard a reasoning model on `/v1/responses` thinks; `None` is
    /// the model's own default. Other models are not sent it.
    #[serde(default)]
    pub reasoning_effort: Option<ReasoningEffort>,
    /// How many tokens Claude may think for before it answers (extended
    /// thinking on `/v1/messages`); `None` is no extended thinking.
    #[serde(default)]
    pub thinking_budget: Option<u32>,
}

/// Anthropic's smallest thinking budget.
pub const MIN_THINKING_BUDGET: u32 = 1_024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ReasoningEffort {
    Low,
    Medium,
    High,
}

impl ReasoningEffort {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "low" => Some(Self::Low),
            "medium" => Some(Self::Medium),
            "high" => Some(Self::High),
            _ => None,
        }
    }
}

impl ConversationSettings {
    /// Refuses values no model accepts, so the mistake shows in the dialog
    /// rather than as a failed answer.
    pub fn validated(self) -> AppResult<Self> {
        if let Some(t) = self.temperature {
            if !(0.0..=2.0).contains(&t) {
                return Err(AppError::invalid_input("Temperature goes from 0 to 2."));
            }
        }
        if self.max_tokens == Some(0) {
            return Err(AppError::invalid_input(
                "Max output tokens must be at least 1, or empty for the model's own limit.",
            ));
        }
        if self
            .thinking_budget
            .is_some_and(|b| b < MIN_THINKING_BUDGET)
        {
            return Err(AppError::invalid_input(
                "A thinking budget is at least 1,024 tokens, or empty for no extended thinking.",
            ));
        }
        let system_prompt = self.system_prompt.filter(|p| !p.trim().is_empty());
        Ok(Self {
            system_prompt,
            ..self
        })
    }
}

pub(super) const COLUMNS: &str =
    "id, title, model, created_at, updated_at, system_prompt, temperature, max_tokens, reasoning_effort, \
    thinking_budget, folder_id, pinned";

pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<Conversation> {
    Ok(Conversation {
        id: row.get(0)?,
        title: row.get(1)?,
        model: row.get(2)?,
        created_at: row.get(3)?,
        updated_at: row.get(4)?,
        settings: ConversationSettings {
            system_prompt: row.get(5)?,
            temperature: row.get(6)?,
            max_tokens: row.get(7)?,
            reasoning_effort: row
                .get::<_, Option<String>>(8)?
                .as_deref()
                .and_then(ReasoningEffort::parse),
            thinking_budget: row.get(9)?,
        },
        folder_id: row.get(10)?,
        pinned: row.get(11)?,
    })
}

fn clean_title(title: &str) -> AppResult<String> {
    let title: String = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(AppError::invalid_input("A title cannot be empty."));
    }
    Ok(title.chars().take(200).collect())
}

/// The title a chat gets from its first message until a better one comes.
pub fn title_from_text(text: &str) -> Option<String> {
    let title = clean_title(text).ok()?;
    Some(title.chars().take(48).collect())
}

impl Store {
    pub fn create_conversation(&self, model: &str) -> AppResult<Conversation> {
        let now = now_ms();
        let conn = self.conn();
        conn.execute(
            "INSERT INTO conversations(title, model, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            params![DEFAULT_TITLE, model, now],
        )?;
        let id = conn.last_insert_rowid();
        drop(conn);
        self.conversation(id)
    }

    pub fn set_conversation_settings(
        &self,
        id: i64,
        settings: ConversationSettings,
    ) -> AppResult<Conversation> {
        let settings = settings.validated()?;
        let changed = self.conn().execute(
            "UPDATE conversations SET system_prompt = ?1, temperature = ?2, max_tokens = ?3, reasoning_effort = ?4,
                thinking_budget = ?5
             WHERE id = ?6",
            params![
                settings.system_prompt,
                settings.temperature,
                settings.max_tokens,
                settings.reasoning_effort.map(ReasoningEffort::as_str),
                settings.thinking_budget,
                id
            ],
        )?;
        if changed == 0 {
            return Err(AppError::not_found("The conversation"));
        }
        self.conversation(id)
    }

    /// Most recently used first.
    pub fn list_conversations(&self) -> AppResult<Vec<Conversation>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM conversations ORDER BY updated_at DESC, id DESC"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn conversation(&self, id: i64) -> AppResult<Conversation> {
        let conn = self.conn();
        conn.query_row(
            &format!("SELECT {COLUMNS} FROM conversations WHERE id = ?1"),
            [id],
            from_row,
        )
        .map_err(|err| match err {
            rusqlite::Error::QueryReturnedNoRows => AppError::not_found("The conversation"),
            other => other.into(),
        })
    }

    pub fn rename_conversation(&self, id: i64, title: &str) -> AppResult<Conversation> {
        let title = clean_title(title)?;
        let changed = self.conn().execute(
            "UPDATE conversations SET title = ?1, updated_at = ?2 WHERE id = ?3",
            params![title, now_ms(), id],
        )?;
        if changed == 0 {
            return Err(AppError::not_found("The conversation"));
        }
        self.conversation(id)
    }

    /// Gives a new conversation a title from its first message, once.
    pub fn title_from_first_message(&self, id: i64, text: &str) -> AppResult<()> {
        let Some(short) = title_from_text(text) else {
            return Ok(());
        };
        self.conn().execute(
            "UPDATE conversations SET title = ?1 WHERE id = ?2 AND title = ?3",
            params![short, id, DEFAULT_TITLE],
        )?;
        Ok(())
    }

    /// Renames only if the title is still `expected`: a title the user typed
    /// meanwhile wins. `None` when it was left alone.
    pub fn rename_if_unchanged(
        &self,
        id: i64,
        expected: &str,
        title: &str,
    ) -> AppResult<Option<Conversation>> {
        let title = clean_title(title)?;
        let changed = self.conn().execute(
            "UPDATE conversations SET title = ?1 WHERE id = ?2 AND title = ?3",
            params![title, id, expected],
        )?;
        if changed == 0 {
            return Ok(None);
        }
        self.conversation(id).map(Some)
    }

    pub fn set_conversation_model(&self, id: i64, model: &str) -> AppResult<()> {
        self.conn().execute(
            "UPDATE conversations SET model = ?1 WHERE id = ?2",
            params![model, id],
        )?;
        Ok(())
    }

    pub fn touch_conversation(&self, id: i64) -> AppResult<()> {
        self.conn().execute(
            "UPDATE conversations SET updated_at = ?1 WHERE id = ?2",
            params![now_ms(), id],
        )?;
        Ok(())
    }

    /// Deletes the conversation and, by cascade, its messages.
    pub fn delete_conversation(&self, id: i64) -> AppResult<()> {
        let changed = self
            .conn()
            .execute("DELETE FROM conversations WHERE id = ?1", [id])?;
        if changed == 0 {
            return Err(AppError::not_found("The conversation"));
        }
        Ok(())
    }
}
