//! `make bench` figure: the sidebar of 1,000 folders and 100,000 chats, on
//! the Rust side (what `sidebar()` reads: the folders with their counts and
//! the first page of pinned and unfiled chats). With `--seed DIR` it also
//! leaves `DIR/comet-desk.sqlite3` holding them, for the window bench.

use comet_core::store::Store;
use rusqlite::params;
use std::time::{Duration, Instant};

const FOLDERS: i64 = 1_000;
const CHATS: i64 = 100_000;
const RUNS: usize = 50;

/// Four chats in five sit in a folder; one in a thousand is pinned.
fn seed(path: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    drop(Store::open(path)?);
    let mut conn = rusqlite::Connection::open(path)?;
    let tx = conn.transaction()?;
    for f in 1..=FOLDERS {
        tx.execute(
            "INSERT INTO folders(id, name, created_at) VALUES (?1, ?2, 0)",
            params![f, format!("Folder {f:04}")],
        )?;
    }
    {
        let mut insert = tx.prepare(
            "INSERT INTO conversations(title, model, created_at, updated_at, folder_id, pinned)
             VALUES (?1, 'gpt-4o-mini', ?2, ?2, ?3, ?4)",
        )?;
        for i in 0..CHATS {
            let folder = (i % 5 != 0).then_some(i % FOLDERS + 1);
            let pinned = i % 1_000 == 7;
            insert.execute(params![format!("Chat number {i}"), i, folder, pinned])?;
        }
    }
    tx.commit()?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(dir) = args
        .iter()
        .position(|a| a == "--seed")
        .and_then(|i| args.get(i + 1))
    {
        std::fs::create_dir_all(dir)?;
        seed(&std::path::Path::new(dir).join("comet-desk.sqlite3"))?;
        return Ok(());
    }
    let dir = std::env::temp_dir().join(format!("comet-sidebar-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("bench.sqlite3");
    seed(&path)?;
    let store = Store::open(&path)?;
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        let sidebar = store.sidebar()?;
        let json = serde_json::to_string(&sidebar)?;
        times.push(started.elapsed());
        assert_eq!(sidebar.folders.len() as i64, FOLDERS);
        assert!(!json.is_empty());
    }
    times.sort();
    let median = times[RUNS / 2].as_secs_f64() * 1000.0;
    println!("sidebar_100k_rust_ms {median:.1}");
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
