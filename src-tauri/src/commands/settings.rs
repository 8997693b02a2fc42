//! Settings: read them, or replace them whole (validated in the core).

use comet_core::preferences::Preferences;
use comet_core::settings::Settings;
use comet_core::AppError;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn get_settings(preferences: State<'_, Preferences>) -> Result<Settings, AppError> {
    preferences.get()
}

#[tauri::command]
#[specta::specta]
pub fn update_settings(
    preferences: State<'_, Preferences>,
    settings: Settings,
) -> Result<Settings, AppError> {
    preferences.update(settings)
}
