//! Byte-pair encoding with a rank table: a piece starts as its bytes, and
//! the adjacent pair whose joined bytes rank lowest in the table is merged
//! until no joined pair is in it. Each part left is a token.

use super::pieces;
use std::collections::HashMap;

/// cl100k_base, written by `scripts/make-bpe-table.py`.
const TABLE: &[u8] = include_bytes!("../../assets/cl100k_base.bpe.z");

pub(super) struct Bpe {
    ranks: HashMap<Vec<u8>, u32>,
}

impl Bpe {
    /// The built-in table; `None` (and a warning) if it cannot be read.
    pub(super) fn built_in() -> Option<Self> {
        let ranks = read_table(TABLE);
        if ranks.is_none() {
            tracing::warn!("the token table could not be read; counting by length");
        }
        ranks.map(|ranks| Self { ranks })
    }

    pub(super) fn count(&self, text: &str) -> usize {
        let mut total = 0;
        pieces::split(text, |piece| total += self.count_piece(piece.as_bytes()));
        total
    }

    fn count_piece(&self, piece: &[u8]) -> usize {
        if piece.len() < 2 || self.ranks.contains_key(piece) {
            return piece.len().min(1);
        }
        // Where each part starts (plus the end), and the rank of the part
        // joined with the next one.
        let rank_of = |bytes: &[u8]| self.ranks.get(bytes).copied().unwrap_or(u32::MAX);
        let mut starts: Vec<usize> = (0..=piece.len()).collect();
        let mut joined: Vec<u32> = (0..piece.len() - 1)
            .map(|i| rank_of(&piece[i..i + 2]))
            .collect();
        // The lowest-ranked pair that is in the table merges next.
        while let Some((best, _)) = joined
            .iter()
            .enumerate()
            .filter(|(_, &rank)| rank != u32::MAX)
            .min_by_key(|(_, &rank)| rank)
        {
            // Parts `best` and `best + 1` become one.
            starts.remove(best + 1);
            joined.remove(best);
            let span = |part: usize| piece.get(starts[part]..*starts.get(part + 2)?);
            if best < joined.len() {
                joined[best] = span(best).map_or(u32::MAX, rank_of);
            }
            if best > 0 {
                joined[best - 1] = span(best - 1).map_or(u32::MAX, rank_of);
            }
        }
        starts.len() - 1
    }
}

/// Token bytes in rank order, each after its length in one byte, zlib.
fn read_table(compressed: &[u8]) -> Option<HashMap<Vec<u8>, u32>> {
    let raw = fdeflate::decompress_to_vec(compressed).ok()?;
    let mut ranks = HashMap::with_capacity(101_000);
    let mut at = 0;
    while at < raw.len() {
        let len = usize::from(raw[at]);
        let token = raw.get(at + 1..at + 1 + len)?;
        ranks.insert(token.to_vec(), u32::try_from(ranks.len()).ok()?);
        at += 1 + len;
    }
    Some(ranks)
}
