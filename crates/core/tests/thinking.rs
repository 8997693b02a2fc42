//! Thinking models against fake-comet: thinking in each shape the servers
//! send it (`reasoning_content`, `reasoning`, `<think>` tags split across
//! chunks, a responses reasoning summary) streams apart from the answer,
//! is stored apart, never goes back as history or into a title, and its
//! tokens are counted.

mod support;

use comet_core::chat::ChatEvent;
use comet_core::store::FinishReason;
use support::*;

fn parts(events: &[ChatEvent]) -> (String, String) {
    let (mut thinking, mut text) = (String::new(), String::new());
    for event in events {
        match event {
            ChatEvent::Thinking { text: t } => {
                assert!(text.is_empty(), "thinking after the answer began");
                thinking.push_str(t);
            }
            ChatEvent::Delta { text: t } => text.push_str(t),
            _ => {}
        }
    }
    (thinking, text)
}

fn done(events: &[ChatEvent]) -> comet_core::store::Message {
    match last(events) {
        ChatEvent::Done { message } | ChatEvent::Error { message, .. } => message.clone(),
        other => panic!("no end: {other:?}"),
    }
}

#[tokio::test]
async fn thinking_in_every_chat_shape_streams_and_is_stored_apart() {
    let h = harness().await;
    for shape in ["reasoning_content", "reasoning", "tags"] {
        let (_, events) = h.send(&format!("Hello [[think:{shape}:6]]")).await;
        let (thinking, text) = parts(&events);
        assert!(
            thinking.contains("Let me think about this. step 1"),
            "{shape}: {thinking:?}"
        );
        assert!(
            !thinking.contains("<think>") && !thinking.contains("</think>"),
            "{shape}"
        );
        assert!(text.starts_with("You said: Hello"), "{shape}: {text:?}");
        let message = done(&events);
        assert_eq!(message.finish_reason, Some(FinishReason::Stop));
        assert_eq!(
            message.thinking.as_deref(),
            Some("Let me think about this. step 1 step 2 step 3 step 4 step 5"),
            "{shape}"
        );
        assert!(message.thinking_ms.is_some());
        assert!(
            !message.content.contains("think"),
            "{shape}: {:?}",
            message.content
        );
        // Reasoning tokens as the server reported them.
        assert_eq!(
            message.usage.as_ref().unwrap().reasoning_tokens,
            Some(6),
            "{shape}"
        );
        // Read back from SQLite the same.
        assert_eq!(
            h.store.message(message.id).unwrap().thinking,
            message.thinking
        );
    }
}

#[tokio::test]
async fn thinking_is_never_sent_back_and_never_in_a_title() {
    let h = harness().await;
    let (conversation, events) = h.send("Plan a week [[think:tags:4]]").await;
    assert!(done(&events).thinking.is_some());
    let ChatEvent::Titled {
        conversation: named,
    } = events.last().unwrap()
    else {
        panic!("the first answer is followed by a title")
    };
    assert_eq!(named.title, "About Plan a week");
    h.send_in(conversation, "And the next?").await;
    let history = h.last_answer_request();
    let sent = history["messages"].to_string();
    assert!(!sent.contains("Let me think"), "thinking went back: {sent}");
    assert!(!sent.contains("<think>"));
}

#[tokio::test]
async fn thinking_then_an_error_keeps_the_thinking() {
    let h = harness().await;
    let (_, events) = h
        .send("Hello [[think:reasoning_content:5]] [[fault:midstream-error:0]]")
        .await;
    let message = done(&events);
    assert_eq!(message.finish_reason, Some(FinishReason::Error));
    assert!(message.thinking.unwrap().starts_with("Let me think"));
    assert_eq!(message.content, "");
}

