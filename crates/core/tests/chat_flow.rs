//! The chat flow against fake-comet over real loopback sockets.

mod support;

use comet_core::chat::ChatEvent;
use comet_core::store::{FinishReason, Role, Store};
use comet_core::ErrorCode;
use support::*;

#[tokio::test]
async fn an_answer_streams_is_stored_and_usage_is_recorded() {
    let h = harness().await;
    let (conversation, events) = h.send("hello there").await;

    assert!(matches!(events[0], ChatEvent::Started { .. }));
    let text = streamed_text(&events);
    assert!(text.starts_with("You said: hello there"), "{text}");
    assert!(events
        .iter()
        .any(|e| matches!(e, ChatEvent::Usage { usage } if usage.total_tokens.is_some())));
    let ChatEvent::Done { message } = last(&events) else {
        panic!("ended with {:?}", last(&events))
    };
    assert_eq!(message.content, text);
    assert_eq!(message.finish_reason, Some(FinishReason::Stop));

    let stored = h.store.list_messages(conversation).unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(
        (stored[0].role, stored[0].content.as_str()),
        (Role::User, "hello there")
    );
    assert_eq!(stored[1].content, text);
    let calls = h.store.api_calls_for_message(message.id).unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].status, Some(200));
    assert!(calls[0].completion_tokens.unwrap_or(0) > 0);
    assert!(calls[0].first_token_ms.is_some());

    // Named by the title model after the answer.
    let title = h.store.conversation(conversation).unwrap().title;
    assert_eq!(title, "About hello there");
}

#[tokio::test]
async fn the_history_goes_with_the_next_message() {
    let h = harness().await;
    let (conversation, _) = h.send("first").await;
    let events = h.send_in(conversation, "second").await;
    assert!(matches!(last(&events), ChatEvent::Done { .. }));
    let usage = events.iter().find_map(|e| match e {
        ChatEvent::Usage { usage } => usage.prompt_tokens,
        _ => None,
    });
    // "first" + the first answer + "second": more than the last message alone.
    assert!(usage.unwrap_or(0) > 10, "prompt tokens {usage:?}");
    assert_eq!(h.store.list_messages(conversation).unwrap().len(), 4);
}

#[tokio::test]
async fn stop_keeps_what_came() {
    let h = std::sync::Arc::new(harness().await);
    let conversation = h.chat.create_conversation("gpt-4o-mini").unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let sender = h.clone();
    let task = tokio::spawn(async move {
        sender
            .chat
            .send(
                conversation.id,
                "[[fault:slow:20]] [[words:500]]",
                "gpt-4o-mini",
                &mut |e| {
                    let _ = tx.send(e);
                },
            )
            .await
    });
    let mut events = Vec::new();
    while let Some(event) = rx.recv().await {
        let is_delta = matches!(event, ChatEvent::Delta { .. });
        events.push(event);
        if is_delta && streamed_text(&events).len() > 20 {
            assert!(h.chat.stop(conversation.id));
        }
    }
    task.await.unwrap().unwrap();
    let ChatEvent::Done { message } = last(&events) else {
        panic!("{:?}", last(&events))
    };
    assert_eq!(message.finish_reason, Some(FinishReason::Cancelled));
    assert!(!message.content.is_empty() && message.content.len() < 2000);
    assert_eq!(message.content, streamed_text(&events));
    assert!(
        !h.chat.stop(conversation.id),
        "the stream is no longer active"
    );
}

#[tokio::test]
async fn everything_survives_a_reopen_and_open_answers_become_interrupted() {
    let h = harness().await;
    let (conversation, _) = h.send("remember me").await;
    // A second question whose answer was streaming when the app died.
    let first_answer = h.store.list_messages(conversation).unwrap()[1].id;
    let question = h
        .store
        .add_user_message(conversation, Some(first_answer), "and then?")
        .unwrap();
    let dangling = h
        .store
        .start_answer(conversation, question.id, "gpt-4o-mini")
        .unwrap();
    let path = h.store.path().to_owned();
    drop(h.chat);
    drop(h.store);

    let reopened = Store::open(&path).unwrap();
    let messages = reopened.list_messages(conversation).unwrap();
    assert_eq!(messages.len(), 4);
    assert_eq!(messages[0].content, "remember me");
    assert!(messages[1].content.starts_with("You said: remember me"));
    assert_eq!(messages[3].id, dangling.id);
    assert_eq!(messages[3].finish_reason, Some(FinishReason::Interrupted));
    assert_eq!(reopened.integrity_check().unwrap(), "ok");
}

#[tokio::test]
async fn empty_input_and_unknown_conversations_are_refused_without_storing() {
    let h = harness().await;
    let conversation = h.chat.create_conversation("gpt-4o-mini").unwrap();
    let err = h
        .chat
        .send(conversation.id, "   ", "gpt-4o-mini", &mut |_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    let err = h
        .chat
        .send(999_999, "hi", "gpt-4o-mini", &mut |_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(h.store.list_messages(conversation.id).unwrap().is_empty());
}

#[tokio::test]
async fn conversations_can_be_renamed_listed_and_deleted() {
    let h = harness().await;
    let (a, _) = h.send("alpha").await;
    let (b, _) = h.send("beta").await;
    let list = h.chat.list_conversations().unwrap();
    assert_eq!(list.iter().map(|c| c.id).collect::<Vec<_>>(), vec![b, a]);
    assert_eq!(
        h.chat.rename_conversation(a, "  My   chat ").unwrap().title,
        "My chat"
    );
    assert_eq!(
        h.chat.rename_conversation(a, " ").unwrap_err().code,
        ErrorCode::InvalidInput
    );
    h.chat.delete_conversation(a).unwrap();
    assert_eq!(
        h.store.list_messages(a).unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(
        h.chat.delete_conversation(a).unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn a_new_chat_is_named_by_a_model_after_its_first_answer_only() {
    let h = harness().await;
    let (c, events) = h.send("[[words:3]] Plan a week in Lisbon with kids").await;
    let ChatEvent::Titled { conversation } = events.last().unwrap() else {
        panic!("the first answer is followed by a title")
    };
    assert_eq!(conversation.title, "About Plan a week in");
    assert!(matches!(events[events.len() - 2], ChatEvent::Done { .. }));
    // The title call is recorded against the chat, not the answer.
    let answer = &h.store.list_messages(c).unwrap()[1];
    assert_eq!(h.store.api_calls_for_message(answer.id).unwrap().len(), 1);

    let events = h.send_in(c, "and in winter?").await;
    assert!(matches!(last(&events), ChatEvent::Done { .. }));
    assert_eq!(
        h.chat.list_conversations().unwrap()[0].title,
        "About Plan a week in"
    );
}

#[tokio::test]
async fn a_title_the_user_typed_is_kept_and_a_failed_answer_names_nothing() {
    let h = harness().await;
    let (_, events) = h.send("[[fault:500]] broken").await;
    assert!(!events.iter().any(|e| matches!(e, ChatEvent::Titled { .. })));

    let c = h.chat.create_conversation("gpt-4o-mini").unwrap();
    h.chat.rename_conversation(c.id, "Mine").unwrap();
    let events = h.send_in(c.id, "hello there").await;
    assert!(!events.iter().any(|e| matches!(e, ChatEvent::Titled { .. })));
    assert_eq!(h.store.conversation(c.id).unwrap().title, "Mine");
}
