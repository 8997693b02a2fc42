//! Export and import as the user meets them: chats out to a file the user
//! picked, and a backup file in.

use super::ChatService;
use crate::error::{AppError, AppResult};
use crate::files::{read_import, write_atomically};
use crate::store::now_ms;
use crate::transfer::{parse_backup, to_markdown, ExportFile, ImportSummary};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// Everything, for backup and moving to another computer.
    Json,
    /// The branches on screen, for reading.
    Markdown,
    /// The same with each answer's thinking, quoted above it.
    MarkdownWithThinking,
}

/// Which chats go into the file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(tag = "kind", content = "ids", rename_all = "snake_case")]
pub enum ExportScope {
    All,
    Chats(Vec<i64>),
    /// Every chat in the folder, pinned ones too.
    Folder(i64),
}

/// Backups of years of chats are large, but not this large.
const IMPORT_LIMIT: u64 = 512 * 1024 * 1024;

impl ChatService {
    pub fn export_text(&self, scope: &ExportScope, format: ExportFormat) -> AppResult<String> {
        let ids: Vec<i64> = match scope {
            ExportScope::Chats(ids) => ids.clone(),
            ExportScope::Folder(id) => self.store.folder_chat_ids(*id)?,
            ExportScope::All => self
                .store
                .list_conversations()?
                .iter()
                .map(|c| c.id)
                .collect(),
        };
        match format {
            ExportFormat::Json => {
                let conversations = ids
                    .iter()
                    .map(|id| self.store.export_conversation(*id))
                    .collect::<AppResult<Vec<_>>>()?;
                serde_json::to_string_pretty(&ExportFile::new(now_ms(), conversations))
                    .map_err(AppError::storage)
            }
            ExportFormat::Markdown | ExportFormat::MarkdownWithThinking => {
                let thinking = format == ExportFormat::MarkdownWithThinking;
                let parts = ids
                    .iter()
                    .map(|id| {
                        let conversation = self.store.conversation(*id)?;
                        Ok(to_markdown(
                            &conversation,
                            &self.store.list_messages(*id)?,
                            thinking,
                        ))
                    })
                    .collect::<AppResult<Vec<_>>>()?;
                Ok(parts.join("\n---\n\n"))
            }
        }
    }

    pub fn export_to(
        &self,
        path: &Path,
        scope: &ExportScope,
        format: ExportFormat,
    ) -> AppResult<()> {
        write_atomically(path, self.export_text(scope, format)?.as_bytes())
    }

    /// Reads the whole file first: nothing is written unless all of it
    /// parses; each chat then goes in its own transaction.
    pub fn import_from(&self, path: &Path) -> AppResult<ImportSummary> {
        let text = read_import(
            path,
            IMPORT_LIMIT,
            "This file is too large to be a chat backup.",
        )?;
        self.import_text(&text)
    }

    pub fn import_text(&self, text: &str) -> AppResult<ImportSummary> {
        let (source, conversations) = parse_backup(text)?;
        let mut messages = 0;
        for conversation in &conversations {
            self.store.import_conversation(conversation)?;
            messages += conversation.messages.len() as u32;
        }
        Ok(ImportSummary {
            source,
            conversations: conversations.len() as u32,
            messages,
        })
    }
}
