//! The app's binary as its own document reader (main.rs, #17): started with
//! `--read-document` it reads one file in a child process and answers, with
//! the same text and the same refusals as reading in-process.

use comet_core::documents::{extract, DocumentKind, Limits, Reader};
use std::path::PathBuf;

fn fixture(name: &str) -> (String, Vec<u8>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("crates/core/tests/fixtures/documents")
        .join(name);
    (name.to_owned(), std::fs::read(path).unwrap())
}

fn app() -> Reader {
    Reader::Child(PathBuf::from(env!("CARGO_BIN_EXE_comet-desk")))
}

#[test]
fn the_app_binary_reads_documents_as_the_library_does() {
    for file in ["report.pdf", "report.docx", "deck.pptx", "legacy-1252.txt"] {
        let (name, bytes) = fixture(file);
        let child = app().extract(&name, &bytes, Limits::default()).unwrap();
        let here = extract(&name, &bytes, Limits::default()).unwrap();
        assert_eq!(child, here, "{file}");
    }
    let (name, bytes) = fixture("report.pdf");
    let pdf = app().extract(&name, &bytes, Limits::default()).unwrap();
    assert_eq!((pdf.kind, pdf.parts), (DocumentKind::Pdf, 3));
}

#[test]
fn the_app_binary_refuses_bad_files_with_the_same_words() {
    for file in ["protected.pdf", "scanned.pdf", "bomb.docx", "entities.docx"] {
        let (name, bytes) = fixture(file);
        let child = app().extract(&name, &bytes, Limits::default()).unwrap_err();
        let here = extract(&name, &bytes, Limits::default()).unwrap_err();
        assert_eq!(
            (child.code, &child.message),
            (here.code, &here.message),
            "{file}"
        );
    }
}
