//! Collections (#17): named sets of documents a chat can search with every
//! question, most often a folder. Reading one looks at each file's size and
//! modification time and reads only what changed (through the same child
//! reader as a chat's documents), drops what is gone, then embeds the
//! passages not embedded yet with the collection's model. Both steps report
//! progress and can be paused; what was done stays done, so going on later
//! pays for nothing twice.

mod folder_scan;

use crate::catalogue::Catalogue;
use crate::chat::documents::keep;
use crate::client::SharedClient;
use crate::documents::{read_file, Limits, Reader};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::retrieval::{Retriever, DEFAULT_EMBEDDING_MODEL};
use crate::secret::KeySource;
use crate::store::{Collection, CollectionFile, Store};
use crate::tokens::TokenCounter;
pub use folder_scan::MAX_FILES;
use folder_scan::{scan, stat, FoundFile};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;

/// How far reading a collection is.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum CollectionProgress {
    /// Files read out of the folder (only changed ones count).
    Reading { done: u32, total: u32 },
    /// Passages embedded with the collection's model.
    Embedding { done: u32, total: u32 },
}

pub struct Collections {
    store: Arc<Store>,
    client: Arc<SharedClient>,
    keys: Arc<dyn KeySource>,
    catalogue: Arc<Catalogue>,
    tokens: Arc<TokenCounter>,
    reader: Reader,
    /// Collections being read now, each with the token that pauses it.
    running: Mutex<HashMap<i64, CancellationToken>>,
}

/// Takes a collection off the running list however its reading ends.
struct Running<'a> {
    collections: &'a Collections,
    id: i64,
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        if let Ok(mut running) = self.collections.running.lock() {
            running.remove(&self.id);
        }
    }
}

impl Collections {
    pub fn new(
        store: Arc<Store>,
        client: Arc<SharedClient>,
        keys: Arc<dyn KeySource>,
        catalogue: Arc<Catalogue>,
        reader: Reader,
    ) -> Self {
        Self {
            store,
            client,
            keys,
            catalogue,
            tokens: Arc::new(TokenCounter::new()),
            reader,
            running: Mutex::new(HashMap::new()),
        }
    }

    pub fn list(&self) -> AppResult<Vec<Collection>> {
        self.store.collections()
    }

    /// A new collection, of `folder` when one is given (read by `read`).
    pub fn create(&self, name: &str, folder: Option<PathBuf>) -> AppResult<Collection> {
        self.store
            .create_collection(name, DEFAULT_EMBEDDING_MODEL, folder.as_deref())
    }

    pub fn rename(&self, id: i64, name: &str) -> AppResult<Collection> {
        self.store.rename_collection(id, name)
    }

    pub fn set_model(&self, id: i64, model: &str) -> AppResult<Collection> {
        let model = model.trim();
        if model.is_empty() {
            return Err(AppError::invalid_input("Pick an embedding model."));
        }
        self.store.set_collection_model(id, model)
    }

    pub fn delete(&self, id: i64) -> AppResult<()> {
        self.pause(id);
        self.store.delete_collection(id)
    }

    pub fn files(&self, id: i64) -> AppResult<Vec<CollectionFile>> {
        self.store.collection_files(id)
    }

    /// Files added one by one (picked or dropped); `read` reads them.
    pub fn add_files(&self, id: i64, paths: Vec<PathBuf>) -> AppResult<Collection> {
        for path in paths {
            if let Some(file) = stat(&path) {
                // Size 0 and time 0 never match the file: `read` reads it.
                self.store
                    .keep_collection_file(id, &file.path, 0, 0, Err("Not read yet."))?;
            }
        }
        self.store.collection(id)
    }

    /// Removes files: their passages leave the index with them.
    pub fn remove_files(&self, id: i64, files: &[i64]) -> AppResult<Collection> {
        let own: HashSet<i64> = self.store.kept_files(id)?.iter().map(|f| f.id).collect();
        let files: Vec<i64> = files.iter().copied().filter(|f| own.contains(f)).collect();
        self.store.remove_collection_files(&files)?;
        self.store.collection(id)
    }

    /// Pauses a collection being read; `read` goes on from there.
    pub fn pause(&self, id: i64) {
        if let Ok(running) = self.running.lock() {
            if let Some(token) = running.get(&id) {
                token.cancel();
            }
        }
    }

