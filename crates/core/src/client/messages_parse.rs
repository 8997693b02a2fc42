//! Reading Anthropic's Messages API (`/v1/messages`): its stream events
//! (`message_start`, `content_block_*`, `message_delta`, `message_stop`,
//! `ping`, `error`) and a whole message, into the same stream events the
//! other endpoints give. Usage comes in two halves (input at the start,
//! output at the end); the caller lays the later over the earlier.

use super::chat_stream::StreamEvent;
use super::errors::from_envelope_message;
use super::wire::WireUsage;
use crate::error::{AppError, ErrorCode};
use serde_json::Value;
use std::collections::VecDeque;

/// What one event brought, and whether it was `message_stop` (the end).
pub(crate) struct Parsed {
    pub events: Vec<StreamEvent>,
    pub stop: bool,
}

/// One SSE event. The type is in the `event:` field and in the data's
/// `type`; either will do.
pub(crate) fn parse_messages_event(kind: &str, data: &str) -> Result<Parsed, AppError> {
    let Ok(value) = serde_json::from_str::<Value>(data) else {
        tracing::warn!(
            len = data.len(),
            "skipped a messages event that is not JSON"
        );
        return Ok(Parsed {
            events: Vec::new(),
            stop: false,
        });
    };
    let kind = value["type"].as_str().unwrap_or(kind);
    let mut events = Vec::new();
    match kind {
        "message_start" => events.extend(usage_of(&value["message"]["usage"])),
        "content_block_start" => events.extend(block_text(&value["content_block"])),
        "content_block_delta" => {
            let delta = &value["delta"];
            let text = |field: &str| delta[field].as_str().filter(|t| !t.is_empty());
            match delta["type"].as_str().unwrap_or_default() {
                "text_delta" => events.extend(text("text").map(|t| StreamEvent::Delta(t.into()))),
                "thinking_delta" => {
                    events.extend(text("thinking").map(|t| StreamEvent::Thinking(t.into())))
                }
                "signature_delta" => {
                    events.extend(text("signature").map(|t| StreamEvent::Signature(t.into())))
                }
                _ => {}
            }
        }
        "message_delta" => {
            events.extend(usage_of(&value["usage"]));
            if let Some(reason) = value["delta"]["stop_reason"].as_str() {
                events.push(StreamEvent::Finish(finish_reason(reason).into()));
            }
        }
        "message_stop" => {
            return Ok(Parsed { events, stop: true });
        }
        "error" => return Err(stream_error(&value["error"])),
        _ => {}
    }
    Ok(Parsed {
        events,
        stop: false,
    })
}

/// A whole message object (`{"type":"message","content":[...]}`), as an
/// upstream that ignored `stream: true` sends it; `None` if it is not one.
pub(crate) fn parse_whole_message(value: &Value) -> Option<VecDeque<StreamEvent>> {
    if value["type"] != "message" {
        return None;
    }
    let blocks = value["content"].as_array()?;
    let mut events: VecDeque<StreamEvent> = blocks.iter().filter_map(block_text).collect();
    events.extend(blocks.iter().filter_map(|block| {
        let signature = block["signature"].as_str().filter(|s| !s.is_empty())?;
        Some(StreamEvent::Signature(signature.to_owned()))
    }));
    events.extend(usage_of(&value["usage"]));
    let reason = value["stop_reason"].as_str().unwrap_or("end_turn");
    events.push_back(StreamEvent::Finish(finish_reason(reason).into()));
    Some(events)
}

/// The text a content block starts with (usually none: it streams after).
fn block_text(block: &Value) -> Option<StreamEvent> {
    match block["type"].as_str()? {
        "text" => block["text"]
            .as_str()
            .filter(|t| !t.is_empty())
            .map(|t| StreamEvent::Delta(t.into())),
        "thinking" => block["thinking"]
            .as_str()
            .filter(|t| !t.is_empty())
            .map(|t| StreamEvent::Thinking(t.into())),
        _ => None,
    }
}

/// Anthropic counts input without the cached part; ours includes it, as
/// OpenAI's `prompt_tokens` does, with the cached part said apart.
fn usage_of(usage: &Value) -> Option<StreamEvent> {
    if !usage.is_object() {
        return None;
    }
    let mut read: WireUsage = serde_json::from_value(usage.clone()).ok()?;
    if let Some(input) = read.prompt_tokens {
        read.prompt_tokens = Some(
            input + read.cache_read_tokens.unwrap_or(0) + read.cache_write_tokens.unwrap_or(0),
        );
    }
    Some(StreamEvent::Usage(read))
}

