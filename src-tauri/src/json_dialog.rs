//! The system's file dialogs for the JSON files the user moves in and out
//! (chat backups, prompt lists). `None` when the user cancelled.

use std::path::PathBuf;
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

pub fn pick_json(app: &AppHandle) -> Option<PathBuf> {
    app.dialog()
        .file()
        .add_filter("JSON", &["json"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

pub fn save_json(app: &AppHandle, file_name: &str) -> Option<PathBuf> {
    app.dialog()
        .file()
        .set_file_name(file_name)
        .add_filter("JSON", &["json"])
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}
