//! What an answer's code blocks become: previews of HTML and SVG, and the
//! diagrams drawn from Mermaid blocks, saved as SVG or PNG.

use comet_core::diagram_file::{save_diagram, DiagramFormat};
use comet_core::previews::{PreviewKind, Previews};
use comet_core::AppError;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

/// Keeps the code to be served by the `comet-preview` scheme; the token
/// goes in the frame's URL.
#[tauri::command]
#[specta::specta]
pub fn open_preview(
    previews: State<'_, Previews>,
    source: String,
    kind: PreviewKind,
) -> Result<String, AppError> {
    previews.open(&source, kind)
}

/// Asks where to save the diagram the window drew, then writes it whole.
/// `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_diagram_as(
    app: AppHandle,
    format: DiagramFormat,
    data: String,
) -> Result<Option<String>, AppError> {
    let extension = format.extension();
    let Some(path) = app
        .dialog()
        .file()
        .set_file_name(format!("diagram.{extension}"))
        .add_filter(extension.to_uppercase(), &[extension])
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(None);
    };
    save_diagram(&path, format, &data)?;
    Ok(Some(path.display().to_string()))
}
