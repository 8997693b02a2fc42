//! The image studio and gallery. Generation events stream through a
//! Channel per request, so several generations never mix.

use comet_core::image_files::ImageFiles;
use comet_core::images::{GenerateRequest, ImageEvent, Studio};
use comet_core::store::{GalleryImage, Store};
use comet_core::AppError;
use std::sync::Arc;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

/// Resolves when the generation has ended; its progress and images arrive on `on_event`.
#[tauri::command]
#[specta::specta]
pub async fn generate_image(
    studio: State<'_, Studio>,
    request: GenerateRequest,
    on_event: Channel<ImageEvent>,
) -> Result<(), AppError> {
    let mut emit = |event: ImageEvent| {
        let _ = on_event.send(event);
    };
    studio.generate(&request, &mut emit).await
}

#[tauri::command]
#[specta::specta]
pub fn cancel_generation(studio: State<'_, Studio>, generation_id: i64) -> bool {
    studio.cancel(generation_id)
}

/// Newest first, 200 at a time; `query` searches prompts.
#[tauri::command]
#[specta::specta]
pub fn list_images(
    store: State<'_, Arc<Store>>,
    query: String,
    before: Option<i64>,
) -> Result<Vec<GalleryImage>, AppError> {
    store.list_images(&query, before, 200)
}

#[tauri::command]
#[specta::specta]
pub fn set_image_favourite(
    store: State<'_, Arc<Store>>,
    id: i64,
    favourite: bool,
) -> Result<GalleryImage, AppError> {
    store.set_favourite_image(id, favourite)
}

/// Returns the deleted image, so the view can offer Undo.
#[tauri::command]
#[specta::specta]
pub fn delete_image(store: State<'_, Arc<Store>>, id: i64) -> Result<GalleryImage, AppError> {
    store.delete_image(id)
}

/// Undo of `delete_image`.
#[tauri::command]
#[specta::specta]
pub fn restore_image(
    store: State<'_, Arc<Store>>,
    image: GalleryImage,
) -> Result<GalleryImage, AppError> {
    store.restore_image(&image)
}

/// Asks where to save a copy (named after its prompt); `None` if cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_image_as(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    files: State<'_, Arc<ImageFiles>>,
    id: i64,
) -> Result<Option<String>, AppError> {
    let image = store.image(id)?;
    let source = files
        .path_of(&image.file)
        .ok_or_else(|| AppError::not_found("The image file"))?;
    let extension = if image.file.ends_with(".jpg") {
        "jpg"
    } else {
        "png"
    };
    let name = comet_core::file_names::safe_stem(&image.prompt);
    let Some(target) = app
        .dialog()
        .file()
        .set_file_name(format!("{name}.{extension}"))
        .add_filter("Image", &[extension])
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(None);
    };
    let bytes = std::fs::read(source).map_err(AppError::file)?;
    comet_core::files::write_atomically(&target, &bytes)?;
    Ok(Some(target.display().to_string()))
}
