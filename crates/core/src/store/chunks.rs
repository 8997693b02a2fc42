//! Passages of documents and their vectors (#17), and the exact search
//! over them: vectors are float32 blobs scaled to length 1, so the best
//! passage for a question is the largest dot product. (sqlite-vec would do
//! the same inside SQLite; the scan needs nothing built per platform.)

use super::Store;
use crate::documents::chunks::Chunk;
use crate::error::AppResult;
use rusqlite::params;
use sha2::{Digest, Sha256};

/// A passage still to embed: the hash it will be kept under, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unembedded {
    pub hash: String,
    pub text: String,
}

/// A passage found for a question, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub document_id: i64,
    pub document_name: String,
    pub seq: i64,
    pub part: Option<String>,
    pub text: String,
    pub score: f32,
}

impl Store {
    /// Whether a document's passages are kept already (its text never
    /// changes under one id, so they are cut once).
    pub fn has_chunks(&self, document_id: i64) -> AppResult<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM document_chunks WHERE document_id = ?1)",
            [document_id],
            |r| r.get(0),
        )?)
    }

    pub fn keep_chunks(&self, document_id: i64, text: &str, chunks: &[Chunk]) -> AppResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "DELETE FROM document_chunks WHERE document_id = ?1",
            [document_id],
        )?;
        for (seq, chunk) in chunks.iter().enumerate() {
            let hash = format!(
                "{:x}",
                Sha256::digest(&text.as_bytes()[chunk.start..chunk.end])
            );
            tx.execute(
                "INSERT INTO document_chunks(document_id, seq, start_byte, end_byte, part, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    document_id,
                    seq as i64,
                    chunk.start as i64,
                    chunk.end as i64,
                    chunk.part,
                    hash
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The passages of `documents` with no vector from `model` yet, each
    /// text once.
    pub fn unembedded_chunks(&self, documents: &[i64], model: &str) -> AppResult<Vec<Unembedded>> {
        let conn = self.conn();
        let mut statement = conn.prepare(
            "SELECT c.hash, substr(CAST(d.text AS BLOB), c.start_byte + 1, c.end_byte - c.start_byte)
             FROM document_chunks c JOIN documents d ON d.id = c.document_id
             WHERE c.document_id = ?1 AND NOT EXISTS
               (SELECT 1 FROM chunk_vectors v WHERE v.hash = c.hash AND v.model = ?2)
             ORDER BY c.seq",
        )?;
        let mut out: Vec<Unembedded> = Vec::new();
        for document in documents {
            let rows = statement.query_map(params![document, model], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
            })?;
            for row in rows {
                let (hash, bytes) = row?;
                if out.iter().all(|u| u.hash != hash) {
                    out.push(Unembedded {
                        hash,
                        text: String::from_utf8_lossy(&bytes).into_owned(),
                    });
                }
            }
        }
        Ok(out)
    }

    pub fn keep_vectors(&self, model: &str, vectors: &[(String, Vec<f32>)]) -> AppResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for (hash, vector) in vectors {
            tx.execute(
                "INSERT OR REPLACE INTO chunk_vectors(hash, model, vector) VALUES (?1, ?2, ?3)",
                params![hash, model, to_blob(vector)],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The `k` passages of `documents` nearest to `query` by `model`'s
    /// vectors, best first.
    pub fn nearest_passages(
        &self,
        documents: &[i64],
        model: &str,
        query: &[f32],
        k: usize,
    ) -> AppResult<Vec<Passage>> {
        let query = unit(query);
        let conn = self.conn();
        let mut statement = conn.prepare(
            "SELECT c.seq, c.part, c.start_byte, c.end_byte, v.vector FROM document_chunks c
             JOIN chunk_vectors v ON v.hash = c.hash AND v.model = ?2
             WHERE c.document_id = ?1",
        )?;
        // (score, document, seq, part, start, end)
        let mut scored: Vec<(f32, i64, i64, Option<String>, usize, usize)> = Vec::new();
        for &document in documents {
            let rows = statement.query_map(params![document, model], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Vec<u8>>(4)?,
                ))
            })?;
            for row in rows {
                let (seq, part, start, end, blob) = row?;
                scored.push((
                    dot(&query, &blob),
                    document,
                    seq,
                    part,
                    start as usize,
                    end as usize,
                ));
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.truncate(k);
        drop(statement);
        let mut out = Vec::with_capacity(scored.len());
        for (score, document_id, seq, part, start, end) in scored {
            let (name, text): (String, String) = conn.query_row(
                "SELECT name, text FROM documents WHERE id = ?1",
                [document_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let text = text.get(start..end).unwrap_or_default().to_owned();
            out.push(Passage {
                document_id,
                document_name: name,
                seq,
                part,
                text,
                score,
            });
        }
        Ok(out)
    }

    /// Vectors no passage refers to any more (their documents forgotten).
    pub(super) fn forget_orphan_vectors(&self) -> AppResult<usize> {
        Ok(self.conn().execute(
            "DELETE FROM chunk_vectors WHERE NOT EXISTS
               (SELECT 1 FROM document_chunks c WHERE c.hash = chunk_vectors.hash)",
            [],
        )?)
    }
}

fn unit(v: &[f32]) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm == 0.0 {
        return v.to_vec();
    }
    v.iter().map(|x| x / norm).collect()
}

fn to_blob(v: &[f32]) -> Vec<u8> {
    unit(v).iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// A vector of another length (a model's other size) scores nothing.
fn dot(query: &[f32], blob: &[u8]) -> f32 {
    if blob.len() != query.len() * 4 {
        return f32::MIN;
    }
    blob.chunks_exact(4)
        .zip(query)
        .map(|(b, q)| f32::from_le_bytes([b[0], b[1], b[2], b[3]]) * q)
        .sum()
}
