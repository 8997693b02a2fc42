//! Passages of documents and their vectors (#17), and the exact search
//! over them: vectors are scaled to length 1 and kept a byte a component,
//! so the best passage for a question is the largest dot product. (sqlite-vec would do
//! the same inside SQLite; the scan needs nothing built per platform.)

use super::vector_index::Loaded;
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
        self.vectors.forget_document(document_id);
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
        self.vectors.forget_model(model);
        Ok(())
    }

    /// The `k` passages of `documents` nearest to `query` by `model`'s
    /// vectors, best first (ties in passage order).
    pub fn nearest_passages(
        &self,
        documents: &[i64],
        model: &str,
        query: &[f32],
        k: usize,
    ) -> AppResult<Vec<Passage>> {
        let query: Vec<i8> = to_blob(query).into_iter().map(|b| b as i8).collect();
        // (score, document, seq)
        let mut scored: Vec<(i32, i64, i64)> = Vec::new();
        for &document in documents {
            let loaded = match self.vectors.get(document, model) {
                Some(loaded) => loaded,
                None => self
                    .vectors
                    .put(document, model, self.load_vectors(document, model)?),
            };
            if loaded.dims != query.len() {
                continue;
            }
            scored.extend(
                loaded
                    .scores(&query)
                    .map(|(seq, score)| (score, document, seq)),
            );
        }
        let by_rank = |a: &(i32, i64, i64), b: &(i32, i64, i64)| {
            b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
        };
        if scored.len() > k && k > 0 {
            scored.select_nth_unstable_by(k - 1, by_rank);
        }
        scored.truncate(k);
        scored.sort_by(by_rank);
        let conn = self.conn();
        let mut out = Vec::with_capacity(scored.len());
        for (score, document_id, seq) in scored {
            let (name, part, bytes): (String, Option<String>, Vec<u8>) = conn.query_row(
                "SELECT d.name, c.part,
                        substr(CAST(d.text AS BLOB), c.start_byte + 1, c.end_byte - c.start_byte)
                 FROM document_chunks c JOIN documents d ON d.id = c.document_id
                 WHERE c.document_id = ?1 AND c.seq = ?2",
                params![document_id, seq],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            out.push(Passage {
                document_id,
                document_name: name,
                seq,
                part,
                text: String::from_utf8_lossy(&bytes).into_owned(),
                score: score as f32 / (127.0 * 127.0),
            });
        }
        Ok(out)
    }

    /// A document's vectors by `model`, in passage order; passages without
    /// one (or of another size) are left out.
    fn load_vectors(&self, document: i64, model: &str) -> AppResult<Loaded> {
        let conn = self.conn();
        let mut statement = conn.prepare(
            "SELECT c.seq, v.vector FROM document_chunks c
             JOIN chunk_vectors v ON v.hash = c.hash AND v.model = ?2
             WHERE c.document_id = ?1 ORDER BY c.seq",
        )?;
        let mut loaded = Loaded::default();
        let rows = statement.query_map(params![document, model], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        for row in rows {
            let (seq, blob) = row?;
            if loaded.dims == 0 {
                loaded.dims = blob.len();
            }
            if blob.len() == loaded.dims {
                loaded.seqs.push(seq);
                loaded.data.extend(blob.into_iter().map(|b| b as i8));
            }
        }
        Ok(loaded)
    }

    /// Vectors no passage refers to any more (their documents forgotten).
    pub(super) fn forget_orphan_vectors(&self) -> AppResult<usize> {
        // Their documents' passages went with them (ON DELETE CASCADE).
        self.vectors.clear();
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

/// Each component of the unit vector as one signed byte (x 127): a quarter
/// of the bytes to read per passage, for a ranking error far below the gap
/// between a passage that answers and one that does not.
fn to_blob(v: &[f32]) -> Vec<u8> {
    unit(v)
        .iter()
        .map(|x| ((x * 127.0).round().clamp(-127.0, 127.0) as i8) as u8)
        .collect()
}
