//! Documents given to a chat: read and kept when attached (off the IPC
//! thread: the callers run these on a blocking thread), and checked against
//! each model's context before a question carries them, so a question
//! that could not fit is refused before anything is written or paid for.

use super::turn::Planned;
use super::ChatService;
use crate::catalogue::context_window;
use crate::documents::{extract, read_file, Limits};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::{DocumentRef, Store};
use crate::tokens::TokenCounter;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// Documents may fill at most this share of a model's context (1 / n): the
/// rest is for the chat itself, the question and the answer.
const SHARE_DIVISOR: i64 = 2;

impl ChatService {
    /// Reads a document from disk and keeps its text.
    pub async fn attach_document_file(&self, path: PathBuf) -> AppResult<DocumentRef> {
        let (store, tokens) = (self.store.clone(), self.tokens.clone());
        off_thread(move || {
            let (name, bytes) = read_file(&path, Limits::default())?;
            keep(&store, &tokens, &name, &bytes)
        })
        .await
    }

    /// Reads a document from its bytes (pasted) and keeps its text.
    pub async fn attach_document(&self, name: String, bytes: Vec<u8>) -> AppResult<DocumentRef> {
        let (store, tokens) = (self.store.clone(), self.tokens.clone());
        off_thread(move || keep(&store, &tokens, &name, &bytes)).await
    }

    /// The text a document's chip opens, exactly as a model is sent it.
    pub fn document_text(&self, id: i64) -> AppResult<String> {
        self.store.document_text(id)
    }
}

/// Unzipping, parsing and counting a large file takes a while: never on
/// the thread that answers the window.
async fn off_thread(
    work: impl FnOnce() -> AppResult<DocumentRef> + Send + 'static,
) -> AppResult<DocumentRef> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| AppError::storage("reading the document stopped unexpectedly"))?
}

fn keep(store: &Store, tokens: &TokenCounter, name: &str, bytes: &[u8]) -> AppResult<DocumentRef> {
    let extracted = extract(name, bytes, Limits::default())?;
    if extracted.text.trim().is_empty() {
        return Err(AppError::invalid_input(format!(
            "{name} has no text to read."
        )));
    }
    let hash = format!("{:x}", Sha256::digest(bytes));
    store.keep_document(&hash, name, &extracted, tokens.estimate(&extracted.text))
}

/// Every document the context would carry: the chat's and the question's.
fn carried(planned: &Planned) -> impl Iterator<Item = &DocumentRef> {
    planned
        .history
        .iter()
        .flat_map(|m| m.documents.iter())
        .chain(planned.question.iter().flat_map(|q| q.documents.iter()))
}

/// Refuses, with what to do instead, when the documents would fill more
/// than their share of `model`'s context.
pub(super) fn check_fit(planned: &Planned, model: &str) -> AppResult<()> {
    let total: i64 = carried(planned).map(|d| d.tokens).sum();
    if total == 0 {
        return Ok(());
    }
    let window = context_window(model);
    let allowed = window / SHARE_DIVISOR;
    if total <= allowed {
        return Ok(());
    }
    let largest = carried(planned)
        .max_by_key(|d| d.tokens)
        .map(|d| d.name.as_str())
        .unwrap_or_default();
    Err(AppError::new(
        ErrorCode::TooLarge,
        format!(
            "The documents in this chat come to about {} tokens ({largest} is the largest); \
             {model} reads about {} at once, so they may fill {}. Pick a model with a longer \
             context, or start a new chat with fewer or shorter documents.",
            thousands(total),
            thousands(window),
            thousands(allowed)
        ),
    ))
}

fn thousands(n: i64) -> String {
    if n >= 10_000 {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}
