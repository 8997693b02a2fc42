//! Documents in chat (#17) against fake-comet: a file's text reaches the
//! model before the question, is kept once, stays with its question on
//! regenerate and edit, and a chat whose documents could not fit the
//! model is refused before anything is written or paid for.

mod support;

use comet_core::chat::Turn;
use comet_core::documents::DocumentKind;
use comet_core::ErrorCode;
use support::*;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents")
        .join(name)
}

fn ask(text: &str, documents: Vec<i64>) -> Turn {
    Turn::Ask {
        content: text.into(),
        attachments: Vec::new(),
        documents,
    }
}

#[tokio::test]
async fn a_word_file_goes_before_its_question_and_stays_with_it() {
    let h = harness().await;
    let doc = h
        .chat
        .attach_document_file(fixture("report.docx"))
        .await
        .unwrap();
    assert_eq!(
        (doc.name.as_str(), doc.kind),
        ("report.docx", DocumentKind::Word)
    );
    assert!(doc.tokens > 5 && doc.tokens < 40, "{}", doc.tokens);

    let c = h.chat.create_conversation("gpt-4o").unwrap();
    h.chat
        .answer(
            c.id,
            &ask("What rose?", vec![doc.id]),
            "gpt-4o",
            &mut |_| {},
        )
        .await
        .unwrap();
    let sent = h.last_answer_request();
    let question = sent["messages"][0]["content"].as_str().unwrap();
    assert_eq!(
        question,
        "<document name=\"report.docx\">\nQuarterly report\nRevenue rose 12% & costs fell.\nName\tAda\n</document>\n\nWhat rose?"
    );

    let shown = h.store.list_messages(c.id).unwrap();
    assert_eq!(
        shown[0].content, "What rose?",
        "the chat shows the question alone"
    );
    assert_eq!(shown[0].documents, std::slice::from_ref(&doc));
    assert!(
        shown[1].content.contains("Revenue rose 12%"),
        "the echo read it"
    );

    // A follow-up carries the document again as part of the history.
    h.chat
        .answer(c.id, &ask("And costs?", vec![]), "gpt-4o", &mut |_| {})
        .await
        .unwrap();
    let sent = h.last_answer_request();
    assert!(sent["messages"][0]["content"]
        .as_str()
        .unwrap()
        .starts_with("<document name=\"report.docx\">"));
    assert_eq!(sent["messages"][2]["content"], "And costs?");

    // An edit keeps the question's documents.
    h.chat
        .answer(
            c.id,
            &Turn::Edit {
                message_id: shown[0].id,
                content: "Who is named?".into(),
            },
            "gpt-4o",
            &mut |_| {},
        )
        .await
        .unwrap();
    let sent = h.last_answer_request();
    let question = sent["messages"][0]["content"].as_str().unwrap();
    assert!(question.contains("Name\tAda") && question.ends_with("Who is named?"));
    assert_eq!(h.chat.document_text(doc.id).unwrap().lines().count(), 3);
}

#[tokio::test]
async fn the_same_file_twice_is_one_kept_text_and_an_empty_one_is_refused() {
    let h = harness().await;
    let first = h
        .chat
        .attach_document_file(fixture("notes.odt"))
        .await
        .unwrap();
    let bytes = std::fs::read(fixture("notes.odt")).unwrap();
    let again = h
        .chat
        .attach_document("notes.odt".into(), bytes.clone())
        .await
        .unwrap();
    assert_eq!(first, again);
    let renamed = h
        .chat
        .attach_document("copy.odt".into(), bytes.clone())
        .await
        .unwrap();
    assert_ne!(first.id, renamed.id, "a chip shows the name it was given");

    let err = h
        .chat
        .attach_document("blank.txt".into(), b"  \n\n ".to_vec())
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.contains("blank.txt has no text"),
        "{}",
        err.message
    );
    let err = h
        .chat
        .attach_document("what.bin".into(), b"\x00\x01\x02".to_vec())
        .await
        .unwrap_err();
    assert!(!err.message.is_empty());
}

