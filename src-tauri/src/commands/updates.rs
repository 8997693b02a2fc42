//! Updates: the app looks for a newer release at start (unless the user
//! turned that off) and installs one only when the user says so.

use comet_core::{AppError, ErrorCode};
use serde::Serialize;
use tauri::AppHandle;
use tauri_plugin_updater::{Updater, UpdaterExt};

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct UpdateInfo {
    pub version: String,
    pub notes: Option<String>,
}

fn update_error(err: tauri_plugin_updater::Error) -> AppError {
    tracing::warn!(%err, "update check or install failed");
    AppError::new(ErrorCode::UpdateFailed, format!("The update failed: {err}"))
}

/// `COMET_DESK_UPDATE_URL` replaces the release feed (tests, staging).
fn updater(app: &AppHandle) -> Result<Updater, AppError> {
    let mut builder = app.updater_builder();
    if let Some(url) = std::env::var("COMET_DESK_UPDATE_URL")
        .ok()
        .and_then(|u| u.parse().ok())
    {
        builder = builder.endpoints(vec![url]).map_err(update_error)?;
    }
    builder.build().map_err(update_error)
}

#[tauri::command]
#[specta::specta]
pub async fn check_update(app: AppHandle) -> Result<Option<UpdateInfo>, AppError> {
    let update = updater(&app)?.check().await.map_err(update_error)?;
    Ok(update.map(|u| UpdateInfo {
        version: u.version,
        notes: u.body,
    }))
}

/// Downloads, verifies the signature, installs and restarts.
#[tauri::command]
#[specta::specta]
pub async fn install_update(app: AppHandle) -> Result<(), AppError> {
    let Some(update) = updater(&app)?.check().await.map_err(update_error)? else {
        return Ok(());
    };
    update
        .download_and_install(|_, _| {}, || {})
        .await
        .map_err(update_error)?;
    app.restart()
}
