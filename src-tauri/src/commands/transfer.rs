//! Export and import. Rust shows the native file dialog and touches the
//! file, so the web view never needs file-system access.

use crate::json_dialog::pick_json;
use comet_core::chat::{ChatService, ExportFormat, ExportScope};
use comet_core::transfer::ImportSummary;
use comet_core::AppError;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

/// Asks where to save, then writes. `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_chats(
    app: AppHandle,
    chat: State<'_, ChatService>,
    scope: ExportScope,
    format: ExportFormat,
    suggested_name: String,
) -> Result<Option<String>, AppError> {
    let (label, extension) = match format {
        ExportFormat::Json => ("JSON", "json"),
        ExportFormat::Markdown | ExportFormat::MarkdownWithThinking => ("Markdown", "md"),
    };
    let Some(path) = app
        .dialog()
        .file()
        .set_file_name(format!(
            "{}.{extension}",
            comet_core::file_names::safe_stem(&suggested_name)
        ))
        .add_filter(label, &[extension])
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(None);
    };
    chat.export_to(&path, &scope, format)?;
    Ok(Some(path.display().to_string()))
}

/// Asks for a backup file, then imports it. `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn import_chats(
    app: AppHandle,
    chat: State<'_, ChatService>,
) -> Result<Option<ImportSummary>, AppError> {
    let Some(path) = pick_json(&app) else {
        return Ok(None);
    };
    chat.import_from(&path).map(Some)
}
