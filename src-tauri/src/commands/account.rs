//! The key and the balance. No command returns the key.

use comet_core::account::Account;
use comet_core::client::{Balance, ServerDay};
use comet_core::AppError;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn has_key(account: State<'_, Account>) -> Result<bool, AppError> {
    account.has_key()
}

/// Checks the key with CometAPI, then keeps it in the OS keyring.
#[tauri::command]
#[specta::specta]
pub async fn save_key(account: State<'_, Account>, key: String) -> Result<(), AppError> {
    account.save_key(&key).await
}

#[tauri::command]
#[specta::specta]
pub fn delete_key(account: State<'_, Account>) -> Result<(), AppError> {
    account.delete_key()
}

/// The account's balance and spend, from CometAPI's quota query.
#[tauri::command]
#[specta::specta]
pub async fn get_balance(account: State<'_, Account>) -> Result<Balance, AppError> {
    account.balance().await
}

/// CometAPI's own spend per day, from `from` to `to` (`YYYY-MM-DD`).
#[tauri::command]
#[specta::specta]
pub async fn server_daily_spend(
    account: State<'_, Account>,
    from: String,
    to: String,
) -> Result<Vec<ServerDay>, AppError> {
    account.daily_spend(&from, &to).await
}
