//! Conversations out of and into the database whole: every branch, the
//! leaf, settings, times and usage. An import is one transaction, so a bad
//! file leaves nothing half-written.

use super::folders::clean_name;
use super::messages::{from_row, COLUMNS, USAGE_JOIN};
use super::{Message, Role, Store};
use crate::error::{AppError, AppResult};
use crate::transfer::{PortableConversation, PortableDocument, PortableMessage};
use rusqlite::{params, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

impl Store {
    /// Every message of the conversation, all branches, oldest first.
    /// A reply is always newer than the message it follows.
    pub fn all_messages(&self, conversation_id: i64) -> AppResult<Vec<Message>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM messages m {USAGE_JOIN} WHERE m.conversation_id = ?1 ORDER BY m.id"
        ))?;
        let rows = stmt.query_map([conversation_id], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn export_conversation(&self, id: i64) -> AppResult<PortableConversation> {
        let conversation = self.conversation(id)?;
        let leaf: Option<i64> = self.conn().query_row(
            "SELECT leaf_id FROM conversations WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        let mut messages = Vec::new();
        for m in self.all_messages(id)? {
            let mut documents = Vec::new();
            for d in m.documents {
                documents.push(PortableDocument {
                    text: self.document_text(d.id)?,
                    name: d.name,
                    kind: d.kind,
                    parts: d.parts,
                    tokens: d.tokens,
                });
            }
            messages.push(PortableMessage {
                key: m.id,
                parent: m.parent_id,
                role: m.role,
                content: m.content,
                model: m.model,
                finish_reason: m.finish_reason,
                error: m.error,
                created_at: m.created_at,
                usage: m.usage,
                attachments: m.attachments,
                thinking: m.thinking,
                thinking_ms: m.thinking_ms,
                documents,
                sources: m.sources,
            });
        }
        Ok(PortableConversation {
            title: conversation.title,
            model: conversation.model,
            created_at: conversation.created_at,
            updated_at: conversation.updated_at,
            settings: conversation.settings,
            messages,
            leaf,
            folder: match conversation.folder_id {
                Some(folder) => Some(self.folder(folder)?.name),
                None => None,
            },
            pinned: conversation.pinned,
        })
    }

    /// Adds the conversation as a new one; returns its id.
    pub fn import_conversation(&self, portable: &PortableConversation) -> AppResult<i64> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let id = insert_all(&tx, portable)?;
        tx.commit()?;
        Ok(id)
    }
}

fn role_text(role: Role) -> &'static str {
    match role {
        Role::User => "user",
        Role::Assistant => "assistant",
        Role::System => "system",
    }
}

/// The first folder of that name, made if there is none.
fn folder_named(tx: &Transaction<'_>, name: Option<&str>) -> AppResult<Option<i64>> {
    let Some(name) = name.and_then(|n| clean_name(n).ok()) else {
        return Ok(None);
    };
    let found: Option<i64> = tx
        .query_row(
            "SELECT id FROM folders WHERE name = ?1 ORDER BY id LIMIT 1",
            [&name],
            |r| r.get(0),
        )
        .optional()?;
    if found.is_some() {
        return Ok(found);
    }
    tx.execute(
        "INSERT INTO folders(name, created_at) VALUES (?1, ?2)",
        params![name, super::now_ms()],
    )?;
    Ok(Some(tx.last_insert_rowid()))
}

