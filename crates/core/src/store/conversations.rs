//! Conversations: the sidebar's rows.

use super::{now_ms, Store};
use crate::error::{AppError, AppResult};
use rusqlite::{params, Row};
use serde::Serialize;

pub const DEFAULT_TITLE: &str = "New chat";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Conversation {
    pub id: i64,
    pub title: String,
    pub model: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, title, model, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Conversation> {
    Ok(Conversation {
        id: row.get(0)?,
        title: row.get(1)?,
        model: row.get(2)?,
        created_at: row.get(3)?,
        updated_at: row.get(4)?,
    })
}

fn clean_title(title: &str) -> AppResult<String> {
    let title: String = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(AppError::invalid_input("A title cannot be empty."));
    }
    Ok(title.chars().take(200).collect())
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
        Ok(Conversation {
            id,
            title: DEFAULT_TITLE.into(),
            model: model.into(),
            created_at: now,
            updated_at: now,
        })
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
        let Ok(title) = clean_title(text) else {
            return Ok(());
        };
        let short: String = title.chars().take(48).collect();
        self.conn().execute(
            "UPDATE conversations SET title = ?1 WHERE id = ?2 AND title = ?3",
            params![short, id, DEFAULT_TITLE],
        )?;
        Ok(())
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
