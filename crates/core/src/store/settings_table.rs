//! Settings as one JSON value under one key: simple to read whole, and new
//! fields get their defaults when an older file lacks them.

use super::Store;
use crate::error::{AppError, AppResult};
use crate::settings::Settings;
use rusqlite::OptionalExtension;

const KEY: &str = "settings";

impl Store {
    pub fn load_settings(&self) -> AppResult<Option<Settings>> {
        let text: Option<String> = self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [KEY], |row| {
                row.get(0)
            })
            .optional()?;
        // A damaged value falls back to defaults rather than locking the
        // user out of the app.
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    pub fn save_settings(&self, settings: &Settings) -> AppResult<()> {
        let text = serde_json::to_string(settings).map_err(AppError::storage)?;
        self.conn().execute(
            "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [KEY, text.as_str()],
        )?;
        Ok(())
    }
}
