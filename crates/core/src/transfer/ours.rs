//! Comet Desk's own export: `{format, version, exported_at, conversations}`.

use super::PortableConversation;
use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};

pub const EXPORT_FORMAT: &str = "comet-desk-conversations";
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
pub struct ExportFile {
    pub format: String,
    pub version: u32,
    pub exported_at: i64,
    pub conversations: Vec<PortableConversation>,
}

impl ExportFile {
    pub fn new(exported_at: i64, conversations: Vec<PortableConversation>) -> Self {
        Self {
            format: EXPORT_FORMAT.into(),
            version: VERSION,
            exported_at,
            conversations,
        }
    }
}

/// `None` when the file is not ours; an error when it is ours but unreadable.
pub(super) fn parse(value: &serde_json::Value) -> AppResult<Option<Vec<PortableConversation>>> {
    if value.get("format").and_then(|f| f.as_str()) != Some(EXPORT_FORMAT) {
        return Ok(None);
    }
    let file: ExportFile = serde_json::from_value(value.clone()).map_err(|err| {
        AppError::invalid_input(format!("This Comet Desk export is damaged: {err}"))
    })?;
    if file.version > VERSION {
        return Err(AppError::invalid_input(
            "This export comes from a newer Comet Desk. Update the app to import it.",
        ));
    }
    Ok(Some(file.conversations))
}
