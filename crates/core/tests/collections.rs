//! Collections (#17) against fake-comet: a folder read with progress, read
//! again for nothing when unchanged, only what changed when it changes, a
//! removed file gone from the index, a pause that keeps what was embedded,
//! and a chat that searches its collection with every question.

mod support;

use comet_core::chat::ChatEvent;
use comet_core::client::SharedClient;
use comet_core::collections::{CollectionProgress, Collections};
use comet_core::documents::Reader;
use comet_core::secret::{normalize_key, FixedKey};
use std::path::Path;
use std::sync::Arc;
use support::*;

fn collections(h: &Harness) -> Collections {
    let client = Arc::new(SharedClient::new(fast_config(h.server.base_url())).unwrap());
    let key = Arc::new(FixedKey(normalize_key(KEY).unwrap()));
    Collections::new(
        h.store.clone(),
        client,
        key,
        h.catalogue.clone(),
        Reader::InProcess,
    )
}

/// Notes of a few paragraphs each, one of them about `topic`.
fn note(topic: &str) -> String {
    format!("Meeting notes.\n\n{topic}\n\nNothing else was decided that day.\n")
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

async fn read(
    c: &Collections,
    id: i64,
) -> (comet_core::store::Collection, Vec<CollectionProgress>) {
    let mut seen = Vec::new();
    let collection = c.read(id, |p| seen.push(p)).await.unwrap();
    (collection, seen)
}

fn files_read(seen: &[CollectionProgress]) -> u32 {
    match seen.first() {
        Some(CollectionProgress::Reading { total, .. }) => *total,
        other => panic!("reading comes first: {other:?}"),
    }
}

#[tokio::test]
async fn a_folder_is_read_with_progress_and_again_only_where_it_changed() {
    let h = harness().await;
    let folder = h.dir.path().join("Handbook");
    write(
        &folder,
        "lighthouse.txt",
        &note("The lighthouse is painted red every spring."),
    );
    write(&folder, "garden.md", &note("The garden gate code is 4711."));
    write(
        &folder,
        "deep/inner/ferry.txt",
        &note("The ferry leaves at nine from pier two."),
    );
    write(&folder, "broken.docx", "not a zip archive at all");
    write(&folder, ".hidden.txt", "never read");
    write(&folder, "picture.png", "not a document");
    let c = collections(&h);
    let created = c.create("Handbook", Some(folder.clone())).unwrap();
    assert_eq!(created.folder_name.as_deref(), Some("Handbook"));

    let (collection, seen) = read(&c, created.id).await;
    assert_eq!(files_read(&seen), 4, "{seen:?}");
    assert!(seen.contains(&CollectionProgress::Reading { done: 4, total: 4 }));
    assert!(
        matches!(seen.last(), Some(CollectionProgress::Embedding { done, total }) if done == total),
        "{seen:?}"
    );
    assert_eq!((collection.files, collection.problems), (4, 1));
    assert!(
        collection.passages >= 3 && collection.embedded == collection.passages,
        "{collection:?}"
    );
    let files = c.files(created.id).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "broken.docx",
            "deep/inner/ferry.txt",
            "garden.md",
            "lighthouse.txt"
        ]
    );
    let broken = &files[0];
    assert!(broken.document.is_none());
    assert!(
        broken.problem.as_deref().unwrap_or("").contains("damaged"),
        "{broken:?}"
    );

    // Unchanged: nothing read, nothing embedded.
    let calls = h.server.embedded().len();
    let (_, seen) = read(&c, created.id).await;
    assert_eq!(files_read(&seen), 0);
    assert_eq!(h.server.embedded().len(), calls, "nothing embedded again");

    // One file changed, one added, one deleted: two read, one gone with its passages.
    let garden = files[2].document.clone().unwrap();
    write(
        &folder,
        "garden.md",
        &note("The garden gate code changed to 9090."),
    );
    write(&folder, "bakery.txt", &note("The bakery opens at six."));
    std::fs::remove_file(folder.join("lighthouse.txt")).unwrap();
    let (collection, seen) = read(&c, created.id).await;
    assert_eq!(files_read(&seen), 2, "{seen:?}");
    assert_eq!(collection.files, 4);
    assert!(
        h.store.document(garden.id).is_err(),
        "the old text is dropped"
    );
    let texts: Vec<String> = h
        .store
        .collection_documents(created.id)
        .unwrap()
        .iter()
        .map(|d| h.store.document_text(*d).unwrap())
        .collect();
    assert!(texts.iter().any(|t| t.contains("9090")));
    assert!(!texts
        .iter()
        .any(|t| t.contains("lighthouse") || t.contains("4711")));

    // Removed by hand: gone from the index.
    let bakery = c
        .files(created.id)
        .unwrap()
        .into_iter()
        .find(|f| f.name == "bakery.txt")
        .unwrap();
    let collection = c.remove_files(created.id, &[bakery.id]).unwrap();
    assert_eq!(collection.files, 3);
    assert!(h.store.document(bakery.document.unwrap().id).is_err());

    // Restart: the collection is still there.
    drop(c);
    let again = collections(&h);
    assert_eq!(again.list().unwrap()[0].files, 3);
}

