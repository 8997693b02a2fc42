//! The key and the models it unlocks. No command returns the key.

use comet_core::account::Account;
use comet_core::client::Balance;
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

#[tauri::command]
#[specta::specta]
pub async fn list_models(account: State<'_, Account>) -> Result<Vec<String>, AppError> {
    account.list_models().await
}

/// The account's balance and spend, from CometAPI's quota query.
#[tauri::command]
#[specta::specta]
pub async fn get_balance(account: State<'_, Account>) -> Result<Balance, AppError> {
    account.balance().await
}
