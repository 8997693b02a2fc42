//! The passages an answer was given in place of a document too large to
//! send whole (#17). They are kept with the answer as sent, so its sources
//! open as the model read them, travel in an export, and do not depend on
//! the document's passages staying cut the same way.

use super::{Passage, Store};
use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Source {
    /// The file's name, as its chip shows it.
    pub name: String,
    /// Where in it: "Page 3", "Slide 2", "Sheet Sales"; `None` for plain text.
    pub part: Option<String>,
    pub text: String,
}

impl From<&Passage> for Source {
    fn from(passage: &Passage) -> Self {
        Self {
            name: passage.document_name.clone(),
            part: passage.part.clone(),
            text: passage.text.clone(),
        }
    }
}

pub(super) fn parse_list(json: Option<&str>) -> Vec<Source> {
    json.and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default()
}

impl Store {
    /// Records what an answer was given to read; set once, before it streams.
    pub fn set_sources(&self, message_id: i64, sources: &[Source]) -> AppResult<()> {
        let json = (!sources.is_empty())
            .then(|| serde_json::to_string(sources))
            .transpose()
            .map_err(AppError::storage)?;
        self.conn().execute(
            "UPDATE messages SET sources = ?1 WHERE id = ?2",
            rusqlite::params![json, message_id],
        )?;
        Ok(())
    }
}
