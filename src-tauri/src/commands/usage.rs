//! What was spent: the report for a range of local days, the budget, CSV.

use comet_core::store::UsageSummary;
use comet_core::usage::{BudgetStatus, Usage};
use comet_core::AppError;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

/// Days are local `YYYY-MM-DD`, both included.
#[tauri::command]
#[specta::specta]
pub fn usage_report(
    usage: State<'_, Usage>,
    from: String,
    to: String,
) -> Result<UsageSummary, AppError> {
    usage.report(&from, &to)
}

/// This month's spend against the budget; `month_start` is its first day.
#[tauri::command]
#[specta::specta]
pub fn budget_status(
    usage: State<'_, Usage>,
    month_start: String,
) -> Result<BudgetStatus, AppError> {
    usage.budget(&month_start)
}

/// Asks where to save the calls of the range as CSV; `None` if cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_usage_csv(
    app: AppHandle,
    usage: State<'_, Usage>,
    from: String,
    to: String,
) -> Result<Option<String>, AppError> {
    let Some(path) = app
        .dialog()
        .file()
        .set_file_name(format!("comet-desk-usage-{from}-to-{to}.csv"))
        .add_filter("CSV", &["csv"])
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(None);
    };
    usage.export_csv(&path, &from, &to)?;
    Ok(Some(path.display().to_string()))
}
