//! Reading the two OpenAI streaming dialects (chat completions chunks,
//! responses events) and a whole non-streamed body of any endpoint into
//! the same stream events (Anthropic's stream: `messages_parse.rs`).

use super::chat_stream::StreamEvent;
use super::errors::{from_envelope_message, from_status};
use super::wire::{ChatChunk, WireUsage};
use crate::error::AppError;
use serde_json::Value;
use std::collections::VecDeque;

/// One `data:` line of `/v1/chat/completions`. A line that is not JSON is
/// skipped: a garbled line should not cost the whole answer.
pub(crate) fn parse_chat_chunk(data: &str) -> Result<Vec<StreamEvent>, AppError> {
    let Ok(chunk) = serde_json::from_str::<ChatChunk>(data) else {
        tracing::warn!(len = data.len(), "skipped an SSE line that is not JSON");
        return Ok(Vec::new());
    };
    if let Some(error) = chunk.error {
        return Err(from_envelope_message(&error.message));
    }
    let mut events = Vec::new();
    for choice in chunk.choices {
        if let Some(delta) = choice.delta {
            if let Some(thought) = delta
                .reasoning_content
                .or(delta.reasoning)
                .filter(|t| !t.is_empty())
            {
                events.push(StreamEvent::Thinking(thought));
            }
            if let Some(text) = delta.content.filter(|t| !t.is_empty()) {
                events.push(StreamEvent::Delta(text));
            }
        }
        if let Some(reason) = choice.finish_reason.filter(|r| !r.is_empty()) {
            events.push(StreamEvent::Finish(reason));
        }
    }
    events.extend(chunk.usage.map(StreamEvent::Usage));
    Ok(events)
}

fn usage_of(response: &Value) -> Option<StreamEvent> {
    serde_json::from_value::<WireUsage>(response["usage"].clone())
        .ok()
        .map(StreamEvent::Usage)
}

/// One event of `/v1/responses`. The type is in the `event:` field and, in
/// OpenAI's format, in the data's `type` too: either will do.
pub(crate) fn parse_response_event(kind: &str, data: &str) -> Result<Vec<StreamEvent>, AppError> {
    let Ok(value) = serde_json::from_str::<Value>(data) else {
        tracing::warn!(
            len = data.len(),
            "skipped a responses event that is not JSON"
        );
        return Ok(Vec::new());
    };
    let kind = value["type"]
        .as_str()
        .filter(|_| kind.is_empty() || kind == "message")
        .unwrap_or(kind);
    let mut events = Vec::new();
    match kind {
        "response.output_text.delta" => {
            if let Some(text) = value["delta"].as_str().filter(|t| !t.is_empty()) {
                events.push(StreamEvent::Delta(text.to_owned()));
            }
        }
        "response.reasoning_summary_text.delta" | "response.reasoning_text.delta" => {
            if let Some(text) = value["delta"].as_str().filter(|t| !t.is_empty()) {
                events.push(StreamEvent::Thinking(text.to_owned()));
            }
        }
        // Summary parts are separate paragraphs of one thought.
        "response.reasoning_summary_part.done" => {
            events.push(StreamEvent::Thinking("\n\n".to_owned()));
        }
        "response.completed" | "response.incomplete" => {
            events.extend(usage_of(&value["response"]));
            let reason = if kind == "response.completed" {
                "stop"
            } else {
                "length"
            };
            events.push(StreamEvent::Finish(reason.to_owned()));
        }
        "response.failed" => {
            let message = value["response"]["error"]["message"]
                .as_str()
                .unwrap_or("the response failed");
            return Err(from_envelope_message(message));
        }
        "error" => {
            let message = value["message"]
                .as_str()
                .or(value["error"]["message"].as_str())
                .unwrap_or("unknown error");
            return Err(from_envelope_message(message));
        }
        _ => {}
    }
    Ok(events)
}

