//! Documents given to a chat: read and kept when attached (off the IPC
//! thread: the callers run these on a blocking thread), and measured
//! against each model's context before a question carries them: those that
//! do not fit go as passages (`passages.rs`).

use super::turn::Planned;
use super::ChatService;
use crate::catalogue::context_window;
use crate::documents::{read_file, Limits, Reader};
use crate::error::{AppError, AppResult};
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
        let (store, tokens, reader) =
            (self.store.clone(), self.tokens.clone(), self.reader.clone());
        off_thread(move || {
            let (name, bytes) = read_file(&path, Limits::default())?;
            keep(&store, &tokens, &reader, &name, &bytes)
        })
        .await
    }

    /// Reads a document from its bytes (pasted) and keeps its text.
    pub async fn attach_document(&self, name: String, bytes: Vec<u8>) -> AppResult<DocumentRef> {
        let (store, tokens, reader) =
            (self.store.clone(), self.tokens.clone(), self.reader.clone());
        off_thread(move || keep(&store, &tokens, &reader, &name, &bytes)).await
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

/// Reads a document with `reader` and keeps its text (also how a
/// collection reads its files).
pub(crate) fn keep(
    store: &Store,
    tokens: &TokenCounter,
    reader: &Reader,
    name: &str,
    bytes: &[u8],
) -> AppResult<DocumentRef> {
    let extracted = reader.extract(name, bytes, Limits::default())?;
    if extracted.text.trim().is_empty() {
        return Err(AppError::invalid_input(format!(
            "{name} has no text to read."
        )));
    }
    let hash = format!("{:x}", Sha256::digest(bytes));
    store.keep_document(&hash, name, &extracted, tokens.estimate(&extracted.text))
}

/// Every document the context would carry: the chat's and the question's.
pub(super) fn carried(planned: &Planned) -> impl Iterator<Item = &DocumentRef> {
    planned
        .history
        .iter()
        .flat_map(|m| m.documents.iter())
        .chain(planned.question.iter().flat_map(|q| q.documents.iter()))
}

/// The tokens of `model`'s context documents may fill whole.
pub(super) fn share_of(model: &str) -> i64 {
    context_window(model) / SHARE_DIVISOR
}
