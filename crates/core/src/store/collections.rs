//! Collections (#17): named sets of documents, most often a folder read
//! again when it changes. A collection keeps each file by path, size and
//! modification time, and links it to the document read out of it (shared
//! with chats: the same bytes under the same name are one document).

use super::documents::DocumentRef;
use super::{now_ms, Store};
use crate::error::{AppError, AppResult};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A collection as its list shows it. The page never holds a path: only
/// the folder's own name, so nothing it sends back can name a file.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Collection {
    pub id: i64,
    pub name: String,
    pub folder_name: Option<String>,
    pub embedding_model: String,
    pub files: u32,
    /// Files that could not be read (each says why in its row).
    pub problems: u32,
    pub tokens: i64,
    /// Passages cut so far, and of those embedded with its model.
    pub passages: u32,
    pub embedded: u32,
}

/// One file of a collection: read into a document, or why not.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct CollectionFile {
    pub id: i64,
    /// Its path under the folder (or its file name when added alone).
    pub name: String,
    pub document: Option<DocumentRef>,
    pub problem: Option<String>,
}

/// What the store knows of a file, to tell whether it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptFile {
    pub id: i64,
    pub path: PathBuf,
    pub size: u64,
    pub modified_ms: i64,
}

fn clean_name(name: &str) -> AppResult<String> {
    let name: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(AppError::invalid_input("A collection needs a name."));
    }
    Ok(name.chars().take(100).collect())
}