#[tokio::test]
async fn a_pause_keeps_what_was_embedded_and_going_on_embeds_only_the_rest() {
    let h = harness().await;
    let folder = h.dir.path().join("Big");
    let mut text = String::new();
    for i in 0..2000 {
        text.push_str(&format!(
            "Paragraph {i} of the archive tells of harbour {i} and its ships and cargo.\n\n"
        ));
    }
    write(&folder, "archive.txt", &text);
    let c = collections(&h);
    let id = c.create("Big", Some(folder)).unwrap().id;
    let collection = c
        .read(id, |p| {
            if matches!(p, CollectionProgress::Embedding { done, .. } if done > 0) {
                c.pause(id);
            }
        })
        .await
        .unwrap();
    assert!(collection.passages > 64, "{collection:?}");
    assert!(
        collection.embedded < collection.passages,
        "paused: {collection:?}"
    );
    let kept = collection.embedded as usize;
    let before = h.server.embedded().len();
    let (collection, _) = read(&c, id).await;
    assert_eq!(collection.embedded, collection.passages);
    assert_eq!(
        h.server.embedded().len() - before,
        collection.passages as usize - kept,
        "only the rest was embedded: {collection:?}, {kept}"
    );
}

#[tokio::test]
async fn a_chat_with_a_collection_is_sent_its_passages_as_sources() {
    let h = harness().await;
    let folder = h.dir.path().join("Manuals");
    write(
        &folder,
        "ferry.txt",
        &note("The ferry to the island leaves at nine from pier two."),
    );
    write(
        &folder,
        "bakery.txt",
        &note("The bakery opens at six and sells rye bread."),
    );
    let c = collections(&h);
    let id = c.create("Manuals", Some(folder)).unwrap().id;
    read(&c, id).await;
    let conversation = h.chat.create_conversation("gpt-4o-mini").unwrap();
    h.store
        .set_chat_collection(conversation.id, Some(id))
        .unwrap();
    let events = h
        .send_in(conversation.id, "When does the ferry leave?")
        .await;
    assert!(
        events.iter().any(|e| matches!(e, ChatEvent::Done { .. })),
        "{events:?}"
    );
    let request = h.last_answer_request().to_string();
    assert!(
        request.contains("pier two"),
        "the passage went with the question"
    );
    assert!(
        request.contains("<document name=\\\"ferry.txt\\\""),
        "{request}"
    );
    let messages = h.chat.list_messages(conversation.id).unwrap();
    let answer = messages.last().unwrap();
    assert!(
        answer.sources.iter().any(|s| s.name == "ferry.txt"),
        "{:?}",
        answer.sources
    );

    // Deleting the collection leaves the chat as a plain chat.
    c.delete(id).unwrap();
    assert_eq!(h.store.chat_collection(conversation.id).unwrap(), None);
    h.send_in(conversation.id, "And the bakery?").await;
    let request = h.last_answer_request();
    let question = request["messages"].as_array().unwrap().last().unwrap()["content"].to_string();
    assert!(!question.contains("<document"), "{question}");
}
