//! `POST /v1/messages`: the echoing assistant in Anthropic's Messages API
//! (CometAPI relays it for Claude). Key as `Authorization: Bearer` or
//! `x-api-key`; the body checked as Anthropic checks it
//! (`messages_checks.rs`); errors in Anthropic's shape. Streams
//! `message_start`, `ping`, a `thinking` block with its signature when
//! `thinking` is enabled, the text block, `message_delta`, `message_stop`.
//!
//! | word / model | effect |
//! |---|---|
//! | `[[cache:R:W]]` | usage reports R tokens read from the prompt cache and W written |
//! | `[[fault:overloaded]]` | 529 `overloaded_error` (retried by clients) |
//! | `[[fault:refuse]]` | 400 `invalid_request_error` in Anthropic's shape |
//! | `[[fault:midstream-error:N]]` | an `error` event (`overloaded_error`) after N text chunks |
//! | model `claude-chat-only` | 400: served only on `/v1/chat/completions` |
//!
//! The chat faults (`[[fault:503]]`, `drop`, `slow`, `nousage`, `json`...)
//! work here too; statuses they pick come in OpenAI's shape, as the
//! gateway's own failures do.

use crate::chat::{answer_for, early_failure, text_of, title_request};
use crate::sse_stream::split_into_chunks;
use crate::{faults, messages_checks, AppState};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::time::Duration;

pub(crate) fn anthropic_error(status: StatusCode, kind: &str, message: &str) -> Response {
    let body = json!({"type": "error", "error": {"type": kind, "message": message}});
    (status, Json(body)).into_response()
}

fn event(kind: &str, data: Value) -> Bytes {
    Bytes::from(format!("event: {kind}\ndata: {data}\n\n"))
}

fn key_of(headers: &HeaderMap) -> String {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    header("x-api-key")
        .or_else(|| header("authorization").map(|v| v.strip_prefix("Bearer ").unwrap_or(v)))
        .unwrap_or_default()
        .to_owned()
}

/// A deterministic stand-in for Anthropic's opaque signature.
fn signature_of(thinking: &str) -> String {
    use base64::Engine;
    let sum: u64 = thinking.bytes().map(u64::from).sum();
    base64::engine::general_purpose::STANDARD.encode(format!("fake-signature:{sum}"))
}