#[tokio::test]
async fn documents_too_large_for_the_model_are_refused_before_anything_is_written() {
    let h = harness().await;
    // About 20k tokens: past half of gpt-4's 8k window, inside gpt-4o's.
    let long: String = (0..10_000).map(|i| format!("word{i} ")).collect();
    let doc = h
        .chat
        .attach_document("long.txt".into(), long.into_bytes())
        .await
        .unwrap();
    assert!(doc.tokens > 8_000, "{}", doc.tokens);

    let c = h.chat.create_conversation("gpt-4").unwrap();
    let before = h.server.requests().len();
    let err = h
        .chat
        .answer(c.id, &ask("Summarise", vec![doc.id]), "gpt-4", &mut |_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::TooLarge);
    assert!(err.message.contains("long.txt"), "{}", err.message);
    assert!(h.store.list_messages(c.id).unwrap().is_empty());
    assert_eq!(h.server.requests().len(), before, "nothing was sent");

    // The same question to a model with room goes through.
    h.chat
        .answer(c.id, &ask("Summarise", vec![doc.id]), "gpt-4o", &mut |_| {})
        .await
        .unwrap();
    assert_eq!(h.store.list_messages(c.id).unwrap().len(), 2);

    // An unknown id is refused the same way: nothing written.
    let c2 = h.chat.create_conversation("gpt-4o").unwrap();
    let err = h
        .chat
        .answer(c2.id, &ask("Hm", vec![9_999]), "gpt-4o", &mut |_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(h.store.list_messages(c2.id).unwrap().is_empty());
}

#[tokio::test]
async fn documents_no_question_carries_are_forgotten_and_carried_ones_kept() {
    let h = harness().await;
    let sent = h
        .chat
        .attach_document_file(fixture("report.docx"))
        .await
        .unwrap();
    let unsent = h
        .chat
        .attach_document_file(fixture("plan.ods"))
        .await
        .unwrap();
    let c = h.chat.create_conversation("gpt-4o").unwrap();
    h.chat
        .answer(c.id, &ask("Read", vec![sent.id]), "gpt-4o", &mut |_| {})
        .await
        .unwrap();
    assert_eq!(h.store.forget_unused_documents(0).unwrap(), 1);
    assert!(h.store.document(unsent.id).is_err());
    assert!(h.store.document(sent.id).is_ok());

    h.store.delete_conversation(c.id).unwrap();
    assert_eq!(h.store.forget_unused_documents(0).unwrap(), 1);
    assert!(h.store.document(sent.id).is_err());
}

#[tokio::test]
async fn a_chat_with_a_document_exports_and_imports_with_its_text() {
    use comet_core::chat::{ExportFormat, ExportScope};
    let h = harness().await;
    let doc = h
        .chat
        .attach_document_file(fixture("deck.pptx"))
        .await
        .unwrap();
    let c = h.chat.create_conversation("gpt-4o").unwrap();
    h.chat
        .answer(c.id, &ask("Slides?", vec![doc.id]), "gpt-4o", &mut |_| {})
        .await
        .unwrap();
    let path = h.dir.path().join("backup.json");
    h.chat
        .export_to(&path, &ExportScope::Chats(vec![c.id]), ExportFormat::Json)
        .unwrap();

    let other = harness().await;
    other.chat.import_from(&path).unwrap();
    other.chat.import_from(&path).unwrap();
    let chats = other.chat.list_conversations().unwrap();
    let first = &other.store.list_messages(chats[0].id).unwrap()[0];
    let second = &other.store.list_messages(chats[1].id).unwrap()[0];
    let got = &first.documents[0];
    assert_eq!(
        (got.name.as_str(), got.kind, got.parts, got.tokens),
        ("deck.pptx", doc.kind, doc.parts, doc.tokens)
    );
    assert_eq!(second.documents[0].id, got.id, "imported twice, kept once");
    assert_eq!(
        other.chat.document_text(got.id).unwrap(),
        h.chat.document_text(doc.id).unwrap()
    );

    // The imported chat goes on about the document.
    other
        .chat
        .answer(chats[0].id, &ask("More?", vec![]), "gpt-4o", &mut |_| {})
        .await
        .unwrap();
    let sent = other.last_answer_request();
    assert!(sent["messages"][0]["content"]
        .as_str()
        .unwrap()
        .starts_with("<document name=\"deck.pptx\">"));
}

#[tokio::test]
async fn markdown_names_the_documents_a_question_carried() {
    use comet_core::chat::{ExportFormat, ExportScope};
    let h = harness().await;
    let doc = h
        .chat
        .attach_document_file(fixture("budget.xlsx"))
        .await
        .unwrap();
    let c = h.chat.create_conversation("gpt-4o").unwrap();
    h.chat
        .answer(c.id, &ask("Totals?", vec![doc.id]), "gpt-4o", &mut |_| {})
        .await
        .unwrap();
    let path = h.dir.path().join("chat.md");
    h.chat
        .export_to(
            &path,
            &ExportScope::Chats(vec![c.id]),
            ExportFormat::Markdown,
        )
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("> Attached: budget.xlsx\n\nTotals?"),
        "{text}"
    );
}
