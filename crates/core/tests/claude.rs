//! Claude through CometAPI's Anthropic-compatible `/v1/messages` against
//! fake-comet, which checks bodies as Anthropic does: the system prompt on
//! top, alternating turns, pictures as image blocks, `max_tokens` always;
//! thinking with a budget and its signature kept; usage with the prompt
//! cache priced; errors in Anthropic's shape; the detour for a Claude
//! model served only as a chat completion.

mod support;

use comet_core::chat::{ChatEvent, Turn};
use comet_core::client::Endpoint;
use comet_core::store::{ConversationSettings, FinishReason};
use comet_core::ErrorCode;
use std::collections::HashMap;
use support::*;

const CLAUDE: &str = "claude-sonnet-4-5";

fn end(events: &[ChatEvent]) -> (comet_core::store::Message, Option<comet_core::AppError>) {
    match last(events) {
        ChatEvent::Done { message } => (message.clone(), None),
        ChatEvent::Error { message, error } => (message.clone(), Some(error.clone())),
        other => panic!("no end: {other:?}"),
    }
}

fn signature_in_db(h: &Harness, message_id: i64) -> Option<String> {
    let db = rusqlite::Connection::open(h.dir.path().join("comet.sqlite3")).unwrap();
    db.query_row(
        "SELECT thinking_signature FROM messages WHERE id = ?1",
        [message_id],
        |row| row.get(0),
    )
    .unwrap()
}

