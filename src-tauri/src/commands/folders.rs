//! The sidebar: its shelves a page at a time, folders, pins, and several
//! chats at once.

use comet_core::chat::{ChatService, FolderChats};
use comet_core::store::{ChatCursor, ChatPage, Conversation, Folder, Shelf, Sidebar};
use comet_core::AppError;
use tauri::State;

/// The folders with their counts, and the first page of pinned and
/// unfiled chats.
#[tauri::command]
#[specta::specta]
pub fn sidebar(chat: State<'_, ChatService>) -> Result<Sidebar, AppError> {
    chat.sidebar()
}

/// One chat, wherever it is (a search hit in a closed folder).
#[tauri::command]
#[specta::specta]
pub fn conversation(chat: State<'_, ChatService>, id: i64) -> Result<Conversation, AppError> {
    chat.conversation(id)
}

/// The next page of one shelf, below `after`.
#[tauri::command]
#[specta::specta]
pub fn chat_page(
    chat: State<'_, ChatService>,
    shelf: Shelf,
    after: Option<ChatCursor>,
    limit: u32,
) -> Result<ChatPage, AppError> {
    chat.chat_page(shelf, after, limit)
}

#[tauri::command]
#[specta::specta]
pub fn create_folder(chat: State<'_, ChatService>, name: String) -> Result<Folder, AppError> {
    chat.create_folder(&name)
}

#[tauri::command]
#[specta::specta]
pub fn rename_folder(
    chat: State<'_, ChatService>,
    id: i64,
    name: String,
) -> Result<Folder, AppError> {
    chat.rename_folder(id, &name)
}

#[tauri::command]
#[specta::specta]
pub fn delete_folder(
    chat: State<'_, ChatService>,
    id: i64,
    chats: FolderChats,
) -> Result<(), AppError> {
    chat.delete_folder(id, chats)
}

/// Into a folder, or out of any with `folder` = null.
#[tauri::command]
#[specta::specta]
pub fn move_conversations(
    chat: State<'_, ChatService>,
    ids: Vec<i64>,
    folder: Option<i64>,
) -> Result<(), AppError> {
    chat.move_conversations(&ids, folder)
}

#[tauri::command]
#[specta::specta]
pub fn pin_conversations(
    chat: State<'_, ChatService>,
    ids: Vec<i64>,
    pinned: bool,
) -> Result<(), AppError> {
    chat.set_pinned(&ids, pinned)
}

#[tauri::command]
#[specta::specta]
pub fn delete_conversations(chat: State<'_, ChatService>, ids: Vec<i64>) -> Result<(), AppError> {
    chat.delete_conversations(&ids)
}