pub(crate) async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(raw): Json<Value>,
) -> Response {
    let key = key_of(&headers);
    if !key.starts_with("sk-") || key.contains("bad") {
        return anthropic_error(
            StatusCode::UNAUTHORIZED,
            "authentication_error",
            "invalid x-api-key",
        );
    }
    state.counters.record(&raw);
    if let Some(problem) = messages_checks::refusal(&raw, headers.contains_key("anthropic-version"))
    {
        return anthropic_error(StatusCode::BAD_REQUEST, "invalid_request_error", &problem);
    }
    let model = raw["model"].as_str().unwrap_or_default().to_owned();
    if model == "claude-chat-only" {
        return anthropic_error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "claude-chat-only is not supported in /v1/messages; use /v1/chat/completions",
        );
    }
    if model.starts_with("unavailable-") {
        return crate::auth::error(
            StatusCode::SERVICE_UNAVAILABLE,
            "No available channel for model under group default",
        );
    }
    let messages = raw["messages"].as_array().cloned().unwrap_or_default();
    let prompt = messages
        .iter()
        .rev()
        .find(|m| m["role"] == "user")
        .map(text_of)
        .unwrap_or_default();
    let system = raw["system"].as_str().unwrap_or_default();
    let with_system: Vec<Value> = std::iter::once(json!({"role": "system", "content": system}))
        .chain(messages.iter().cloned())
        .collect();
    let faults = faults::parse(&prompt);
    let answer = match title_request(&with_system, &prompt) {
        Some(title) => title,
        None => {
            if prompt.contains("[[fault:refuse]]") {
                return anthropic_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request_error",
                    "messages.0.content: this request was refused (fake)",
                );
            }
            if prompt.contains("[[fault:overloaded]]") {
                return anthropic_error(
                    StatusCode::from_u16(529).unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
                    "overloaded_error",
                    "Overloaded",
                );
            }
            if let Some(early) = early_failure(&state, &faults, &prompt) {
                return early;
            }
            answer_for(&prompt, &faults)
        }
    };
    let pieces = split_into_chunks(&answer);
    let thinks = raw["thinking"]["type"] == "enabled";
    let thought = thinks.then(|| crate::thinking::pieces(12));
    let input: usize = with_system
        .iter()
        .map(|m| text_of(m).split_whitespace().count())
        .sum();
    let (cache_read, cache_write) = cache_of(&prompt);
    let output = pieces.len() + thought.as_ref().map_or(0, Vec::len);
    let usage_start = if faults.no_usage {
        Value::Null
    } else {
        json!({"input_tokens": input, "output_tokens": 1,
            "cache_read_input_tokens": cache_read, "cache_creation_input_tokens": cache_write})
    };
    if faults.json_body || raw["stream"] != true {
        let mut content = Vec::new();
        if let Some(thought) = &thought {
            let text = thought.concat();
            content.push(
                json!({"type": "thinking", "thinking": text, "signature": signature_of(&text)}),
            );
        }
        content.push(json!({"type": "text", "text": answer}));
        let mut usage = usage_start;
        if usage.is_object() {
            usage["output_tokens"] = output.into();
        }
        return Json(
            json!({"id": "msg_fake", "type": "message", "role": "assistant", "model": model,
            "content": content, "stop_reason": "end_turn", "usage": usage}),
        )
        .into_response();
    }
    let delay = faults
        .slow_ms
        .map(Duration::from_millis)
        .unwrap_or(state.config.chunk_delay);
    let body = async_stream::stream! {
        yield Ok::<_, std::io::Error>(event("message_start", json!({"type": "message_start", "message": {
            "id": "msg_fake", "type": "message", "role": "assistant", "model": model, "content": [],
            "stop_reason": null, "usage": usage_start}})));
        yield Ok(event("ping", json!({"type": "ping"})));
        let mut index = 0;
        if let Some(thought) = &thought {
            yield Ok(event("content_block_start", json!({"type": "content_block_start", "index": 0,
                "content_block": {"type": "thinking", "thinking": "", "signature": ""}})));
            for piece in thought {
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                yield Ok(event("content_block_delta", json!({"type": "content_block_delta", "index": 0,
                    "delta": {"type": "thinking_delta", "thinking": piece}})));
            }
            yield Ok(event("content_block_delta", json!({"type": "content_block_delta", "index": 0,
                "delta": {"type": "signature_delta", "signature": signature_of(&thought.concat())}})));
            yield Ok(event("content_block_stop", json!({"type": "content_block_stop", "index": 0})));
            index = 1;
        }
        yield Ok(event("content_block_start", json!({"type": "content_block_start", "index": index,
            "content_block": {"type": "text", "text": ""}})));
        for (i, piece) in pieces.iter().enumerate() {
            if faults.drop_after == Some(i) {
                tokio::time::sleep(Duration::from_millis(50)).await;
                yield Err(std::io::Error::other("fake-comet cut the connection"));
                return;
            }
            if faults.midstream_error_after == Some(i) {
                yield Ok(event("error", json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})));
                return;
            }
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            yield Ok(event("content_block_delta", json!({"type": "content_block_delta", "index": index,
                "delta": {"type": "text_delta", "text": piece}})));
        }
        yield Ok(event("content_block_stop", json!({"type": "content_block_stop", "index": index})));
        let usage = if faults.no_usage { Value::Null } else { json!({"output_tokens": output}) };
        yield Ok(event("message_delta", json!({"type": "message_delta",
            "delta": {"stop_reason": "end_turn", "stop_sequence": null}, "usage": usage})));
        yield Ok(event("message_stop", json!({"type": "message_stop"})));
    };
    Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .body(Body::from_stream(body))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// `[[cache:R:W]]`: tokens read from and written to the prompt cache.
fn cache_of(prompt: &str) -> (u64, u64) {
    let Some(word) = prompt
        .split("[[cache:")
        .nth(1)
        .and_then(|rest| rest.split_once("]]"))
    else {
        return (0, 0);
    };
    let (read, write) = word.0.split_once(':').unwrap_or((word.0, "0"));
    (read.parse().unwrap_or(0), write.parse().unwrap_or(0))
}
