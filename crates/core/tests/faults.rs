//! Every fault fake-comet can inject: the user's message is kept, whatever
//! arrived is kept, and the answer ends in a labelled state.

mod support;

use comet_core::chat::{ChatEvent, ChatService};
use comet_core::client::SharedClient;
use comet_core::secret::{normalize_key, FixedKey};
use comet_core::store::{FinishReason, Role};
use comet_core::ErrorCode;
use std::sync::Arc;
use support::*;

/// Sends `prompt`; checks the user's message was stored and returns the
/// final error and stored answer.
async fn failing(
    h: &Harness,
    prompt: &str,
) -> (
    comet_core::AppError,
    comet_core::store::Message,
    Vec<ChatEvent>,
) {
    let (conversation, events) = h.send(prompt).await;
    let stored = h.store.list_messages(conversation).unwrap();
    assert_eq!(
        (stored[0].role, stored[0].content.as_str()),
        (Role::User, prompt),
        "user message kept"
    );
    match last(&events).clone() {
        ChatEvent::Error { error, message } => {
            assert_eq!(stored[1], message, "the event shows what is stored");
            (error, message, events)
        }
        other => panic!("{prompt}: expected an error, got {other:?}"),
    }
}

#[tokio::test]
async fn statuses_map_to_codes_and_nothing_is_lost() {
    let h = harness().await;
    let cases = [
        ("[[fault:401]]", ErrorCode::InvalidKey),
        ("[[fault:403]]", ErrorCode::Forbidden),
        ("[[fault:403-html]]", ErrorCode::Forbidden),
        ("[[fault:301]]", ErrorCode::BadBaseUrl),
        ("[[fault:404]]", ErrorCode::BadBaseUrl),
        ("[[fault:413]]", ErrorCode::TooLarge),
        ("[[fault:500]]", ErrorCode::ServerError),
        ("[[fault:503]]", ErrorCode::ModelUnavailable),
        ("[[fault:504]]", ErrorCode::Timeout),
        ("[[fault:524]]", ErrorCode::Timeout),
        ("[[fault:error200]]", ErrorCode::ServerError),
    ];
    for (prompt, code) in cases {
        let (error, message, _) = failing(&h, prompt).await;
        assert_eq!(error.code, code, "{prompt}: {}", error.message);
        assert_eq!(message.finish_reason, Some(FinishReason::Error), "{prompt}");
        assert!(!error.message.is_empty());
    }
}

#[tokio::test]
async fn transient_failures_are_retried_and_permanent_ones_are_not() {
    let h = harness().await;
    let (conversation, events) = h.send("[[fault:flaky:2]] hi").await;
    let retries = events
        .iter()
        .filter(|e| matches!(e, ChatEvent::Retrying { .. }))
        .count();
    assert_eq!(retries, 2);
    assert!(matches!(last(&events), ChatEvent::Done { .. }));
    let answer = &h.store.list_messages(conversation).unwrap()[1];
    assert_eq!(
        h.store.api_calls_for_message(answer.id).unwrap()[0].attempts,
        3
    );

    let (_, _, events) = failing(&h, "[[fault:401]]").await;
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, ChatEvent::Retrying { .. })),
        "401 is not retried"
    );
    let (_, _, events) = failing(&h, "[[fault:500]]").await;
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, ChatEvent::Retrying { .. }))
            .count(),
        2
    );
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let h = harness().await;
    let (error, _, events) = failing(&h, "[[fault:429]]").await;
    assert_eq!(error.code, ErrorCode::RateLimited);
    let delays: Vec<u64> = events
        .iter()
        .filter_map(|e| match e {
            ChatEvent::Retrying { delay_ms, .. } => Some(*delay_ms),
            _ => None,
        })
        .collect();
    assert_eq!(
        delays,
        vec![1000, 1000],
        "Retry-After: 1 beats the 10 ms backoff"
    );
}

#[tokio::test]
async fn a_dropped_or_stalled_stream_keeps_its_text_and_is_not_retried() {
    let h = harness().await;
    for prompt in ["[[fault:drop:4]] go", "[[fault:stall:4]] go"] {
        let (error, message, events) = failing(&h, prompt).await;
        assert_eq!(error.code, ErrorCode::Interrupted, "{prompt}");
        assert_eq!(message.finish_reason, Some(FinishReason::Interrupted));
        assert_eq!(
            message.content, "You said: go\n\n",
            "{prompt}: the four chunks that came"
        );
        assert_eq!(streamed_text(&events), message.content);
        assert!(!events
            .iter()
            .any(|e| matches!(e, ChatEvent::Retrying { .. })));
    }
}

#[tokio::test]
async fn an_error_inside_the_stream_keeps_the_text_before_it() {
    let h = harness().await;
    let (error, message, _) = failing(&h, "[[fault:midstream-error:3]] go").await;
    assert_eq!(error.code, ErrorCode::ServerError);
    assert_eq!(message.finish_reason, Some(FinishReason::Error));
    assert_eq!(message.content, "You said: go\n");
}

#[tokio::test]
async fn a_plain_json_answer_and_a_missing_usage_chunk_are_tolerated() {
    let h = harness().await;
    let (_, events) = h.send("[[fault:json]] plain").await;
    assert!(streamed_text(&events).starts_with("You said: plain"));
    assert!(matches!(last(&events), ChatEvent::Done { .. }));
    let (_, events) = h.send("[[fault:nousage]] quiet").await;
    // No usage from the server: ours, labelled estimated.
    assert!(events
        .iter()
        .any(|e| matches!(e, ChatEvent::Usage { usage } if usage.estimated)));
    assert!(matches!(last(&events), ChatEvent::Done { .. }));
}

#[tokio::test]
async fn an_unreachable_server_is_a_network_error_after_retries() {
    let h = harness().await;
    // A port that was just free: nothing listens there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let client = Arc::new(SharedClient::new(fast_config(format!("http://{closed}"))).unwrap());
    let key = Arc::new(FixedKey(normalize_key(KEY).unwrap()));
    let chat = ChatService::new(
        h.store.clone(),
        client,
        key,
        h.catalogue.clone(),
        h.attachments.clone(),
    );
    let conversation = chat.create_conversation("gpt-4o-mini").unwrap();
    let mut events = Vec::new();
    chat.send(conversation.id, "anyone?", "gpt-4o-mini", &mut |e| {
        events.push(e)
    })
    .await
    .unwrap();
    let ChatEvent::Error { error, .. } = last(&events) else {
        panic!("{:?}", last(&events))
    };
    assert_eq!(error.code, ErrorCode::Network);
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, ChatEvent::Retrying { .. }))
            .count(),
        2
    );
    assert_eq!(
        h.store.list_messages(conversation.id).unwrap()[0].content,
        "anyone?"
    );
}
