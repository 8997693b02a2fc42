//! The prompt library: the user's prompts, and files of them in and out.

use crate::json_dialog::{pick_json, save_json};
use comet_core::prompts::PromptLibrary;
use comet_core::store::{Prompt, PromptDraft};
use comet_core::AppError;
use tauri::{AppHandle, State};

#[tauri::command]
#[specta::specta]
pub fn list_prompts(prompts: State<'_, PromptLibrary>) -> Result<Vec<Prompt>, AppError> {
    prompts.list()
}

/// A new prompt when the draft has no id, else an edit of that one.
#[tauri::command]
#[specta::specta]
pub fn save_prompt(
    prompts: State<'_, PromptLibrary>,
    draft: PromptDraft,
) -> Result<Prompt, AppError> {
    prompts.save(draft)
}

#[tauri::command]
#[specta::specta]
pub fn delete_prompt(prompts: State<'_, PromptLibrary>, id: i64) -> Result<(), AppError> {
    prompts.delete(id)
}

/// Asks where to save, then writes. `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_prompts(
    app: AppHandle,
    prompts: State<'_, PromptLibrary>,
) -> Result<Option<String>, AppError> {
    let Some(path) = save_json(&app, "comet-desk-prompts.json") else {
        return Ok(None);
    };
    prompts.export_to(&path)?;
    Ok(Some(path.display().to_string()))
}

/// Asks for a file, then adds its prompts. `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn import_prompts(
    app: AppHandle,
    prompts: State<'_, PromptLibrary>,
) -> Result<Option<u32>, AppError> {
    let Some(path) = pick_json(&app) else {
        return Ok(None);
    };
    prompts.import_from(&path).map(Some)
}