#[tokio::test]
async fn a_whole_answer_where_a_stream_was_asked_keeps_its_thinking() {
    let h = harness().await;
    for shape in ["reasoning_content", "tags"] {
        let (_, events) = h
            .send(&format!("Hello [[fault:json]] [[think:{shape}:3]]"))
            .await;
        let message = done(&events);
        assert_eq!(
            message.thinking.as_deref(),
            Some("Let me think about this. step 1 step 2"),
            "{shape}"
        );
        assert!(
            message.content.starts_with("You said"),
            "{shape}: {:?}",
            message.content
        );
    }
}

#[tokio::test]
async fn a_responses_reasoning_summary_is_asked_for_and_shown_as_thinking() {
    let h = harness().await;
    let (_, events) = h
        .send_to_model_new("Hello [[think:summary:4]]", "gpt-5")
        .await;
    let request = h.last_answer_request();
    assert_eq!(request["reasoning"]["summary"], "auto");
    let (thinking, text) = parts(&events);
    assert!(thinking.starts_with("Let me think"), "{thinking:?}");
    assert!(text.starts_with("You said"));
    let message = done(&events);
    assert_eq!(
        message.thinking.as_deref(),
        Some("Let me think about this. step 1 step 2 step 3")
    );
    assert_eq!(message.usage.unwrap().reasoning_tokens, Some(4));
    assert!(
        request["reasoning"].get("effort").is_none(),
        "the model's own default"
    );
    // A model that does not reason is not asked to.
    h.send_to_model_new("Hello", "gpt-5-chat-latest").await;
    assert!(h.last_answer_request().get("reasoning").is_none());
}

#[tokio::test]
async fn a_chats_reasoning_effort_goes_to_reasoning_models_only() {
    use comet_core::store::{ConversationSettings, ReasoningEffort};
    let h = harness().await;
    let c = h.chat.create_conversation("gpt-5").unwrap();
    let effort = ConversationSettings {
        reasoning_effort: Some(ReasoningEffort::High),
        ..ConversationSettings::default()
    };
    let saved = h.chat.set_conversation_settings(c.id, effort).unwrap();
    assert_eq!(saved.settings.reasoning_effort, Some(ReasoningEffort::High));
    h.send_to_model(c.id, "Hello", "gpt-5").await;
    assert_eq!(h.last_answer_request()["reasoning"]["effort"], "high");
    h.send_to_model(c.id, "Hello again", "gpt-4o-mini").await;
    let plain = h.last_answer_request();
    assert!(
        plain.get("reasoning").is_none() && plain.get("reasoning_effort").is_none(),
        "{plain}"
    );
}

#[tokio::test]
async fn exports_leave_thinking_out_of_markdown_unless_asked_and_json_keeps_it() {
    use comet_core::chat::{ExportFormat, ExportScope};
    let h = harness().await;
    let (conversation, _) = h.send("Hello [[think:reasoning:3]]").await;
    let plain = h
        .chat
        .export_text(
            &ExportScope::Chats(vec![conversation]),
            ExportFormat::Markdown,
        )
        .unwrap();
    assert!(!plain.contains("Let me think"), "{plain}");
    let with = h
        .chat
        .export_text(
            &ExportScope::Chats(vec![conversation]),
            ExportFormat::MarkdownWithThinking,
        )
        .unwrap();
    assert!(
        with.contains("> Thinking: Let me think about this. step 1 step 2"),
        "{with}"
    );
    let json = h
        .chat
        .export_text(&ExportScope::Chats(vec![conversation]), ExportFormat::Json)
        .unwrap();
    assert!(
        json.contains("\"thinking\": \"Let me think about this. step 1 step 2\""),
        "{json}"
    );
    // And an import brings it back.
    h.chat.import_text(&json).unwrap();
    let imported = h.chat.list_conversations().unwrap()[0].id;
    assert_ne!(imported, conversation);
    let answer = h.store.all_messages(imported).unwrap().pop().unwrap();
    assert_eq!(
        answer.thinking.as_deref(),
        Some("Let me think about this. step 1 step 2")
    );
}