/// Anthropic's stop reasons in the words the rest of the app knows.
fn finish_reason(reason: &str) -> &'static str {
    match reason {
        "max_tokens" | "model_context_window_exceeded" => "length",
        "refusal" => "content_filter",
        _ => "stop",
    }
}

/// An `error` event after the stream began (the answer so far is kept).
fn stream_error(error: &Value) -> AppError {
    let message = error["message"].as_str().unwrap_or("unknown error");
    match error["type"].as_str().unwrap_or_default() {
        "overloaded_error" => AppError::new(
            ErrorCode::ServerError,
            "Claude is overloaded right now and stopped. What arrived is kept; try again in a moment.",
        ),
        "rate_limit_error" => AppError::new(
            ErrorCode::RateLimited,
            format!("CometAPI is busy (rate limited): {message}"),
        ),
        _ => from_envelope_message(message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(kind: &str, data: &str) -> Vec<StreamEvent> {
        parse_messages_event(kind, data).unwrap().events
    }

    #[test]
    fn a_stream_becomes_thinking_signature_text_usage_and_a_finish() {
        let start = events(
            "message_start",
            r#"{"type":"message_start","message":{"usage":{"input_tokens":10,"output_tokens":1,"cache_read_input_tokens":100,"cache_creation_input_tokens":20}}}"#,
        );
        let StreamEvent::Usage(usage) = &start[0] else {
            panic!("{start:?}")
        };
        assert_eq!(usage.prompt_tokens, Some(130));
        assert_eq!(
            (usage.cache_read_tokens, usage.cache_write_tokens),
            (Some(100), Some(20))
        );
        let delta = |kind: &str, field: &str, text: &str| {
            events(
                "content_block_delta",
                &format!(
                    r#"{{"type":"content_block_delta","index":0,"delta":{{"type":"{kind}","{field}":"{text}"}}}}"#
                ),
            )
        };
        assert_eq!(
            delta("thinking_delta", "thinking", "Hm"),
            [StreamEvent::Thinking("Hm".into())]
        );
        assert_eq!(
            delta("signature_delta", "signature", "EqQB"),
            [StreamEvent::Signature("EqQB".into())]
        );
        assert_eq!(
            delta("text_delta", "text", "Hi"),
            [StreamEvent::Delta("Hi".into())]
        );
        let end = events(
            "message_delta",
            r#"{"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":42}}"#,
        );
        let StreamEvent::Usage(late) = &end[0] else {
            panic!("{end:?}")
        };
        let whole = late.clone().over(usage.clone());
        assert_eq!(
            (whole.prompt_tokens, whole.completion_tokens),
            (Some(130), Some(42))
        );
        assert_eq!(end[1], StreamEvent::Finish("length".into()));
        assert!(
            parse_messages_event("message_stop", r#"{"type":"message_stop"}"#)
                .unwrap()
                .stop
        );
        assert!(events("ping", r#"{"type":"ping"}"#).is_empty());
    }

    #[test]
    fn an_error_event_breaks_the_stream_with_its_kind() {
        let overloaded = parse_messages_event(
            "error",
            r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
        )
        .err()
        .unwrap();
        assert!(overloaded.message.contains("overloaded"));
        let other = parse_messages_event(
            "error",
            r#"{"type":"error","error":{"type":"api_error","message":"boom"}}"#,
        )
        .err()
        .unwrap();
        assert!(other.message.contains("boom"));
    }

    #[test]
    fn a_whole_message_is_read() {
        let body: Value = serde_json::from_str(
            r#"{"type":"message","content":[{"type":"thinking","thinking":"T","signature":"S"},{"type":"text","text":"A"}],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":4}}"#,
        )
        .unwrap();
        let events: Vec<_> = parse_whole_message(&body).unwrap().into_iter().collect();
        assert_eq!(events[0], StreamEvent::Thinking("T".into()));
        assert_eq!(events[1], StreamEvent::Delta("A".into()));
        assert_eq!(events[2], StreamEvent::Signature("S".into()));
        assert_eq!(events.last(), Some(&StreamEvent::Finish("stop".into())));
        assert!(parse_whole_message(&serde_json::json!({"choices": []})).is_none());
    }
}
