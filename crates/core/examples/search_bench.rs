//! `make bench` figure: full-text search over 100,000 stored messages.
//! Builds a database of generated chats, then times searches for words
//! that occur in it and prints the 50th and 95th percentiles.

use comet_core::store::Store;
use rusqlite::params;
use std::time::{Duration, Instant};

const MESSAGES: usize = 100_000;
const PER_CONVERSATION: usize = 100;
const QUERIES: usize = 300;

/// A small deterministic generator, so every run searches the same data.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn word(n: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mi", "ren", "tu", "sha", "vo", "pel", "dri", "an", "qui", "zen", "or", "bex",
        "ul", "fa",
    ];
    format!(
        "{}{}{}",
        SYLLABLES[n % 16],
        SYLLABLES[(n / 16) % 16],
        SYLLABLES[(n / 256) % 16]
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("comet-search-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("bench.sqlite3");
    drop(Store::open(&path)?);

    let started = Instant::now();
    let mut rng = Lcg(42);
    let mut conn = rusqlite::Connection::open(&path)?;
    let tx = conn.transaction()?;
    for c in 0..MESSAGES / PER_CONVERSATION {
        tx.execute("INSERT INTO conversations(id, title, model, created_at, updated_at) VALUES (?1, ?2, 'm', 0, 0)", params![c as i64 + 1, format!("chat {c}")])?;
        for m in 0..PER_CONVERSATION {
            let words: Vec<String> = (0..40).map(|_| word(rng.next() % 4096)).collect();
            let role = if m % 2 == 0 { "user" } else { "assistant" };
            tx.execute(
                "INSERT INTO messages(conversation_id, role, content, created_at, updated_at) VALUES (?1, ?2, ?3, 0, 0)",
                params![c as i64 + 1, role, words.join(" ")],
            )?;
        }
    }
    tx.commit()?;
    drop(conn);
    let built = started.elapsed();

    let store = Store::open(&path)?;
    let mut times: Vec<Duration> = Vec::with_capacity(QUERIES);
    let mut found = 0;
    for _ in 0..QUERIES {
        let query = word(rng.next() % 4096);
        let start = Instant::now();
        found += store.search(&query, 50)?.len();
        times.push(start.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("search_messages {MESSAGES}");
    println!("search_build_s {:.1}", built.as_secs_f64());
    println!("search_p50_ms {:.2}", ms(times[QUERIES / 2]));
    println!("search_p95_ms {:.2}", ms(times[QUERIES * 95 / 100]));
    println!("search_hits_avg {}", found / QUERIES);
    drop(store);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
