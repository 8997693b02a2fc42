//! The key must not land in the database, its WAL, a log line or an error
//! text, whatever happens during a chat. Scans the bytes.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use support::*;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn the_key_is_never_written_anywhere() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let h = harness().await;
    let mut texts = Vec::new();
    for prompt in [
        "hello",
        "[[fault:400-echo]]",
        "[[fault:401]]",
        "[[fault:drop:2]] x",
        "[[fault:error200]]",
        "[[fault:midstream-error:1]]",
    ] {
        let (_, events) = h.send(prompt).await;
        texts.extend(events.iter().map(|e| format!("{e:?}")));
    }
    let echoed = texts
        .iter()
        .find(|t| t.contains("bad request for"))
        .expect("the echo fault ran");
    assert!(echoed.contains("sk-***"), "{echoed}");

    let db = h.store.path().to_owned();
    let mut wal = db.clone().into_os_string();
    wal.push("-wal");
    let mut scanned = 0;
    for file in [db.clone(), wal.into()] {
        if let Ok(bytes) = std::fs::read(&file) {
            scanned += bytes.len();
            assert!(!contains(&bytes, KEY), "key found in {}", file.display());
        }
    }
    let log_bytes = logs.0.lock().unwrap().clone();
    assert!(!contains(&log_bytes, KEY), "key found in the logs");
    for text in &texts {
        assert!(!text.contains(KEY), "key found in an event: {text}");
    }
    assert!(scanned > 0);
    println!(
        "scanned {scanned} bytes of database, {} bytes of logs, {} events",
        log_bytes.len(),
        texts.len()
    );
    assert!(
        texts.iter().any(|t| t.starts_with("Done")),
        "the plain chat succeeded"
    );
}