/// A whole JSON answer where a stream was asked for: a chat completion, a
/// response object (CometAPI's example shows either), or an error envelope.
pub(crate) fn parse_whole_body(body: &str) -> Result<VecDeque<StreamEvent>, AppError> {
    let value: Value =
        serde_json::from_str(body).map_err(|_| from_status(reqwest::StatusCode::OK, body))?;
    if value.get("error").is_some_and(|e| !e.is_null()) {
        return Err(from_envelope_message(
            value["error"]["message"]
                .as_str()
                .unwrap_or("unknown error"),
        ));
    }
    if let Some(events) = super::messages_parse::parse_whole_message(&value) {
        return Ok(events);
    }
    let mut events = VecDeque::new();
    let message = &value["choices"][0]["message"];
    let thought = message["reasoning_content"]
        .as_str()
        .or(message["reasoning"].as_str())
        .map(str::to_owned)
        .unwrap_or_else(|| response_reasoning(&value));
    if !thought.is_empty() {
        events.push_back(StreamEvent::Thinking(thought));
    }
    let text = match value["choices"][0]["message"]["content"].as_str() {
        Some(text) => text.to_owned(),
        None => response_output_text(&value),
    };
    if !text.is_empty() {
        events.push_back(StreamEvent::Delta(text));
    }
    events.extend(usage_of(&value));
    let reason = value["choices"][0]["finish_reason"]
        .as_str()
        .unwrap_or("stop");
    events.push_back(StreamEvent::Finish(reason.to_owned()));
    Ok(events)
}

/// The reasoning summary of a response object, paragraphs apart.
fn response_reasoning(value: &Value) -> String {
    let items = value["output"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let parts: Vec<&str> = items
        .iter()
        .filter(|item| item["type"] == "reasoning")
        .flat_map(|item| {
            item["summary"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
        })
        .filter_map(|part| part["text"].as_str())
        .collect();
    parts.join("\n\n")
}

/// The text of a response object: every `output_text` part of its output.
fn response_output_text(value: &Value) -> String {
    if let Some(text) = value["output_text"].as_str() {
        return text.to_owned();
    }
    let items = value["output"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    items
        .iter()
        .flat_map(|item| {
            item["content"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
        })
        .filter(|part| part["type"] == "output_text")
        .filter_map(|part| part["text"].as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_events_become_deltas_usage_and_a_finish() {
        let delta = parse_response_event(
            "response.output_text.delta",
            r#"{"type":"response.output_text.delta","delta":"Hi"}"#,
        );
        assert_eq!(delta.unwrap(), vec![StreamEvent::Delta("Hi".into())]);
        let done = parse_response_event(
            "",
            r#"{"type":"response.completed","response":{"usage":{"input_tokens":3,"output_tokens":5,"total_tokens":8}}}"#,
        )
        .unwrap();
        let StreamEvent::Usage(usage) = &done[0] else {
            panic!("{done:?}")
        };
        assert_eq!(
            (
                usage.prompt_tokens,
                usage.completion_tokens,
                usage.total_tokens
            ),
            (Some(3), Some(5), Some(8))
        );
        assert_eq!(done[1], StreamEvent::Finish("stop".into()));
        assert!(parse_response_event(
            "response.failed",
            r#"{"response":{"error":{"message":"boom"}}}"#
        )
        .is_err());
    }

    #[test]
    fn whole_bodies_of_both_shapes_are_read() {
        let chat = r#"{"choices":[{"message":{"content":"A"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1}}"#;
        assert_eq!(
            parse_whole_body(chat).unwrap()[0],
            StreamEvent::Delta("A".into())
        );
        let response = r#"{"object":"response","output":[{"type":"message","content":[{"type":"output_text","text":"B"}]}]}"#;
        assert_eq!(
            parse_whole_body(response).unwrap()[0],
            StreamEvent::Delta("B".into())
        );
        assert!(parse_whole_body(r#"{"error":{"message":"x"}}"#).is_err());
    }
}
