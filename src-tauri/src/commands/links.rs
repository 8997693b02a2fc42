//! Opening a link from an answer in the system browser, after a click.

use comet_core::links::checked_link;
use comet_core::{AppError, ErrorCode};

#[tauri::command]
#[specta::specta]
pub fn open_link(url: String) -> Result<(), AppError> {
    let url = checked_link(&url)?;
    tauri_plugin_opener::open_url(url, None::<&str>).map_err(|err| {
        AppError::new(
            ErrorCode::OpenFailed,
            format!("The link could not be opened: {err}"),
        )
    })
}
