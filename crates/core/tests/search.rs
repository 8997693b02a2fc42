//! Full-text search over stored messages and titles.

use comet_core::store::{FinishReason, Role, SearchHit, Store};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.sqlite3")).unwrap();
    (dir, store)
}

fn hit_text(hit: &SearchHit) -> String {
    hit.snippet
        .iter()
        .filter(|p| p.hit)
        .map(|p| p.text.as_str())
        .collect()
}

#[test]
fn finds_messages_across_conversations_with_marked_snippets() {
    let (_dir, store) = store();
    let trip = store.create_conversation("gpt-4o-mini").unwrap();
    let code = store.create_conversation("gpt-4o-mini").unwrap();
    store
        .add_user_message(
            trip.id,
            None,
            "Plan a week in Lisbon with a day trip to Sintra",
        )
        .unwrap();
    let question = store
        .add_user_message(code.id, None, "How do I count words?")
        .unwrap();
    let answer = store
        .start_answer(code.id, question.id, "gpt-4o-mini")
        .unwrap();
    store
        .finish_answer(
            answer.id,
            &comet_core::store::AnswerText::plain("Use a HashMap to count the words."),
            FinishReason::Stop,
            None,
        )
        .unwrap();

    let hits = store.search("lisbon", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].conversation_id, hits[0].role),
        (trip.id, Some(Role::User))
    );
    assert_eq!(hit_text(&hits[0]), "Lisbon");

    // Answers are indexed as they are finished (the update trigger).
    let hits = store.search("hashmap count", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].message_id, Some(answer.id));
}

#[test]
fn chinese_text_short_queries_and_titles_are_found() {
    let (_dir, store) = store();
    let c = store.create_conversation("gpt-4o-mini").unwrap();
    store
        .add_user_message(c.id, None, "请帮我写一首关于秋天的诗")
        .unwrap();
    store.rename_conversation(c.id, "Autumn poems").unwrap();

    assert_eq!(
        store.search("关于秋天", 10).unwrap().len(),
        1,
        "trigram matches inside CJK text"
    );
    let short = store.search("秋天", 10).unwrap();
    assert_eq!(short.len(), 1, "two characters fall back to a scan");
    assert_eq!(hit_text(&short[0]), "秋天");
    let titles = store.search("autumn", 10).unwrap();
    assert_eq!(
        (titles[0].message_id, titles[0].conversation_id),
        (None, c.id)
    );
}

#[test]
fn query_syntax_is_not_interpreted_and_deleted_messages_are_gone() {
    let (_dir, store) = store();
    let c = store.create_conversation("gpt-4o-mini").unwrap();
    store
        .add_user_message(c.id, None, "what does \"NEAR(a b)\" OR * mean")
        .unwrap();
    for query in ["\"NEAR(a b)\"", "OR *", "a\"b", "-- ;", "%_%"] {
        store.search(query, 10).unwrap();
    }
    assert_eq!(store.search("NEAR(a", 10).unwrap().len(), 1);
    store.delete_conversation(c.id).unwrap();
    assert!(store.search("mean", 10).unwrap().is_empty());
    assert!(store.search("   ", 10).unwrap().is_empty());
}