impl Store {
    pub fn create_collection(
        &self,
        name: &str,
        embedding_model: &str,
        folder: Option<&Path>,
    ) -> AppResult<Collection> {
        let name = clean_name(name)?;
        let conn = self.conn();
        conn.execute(
            "INSERT INTO collections(name, folder, embedding_model, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![
                name,
                folder.map(|f| f.to_string_lossy().into_owned()),
                embedding_model,
                now_ms()
            ],
        )?;
        let id = conn.last_insert_rowid();
        drop(conn);
        self.collection(id)
    }

    /// Every collection, by name.
    pub fn collections(&self) -> AppResult<Vec<Collection>> {
        let ids: Vec<i64> = {
            let conn = self.conn();
            let mut stmt =
                conn.prepare("SELECT id FROM collections ORDER BY name COLLATE NOCASE, id")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        ids.into_iter().map(|id| self.collection(id)).collect()
    }

    pub fn collection(&self, id: i64) -> AppResult<Collection> {
        let conn = self.conn();
        let row = conn
            .query_row(
                "SELECT name, folder, embedding_model FROM collections WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| AppError::not_found("The collection"))?;
        let (files, problems, tokens): (u32, u32, i64) = conn.query_row(
            "SELECT COUNT(*), COUNT(f.problem), COALESCE(SUM(d.tokens), 0)
             FROM collection_files f LEFT JOIN documents d ON d.id = f.document_id
             WHERE f.collection_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let kept_as = crate::retrieval::kept_as(&row.2);
        let (passages, embedded): (u32, u32) = conn.query_row(
            "SELECT COUNT(*), COALESCE(SUM(EXISTS (SELECT 1 FROM chunk_vectors v
                 WHERE v.hash = c.hash AND v.model = ?2)), 0)
             FROM document_chunks c WHERE c.document_id IN
               (SELECT document_id FROM collection_files WHERE collection_id = ?1)",
            params![id, kept_as],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(Collection {
            id,
            name: row.0,
            folder_name: row.1.map(|f| {
                Path::new(&f)
                    .file_name()
                    .map_or(f.clone(), |n| n.to_string_lossy().into_owned())
            }),
            embedding_model: row.2,
            files,
            problems,
            tokens,
            passages,
            embedded,
        })
    }

    pub fn rename_collection(&self, id: i64, name: &str) -> AppResult<Collection> {
        let name = clean_name(name)?;
        let changed = self.conn().execute(
            "UPDATE collections SET name = ?1 WHERE id = ?2",
            params![name, id],
        )?;
        if changed == 0 {
            return Err(AppError::not_found("The collection"));
        }
        self.collection(id)
    }

    /// A new model searches only vectors made with it: the next indexing
    /// embeds the collection again (the old vectors stay for other users).
    pub fn set_collection_model(&self, id: i64, model: &str) -> AppResult<Collection> {
        let changed = self.conn().execute(
            "UPDATE collections SET embedding_model = ?1 WHERE id = ?2",
            params![model, id],
        )?;
        if changed == 0 {
            return Err(AppError::not_found("The collection"));
        }
        self.collection(id)
    }

    /// The collection, its files and the documents only it held, with their
    /// passages and vectors.
    pub fn delete_collection(&self, id: i64) -> AppResult<()> {
        let documents = self.collection_documents(id)?;
        self.conn()
            .execute("DELETE FROM collections WHERE id = ?1", [id])?;
        self.forget_documents_if_unused(&documents)
    }

    pub fn collection_folder(&self, id: i64) -> AppResult<Option<PathBuf>> {
        let folder: Option<String> = self
            .conn()
            .query_row("SELECT folder FROM collections WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| AppError::not_found("The collection"))?;
        Ok(folder.map(PathBuf::from))
    }

    pub fn kept_files(&self, collection_id: i64) -> AppResult<Vec<KeptFile>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT id, path, size, modified_ms FROM collection_files WHERE collection_id = ?1 ORDER BY path",
        )?;
        let rows = stmt.query_map([collection_id], |r| {
            Ok(KeptFile {
                id: r.get(0)?,
                path: PathBuf::from(r.get::<_, String>(1)?),
                size: r.get::<_, i64>(2)?.max(0) as u64,
                modified_ms: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records a file as read into `document`, or as unreadable for `problem`.
    pub fn keep_collection_file(
        &self,
        collection_id: i64,
        path: &Path,
        size: u64,
        modified_ms: i64,
        read: Result<i64, &str>,
    ) -> AppResult<()> {
        let (document, problem) = match read {
            Ok(id) => (Some(id), None),
            Err(problem) => (None, Some(problem)),
        };
        let old: Option<i64> = self
            .conn()
            .query_row(
                "SELECT document_id FROM collection_files WHERE collection_id = ?1 AND path = ?2",
                params![collection_id, path.to_string_lossy()],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        self.conn().execute(
            "INSERT INTO collection_files(collection_id, path, size, modified_ms, document_id, problem)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (collection_id, path) DO UPDATE SET size = excluded.size,
               modified_ms = excluded.modified_ms, document_id = excluded.document_id,
               problem = excluded.problem",
            params![collection_id, path.to_string_lossy(), size as i64, modified_ms, document, problem],
        )?;
        match old {
            Some(old) if Some(old) != document => self.forget_documents_if_unused(&[old]),
            _ => Ok(()),
        }
    }

    /// Files gone from a collection, and from its index with them.
    pub fn remove_collection_files(&self, ids: &[i64]) -> AppResult<()> {
        let mut documents = Vec::new();
        for id in ids {
            let document: Option<i64> = self
                .conn()
                .query_row(
                    "DELETE FROM collection_files WHERE id = ?1 RETURNING document_id",
                    [id],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            documents.extend(document);
        }
        self.forget_documents_if_unused(&documents)
    }

    pub fn collection_files(&self, collection_id: i64) -> AppResult<Vec<CollectionFile>> {
        let folder = self.collection_folder(collection_id)?;
        let rows: Vec<(i64, String, Option<i64>, Option<String>)> = {
            let conn = self.conn();
            let mut stmt = conn.prepare(
                "SELECT id, path, document_id, problem FROM collection_files
                 WHERE collection_id = ?1 ORDER BY path",
            )?;
            let rows = stmt.query_map([collection_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
            rows.collect::<Result<_, _>>()?
        };
        rows.into_iter()
            .map(|(id, path, document, problem)| {
                let path = PathBuf::from(path);
                let name = folder
                    .as_deref()
                    .and_then(|f| path.strip_prefix(f).ok())
                    .or_else(|| path.file_name().map(Path::new))
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .into_owned();
                let document = document.map(|d| self.document(d)).transpose()?;
                Ok(CollectionFile {
                    id,
                    name,
                    document,
                    problem,
                })
            })
            .collect()
    }

    /// The documents read into a collection.
    pub fn collection_documents(&self, collection_id: i64) -> AppResult<Vec<i64>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT DISTINCT document_id FROM collection_files
             WHERE collection_id = ?1 AND document_id IS NOT NULL ORDER BY document_id",
        )?;
        let rows = stmt.query_map([collection_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The collection a chat searches with every question, if any.
    pub fn chat_collection(&self, conversation_id: i64) -> AppResult<Option<i64>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT collection_id FROM conversation_collections WHERE conversation_id = ?1",
                [conversation_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn set_chat_collection(
        &self,
        conversation_id: i64,
        collection: Option<i64>,
    ) -> AppResult<()> {
        let conn = self.conn();
        match collection {
            None => conn.execute(
                "DELETE FROM conversation_collections WHERE conversation_id = ?1",
                [conversation_id],
            )?,
            Some(id) => conn
                .execute(
                    "INSERT INTO conversation_collections(conversation_id, collection_id) VALUES (?1, ?2)
                     ON CONFLICT (conversation_id) DO UPDATE SET collection_id = excluded.collection_id",
                    params![conversation_id, id],
                )
                .map_err(|_| AppError::not_found("The chat or the collection"))?,
        };
        Ok(())
    }
}
