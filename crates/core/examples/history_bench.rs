//! `make bench` figure: opening a chat of 10,000 messages, on the Rust side
//! (the page of the newest 100 the UI asks for). With `--seed DIR` it also
//! leaves `DIR/comet-desk.sqlite3` holding that chat, for the window bench.

use comet_core::store::Store;
use rusqlite::params;
use std::time::{Duration, Instant};

const MESSAGES: i64 = 10_000;
const RUNS: usize = 200;

/// About 120 words of Markdown, a code block every tenth answer.
fn content(i: i64) -> String {
    if i % 2 == 0 {
        return format!(
            "Question {i}: how would you handle case {} in the parser?",
            i / 2
        );
    }
    let mut text = format!("## Answer {i}\n\nHere is a **careful** reply with a list:\n\n- first point about item {i}\n- second point\n\n");
    text.push_str(&"Some explanation that runs over a few lines of text. ".repeat(8));
    if i % 20 == 1 {
        text.push_str("\n\n```rust\nfn handle(input: &str) -> Result<(), Error> {\n    parse(input)?;\n    Ok(())\n}\n```\n");
    }
    text
}

fn seed(path: &std::path::Path) -> Result<i64, Box<dyn std::error::Error>> {
    drop(Store::open(path)?);
    let mut conn = rusqlite::Connection::open(path)?;
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO conversations(title, model, created_at, updated_at) VALUES ('Ten thousand messages', 'gpt-4o-mini', 0, 1)",
        [],
    )?;
    let conversation = tx.last_insert_rowid();
    let mut parent: Option<i64> = None;
    for i in 0..MESSAGES {
        let role = if i % 2 == 0 { "user" } else { "assistant" };
        let finish = (role == "assistant").then_some("stop");
        tx.execute(
            "INSERT INTO messages(conversation_id, parent_id, role, content, model, finish_reason, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'gpt-4o-mini', ?5, ?6, ?6)",
            params![conversation, parent, role, content(i), finish, i],
        )?;
        parent = Some(tx.last_insert_rowid());
    }
    tx.execute(
        "UPDATE conversations SET leaf_id = ?1 WHERE id = ?2",
        params![parent, conversation],
    )?;
    tx.commit()?;
    Ok(conversation)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
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
    let dir = std::env::temp_dir().join(format!("comet-history-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("bench.sqlite3");
    let conversation = seed(&path)?;
    let store = Store::open(&path)?;
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        let page = store.message_page(conversation, None, 100)?;
        times.push(started.elapsed());
        assert_eq!(page.messages.len(), 100);
    }
    times.sort();
    let started = Instant::now();
    let all = store.list_messages(conversation)?;
    let whole = started.elapsed();
    println!("history_messages {}", all.len());
    println!("history_page_p50_ms {:.2}", percentile(&times, 0.5));
    println!("history_page_p95_ms {:.2}", percentile(&times, 0.95));
    println!("history_whole_path_ms {:.1}", whole.as_secs_f64() * 1000.0);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
