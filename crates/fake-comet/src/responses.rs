//! `POST /v1/responses`: the same echoing assistant, in the Responses
//! API's event stream (`response.output_text.delta` ... `response.completed`).
//! Extra magic word: `[[fault:response-failed]]` ends with `response.failed`.

use crate::chat::{answer_for, early_failure, text_of};
use crate::sse_stream::split_into_chunks;
use crate::{auth, faults, AppState};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Duration;

#[derive(Deserialize, Default)]
pub(crate) struct ResponsesBody {
    #[serde(default)]
    model: String,
    #[serde(default)]
    input: Value,
    #[serde(default)]
    stream: bool,
    #[serde(default)]
    reasoning: Value,
}

fn raw_asks_summary(reasoning: &Value) -> bool {
    reasoning["summary"].as_str().is_some_and(|s| !s.is_empty())
}

fn event(kind: &str, data: Value) -> Bytes {
    Bytes::from(format!("event: {kind}\ndata: {data}\n\n"))
}

pub(crate) async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(raw): Json<Value>,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    state.counters.record(&raw);
    let body: ResponsesBody = serde_json::from_value(raw).unwrap_or_default();
    if body.model.is_empty() {
        return auth::error(StatusCode::BAD_REQUEST, "model name is required");
    }
    let inputs: Vec<Value> = match &body.input {
        Value::String(text) => vec![json!({"role": "user", "content": text})],
        Value::Array(items) => items.clone(),
        _ => Vec::new(),
    };
    let prompt = inputs
        .iter()
        .rev()
        .find(|m| m["role"] == "user")
        .map(text_of)
        .unwrap_or_default();
    let faults = faults::parse(&prompt);
    if let Some(early) = early_failure(&state, &faults, &prompt) {
        return early;
    }
    let answer = answer_for(&prompt, &faults);
    let pieces = split_into_chunks(&answer);
    let input_tokens: usize = inputs
        .iter()
        .map(|m| text_of(m).split_whitespace().count())
        .sum();
    // A reasoning summary only when one was asked for, as on OpenAI.
    let think = faults
        .think
        .clone()
        .filter(|t| t.shape == "summary" && raw_asks_summary(&body.reasoning));
    let thought = think.as_ref().map_or(0, |t| t.words);
    let mut usage = json!({"input_tokens": input_tokens, "output_tokens": pieces.len() + thought, "total_tokens": input_tokens + pieces.len() + thought});
    if thought > 0 {
        usage["output_tokens_details"] = json!({"reasoning_tokens": thought});
    }
    if !body.stream {
        let mut output = vec![
            json!({"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": answer}]}),
        ];
        if let Some(think) = &think {
            let text = crate::thinking::pieces(think.words).concat();
            output.insert(
                0,
                json!({"type": "reasoning", "summary": [{"type": "summary_text", "text": text}]}),
            );
        }
        return Json(json!({
            "id": "resp_fake", "object": "response", "model": body.model, "status": "completed",
            "output": output,
            "usage": usage
        }))
        .into_response();
    }
    let failed = prompt.contains("[[fault:response-failed]]");
    let delay = faults
        .slow_ms
        .map(Duration::from_millis)
        .unwrap_or(state.config.chunk_delay);
    let stream = async_stream::stream! {
        yield Ok::<_, std::io::Error>(event("response.created", json!({"type": "response.created", "response": {"id": "resp_fake", "status": "in_progress"}})));
        if let Some(think) = &think {
            for piece in crate::thinking::pieces(think.words) {
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                yield Ok(event("response.reasoning_summary_text.delta", json!({"type": "response.reasoning_summary_text.delta", "item_id": "rs_fake", "summary_index": 0, "delta": piece})));
            }
            yield Ok(event("response.reasoning_summary_part.done", json!({"type": "response.reasoning_summary_part.done", "item_id": "rs_fake", "summary_index": 0})));
        }
        for (i, piece) in pieces.iter().enumerate() {
            if faults.drop_after == Some(i) {
                tokio::time::sleep(Duration::from_millis(50)).await;
                yield Err(std::io::Error::other("fake-comet cut the connection"));
                return;
            }
            if failed && i == 2 {
                yield Ok(event("response.failed", json!({"type": "response.failed", "response": {"status": "failed", "error": {"code": "server_error", "message": "the model failed mid-answer"}}})));
                return;
            }
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            yield Ok(event("response.output_text.delta", json!({"type": "response.output_text.delta", "delta": piece})));
        }
        yield Ok(event("response.completed", json!({"type": "response.completed", "response": {"id": "resp_fake", "status": "completed", "usage": usage}})));
    };
    Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}
