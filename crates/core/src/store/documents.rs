//! Documents kept for questions (#17): each read once, its text stored by
//! content hash and name, then linked to every question that carries it.

use super::Store;
use crate::documents::{DocumentKind, Extracted};
use crate::error::{AppError, AppResult};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A kept document as a chip shows it: no text (that is read on demand).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DocumentRef {
    pub id: i64,
    pub name: String,
    pub kind: DocumentKind,
    /// Pages, slides or sheets (0 when the format has none).
    pub parts: u32,
    /// Its size in tokens, as our counter reckons it.
    pub tokens: i64,
}

/// A message's documents, read as the JSON list its query builds.
pub(super) fn parse_list(json: Option<&str>) -> Vec<DocumentRef> {
    json.and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default()
}

impl Store {
    /// Keeps a document's text; the same content under the same name is
    /// the row already there (attaching it again reads nothing new).
    pub fn keep_document(
        &self,
        hash: &str,
        name: &str,
        extracted: &Extracted,
        tokens: i64,
    ) -> AppResult<DocumentRef> {
        let conn = self.conn();
        conn.execute(
            "INSERT INTO documents(hash, name, kind, parts, tokens, text, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (hash, name) DO NOTHING",
            params![
                hash,
                name,
                extracted.kind.as_str(),
                extracted.parts,
                tokens,
                extracted.text,
                super::now_ms()
            ],
        )?;
        let id: i64 = conn.query_row(
            "SELECT id FROM documents WHERE hash = ?1 AND name = ?2",
            params![hash, name],
            |r| r.get(0),
        )?;
        drop(conn);
        self.document(id)
    }

    pub fn document(&self, id: i64) -> AppResult<DocumentRef> {
        self.conn()
            .query_row(
                "SELECT id, name, kind, parts, tokens FROM documents WHERE id = ?1",
                [id],
                |r| {
                    Ok(DocumentRef {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        kind: DocumentKind::parse(&r.get::<_, String>(2)?),
                        parts: r.get(3)?,
                        tokens: r.get(4)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| AppError::not_found("That document"))
    }

    /// The text read out of a document, as it is sent to a model.
    pub fn document_text(&self, id: i64) -> AppResult<String> {
        self.conn()
            .query_row("SELECT text FROM documents WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| AppError::not_found("That document"))
    }

    pub(super) fn link_documents(&self, message_id: i64, documents: &[i64]) -> AppResult<()> {
        let conn = self.conn();
        for (position, document) in documents.iter().enumerate() {
            conn.execute(
                "INSERT INTO message_documents(message_id, position, document_id) VALUES (?1, ?2, ?3)",
                params![message_id, position as i64, document],
            )
            .map_err(|_| AppError::not_found("An attached document"))?;
        }
        Ok(())
    }

    /// Documents no question or collection carries (attached and never
    /// sent, or their chats deleted) and kept at least `age_ms` ago are dropped: called at
    /// start, so a chip left in the composer a minute ago survives.
    pub fn forget_unused_documents(&self, age_ms: i64) -> AppResult<usize> {
        let forgotten = self.conn().execute(
            "DELETE FROM documents WHERE created_at <= ?1 AND NOT EXISTS
               (SELECT 1 FROM message_documents md WHERE md.document_id = documents.id)
             AND NOT EXISTS
               (SELECT 1 FROM collection_files cf WHERE cf.document_id = documents.id)",
            [super::now_ms().saturating_sub(age_ms)],
        )?;
        if forgotten > 0 {
            self.forget_orphan_vectors()?;
        }
        Ok(forgotten)
    }

    /// Drops those of `ids` nothing holds any more (no question, no
    /// collection), with their passages and vectors.
    pub(super) fn forget_documents_if_unused(&self, ids: &[i64]) -> AppResult<()> {
        let mut forgotten = 0;
        for id in ids {
            forgotten += self.conn().execute(
                "DELETE FROM documents WHERE id = ?1
                 AND NOT EXISTS (SELECT 1 FROM message_documents md WHERE md.document_id = ?1)
                 AND NOT EXISTS (SELECT 1 FROM collection_files cf WHERE cf.document_id = ?1)",
                [id],
            )?;
        }
        if forgotten > 0 {
            self.forget_orphan_vectors()?;
        }
        Ok(())
    }
}
