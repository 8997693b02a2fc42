//! The one error type that crosses into the UI: a closed set of codes the UI
//! can branch on, and a message a person can read. Never carries the key.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No key saved yet.
    NoKey,
    /// CometAPI refused the key (401).
    InvalidKey,
    /// The key or its group may not use this model (403).
    Forbidden,
    /// The base URL looks wrong (404, HTML page, redirect).
    BadBaseUrl,
    /// The prompt or conversation is too long (413).
    TooLarge,
    /// Rate limited after every retry (429).
    RateLimited,
    /// No channel for this model right now (503).
    ModelUnavailable,
    /// CometAPI failed (500) after every retry.
    ServerError,
    /// Gateway or idle timeout (504, 524, or no bytes for too long).
    Timeout,
    /// The server could not be reached.
    Network,
    /// The server's answer could not be understood.
    BadResponse,
    /// The server rejected the request as malformed (400).
    BadRequest,
    /// The stream broke after it had started; what came is kept.
    Interrupted,
    /// The OS secret store is missing or locked.
    KeyringUnavailable,
    /// The local database failed.
    Storage,
    /// The user's input was not acceptable (empty key, bad URL...).
    InvalidInput,
    /// The thing asked for does not exist (conversation, message).
    NotFound,
    /// Checking for, downloading or installing an update failed.
    UpdateFailed,
    /// The system could not open a link or file.
    OpenFailed,
}

impl ErrorCode {
    /// The wire name (`invalid_key`), as the UI sees it and the database keeps it.
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    pub fn parse(name: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// A file the user chose could not be written or read.
    pub fn file(err: impl std::fmt::Display) -> Self {
        Self::new(
            ErrorCode::Storage,
            format!("The file could not be saved: {err}"),
        )
    }

    pub fn storage(err: impl std::fmt::Display) -> Self {
        Self::new(
            ErrorCode::Storage,
            format!("The local database failed: {err}"),
        )
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} was not found."))
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(err: rusqlite::Error) -> Self {
        match err {
            rusqlite::Error::QueryReturnedNoRows => Self::not_found("The item"),
            other => Self::storage(other),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;
