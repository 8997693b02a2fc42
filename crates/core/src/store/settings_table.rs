//! Small JSON values under a key: the settings, and what the app learnt
//! (such as which endpoint a model needs). New fields get their defaults
//! when an older value lacks them.

use super::Store;
use crate::error::{AppError, AppResult};
use crate::settings::Settings;
use rusqlite::OptionalExtension;
use serde::de::DeserializeOwned;
use serde::Serialize;

const SETTINGS: &str = "settings";

impl Store {
    /// A damaged value reads as absent, so defaults apply rather than
    /// locking the user out of the app.
    pub fn load_value<T: DeserializeOwned>(&self, key: &str) -> AppResult<Option<T>> {
        let text: Option<String> = self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    pub fn save_value<T: Serialize>(&self, key: &str, value: &T) -> AppResult<()> {
        let text = serde_json::to_string(value).map_err(AppError::storage)?;
        self.conn().execute(
            "INSERT INTO settings(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, text.as_str()],
        )?;
        Ok(())
    }

    pub fn load_settings(&self) -> AppResult<Option<Settings>> {
        self.load_value(SETTINGS)
    }

    pub fn save_settings(&self, settings: &Settings) -> AppResult<()> {
        self.save_value(SETTINGS, settings)
    }
}
