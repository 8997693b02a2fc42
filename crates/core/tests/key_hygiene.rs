//! The key must not land in the database, its WAL, a log line or an error
//! text, whatever happens during a chat. Scans the bytes.

mod support;

use comet_core::chat::{ExportFormat, ExportScope};
use comet_core::gallery_export::export_images;
use comet_core::usage::Usage;
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
    // Global, not per thread: answers are read on the client's own thread.
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");

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

    // An image generated, then everything the user can export.
    let mut image_events = Vec::new();
    studio(&h)
        .generate(
            &image_request("a key-free lighthouse", "gpt-image-1", 1),
            &mut |e| image_events.push(format!("{e:?}")),
        )
        .await
        .expect("accepted");
    texts.extend(image_events);
    let out = tempfile::tempdir().unwrap();
    h.chat
        .export_to(
            &out.path().join("chats.json"),
            &ExportScope::All,
            ExportFormat::Json,
        )
        .unwrap();
    h.chat
        .export_to(
            &out.path().join("chats.md"),
            &ExportScope::All,
            ExportFormat::Markdown,
        )
        .unwrap();
    Usage::new(h.store.clone())
        .export_csv(&out.path().join("calls.csv"), "2000-01-01", "2100-01-01")
        .unwrap();
    let ids: Vec<i64> = h
        .store
        .list_images(&words(""), None, 100)
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    export_images(&h.store, &h.attachments, &ids, &out.path().join("images")).unwrap();
    let mut exported = Vec::new();
    for dir in [out.path().to_owned(), out.path().join("images")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                exported.push(path);
            }
        }
    }
    assert!(
        exported.len() >= 5,
        "chats, calls, an image and its sidecar: {exported:?}"
    );

    let db = h.store.path().to_owned();
    let mut wal = db.clone().into_os_string();
    wal.push("-wal");
    let mut scanned = 0;
    for file in [db.clone(), wal.into()].into_iter().chain(exported.clone()) {
        if let Ok(bytes) = std::fs::read(&file) {
            scanned += bytes.len();
            assert!(!contains(&bytes, KEY), "key found in {}", file.display());
        }
    }
    let log_bytes = logs.0.lock().unwrap().clone();
    assert!(!log_bytes.is_empty(), "the logs were captured");
    assert!(!contains(&log_bytes, KEY), "key found in the logs");
    for text in &texts {
        assert!(!text.contains(KEY), "key found in an event: {text}");
    }
    assert!(scanned > 0);
    println!(
        "scanned {scanned} bytes of database and {} exported files, {} bytes of logs, {} events",
        exported.len(),
        log_bytes.len(),
        texts.len()
    );
    assert!(
        texts.iter().any(|t| t.starts_with("Done")),
        "the plain chat succeeded"
    );
}