#[tokio::test]
async fn claude_thinks_with_a_budget_and_its_signature_is_kept() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let c = h.chat.create_conversation(CLAUDE).unwrap();
    let settings = ConversationSettings {
        system_prompt: Some("Be brief.".into()),
        thinking_budget: Some(2048),
        temperature: Some(0.2),
        ..ConversationSettings::default()
    };
    h.chat.set_conversation_settings(c.id, settings).unwrap();
    let events = h
        .send_to_model(c.id, "Hello [[cache:100:20]]", CLAUDE)
        .await;
    let request = h.last_answer_request();
    assert_eq!(request["system"], "Be brief.");
    assert_eq!(
        request["thinking"],
        serde_json::json!({"type": "enabled", "budget_tokens": 2048})
    );
    assert_eq!(request["max_tokens"], 2048 + 16_384);
    assert!(request.get("temperature").is_none(), "{request}");
    assert_eq!(request["messages"][0]["role"], "user");

    let thought: String = events
        .iter()
        .filter_map(|e| match e {
            ChatEvent::Thinking { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(thought.starts_with("Let me think"), "{thought:?}");
    assert!(streamed_text(&events).starts_with("You said: Hello"));
    let (message, error) = end(&events);
    assert!(error.is_none(), "{error:?}");
    assert_eq!(message.finish_reason, Some(FinishReason::Stop));
    assert!(message
        .thinking
        .as_deref()
        .unwrap()
        .starts_with("Let me think"));
    let signature = signature_in_db(&h, message.id).expect("signature kept");
    assert!(!signature.is_empty());

    let call = &h.store.api_calls_for_message(message.id).unwrap()[0];
    assert_eq!(call.endpoint, "/v1/messages");
    assert_eq!(
        (call.cache_read_tokens, call.cache_write_tokens),
        (Some(100), Some(20))
    );
    let input = call.prompt_tokens.unwrap();
    assert!(input > 120, "cached tokens are within the prompt: {input}");
    assert_eq!(
        call.total_tokens,
        Some(input + call.completion_tokens.unwrap())
    );
    let price = call.price.clone().expect("claude has a catalogue price");
    let cost = call.cost_usd.unwrap();
    let uncached = price.cost(input, call.completion_tokens.unwrap()).unwrap();
    assert!(
        cost < uncached,
        "a cache read costs less: {cost} {uncached}"
    );
    assert_eq!(message.usage.unwrap().cache_read_tokens, Some(100));

    // The next turn: alternating, and the thinking is not sent back.
    h.send_to_model(c.id, "And then?", CLAUDE).await;
    let next = h.last_answer_request();
    let turns = next["messages"].as_array().unwrap();
    let roles: Vec<_> = turns.iter().map(|m| m["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["user", "assistant", "user"]);
    assert!(!next["messages"].to_string().contains("Let me think"));
}

#[tokio::test]
async fn a_picture_goes_to_claude_as_an_image_block() {
    let h = harness().await;
    let png = {
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::new(8, 8))
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .unwrap();
        bytes
    };
    let picture = h.attachments.add(&png).unwrap();
    let c = h.chat.create_conversation(CLAUDE).unwrap();
    let turn = Turn::Ask {
        content: "What is this?".into(),
        attachments: vec![picture.file],
        documents: Vec::new(),
    };
    let mut events = Vec::new();
    h.chat
        .answer(c.id, &turn, CLAUDE, &mut |e| events.push(e))
        .await
        .unwrap();
    let (_, error) = end(&events);
    assert!(error.is_none(), "{error:?}");
    let content = &h.last_answer_request()["messages"][0]["content"];
    assert_eq!(content[0]["text"], "What is this?");
    assert_eq!(content[1]["type"], "image");
    assert_eq!(content[1]["source"]["type"], "base64");
    assert_eq!(content[1]["source"]["media_type"], "image/png");
}

#[tokio::test]
async fn anthropic_errors_map_to_our_codes_and_keep_what_came() {
    let h = harness().await;
    // Overloaded (529) is retried, then said plainly.
    let (_, events) = h.send_to_model_new("Hi [[fault:overloaded]]", CLAUDE).await;
    let (message, error) = end(&events);
    let error = error.unwrap();
    assert_eq!(error.code, ErrorCode::ServerError);
    assert!(error.message.contains("overloaded"), "{}", error.message);
    assert_eq!(message.finish_reason, Some(FinishReason::Error));
    assert!(events
        .iter()
        .any(|e| matches!(e, ChatEvent::Retrying { .. })));

    // An error event mid-answer keeps the text so far.
    let (_, events) = h
        .send_to_model_new("Hi [[fault:midstream-error:2]]", CLAUDE)
        .await;
    let (message, error) = end(&events);
    assert!(error.unwrap().message.contains("overloaded"));
    assert_eq!(message.content, "You said: ");

    // A cut connection is an interruption, as on the other endpoints.
    let (_, events) = h.send_to_model_new("Hi [[fault:drop:3]]", CLAUDE).await;
    assert_eq!(end(&events).1.unwrap().code, ErrorCode::Interrupted);

    // A refused body comes back in Anthropic's words, as a bad request.
    let (_, events) = h.send_to_model_new("Hi [[fault:refuse]]", CLAUDE).await;
    let refused = end(&events).1.unwrap();
    assert_eq!(refused.code, ErrorCode::BadRequest);
    assert!(
        refused.message.contains("this request was refused"),
        "{}",
        refused.message
    );
    // ...and a budget Anthropic never takes is refused before sending.
    let c = h.chat.create_conversation(CLAUDE).unwrap();
    let tiny = ConversationSettings {
        thinking_budget: Some(10),
        ..ConversationSettings::default()
    };
    let refused = h.chat.set_conversation_settings(c.id, tiny).unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn a_whole_message_and_a_missing_usage_are_both_read() {
    let h = harness().await;
    let (_, events) = h.send_to_model_new("Hi [[fault:json]]", CLAUDE).await;
    let (message, error) = end(&events);
    assert!(error.is_none(), "{error:?}");
    assert!(message.content.starts_with("You said: Hi"));
    assert!(!message.usage.unwrap().estimated);

    let (_, events) = h.send_to_model_new("Hi [[fault:nousage]]", CLAUDE).await;
    let (message, _) = end(&events);
    assert!(message.usage.unwrap().estimated, "counted by us instead");
}

#[tokio::test]
async fn a_claude_model_served_only_as_a_chat_completion_is_tried_there_once_and_remembered() {
    let h = harness().await;
    assert_eq!(Endpoint::for_model("claude-chat-only"), Endpoint::Messages);
    let (_, events) = h.send_to_model_new("hello", "claude-chat-only").await;
    let (message, error) = end(&events);
    assert!(error.is_none(), "{error:?}");
    assert!(message.content.starts_with("You said: hello"));
    assert_eq!(
        h.store.api_calls_for_message(message.id).unwrap()[0].endpoint,
        "/v1/chat/completions"
    );
    let learned: HashMap<String, Endpoint> =
        h.store.load_value("endpoint_routes").unwrap().unwrap();
    assert_eq!(
        learned.get("claude-chat-only"),
        Some(&Endpoint::ChatCompletions)
    );
}

#[tokio::test]
async fn a_refused_key_on_messages_is_an_invalid_key() {
    let h = harness_with_key("sk-bad-key").await;
    let (_, events) = h.send_to_model_new("Hi", CLAUDE).await;
    let (_, error) = end(&events);
    assert_eq!(error.unwrap().code, ErrorCode::InvalidKey);
}
