//! Pictures and documents for a question: picked in the native dialog,
//! pasted (the page sends the bytes as base64), or dropped on the window
//! (Rust takes the paths from the drop itself, so the page never names a
//! file). A file is a picture or a document by its name's ending.

use base64::Engine;
use comet_core::chat::ChatService;
use comet_core::media_files::{MediaFiles, PreparedImage};
use comet_core::store::DocumentRef;
use comet_core::AppError;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tauri_specta::Event;

const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "webp", "gif"];

/// What picking or dropping files gave: each file read, or why not. Sent
/// as an event when files are dropped on the window.
#[derive(Debug, Clone, Default, Serialize, specta::Type, Event)]
pub struct FilesDropped {
    pub images: Vec<PreparedImage>,
    pub documents: Vec<DocumentRef>,
    pub errors: Vec<AppError>,
}

fn is_image(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Reads every file; a picture is decoded off the IPC thread (a large
/// photo takes a moment), a document in the chat service's own.
async fn read_all(app: &AppHandle, paths: Vec<PathBuf>) -> FilesDropped {
    let attachments = app.state::<Arc<MediaFiles>>().inner().clone();
    let chat = app.state::<ChatService>();
    let mut done = FilesDropped::default();
    for path in paths {
        if is_image(&path) {
            let files = attachments.clone();
            match tauri::async_runtime::spawn_blocking(move || files.add_file(&path)).await {
                Ok(Ok(image)) => done.images.push(image),
                Ok(Err(err)) => done.errors.push(err),
                Err(err) => done.errors.push(AppError::storage(err)),
            }
        } else {
            match chat.attach_document_file(path).await {
                Ok(document) => done.documents.push(document),
                Err(err) => done.errors.push(err),
            }
        }
    }
    done
}

/// The native file dialog; `documents` also offers documents (the chat),
/// otherwise pictures only (the image and video forms).
#[tauri::command]
#[specta::specta]
pub async fn pick_attachments(app: AppHandle, documents: bool) -> Result<FilesDropped, AppError> {
    let readable = comet_core::documents::extensions();
    let everything: Vec<&str> = IMAGE_EXTENSIONS
        .iter()
        .chain(readable.iter())
        .copied()
        .collect();
    let mut dialog = app.dialog().file();
    if documents {
        dialog = dialog.add_filter("Images and documents", &everything);
    }
    dialog = dialog.add_filter("Images", IMAGE_EXTENSIONS);
    if documents {
        dialog = dialog.add_filter("Documents", &readable);
    }
    let paths = dialog
        .blocking_pick_files()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .filter(|p| documents || is_image(p))
        .collect();
    Ok(read_all(&app, paths).await)
}

fn decode(base64_data: &str, what: &str) -> Result<Vec<u8>, AppError> {
    base64::engine::general_purpose::STANDARD
        .decode(base64_data.trim())
        .map_err(|_| AppError::invalid_input(format!("The pasted {what} could not be read.")))
}

/// A pasted image, base64-encoded by the page.
#[tauri::command]
#[specta::specta]
pub async fn attach_image_data(
    attachments: State<'_, Arc<MediaFiles>>,
    base64_data: String,
) -> Result<PreparedImage, AppError> {
    let bytes = decode(&base64_data, "image")?;
    let attachments = attachments.inner().clone();
    tauri::async_runtime::spawn_blocking(move || attachments.add(&bytes))
        .await
        .map_err(AppError::storage)?
}

/// A pasted file that is not a picture, read as a document by its name.
#[tauri::command]
#[specta::specta]
pub async fn attach_document_data(
    chat: State<'_, ChatService>,
    name: String,
    base64_data: String,
) -> Result<DocumentRef, AppError> {
    let bytes = decode(&base64_data, "file")?;
    chat.attach_document(name, bytes).await
}

/// The text read out of a document, as the model is sent it.
#[tauri::command]
#[specta::specta]
pub fn document_text(chat: State<'_, ChatService>, id: i64) -> Result<String, AppError> {
    chat.document_text(id)
}

/// Called from the window's drop handler with the dropped paths.
pub fn on_drop(app: &AppHandle, paths: Vec<PathBuf>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let dropped = read_all(&app, paths).await;
        if let Err(err) = dropped.emit(&app) {
            tracing::warn!(%err, "could not tell the window about dropped files");
        }
    });
}
