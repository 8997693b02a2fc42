//! Folders, pins and several chats at once, as the sidebar uses them.

use super::ChatService;
use crate::error::{AppError, AppResult};
use crate::store::{ChatCursor, ChatPage, Conversation, Folder, Shelf, Sidebar};

/// What happens to a folder's chats when it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FolderChats {
    /// Back to the sidebar's own list.
    Keep,
    Delete,
}

/// A click can select a few hundred chats; more is a mistake in the page.
const MAX_SELECTED: usize = 10_000;

fn selection(ids: &[i64]) -> AppResult<&[i64]> {
    if ids.len() > MAX_SELECTED {
        return Err(AppError::invalid_input(
            "Too many chats are selected at once.",
        ));
    }
    Ok(ids)
}

impl ChatService {
    pub fn sidebar(&self) -> AppResult<Sidebar> {
        self.store.sidebar()
    }

    pub fn conversation(&self, id: i64) -> AppResult<Conversation> {
        self.store.conversation(id)
    }

    pub fn chat_page(
        &self,
        shelf: Shelf,
        after: Option<ChatCursor>,
        limit: u32,
    ) -> AppResult<ChatPage> {
        self.store.chat_page(shelf, after, limit.clamp(1, 1_000))
    }

    pub fn create_folder(&self, name: &str) -> AppResult<Folder> {
        self.store.create_folder(name)
    }

    pub fn rename_folder(&self, id: i64, name: &str) -> AppResult<Folder> {
        self.store.rename_folder(id, name)
    }

    /// With `Delete`, its answers still streaming stop first, so no stream
    /// writes into a deleted row.
    pub fn delete_folder(&self, id: i64, chats: FolderChats) -> AppResult<()> {
        if chats == FolderChats::Delete {
            self.delete_chats(&self.store.folder_chat_ids(id)?)?;
        }
        self.store.delete_folder(id)
    }

    pub fn move_conversations(&self, ids: &[i64], folder: Option<i64>) -> AppResult<()> {
        self.store.move_conversations(selection(ids)?, folder)
    }

    pub fn set_pinned(&self, ids: &[i64], pinned: bool) -> AppResult<()> {
        self.store.set_pinned(selection(ids)?, pinned)
    }

    pub fn delete_conversations(&self, ids: &[i64]) -> AppResult<()> {
        self.delete_chats(selection(ids)?)
    }

    fn delete_chats(&self, ids: &[i64]) -> AppResult<()> {
        for id in ids {
            self.active.stop(*id);
        }
        self.store.delete_conversations(ids)
    }
}
