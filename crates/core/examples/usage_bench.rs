//! `make bench` figure: the Usage view's query over 1,000,000 recorded
//! calls spread over a year (the rollups answer it, not the call log).
//! With `--seed DIR` it only leaves `DIR/comet-desk.sqlite3` holding those
//! calls, for the window bench (`e2e/bench-usage.mjs`).

use comet_core::store::Store;
use rusqlite::params;
use std::time::{Duration, Instant};

const CALLS: i64 = 1_000_000;
const MODELS: [&str; 8] = [
    "gpt-4o-mini",
    "gpt-4o",
    "o3-pro",
    "claude-sonnet-4-5",
    "deepseek-chat",
    "gpt-5",
    "gemini-2.5-pro",
    "dall-e-3",
];

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

/// A million calls over the year before now, eight models in turn.
fn seed(path: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    drop(Store::open(path)?);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_millis() as i64;
    let year_ms = 365 * 86_400_000i64;
    let mut conn = rusqlite::Connection::open(path)?;
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO api_calls(model, endpoint, kind, status, attempts, latency_ms, prompt_tokens,
                completion_tokens, cost_usd, estimated, created_at)
             VALUES (?1, '/v1/chat/completions', 'chat', 200, 1, 900, 120, 300, 0.0004, 0, ?2)",
        )?;
        for i in 0..CALLS {
            insert.execute(params![
                MODELS[(i % 8) as usize],
                now - (i * 31_536) % year_ms
            ])?;
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
        return seed(&std::path::Path::new(dir).join("comet-desk.sqlite3"));
    }
    let dir = std::env::temp_dir().join(format!("comet-usage-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("bench.sqlite3");
    seed(&path)?;
    let store = Store::open(&path)?;
    let mut times = Vec::new();
    for _ in 0..50 {
        let started = Instant::now();
        let report = store.usage_summary("2026-01-01", "2026-12-31")?;
        times.push(started.elapsed());
        assert!(report.totals.calls > 0);
    }
    times.sort();
    let started = Instant::now();
    let month = store.usage_summary("2026-10-01", "2026-10-31")?;
    println!("usage_calls {CALLS}");
    println!("usage_year_p50_ms {:.2}", percentile(&times, 0.5));
    println!("usage_year_p95_ms {:.2}", percentile(&times, 0.95));
    println!(
        "usage_month_ms {:.2} ({} calls)",
        started.elapsed().as_secs_f64() * 1000.0,
        month.totals.calls
    );
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
