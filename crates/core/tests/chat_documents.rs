//! Documents in chat (#17) against fake-comet: a file's text reaches the
//! model before the question, is kept once, stays with its question on
//! regenerate and edit, and documents too large for the model go as the
//! passages nearest the question, which the answer keeps as its sources.

mod support;

use comet_core::chat::{ChatEvent, Turn};
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

/// About 9k tokens of routine paragraphs and one that answers: past half
/// of gpt-4's 8k window, inside gpt-4o's.
fn long_report(answer: &str) -> String {
    let mut text = String::new();
    for i in 0..400 {
        text.push_str(&format!(
            "Paragraph {i} covers routine office matters, meetings and schedules.\n\n"
        ));
        if i == 271 {
            text.push_str(answer);
            text.push_str("\n\n");
        }
    }
    text
}

#[tokio::test]
async fn documents_too_large_for_the_model_go_as_the_passages_that_answer_and_become_sources() {
    let h = harness().await;
    let answer = "The old lighthouse keeper painted the tower red in 1921.";
    let doc = h
        .chat
        .attach_document("long.txt".into(), long_report(answer).into_bytes())
        .await
        .unwrap();
    assert!(doc.tokens > 4_096, "{}", doc.tokens);

    let c = h.chat.create_conversation("gpt-4").unwrap();
    let mut events = Vec::new();
    h.chat
        .answer(
            c.id,
            &ask("Who painted the lighthouse tower?", vec![doc.id]),
            "gpt-4",
            &mut |e| events.push(e),
        )
        .await
        .unwrap();

    // Reading came first and reached the end, then the answer started.
    let reading: Vec<(u32, u32)> = events
        .iter()
        .filter_map(|e| match e {
            ChatEvent::Reading { done, total } => Some((*done, *total)),
            _ => None,
        })
        .collect();
    let (done, total) = *reading.last().expect("reading events");
    assert!(total > 10 && done == total, "{reading:?}");
    assert!(matches!(
        events
            .iter()
            .find(|e| !matches!(e, ChatEvent::Reading { .. })),
        Some(ChatEvent::Started { .. })
    ));

    // The model read the answering passage first, not the whole file.
    let sent = h.last_answer_request();
    let question = sent["messages"][0]["content"].as_str().unwrap();
    assert!(
        question.starts_with("<document name=\"long.txt\">\n") && question.contains(answer),
        "{question}"
    );
    assert!(question.ends_with("</document>\n\nWho painted the lighthouse tower?"));
    let blocks = question.matches("<document ").count();
    assert!((1..=6).contains(&blocks), "{blocks} passages");
    assert!(question.len() < 6 * 1700, "{} bytes", question.len());

    // The answer keeps what it was given; the question keeps its document.
    let shown = h.store.list_messages(c.id).unwrap();
    assert_eq!(shown[0].documents[0].id, doc.id);
    let sources = &shown[1].sources;
    assert_eq!(sources.len(), blocks);
    assert!(sources[0].text.contains(answer), "{:?}", sources[0]);
    assert_eq!(sources[0].name, "long.txt");
    let exported = h.store.export_conversation(c.id).unwrap();
    let imported = h.store.import_conversation(&exported).unwrap();
    let back = h.store.all_messages(imported).unwrap();
    assert_eq!(&back[1].sources, sources, "sources travel in the export");

    // Asked again: the same passages, no passage embedded twice.
    let embedded = h.server.embedded().len();
    h.chat
        .answer(
            c.id,
            &Turn::Regenerate {
                answer_id: shown[1].id,
            },
            "gpt-4",
            &mut |_| {},
        )
        .await
        .unwrap();
    let again = h.last_answer_request();
    assert_eq!(again["messages"][0]["content"].as_str().unwrap(), question);
    assert_eq!(h.server.embedded().len(), embedded + 1, "only the question");

    // Each embedding call is in Usage.
    let usage = h.store.usage_summary("2000-01-01", "2999-12-31").unwrap();
    let embedding = usage.by_kind.iter().find(|k| k.name == "embedding");
    assert!(
        embedding.is_some_and(|k| k.totals.calls >= 3),
        "{:?}",
        usage.by_kind
    );

    // A model with room gets the whole text.
    h.chat
        .answer(
            c.id,
            &ask("And who else?", vec![doc.id]),
            "gpt-4o",
            &mut |_| {},
        )
        .await
        .unwrap();
    let whole = h.last_answer_request();
    let last = whole["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert!(last["content"].as_str().unwrap().contains("Paragraph 399"));
}

#[tokio::test]
async fn a_failed_reading_writes_nothing_and_unknown_documents_are_refused() {
    let h = harness().await;
    // The gateway refuses the embedding batch holding this passage.
    let doc = h
        .chat
        .attach_document(
            "refused.txt".into(),
            long_report("[[fault:413]]").into_bytes(),
        )
        .await
        .unwrap();
    let c = h.chat.create_conversation("gpt-4").unwrap();
    let err = h
        .chat
        .answer(c.id, &ask("Summarise", vec![doc.id]), "gpt-4", &mut |_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::TooLarge);
    assert!(!err.message.contains(KEY), "{}", err.message);
    assert!(h.store.list_messages(c.id).unwrap().is_empty());
    assert!(
        h.server
            .requests()
            .iter()
            .all(|r| r.get("messages").is_none()),
        "no question was sent"
    );

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
