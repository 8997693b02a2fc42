//! Export then import gives the same chats back (every branch, leaf,
//! settings, usage); NextChat's and Chatbox's backups come in; a damaged
//! file changes nothing.

mod support;

use comet_core::chat::{ExportFormat, ExportScope, Turn};
use comet_core::store::{ConversationSettings, Role};
use comet_core::ErrorCode;
use support::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// A conversation with a branch, settings and usage.
async fn rich_chat(h: &Harness) -> i64 {
    h.catalogue.list(false).await.unwrap();
    let (c, _) = h.send("first question 你好").await;
    h.send_in(c, "second question").await;
    let answer = h.store.list_messages(c).unwrap()[3].id;
    h.chat
        .answer(
            c,
            &Turn::Regenerate { answer_id: answer },
            "gpt-4o",
            &mut |_| {},
        )
        .await
        .unwrap();
    h.chat.select_branch(c, answer).unwrap();
    h.chat
        .set_conversation_settings(
            c,
            ConversationSettings {
                system_prompt: Some("Be brief.".into()),
                temperature: Some(0.5),
                max_tokens: Some(900),
                reasoning_effort: Some(comet_core::store::ReasoningEffort::High),
                thinking_budget: Some(4096),
            },
        )
        .unwrap();
    c
}

#[tokio::test]
async fn export_then_import_is_lossless() {
    let h = harness().await;
    let c = rich_chat(&h).await;
    let path = h.dir.path().join("backup.json");
    h.chat
        .export_to(&path, &ExportScope::Chats(vec![c]), ExportFormat::Json)
        .unwrap();

    let other = harness().await;
    let summary = other.chat.import_from(&path).unwrap();
    assert_eq!(
        (
            summary.source.as_str(),
            summary.conversations,
            summary.messages
        ),
        ("Comet Desk", 1, 5)
    );
    let imported = other.chat.list_conversations().unwrap()[0].id;

    // Same chat, same shown branch, same alternatives, same costs.
    let before = h.store.export_conversation(c).unwrap();
    let after = other.store.export_conversation(imported).unwrap();
    assert_eq!(after.title, before.title);
    assert_eq!(after.settings, before.settings);
    assert_eq!(
        (after.created_at, after.updated_at),
        (before.created_at, before.updated_at)
    );
    let shape = |conv: &comet_core::transfer::PortableConversation| {
        let index = |key: i64| conv.messages.iter().position(|m| m.key == key);
        conv.messages
            .iter()
            .map(|m| {
                (
                    m.parent.and_then(index),
                    m.role,
                    m.content.clone(),
                    m.model.clone(),
                    m.finish_reason,
                    m.created_at,
                    m.usage.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(shape(&after), shape(&before));
    let shown = |s: &comet_core::store::Store, id| {
        s.list_messages(id)
            .unwrap()
            .into_iter()
            .map(|m| (m.content, m.siblings.len()))
            .collect::<Vec<_>>()
    };
    assert_eq!(shown(&other.store, imported), shown(&h.store, c));
    // Imported text is searchable like any other.
    assert!(!other.chat.search("你好", None).unwrap().is_empty());

    // And it exports to the same file again (bar the export time).
    let again = other
        .chat
        .export_text(&ExportScope::All, ExportFormat::Json)
        .unwrap();
    let first = h
        .chat
        .export_text(&ExportScope::Chats(vec![c]), ExportFormat::Json)
        .unwrap();
    let strip = |t: &str| {
        let mut v: serde_json::Value = serde_json::from_str(t).unwrap();
        v["exported_at"] = 0.into();
        for m in v["conversations"][0]["messages"].as_array_mut().unwrap() {
            m["key"] = 0.into();
            m["parent"] = 0.into();
        }
        v["conversations"][0]["leaf"] = 0.into();
        v
    };
    assert_eq!(strip(&again), strip(&first));
}

#[tokio::test]
async fn markdown_shows_the_branch_on_screen() {
    let h = harness().await;
    let c = rich_chat(&h).await;
    let text = h
        .chat
        .export_text(&ExportScope::Chats(vec![c]), ExportFormat::Markdown)
        .unwrap();
    assert!(text.starts_with("# "));
    assert!(text.contains("> System: Be brief."));
    assert!(text.contains("## You\n\nfirst question 你好"));
    assert_eq!(text.matches("## gpt-4o-mini").count(), 2, "{text}");
    assert!(
        !text.contains("## gpt-4o\n"),
        "the other branch is not shown"
    );
}

#[tokio::test]
async fn nextchat_and_chatbox_backups_are_imported() {
    let h = harness().await;
    let summary = h
        .chat
        .import_from(&std::path::Path::new(FIXTURES).join("nextchat-backup.json"))
        .unwrap();
    assert_eq!(
        (summary.source.as_str(), summary.conversations),
        ("NextChat", 2)
    );
    let list = h.chat.list_conversations().unwrap();
    let bread = list
        .iter()
        .find(|c| c.title == "Sourdough starter")
        .unwrap();
    assert_eq!(bread.model, "gpt-4o");
    assert_eq!(
        bread.settings.system_prompt.as_deref(),
        Some("You are a patient baker.")
    );
    assert_eq!(bread.settings.max_tokens, Some(2000));
    let messages = h.store.list_messages(bread.id).unwrap();
    let texts: Vec<(Role, &str)> = messages
        .iter()
        .map(|m| (m.role, m.content.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            (Role::User, "How do I feed a starter?"),
            (Role::Assistant, "Equal weights of flour and water, daily."),
            (Role::User, "And if it smells of acetone?"),
        ]
    );

    let summary = h
        .chat
        .import_from(&std::path::Path::new(FIXTURES).join("chatbox-backup.json"))
        .unwrap();
    assert_eq!(
        (
            summary.source.as_str(),
            summary.conversations,
            summary.messages
        ),
        ("Chatbox", 1, 2)
    );
    let kyoto = h
        .chat
        .list_conversations()
        .unwrap()
        .into_iter()
        .find(|c| c.title == "Trip to Kyoto")
        .unwrap();
    assert_eq!(kyoto.model, "claude-sonnet-4-5");
    assert_eq!(
        kyoto.settings.system_prompt.as_deref(),
        Some("You are a travel agent.")
    );
    assert_eq!(kyoto.created_at, 1714000001000);
    let answer = &h.store.list_messages(kyoto.id).unwrap()[1];
    assert_eq!(answer.model.as_deref(), Some("claude-sonnet-4-5"));

    let summary = h
        .chat
        .import_from(&std::path::Path::new(FIXTURES).join("chatbox-new-backup.json"))
        .unwrap();
    assert_eq!((summary.conversations, summary.messages), (1, 2));
    assert!(!h.chat.search("haiku about rain", None).unwrap().is_empty());
}

#[tokio::test]
async fn a_damaged_or_foreign_file_is_refused_and_nothing_is_written() {
    let h = harness().await;
    for bad in [
        "not json at all",
        r#"{"hello": "world"}"#,
        r#"{"format": "comet-desk-conversations", "version": 1, "exported_at": 0, "conversations": [{"title": "x"}]}"#,
        r#"{"format": "comet-desk-conversations", "version": 99, "exported_at": 0, "conversations": []}"#,
        r#"{"format": "comet-desk-conversations", "version": 1, "exported_at": 0, "conversations": [
            {"title": "t", "model": "m", "created_at": 0, "updated_at": 0,
             "messages": [{"key": 2, "parent": 1, "role": "user", "content": "orphan", "created_at": 0}]}]}"#,
    ] {
        let err = h.chat.import_text(bad).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{bad}: {err:?}");
    }
    assert!(h.chat.list_conversations().unwrap().is_empty());
}
