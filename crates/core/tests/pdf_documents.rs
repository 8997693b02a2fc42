//! PDFs (#17) from the fixtures `scripts/make-pdf-fixtures.py` writes: text
//! page by page, and a scan, a password, a damaged file each said plainly;
//! and the child-process reader: a reader that crashes, hangs or answers
//! nonsense ends in a message, never takes the caller with it.

#![cfg(unix)]

use comet_core::documents::{extract_file, DocumentKind, Limits, Reader};
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents")
        .join(name)
}

fn refusal(name: &str) -> String {
    extract_file(&fixture(name), Limits::default())
        .unwrap_err()
        .message
}

#[test]
fn a_pdf_reads_page_by_page_with_each_page_headed() {
    let pdf = extract_file(&fixture("report.pdf"), Limits::default()).unwrap();
    assert_eq!((pdf.kind, pdf.parts), (DocumentKind::Pdf, 3));
    assert_eq!(
        pdf.text,
        "## Page 1\nQuarterly report\nRevenue rose 12% & costs fell.\n\n\
         ## Page 2\nOutlook\nThe café opens in (late) spring.\n\n\
         ## Page 3\nAppendix\nFigures are in euros."
    );
}

#[test]
fn a_scan_a_password_and_a_damaged_pdf_are_said_plainly() {
    let scan = refusal("scanned.pdf");
    assert!(
        scan.contains("scanned.pdf") && scan.contains("scanned pictures"),
        "{scan}"
    );
    let locked = refusal("protected.pdf");
    assert!(locked.contains("password"), "{locked}");
    let broken = refusal("broken.pdf");
    assert!(broken.contains("damaged"), "{broken}");
}

/// A stand-in for the app's binary that misbehaves as `body` says.
fn reader_script(dir: &tempfile::TempDir, body: &str) -> Reader {
    let path = dir.path().join("reader.sh");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    Reader::Child(path)
}

#[test]
fn a_reader_that_crashes_hangs_or_babbles_ends_in_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(fixture("report.pdf")).unwrap();

    let crash = reader_script(&dir, "cat > /dev/null; kill -SEGV $$");
    let err = crash
        .extract("report.pdf", &bytes, Limits::default())
        .unwrap_err();
    assert!(
        err.message.contains("report.pdf could not be read"),
        "{}",
        err.message
    );

    let babble = reader_script(&dir, "cat > /dev/null; echo '{\"nonsense\": 1}'");
    let err = babble
        .extract("report.pdf", &bytes, Limits::default())
        .unwrap_err();
    assert!(err.message.contains("could not be read"), "{}", err.message);

    let hang = reader_script(&dir, "exec sleep 60");
    let limits = Limits {
        max_time: Duration::from_millis(200),
        ..Limits::default()
    };
    let started = Instant::now();
    let err = hang.extract("report.pdf", &bytes, limits).unwrap_err();
    assert!(err.message.contains("took longer"), "{}", err.message);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );

    let missing = Reader::Child(dir.path().join("no-such-reader"));
    let err = missing
        .extract("report.pdf", &bytes, Limits::default())
        .unwrap_err();
    assert!(!err.message.is_empty());
}