fn insert_all(tx: &Transaction<'_>, c: &PortableConversation) -> AppResult<i64> {
    let settings = c.settings.clone().validated()?;
    tx.execute(
        "INSERT INTO conversations(title, model, created_at, updated_at, system_prompt, temperature, max_tokens,
            reasoning_effort, thinking_budget, folder_id, pinned)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            c.title.trim().chars().take(200).collect::<String>(),
            c.model,
            c.created_at,
            c.updated_at,
            settings.system_prompt,
            settings.temperature,
            settings.max_tokens,
            settings.reasoning_effort.map(|e| e.as_str()),
            settings.thinking_budget,
            folder_named(tx, c.folder.as_deref())?,
            c.pinned
        ],
    )?;
    let conversation_id = tx.last_insert_rowid();
    let mut ids: HashMap<i64, i64> = HashMap::new();
    for m in &c.messages {
        let parent = match m.parent {
            None => None,
            Some(key) => Some(*ids.get(&key).ok_or_else(|| {
                AppError::invalid_input(
                    "A message in this file answers one that is not in it: the file is damaged.",
                )
            })?),
        };
        tx.execute(
            "INSERT INTO messages(conversation_id, parent_id, role, content, model, finish_reason,
                error_code, error_message, created_at, updated_at, thinking, thinking_ms, sources)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12)",
            params![
                conversation_id,
                parent,
                role_text(m.role),
                m.content,
                m.model,
                m.finish_reason.map(|r| r.as_str()),
                m.error.as_ref().map(|e| e.code.as_str()),
                m.error.as_ref().map(|e| e.message.as_str()),
                m.created_at,
                m.thinking,
                m.thinking_ms,
                (!m.sources.is_empty())
                    .then(|| serde_json::to_string(&m.sources).unwrap_or_default())
            ],
        )?;
        let id = tx.last_insert_rowid();
        if ids.insert(m.key, id).is_some() {
            return Err(AppError::invalid_input(
                "Two messages in this file share a key: the file is damaged.",
            ));
        }
        for (position, file) in m.attachments.iter().enumerate() {
            tx.execute(
                "INSERT INTO attachments(message_id, position, file) VALUES (?1, ?2, ?3)",
                params![id, position as i64, file],
            )?;
        }
        for (position, document) in m.documents.iter().enumerate() {
            tx.execute(
                "INSERT INTO message_documents(message_id, position, document_id) VALUES (?1, ?2, ?3)",
                params![id, position as i64, keep_imported(tx, document)?],
            )?;
        }
        if let Some(usage) = &m.usage {
            tx.execute(
                "INSERT INTO api_calls(conversation_id, message_id, model, endpoint, attempts, latency_ms,
                    prompt_tokens, completion_tokens, cost_usd, estimated, created_at)
                 VALUES (?1, ?2, ?3, 'imported', 1, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    conversation_id,
                    id,
                    m.model.as_deref().unwrap_or(&c.model),
                    usage.latency_ms,
                    usage.prompt_tokens,
                    usage.completion_tokens,
                    usage.cost_usd,
                    usage.estimated,
                    m.created_at
                ],
            )?;
        }
    }
    let leaf = match c.leaf {
        Some(key) => ids.get(&key).copied(),
        None => None,
    }
    .or_else(|| c.messages.last().and_then(|m| ids.get(&m.key).copied()));
    tx.execute(
        "UPDATE conversations SET leaf_id = ?1 WHERE id = ?2",
        params![leaf, conversation_id],
    )?;
    Ok(conversation_id)
}

/// An imported document is kept by its text's hash (the file is not in the
/// backup), so importing the same chat twice keeps its text once. Its
/// count is never taken below a length rule: a file cannot claim a huge
/// text is small and slip past the check that it fits the model.
fn keep_imported(tx: &Transaction<'_>, d: &PortableDocument) -> AppResult<i64> {
    let hash = format!("text:{:x}", Sha256::digest(d.text.as_bytes()));
    tx.execute(
        "INSERT INTO documents(hash, name, kind, parts, tokens, text, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (hash, name) DO NOTHING",
        params![
            hash,
            d.name,
            d.kind.as_str(),
            d.parts,
            d.tokens.max(d.text.len() as i64 / 4),
            d.text,
            super::now_ms()
        ],
    )?;
    Ok(tx.query_row(
        "SELECT id FROM documents WHERE hash = ?1 AND name = ?2",
        params![hash, d.name],
        |r| r.get(0),
    )?)
}
