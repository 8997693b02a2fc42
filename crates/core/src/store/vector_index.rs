//! Passages' vectors held in memory per document and embedding model, so
//! a question's search is a scan over bytes in RAM rather than a join over
//! SQLite rows (100,000 passages: about a second from SQLite, milliseconds
//! here). A document's vectors load on its first search and are dropped
//! when they change; the whole stays under a byte budget, the documents
//! searched longest ago leaving first.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// 100,000 passages of 512 dimensions, a byte each, with room to spare.
const BUDGET_BYTES: usize = 96 * 1024 * 1024;

/// One document's vectors by one model: row `i` is passage `seqs[i]`.
#[derive(Debug, Default)]
pub(super) struct Loaded {
    pub seqs: Vec<i64>,
    pub dims: usize,
    pub data: Vec<i8>,
}

impl Loaded {
    fn bytes(&self) -> usize {
        self.data.len() + self.seqs.len() * 8
    }

    /// Each passage's score against `query` (already a byte a component).
    pub fn scores<'a>(&'a self, query: &'a [i8]) -> impl Iterator<Item = (i64, i32)> + 'a {
        let dims = self.dims.max(1);
        self.seqs
            .iter()
            .zip(self.data.chunks_exact(dims))
            .map(move |(seq, row)| (*seq, byte_vectors::dot(row, query)))
    }
}

type Key = (i64, String);

#[derive(Default)]
struct Entries {
    loaded: HashMap<Key, (Arc<Loaded>, u64)>,
    clock: u64,
    bytes: usize,
}

#[derive(Default)]
pub(super) struct VectorIndex {
    entries: Mutex<Entries>,
}

impl VectorIndex {
    fn lock(&self) -> MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn get(&self, document: i64, model: &str) -> Option<Arc<Loaded>> {
        let mut entries = self.lock();
        entries.clock += 1;
        let now = entries.clock;
        let (loaded, used) = entries.loaded.get_mut(&(document, model.to_owned()))?;
        *used = now;
        Some(loaded.clone())
    }

    pub fn put(&self, document: i64, model: &str, loaded: Loaded) -> Arc<Loaded> {
        let loaded = Arc::new(loaded);
        let mut entries = self.lock();
        entries.clock += 1;
        let now = entries.clock;
        entries.bytes += loaded.bytes();
        if let Some((old, _)) = entries
            .loaded
            .insert((document, model.to_owned()), (loaded.clone(), now))
        {
            entries.bytes -= old.bytes();
        }
        while entries.bytes > BUDGET_BYTES && entries.loaded.len() > 1 {
            let oldest = entries
                .loaded
                .iter()
                .filter(|(_, (_, used))| *used != now)
                .min_by_key(|(_, (_, used))| *used)
                .map(|(key, _)| key.clone());
            let Some(key) = oldest else { break };
            if let Some((gone, _)) = entries.loaded.remove(&key) {
                entries.bytes -= gone.bytes();
            }
        }
        loaded
    }

    /// After vectors of `model` were added: any document may hold them.
    pub fn forget_model(&self, model: &str) {
        let mut entries = self.lock();
        let gone: Vec<Key> = entries
            .loaded
            .keys()
            .filter(|(_, m)| m == model)
            .cloned()
            .collect();
        for key in gone {
            if let Some((loaded, _)) = entries.loaded.remove(&key) {
                entries.bytes -= loaded.bytes();
            }
        }
    }

    pub fn forget_document(&self, document: i64) {
        let mut entries = self.lock();
        let gone: Vec<Key> = entries
            .loaded
            .keys()
            .filter(|(d, _)| *d == document)
            .cloned()
            .collect();
        for key in gone {
            if let Some((loaded, _)) = entries.loaded.remove(&key) {
                entries.bytes -= loaded.bytes();
            }
        }
    }

    pub fn clear(&self) {
        *self.lock() = Entries::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(rows: usize) -> Loaded {
        Loaded {
            seqs: (0..rows as i64).collect(),
            dims: 2,
            data: vec![1; rows * 2],
        }
    }

    #[test]
    fn scores_are_dot_products_by_passage() {
        let l = Loaded {
            seqs: vec![4, 9],
            dims: 2,
            data: vec![127, 0, 0, 127],
        };
        let scores: Vec<_> = l.scores(&[127, 0]).collect();
        assert_eq!(scores, vec![(4, 127 * 127), (9, 0)]);
    }

    #[test]
    fn changes_drop_what_they_touch() {
        let index = VectorIndex::default();
        index.put(1, "a", loaded(3));
        index.put(2, "a", loaded(3));
        index.put(1, "b", loaded(3));
        index.forget_model("a");
        assert!(index.get(1, "a").is_none() && index.get(2, "a").is_none());
        assert!(index.get(1, "b").is_some());
        index.forget_document(1);
        assert!(index.get(1, "b").is_none());
        assert_eq!(index.lock().bytes, 0);
    }
}
