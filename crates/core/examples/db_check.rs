//! For the crash suite: opens a copy of a profile's database as a killed
//! app left it (with its WAL, so SQLite recovers in the copy and the
//! original is left for the app to reopen), and prints JSON: `PRAGMA integrity_check`'s answer,
//! and each question with its answers (text length and finish reason).

use rusqlite::Connection;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: db_check <database>")?;
    let copy = tempfile::tempdir()?;
    let name = Path::new(&path).file_name().ok_or("a file path")?;
    for suffix in ["", "-wal", "-shm"] {
        let from = format!("{path}{suffix}");
        if Path::new(&from).exists() {
            std::fs::copy(
                &from,
                copy.path()
                    .join(format!("{}{suffix}", name.to_string_lossy())),
            )?;
        }
    }
    let conn = Connection::open(copy.path().join(name))?;
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    let mut stmt = conn.prepare(
        "SELECT q.content, a.id, length(a.content), a.finish_reason
         FROM messages q LEFT JOIN messages a ON a.parent_id = q.id AND a.role = 'assistant'
         WHERE q.role = 'user' ORDER BY q.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(serde_json::json!({
            "question": r.get::<_, String>(0)?,
            "answer_id": r.get::<_, Option<i64>>(1)?,
            "answer_chars": r.get::<_, Option<i64>>(2)?,
            "finish": r.get::<_, Option<String>>(3)?,
        }))
    })?;
    let messages = rows.collect::<Result<Vec<_>, _>>()?;
    println!(
        "{}",
        serde_json::json!({ "integrity": integrity, "messages": messages })
    );
    Ok(())
}
