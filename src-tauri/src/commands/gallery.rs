//! The gallery: finding images, tagging them, and getting them out (save,
//! export with sidecars, copy, reveal). Files are read and written here in
//! Rust; the web view only names images by id.

use comet_core::gallery_export::{export_images, ExportedImages};
use comet_core::media_files::MediaFiles;
use comet_core::preferences::Preferences;
use comet_core::store::{GalleryFacets, GalleryFilter, GalleryImage, Lineage, Store};
use comet_core::{AppError, ErrorCode};
use std::path::PathBuf;
use std::sync::Arc;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;

/// Newest first, 200 at a time, older ones from `before` (an id).
#[tauri::command]
#[specta::specta]
pub fn list_images(
    store: State<'_, Arc<Store>>,
    filter: GalleryFilter,
    before: Option<i64>,
) -> Result<Vec<GalleryImage>, AppError> {
    store.list_images(&filter, before, 200)
}

#[tauri::command]
#[specta::specta]
pub fn gallery_facets(store: State<'_, Arc<Store>>) -> Result<GalleryFacets, AppError> {
    store.gallery_facets()
}

#[tauri::command]
#[specta::specta]
pub fn image_lineage(store: State<'_, Arc<Store>>, id: i64) -> Result<Lineage, AppError> {
    store.image_lineage(id)
}

#[tauri::command]
#[specta::specta]
pub fn set_image_tags(
    store: State<'_, Arc<Store>>,
    id: i64,
    tags: Vec<String>,
) -> Result<GalleryImage, AppError> {
    store.set_image_tags(id, &tags)
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

/// Where the window plays clips and songs from (the loopback media server).
#[tauri::command]
#[specta::specta]
pub fn media_address(address: State<'_, comet_core::media_server::MediaAddress>) -> String {
    address.0.clone()
}

/// A clip's first frame, drawn by the window, kept as its poster when its
/// family gave none.
#[tauri::command]
#[specta::specta]
pub async fn keep_video_poster(
    store: State<'_, Arc<Store>>,
    files: State<'_, Arc<MediaFiles>>,
    id: i64,
    base64_image: String,
) -> Result<GalleryImage, AppError> {
    let (store, files) = (store.inner().clone(), files.inner().clone());
    tauri::async_runtime::spawn_blocking(move || {
        comet_core::drawn_poster::keep_drawn_poster(&store, &files, id, &base64_image)
    })
    .await
    .map_err(AppError::storage)?
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

/// The folder Save writes to: the user's choice, else Pictures/Comet Desk.
fn image_folder(app: &AppHandle, preferences: &Preferences) -> Result<PathBuf, AppError> {
    let chosen = preferences.get()?.image_folder;
    if !chosen.is_empty() {
        return Ok(PathBuf::from(chosen));
    }
    let paths = app.path();
    let base = paths
        .picture_dir()
        .or_else(|_| paths.home_dir())
        .map_err(AppError::file)?;
    Ok(base.join("Comet Desk"))
}

/// One click: the image and its sidecar into the images folder.
#[tauri::command]
#[specta::specta]
pub async fn save_image(
    app: AppHandle,
    preferences: State<'_, Preferences>,
    store: State<'_, Arc<Store>>,
    files: State<'_, Arc<MediaFiles>>,
    id: i64,
) -> Result<ExportedImages, AppError> {
    let folder = image_folder(&app, &preferences)?;
    export_images(&store, &files, &[id], &folder)
}

/// Asks for a folder (starting at the images folder), then writes each
/// image with its sidecar there; `None` if the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_gallery_images(
    app: AppHandle,
    preferences: State<'_, Preferences>,
    store: State<'_, Arc<Store>>,
    files: State<'_, Arc<MediaFiles>>,
    ids: Vec<i64>,
) -> Result<Option<ExportedImages>, AppError> {
    let start = image_folder(&app, &preferences)?;
    let Some(folder) = app
        .dialog()
        .file()
        .set_directory(start.parent().unwrap_or(&start))
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(None);
    };
    export_images(&store, &files, &ids, &folder).map(Some)
}

/// Asks where to save one copy (named after its prompt); `None` if cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_image_as(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    files: State<'_, Arc<MediaFiles>>,
    id: i64,
) -> Result<Option<String>, AppError> {
    let image = store.image(id)?;
    let extension = comet_core::gallery_export::extension_of(&image);
    let kind = match image.kind {
        comet_core::media_files::MediaKind::Video => "Video",
        comet_core::media_files::MediaKind::Audio => "Song",
        comet_core::media_files::MediaKind::Image => "Image",
    };
    let name = comet_core::file_names::safe_stem(&image.prompt);
    let Some(target) = app
        .dialog()
        .file()
        .set_file_name(format!("{name}.{extension}"))
        .add_filter(kind, &[extension])
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(None);
    };
    let files = files.inner().clone();
    let saved = target.clone();
    tauri::async_runtime::spawn_blocking(move || {
        comet_core::gallery_export::save_copy(&files, &image, &saved)
    })
    .await
    .map_err(AppError::storage)??;
    Ok(Some(target.display().to_string()))
}

/// The picture itself on the system clipboard, to paste anywhere.
#[tauri::command]
#[specta::specta]
pub async fn copy_image(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    files: State<'_, Arc<MediaFiles>>,
    id: i64,
) -> Result<(), AppError> {
    let (pixels, width, height) = files.pixels(&store.image(id)?.file)?;
    crate::desktop::copy_image(&app, pixels, width, height)
}

/// Shows a saved file in the system's file manager.
#[tauri::command]
#[specta::specta]
pub fn reveal_file(path: String) -> Result<(), AppError> {
    tauri_plugin_opener::reveal_item_in_dir(&path).map_err(|err| {
        AppError::new(
            ErrorCode::OpenFailed,
            format!("The folder could not be shown: {err}"),
        )
    })
}
