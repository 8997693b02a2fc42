//! `make bench` figures for documents (#17): a long PDF's text read by the
//! app's binary in its child process (as attaching does) and in-process,
//! and the passages nearest a question found by the exact scan over kept
//! vectors of 512 dimensions (what text-embedding-3 is asked for): the
//! first search loads them from SQLite, the rest scan memory.
//!
//! A 10 MB spreadsheet is read the same two ways.
//!
//!     documents_bench PDF APP_BINARY

#[path = "documents_bench/workbook.rs"]
mod workbook;

use comet_core::documents::chunks::{chunk, CHUNK_BYTES};
use comet_core::documents::{extract, DocumentKind, Extracted, Limits, Reader};
use comet_core::store::Store;
use std::time::{Duration, Instant};

const RUNS: usize = 5;
const DOCUMENTS: usize = 100;
const CHUNKS_PER_DOCUMENT: usize = 1_000;
const DIMENSIONS: usize = 512;
const QUERIES: usize = 20;

fn median_ms(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

fn percentile_ms(times: &mut [Duration], p: f64) -> f64 {
    times.sort();
    let at = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1;
    times[at].as_secs_f64() * 1000.0
}

/// The same pseudo-random unit vectors every run.
fn vector(seed: u64) -> Vec<f32> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut v: Vec<f32> = (0..DIMENSIONS)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 2_000) as f32 / 1_000.0 - 1.0
        })
        .collect();
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter_mut().for_each(|x| *x /= norm);
    v
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(pdf), Some(app)) = (args.get(1), args.get(2)) else {
        return Err("usage: documents_bench PDF APP_BINARY".into());
    };
    let bytes = std::fs::read(pdf)?;
    let child = Reader::Child(app.into());
    let mut in_child = Vec::new();
    let mut here = Vec::new();
    let mut pages = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        pages = child.extract("long.pdf", &bytes, Limits::default())?.parts;
        in_child.push(started.elapsed());
        let started = Instant::now();
        extract("long.pdf", &bytes, Limits::default())?;
        here.push(started.elapsed());
    }
    println!("documents_pdf_pages {pages}");
    println!("documents_pdf_child_ms {:.0}", median_ms(in_child));
    println!("documents_pdf_in_process_ms {:.0}", median_ms(here));

    let sheet = workbook::xlsx(10 * 1024 * 1024)?;
    let (mut in_child, mut here) = (Vec::new(), Vec::new());
    let mut chars = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        chars = child
            .extract("sales.xlsx", &sheet, Limits::default())?
            .text
            .len();
        in_child.push(started.elapsed());
        let started = Instant::now();
        extract("sales.xlsx", &sheet, Limits::default())?;
        here.push(started.elapsed());
    }
    println!("documents_xlsx_mb {:.1}", sheet.len() as f64 / 1_048_576.0);
    println!("documents_xlsx_text_mb {:.1}", chars as f64 / 1_048_576.0);
    println!("documents_xlsx_child_ms {:.0}", median_ms(in_child));
    println!("documents_xlsx_in_process_ms {:.0}", median_ms(here));

    let dir = tempfile::tempdir()?;
    let store = Store::open(&dir.path().join("bench.sqlite3"))?;
    let mut documents = Vec::new();
    let mut seed = 0u64;
    for d in 0..DOCUMENTS {
        let text: String = (0..CHUNKS_PER_DOCUMENT)
            .map(|i| format!("{:-<1500}\n\n", format!("Document {d} passage {i} ")))
            .collect();
        let extracted = Extracted {
            kind: DocumentKind::Text,
            text: text.clone(),
            parts: 0,
        };
        let id = store
            .keep_document(&format!("bench-{d}"), "bench.txt", &extracted, 0)?
            .id;
        store.keep_chunks(id, &text, &chunk(&text, CHUNK_BYTES))?;
        let vectors: Vec<(String, Vec<f32>)> = store
            .unembedded_chunks(&[id], "text-embedding-3-small")?
            .into_iter()
            .map(|u| {
                seed += 1;
                (u.hash, vector(seed))
            })
            .collect();
        store.keep_vectors("text-embedding-3-small", &vectors)?;
        documents.push(id);
    }
    let started = Instant::now();
    store.nearest_passages(&documents, "text-embedding-3-small", &vector(999_999), 8)?;
    println!(
        "retrieval_first_ms {:.0}",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let mut times = Vec::new();
    for q in 0..QUERIES {
        let query = vector(1_000_000 + q as u64);
        let started = Instant::now();
        store.nearest_passages(&documents, "text-embedding-3-small", &query, 8)?;
        times.push(started.elapsed());
    }
    println!("retrieval_chunks {}", DOCUMENTS * CHUNKS_PER_DOCUMENT);
    println!("retrieval_p50_ms {:.0}", percentile_ms(&mut times, 0.5));
    println!("retrieval_p95_ms {:.0}", percentile_ms(&mut times, 0.95));
    Ok(())
}
