//! Conversations and streaming answers. An answer streams through a
//! Channel owned by the request, so two chats never mix their events.

use comet_core::chat::{ChatEvent, ChatService, CompareEvent, Turn, PAGE_SIZE};
use comet_core::store::{Conversation, ConversationSettings, MessagePage, SearchHit};
use comet_core::AppError;
use tauri::ipc::Channel;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn create_conversation(
    chat: State<'_, ChatService>,
    model: String,
) -> Result<Conversation, AppError> {
    chat.create_conversation(&model)
}

#[tauri::command]
#[specta::specta]
pub fn rename_conversation(
    chat: State<'_, ChatService>,
    id: i64,
    title: String,
) -> Result<Conversation, AppError> {
    chat.rename_conversation(id, &title)
}

#[tauri::command]
#[specta::specta]
pub fn delete_conversation(chat: State<'_, ChatService>, id: i64) -> Result<(), AppError> {
    chat.delete_conversation(id)
}

#[tauri::command]
#[specta::specta]
pub fn set_conversation_settings(
    chat: State<'_, ChatService>,
    id: i64,
    settings: ConversationSettings,
) -> Result<Conversation, AppError> {
    chat.set_conversation_settings(id, settings)
}

/// The newest page of the shown branch, or the page above `before`.
#[tauri::command]
#[specta::specta]
pub fn list_messages(
    chat: State<'_, ChatService>,
    conversation_id: i64,
    before: Option<i64>,
) -> Result<MessagePage, AppError> {
    chat.message_page(conversation_id, before, PAGE_SIZE)
}

/// Shows the branch through a sibling picked with ◀ ▶.
#[tauri::command]
#[specta::specta]
pub fn select_branch(
    chat: State<'_, ChatService>,
    conversation_id: i64,
    message_id: i64,
) -> Result<MessagePage, AppError> {
    chat.select_branch(conversation_id, message_id)
}

#[tauri::command]
#[specta::specta]
pub fn delete_message(
    chat: State<'_, ChatService>,
    conversation_id: i64,
    message_id: i64,
) -> Result<MessagePage, AppError> {
    chat.delete_message(conversation_id, message_id)
}

/// Asks, asks again or edits; resolves when the answer has ended, whose
/// text arrives on `on_event`.
#[tauri::command]
#[specta::specta]
pub async fn send_turn(
    chat: State<'_, ChatService>,
    conversation_id: i64,
    turn: Turn,
    model: String,
    on_event: Channel<ChatEvent>,
) -> Result<(), AppError> {
    let mut emit = |event: ChatEvent| {
        // The window may be gone; the answer is still saved.
        let _ = on_event.send(event);
    };
    chat.answer(conversation_id, &turn, &model, &mut emit).await
}

/// Asks two to four models at once; each answer's events carry its lane.
#[tauri::command]
#[specta::specta]
pub async fn compare_models(
    chat: State<'_, ChatService>,
    conversation_id: i64,
    turn: Turn,
    models: Vec<String>,
    on_event: Channel<CompareEvent>,
) -> Result<(), AppError> {
    let mut emit = |lane: u32, event: ChatEvent| {
        let _ = on_event.send(CompareEvent { lane, event });
    };
    chat.answer_many(conversation_id, &turn, &models, &mut emit)
        .await
}

#[tauri::command]
#[specta::specta]
pub fn stop_answer(chat: State<'_, ChatService>, conversation_id: i64) -> bool {
    chat.stop(conversation_id)
}

/// Messages and titles matching `query`, best first; only in `folder`
/// when one is given.
#[tauri::command]
#[specta::specta]
pub fn search(
    chat: State<'_, ChatService>,
    query: String,
    folder: Option<i64>,
) -> Result<Vec<SearchHit>, AppError> {
    chat.search(&query, folder)
}
