//! Images for a question: picked in the native dialog, pasted (the page
//! sends the bytes as base64), or dropped on the window (Rust takes the
//! paths from the drop itself, so the page never names a file).

use base64::Engine;
use comet_core::media_files::{MediaFiles, PreparedImage};
use comet_core::AppError;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_specta::Event;

/// Sent when files are dropped on the window.
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
pub struct ImagesDropped {
    pub images: Vec<PreparedImage>,
    pub errors: Vec<AppError>,
}

/// Decoding a large photo takes a moment: never on the IPC thread.
async fn prepare(attachments: Arc<MediaFiles>, paths: Vec<PathBuf>) -> ImagesDropped {
    let work = move || {
        let mut done = ImagesDropped {
            images: Vec::new(),
            errors: Vec::new(),
        };
        for path in paths {
            match attachments.add_file(&path) {
                Ok(image) => done.images.push(image),
                Err(err) => done.errors.push(err),
            }
        }
        done
    };
    tauri::async_runtime::spawn_blocking(work)
        .await
        .unwrap_or_else(|_| ImagesDropped {
            images: Vec::new(),
            errors: Vec::new(),
        })
}

#[tauri::command]
#[specta::specta]
pub async fn pick_images(
    app: AppHandle,
    attachments: State<'_, Arc<MediaFiles>>,
) -> Result<ImagesDropped, AppError> {
    let paths = app
        .dialog()
        .file()
        .add_filter("Images", &["png", "jpg", "jpeg", "webp", "gif"])
        .blocking_pick_files()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .collect();
    Ok(prepare(attachments.inner().clone(), paths).await)
}

/// A pasted image, base64-encoded by the page.
#[tauri::command]
#[specta::specta]
pub async fn attach_image_data(
    attachments: State<'_, Arc<MediaFiles>>,
    base64_data: String,
) -> Result<PreparedImage, AppError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(base64_data.trim())
        .map_err(|_| AppError::invalid_input("The pasted image could not be read."))?;
    let attachments = attachments.inner().clone();
    tauri::async_runtime::spawn_blocking(move || attachments.add(&bytes))
        .await
        .map_err(AppError::storage)?
}

/// Called from the window's drop handler with the dropped paths.
pub fn on_drop(app: &AppHandle, paths: Vec<PathBuf>) {
    use tauri::Manager;
    let attachments = app.state::<Arc<MediaFiles>>().inner().clone();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let dropped = prepare(attachments, paths).await;
        if let Err(err) = dropped.emit(&app) {
            tracing::warn!(%err, "could not tell the window about dropped images");
        }
    });
}
