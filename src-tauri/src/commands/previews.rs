//! Previews of an answer's HTML and SVG code blocks.

use comet_core::previews::{PreviewKind, Previews};
use comet_core::AppError;
use tauri::State;

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