    /// Reads what changed and embeds what is not yet. A pause ends it early
    /// with what was done kept.
    pub async fn read(
        &self,
        id: i64,
        mut progress: impl FnMut(CollectionProgress) + Send,
    ) -> AppResult<Collection> {
        let collection = self.store.collection(id)?;
        let key = self.keys.read()?.ok_or_else(|| {
            AppError::new(ErrorCode::NoKey, "Add your CometAPI key in Settings first.")
        })?;
        let cancel = CancellationToken::new();
        {
            let mut running = self.running.lock().map_err(AppError::storage)?;
            if running.contains_key(&id) {
                return Err(AppError::invalid_input(
                    "This collection is being read already.",
                ));
            }
            running.insert(id, cancel.clone());
        }
        let _running = Running {
            collections: self,
            id,
        };
        let changed = self.changed_files(id)?;
        let total = changed.len() as u32;
        progress(CollectionProgress::Reading { done: 0, total });
        for (done, file) in changed.into_iter().enumerate() {
            if cancel.is_cancelled() {
                return self.store.collection(id);
            }
            self.read_file(id, file).await?;
            progress(CollectionProgress::Reading {
                done: done as u32 + 1,
                total,
            });
        }
        let client = self.client.current();
        let retriever = Retriever {
            store: &self.store,
            client: &client,
            key: &key,
            model: &collection.embedding_model,
            price: self.catalogue.price_of(&collection.embedding_model),
            conversation_id: None,
        };
        let documents = self.store.collection_documents(id)?;
        retriever
            .index_until(
                &documents,
                |done, total| {
                    progress(CollectionProgress::Embedding {
                        done: done as u32,
                        total: total as u32,
                    })
                },
                &cancel,
            )
            .await?;
        self.store.collection(id)
    }

    /// What must be read: new or changed files; what is gone is dropped.
    fn changed_files(&self, id: i64) -> AppResult<Vec<FoundFile>> {
        let kept = self.store.kept_files(id)?;
        let folder = self.store.collection_folder(id)?;
        let mut on_disk: Vec<FoundFile> = match &folder {
            Some(folder) => scan(folder)?,
            None => Vec::new(),
        };
        let in_folder: HashSet<PathBuf> = on_disk.iter().map(|f| f.path.clone()).collect();
        let mut gone = Vec::new();
        for file in &kept {
            let under_folder = folder.as_deref().is_some_and(|f| file.path.starts_with(f));
            if in_folder.contains(&file.path) {
                continue;
            }
            match stat(&file.path) {
                // Added on its own (outside the folder): still there.
                Some(found) if !under_folder => on_disk.push(found),
                _ => gone.push(file.id),
            }
        }
        self.store.remove_collection_files(&gone)?;
        // A file that could not be read is tried again only once it changes.
        let unchanged: HashSet<(PathBuf, u64, i64)> = kept
            .into_iter()
            .map(|f| (f.path, f.size, f.modified_ms))
            .collect();
        Ok(on_disk
            .into_iter()
            .filter(|f| !unchanged.contains(&(f.path.clone(), f.size, f.modified_ms)))
            .collect())
    }

    /// One file read off the async threads; a file that cannot be read
    /// keeps its reason, and the others go on.
    async fn read_file(&self, id: i64, file: FoundFile) -> AppResult<()> {
        let (store, tokens, reader) =
            (self.store.clone(), self.tokens.clone(), self.reader.clone());
        let path = file.path.clone();
        let read = tokio::task::spawn_blocking(move || {
            let (name, bytes) = read_file(&path, Limits::default())?;
            keep(&store, &tokens, &reader, &name, &bytes)
        })
        .await
        .map_err(|_| AppError::storage("reading a document stopped unexpectedly"))?;
        let problem;
        let outcome = match &read {
            Ok(document) => Ok(document.id),
            Err(err) if err.code == ErrorCode::Storage => return Err(err.clone()),
            Err(err) => {
                problem = err.message.clone();
                Err(problem.as_str())
            }
        };
        self.store
            .keep_collection_file(id, &file.path, file.size, file.modified_ms, outcome)
    }
}
