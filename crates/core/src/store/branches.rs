//! The message tree. A conversation shows one path: from its leaf up to the
//! first message. Regenerating or editing adds a sibling and moves the leaf;
//! paging between siblings moves it back. Nothing is ever overwritten.

use super::messages::{from_row, COLUMNS, USAGE_JOIN};
use super::{Message, Store};
use crate::error::{AppError, AppResult};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// A page of the visible path, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct MessagePage {
    pub messages: Vec<Message>,
    /// Older messages exist above the first one.
    pub has_more: bool,
}

impl Store {
    /// The whole visible path, oldest first (what is sent as context).
    pub fn list_messages(&self, conversation_id: i64) -> AppResult<Vec<Message>> {
        let leaf = self.leaf(conversation_id)?;
        Ok(self.path_from(leaf, None)?.messages)
    }

    /// The path ending just above `before` (or at the leaf), at most `limit`
    /// messages: the last page first, older pages as the user scrolls up.
    pub fn message_page(
        &self,
        conversation_id: i64,
        before: Option<i64>,
        limit: u32,
    ) -> AppResult<MessagePage> {
        let start = match before {
            None => self.leaf(conversation_id)?,
            Some(id) => self.message_in(conversation_id, id)?.parent_id,
        };
        self.path_from(start, Some(limit))
    }

    /// The path through `message_id`: its newest descendants are followed
    /// down to a leaf, which becomes the conversation's.
    pub fn select_branch(&self, conversation_id: i64, message_id: i64) -> AppResult<()> {
        self.message_in(conversation_id, message_id)?;
        let conn = self.conn();
        let leaf = newest_descendant(&conn, conversation_id, Some(message_id))?;
        set_leaf(&conn, conversation_id, leaf)
    }

    /// Deletes one message. Its replies move up to its parent, so deleting a
    /// question in the middle keeps the rest of the chat.
    pub fn delete_message(&self, conversation_id: i64, message_id: i64) -> AppResult<()> {
        let message = self.message_in(conversation_id, message_id)?;
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE messages SET parent_id = ?1 WHERE conversation_id = ?2 AND parent_id = ?3",
            params![message.parent_id, conversation_id, message_id],
        )?;
        tx.execute("DELETE FROM messages WHERE id = ?1", [message_id])?;
        let leaf: Option<i64> = tx.query_row(
            "SELECT leaf_id FROM conversations WHERE id = ?1",
            [conversation_id],
            |r| r.get(0),
        )?;
        if leaf == Some(message_id) {
            let next = newest_descendant(&tx, conversation_id, message.parent_id)?;
            set_leaf(&tx, conversation_id, next)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn leaf(&self, conversation_id: i64) -> AppResult<Option<i64>> {
        self.conn()
            .query_row(
                "SELECT leaf_id FROM conversations WHERE id = ?1",
                [conversation_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| AppError::not_found("The conversation"))
    }

    fn path_from(&self, start: Option<i64>, limit: Option<u32>) -> AppResult<MessagePage> {
        let Some(start) = start else {
            return Ok(MessagePage {
                messages: Vec::new(),
                has_more: false,
            });
        };
        // One row more than asked tells whether older ones exist.
        let depth = limit.map_or(i64::MAX, i64::from);
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "WITH RECURSIVE path(id, depth) AS (
                 SELECT ?1, 0
                 UNION ALL
                 SELECT m.parent_id, path.depth + 1 FROM path JOIN messages m ON m.id = path.id
                 WHERE m.parent_id IS NOT NULL AND path.depth < ?2
             )
             SELECT {COLUMNS} FROM path JOIN messages m ON m.id = path.id {USAGE_JOIN}
             ORDER BY path.depth DESC"
        ))?;
        let mut messages: Vec<Message> = stmt
            .query_map(params![start, depth], from_row)?
            .collect::<Result<_, _>>()?;
        let has_more = limit.is_some_and(|limit| messages.len() > limit as usize);
        if has_more {
            messages.remove(0);
        }
        Ok(MessagePage { messages, has_more })
    }
}

/// Follows the newest child from `from` (or from the newest first message)
/// down to a message without replies.
fn newest_descendant(
    conn: &Connection,
    conversation_id: i64,
    from: Option<i64>,
) -> AppResult<Option<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT max(id) FROM messages WHERE conversation_id = ?1 AND parent_id IS ?2",
    )?;
    let mut current = from;
    loop {
        let child: Option<i64> = stmt.query_row(params![conversation_id, current], |r| r.get(0))?;
        match child {
            Some(child) => current = Some(child),
            None => return Ok(current),
        }
    }
}

fn set_leaf(conn: &Connection, conversation_id: i64, leaf: Option<i64>) -> AppResult<()> {
    conn.execute(
        "UPDATE conversations SET leaf_id = ?1 WHERE id = ?2",
        params![leaf, conversation_id],
    )?;
    Ok(())
}
