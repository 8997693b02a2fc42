//! Models served by `/v1/responses`: streaming, usage, failures, and the
//! one-time detour for a model the built-in list does not know.

mod support;

use comet_core::chat::ChatEvent;
use comet_core::client::Endpoint;
use comet_core::store::FinishReason;
use comet_core::ErrorCode;
use std::collections::HashMap;
use support::*;

async fn send(h: &Harness, model: &str, text: &str) -> (i64, Vec<ChatEvent>) {
    let conversation = h.chat.create_conversation(model).unwrap();
    let events = h.send_to_model(conversation.id, text, model).await;
    (conversation.id, events)
}

#[tokio::test]
async fn o3_pro_streams_through_responses_with_its_usage() {
    let h = harness().await;
    let (conversation, events) = send(&h, "o3-pro", "think hard").await;
    let ChatEvent::Done { message } = last(&events) else {
        panic!("{:?}", last(&events))
    };
    assert!(
        message.content.starts_with("You said: think hard"),
        "{}",
        message.content
    );
    assert_eq!(message.content, streamed_text(&events));
    assert_eq!(message.finish_reason, Some(FinishReason::Stop));
    let call = &h.store.api_calls_for_message(message.id).unwrap()[0];
    assert_eq!(call.endpoint, "/v1/responses");
    assert_eq!(
        call.prompt_tokens,
        Some(2),
        "input_tokens read as prompt tokens"
    );
    assert!(call.completion_tokens.unwrap_or(0) > 5);
    // The history goes along as `input` on the next turn.
    let events = h.send_to_model(conversation, "and again", "o3-pro").await;
    let usage = events.iter().find_map(|e| match e {
        ChatEvent::Usage { usage } => usage.prompt_tokens,
        _ => None,
    });
    assert!(usage.unwrap_or(0) > 5, "{usage:?}");
}

#[tokio::test]
async fn a_failed_or_dropped_response_keeps_what_came() {
    let h = harness().await;
    let (_, events) = send(&h, "o3-pro", "[[fault:response-failed]] go").await;
    let ChatEvent::Error { error, message } = last(&events) else {
        panic!("{:?}", last(&events))
    };
    assert_eq!(error.code, ErrorCode::ServerError);
    assert!(error.message.contains("the model failed mid-answer"));
    assert_eq!(
        (message.content.as_str(), message.finish_reason),
        ("You said: ", Some(FinishReason::Error))
    );

    let (_, events) = send(&h, "o3-pro", "[[fault:drop:3]] go").await;
    let ChatEvent::Error { error, message } = last(&events) else {
        panic!("{:?}", last(&events))
    };
    assert_eq!(error.code, ErrorCode::Interrupted);
    assert_eq!(message.content, "You said: go\n");
}

#[tokio::test]
async fn an_unknown_responses_model_is_retried_there_once_and_remembered() {
    let h = harness().await;
    assert_eq!(
        Endpoint::for_model("o4-pro-preview"),
        Endpoint::ChatCompletions
    );
    let (_, events) = send(&h, "o4-pro-preview", "hello").await;
    let ChatEvent::Done { message } = last(&events) else {
        panic!("{:?}", last(&events))
    };
    assert!(message.content.starts_with("You said: hello"));
    assert_eq!(
        h.store.api_calls_for_message(message.id).unwrap()[0].endpoint,
        "/v1/responses"
    );

    let learned: HashMap<String, Endpoint> =
        h.store.load_value("endpoint_routes").unwrap().unwrap();
    assert_eq!(learned.get("o4-pro-preview"), Some(&Endpoint::Responses));
    // A chat model is not sent astray by any of this.
    let (_, events) = send(&h, "gpt-4o-mini", "plain").await;
    assert!(matches!(last(&events), ChatEvent::Done { .. }));
}
