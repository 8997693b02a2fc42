//! The SQLite database in the app data folder: WAL, foreign keys, versioned
//! migrations with a copy of the file taken before each one.

mod answer_text;
mod api_calls;
mod branches;
mod chat_list;
mod chunks;
mod collections;
mod conversations;
mod damaged;
mod documents;
mod folders;
mod gallery;
mod gallery_query;
mod messages;
mod migrations;
mod portable;
mod prompts;
mod search;
mod settings_table;
mod sources;
mod tasks;
mod usage;
mod vector_index;

pub use answer_text::AnswerText;
pub use api_calls::{ApiCall, CallKind};
pub use branches::MessagePage;
pub use chat_list::{ChatCursor, ChatPage, Shelf, Sidebar, SHELF_PAGE};
pub use chunks::{Passage, Unembedded};
pub use collections::{Collection, CollectionFile, KeptFile};
pub use conversations::{title_from_text, Conversation, ConversationSettings, ReasoningEffort};
pub use damaged::{DamagedDatabase, Opened};
pub use documents::DocumentRef;
pub use folders::Folder;
pub use gallery::{GalleryImage, GenerationStatus, NewImage};
pub use gallery_query::{clean_tags, GalleryFacets, GalleryFilter, Lineage};
pub use messages::{AnswerUsage, FinishReason, Message, Role};
pub use prompts::{Prompt, PromptDraft, PromptKind};
pub use search::{SearchHit, SnippetPart};
pub use sources::Source;
pub use tasks::TaskRow;
pub use usage::{
    CostlyConversation, CostlyImage, DayModelCost, GroupUsage, UsageSummary, UsageTotals,
};

use crate::error::{AppError, AppResult};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
    /// Passages' vectors in memory for search (chunks.rs).
    vectors: vector_index::VectorIndex,
}

impl Store {
    pub fn open(path: &Path) -> AppResult<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(AppError::storage)?;
        }
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // NORMAL is durable across app crashes in WAL mode; only a power
        // loss may drop the last transaction.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations::migrate(&mut conn, path)?;
        messages::mark_unfinished_as_interrupted(&conn)?;
        gallery::fail_interrupted_generations(&conn)?;
        tasks::mark_lost_submits(&conn)?;
        prompts::adopt_presets(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
            path: path.to_owned(),
            vectors: vector_index::VectorIndex::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// SQLite's own check of the file: "ok" when sound.
    pub fn integrity_check(&self) -> AppResult<String> {
        Ok(self
            .conn()
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))?)
    }

    /// One connection, one writer: SQLite serialises writes anyway, and the
    /// app's reads are small.
    fn conn(&self) -> MutexGuard<'_, Connection> {
        match self.conn.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
