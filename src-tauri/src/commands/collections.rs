//! Collections of documents a chat searches (#17). Folders and files come
//! from the native dialog only, so the page never names a path.

use comet_core::collections::{CollectionProgress, Collections};
use comet_core::store::{Collection, CollectionFile, Store};
use comet_core::AppError;
use std::path::PathBuf;
use std::sync::Arc;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

/// The folder the user picks. Debug builds let the window tests answer
/// the dialog they cannot click (`COMET_DESK_TEST_FOLDER`); release builds
/// always ask.
fn pick_folder(app: &AppHandle) -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(folder) = std::env::var_os("COMET_DESK_TEST_FOLDER") {
        return Some(PathBuf::from(folder));
    }
    app.dialog()
        .file()
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
}

#[tauri::command]
#[specta::specta]
pub fn list_collections(collections: State<'_, Collections>) -> Result<Vec<Collection>, AppError> {
    collections.list()
}

/// A collection of a folder picked in the dialog, named after it; `None`
/// when the dialog was cancelled. Reading it is `read_collection`.
#[tauri::command]
#[specta::specta]
pub async fn create_folder_collection(
    app: AppHandle,
    collections: State<'_, Collections>,
) -> Result<Option<Collection>, AppError> {
    let Some(folder) = pick_folder(&app) else {
        return Ok(None);
    };
    let name = folder
        .file_name()
        .map_or_else(|| "Folder".to_owned(), |n| n.to_string_lossy().into_owned());
    collections.create(&name, Some(folder)).map(Some)
}

/// An empty collection files are added to one by one.
#[tauri::command]
#[specta::specta]
pub fn create_collection(
    collections: State<'_, Collections>,
    name: String,
) -> Result<Collection, AppError> {
    collections.create(&name, None)
}

/// Files picked in the dialog join the collection (read by `read_collection`).
#[tauri::command]
#[specta::specta]
pub async fn add_collection_files(
    app: AppHandle,
    collections: State<'_, Collections>,
    id: i64,
) -> Result<Collection, AppError> {
    let readable = comet_core::documents::extensions();
    let paths = app
        .dialog()
        .file()
        .add_filter("Documents", &readable)
        .blocking_pick_files()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .collect();
    collections.add_files(id, paths)
}

/// Reads what changed and embeds what is new; progress on the channel.
#[tauri::command]
#[specta::specta]
pub async fn read_collection(
    collections: State<'_, Collections>,
    id: i64,
    on_progress: Channel<CollectionProgress>,
) -> Result<Collection, AppError> {
    collections
        .read(id, |progress| {
            let _ = on_progress.send(progress);
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub fn pause_collection(collections: State<'_, Collections>, id: i64) {
    collections.pause(id);
}

#[tauri::command]
#[specta::specta]
pub fn collection_files(
    collections: State<'_, Collections>,
    id: i64,
) -> Result<Vec<CollectionFile>, AppError> {
    collections.files(id)
}

#[tauri::command]
#[specta::specta]
pub fn remove_collection_files(
    collections: State<'_, Collections>,
    id: i64,
    files: Vec<i64>,
) -> Result<Collection, AppError> {
    collections.remove_files(id, &files)
}

#[tauri::command]
#[specta::specta]
pub fn rename_collection(
    collections: State<'_, Collections>,
    id: i64,
    name: String,
) -> Result<Collection, AppError> {
    collections.rename(id, &name)
}

#[tauri::command]
#[specta::specta]
pub fn set_collection_model(
    collections: State<'_, Collections>,
    id: i64,
    model: String,
) -> Result<Collection, AppError> {
    collections.set_model(id, &model)
}

#[tauri::command]
#[specta::specta]
pub fn delete_collection(collections: State<'_, Collections>, id: i64) -> Result<(), AppError> {
    collections.delete(id)
}

/// The collection a chat searches with every question.
#[tauri::command]
#[specta::specta]
pub fn chat_collection(
    store: State<'_, Arc<Store>>,
    conversation_id: i64,
) -> Result<Option<i64>, AppError> {
    store.chat_collection(conversation_id)
}

#[tauri::command]
#[specta::specta]
pub fn set_chat_collection(
    store: State<'_, Arc<Store>>,
    conversation_id: i64,
    collection_id: Option<i64>,
) -> Result<(), AppError> {
    store.set_chat_collection(conversation_id, collection_id)
}
