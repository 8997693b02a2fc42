//! Reading documents' text (#17) from the fixtures `scripts/make-document-fixtures.py`
//! writes: each format, and each bad file ending in a message, not a crash.

use comet_core::documents::{extract, extract_file, kind_of, DocumentKind, Limits};
use comet_core::ErrorCode;
use std::path::PathBuf;
use std::time::Duration;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents")
        .join(name)
}

fn read(name: &str) -> comet_core::documents::Extracted {
    extract_file(&fixture(name), Limits::default()).unwrap()
}

fn refusal(name: &str, limits: Limits) -> String {
    let err = extract_file(&fixture(name), limits).unwrap_err();
    assert_ne!(err.message, "", "{name}");
    err.message
}

#[test]
fn word_slides_and_sheets_read_as_a_person_sees_them() {
    let word = read("report.docx");
    assert_eq!(word.kind, DocumentKind::Word);
    assert_eq!(
        word.text,
        "Quarterly report\nRevenue rose 12% & costs fell.\nName\tAda"
    );

    let deck = read("deck.pptx");
    assert_eq!((deck.kind, deck.parts), (DocumentKind::Slides, 3));
    assert_eq!(
        deck.text,
        "## Slide 1\nWelcome\n\n## Slide 2\nPlan\n\n## Slide 3\nQuestions"
    );

    // The workbook's order and names, whatever its parts are called.
    let book = read("budget.xlsx");
    assert_eq!((book.kind, book.parts), (DocumentKind::Sheet, 2));
    assert_eq!(
        book.text,
        "## Costs\nItem\tCost\nRent (May)\t1200.5\tTRUE\n\n## Staff\nAda\tEngineer"
    );

    assert_eq!(read("notes.odt").text, "Notes\nOne two");
    // 16,000 repeated empty cells stay one.
    let plan = read("plan.ods");
    assert_eq!(plan.parts, 1);
    assert_eq!(plan.text, "## Plan\nWeek\tTask\n1\tDraft and review");

    // A book in its spine's order, the cover (no text) left out.
    let novel = read("novel.epub");
    assert_eq!((novel.kind, novel.parts), (DocumentKind::Book, 2));
    assert!(novel.text.starts_with("## Chapter 1\n"), "{}", novel.text);
    let harbour = novel
        .text
        .find("Ships came in at dawn & left at dusk.")
        .expect("chapter one");
    let lighthouse = novel
        .text
        .find("Its keeper painted it red.")
        .expect("chapter two");
    assert!(harbour < lighthouse, "{}", novel.text);
    assert!(novel.text.contains("## Chapter 2\n"));
    assert!(refusal("protected.epub", Limits::default()).contains("protected (DRM)"));
}

#[test]
fn text_in_a_legacy_encoding_and_html_by_name() {
    assert_eq!(
        read("legacy-1252.txt").text,
        "Le café déjà vu: une façade naïve, l'été à Noël.\n"
    );
    let page = extract(
        "page.html",
        b"<p>Hello&nbsp;<b>there</b></p><script>x()</script>",
        Limits::default(),
    )
    .unwrap();
    assert_eq!(
        (page.kind, page.text.as_str()),
        (DocumentKind::Html, "Hello there")
    );
    assert_eq!(kind_of("main.RS"), Some(DocumentKind::Text));
    assert_eq!(kind_of("photo.png"), None);
}

#[test]
fn a_zip_bomb_stops_at_the_unpacking_limit() {
    let limits = Limits {
        max_unpacked_bytes: 16 * 1024 * 1024,
        ..Limits::default()
    };
    let message = refusal("bomb.docx", limits);
    assert!(message.contains("unpacks to far more"), "{message}");
}

#[test]
fn entities_damage_passwords_and_the_wrong_kind_are_said_plainly() {
    let limits = Limits::default();
    assert!(refusal("entities.docx", limits).contains("entities"));
    assert!(refusal("truncated.docx", limits).contains("damaged"));
    assert!(refusal("protected.docx", limits).contains("password"));
    let err = extract("notes.docx", b"just some text", limits).unwrap_err();
    assert!(err.message.contains("not a zip archive"), "{}", err.message);
    let err = extract("song.mp3", b"ID3", limits).unwrap_err();
    assert!(
        err.message.contains("cannot be read as a document"),
        "{}",
        err.message
    );
}

#[test]
fn a_200_mb_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let err = extract_file(&path, Limits::default()).unwrap_err();
    assert_eq!(err.code, ErrorCode::TooLarge);
    assert_eq!(
        err.message,
        "huge.txt is 200 MB; documents up to 100 MB can be read."
    );
}

#[test]
fn reading_past_the_time_limit_stops() {
    let limits = Limits {
        max_time: Duration::ZERO,
        ..Limits::default()
    };
    std::thread::sleep(Duration::from_millis(2));
    assert!(refusal("report.docx", limits).contains("took longer"));
}

#[test]
fn every_extension_the_file_dialog_offers_is_read() {
    for ext in comet_core::documents::extensions() {
        assert!(
            comet_core::documents::kind_of(&format!("file.{ext}")).is_some(),
            "{ext}"
        );
    }
}
