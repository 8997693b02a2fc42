//! `POST /v1/chat/completions`: an echoing assistant that streams like the
//! real gateway, or fails the way the prompt asks it to.

use crate::faults::{self, Faults};
use crate::sse_stream::{big_pieces, split_into_chunks, stream, STAMP};
use crate::{auth, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize, Default)]
pub(crate) struct ChatBody {
    #[serde(default)]
    model: String,
    #[serde(default)]
    messages: Vec<Value>,
    #[serde(default)]
    stream: bool,
}

pub(crate) fn text_of(message: &Value) -> String {
    match &message["content"] {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| p["text"].as_str())
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

pub(crate) async fn completions(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(raw): Json<Value>,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    state.counters.record(&raw);
    let body: ChatBody = serde_json::from_value(raw).unwrap_or_default();
    if body.model.is_empty() {
        return auth::error(StatusCode::BAD_REQUEST, "model name is required");
    }
    if body.model.starts_with("unavailable-") {
        // As the gateway says when no channel serves a model for this key.
        return auth::error(
            StatusCode::SERVICE_UNAVAILABLE,
            "No available channel for model under group default",
        );
    }
    if crate::models::RESPONSES_ONLY.contains(&body.model.as_str()) {
        return auth::error(
            StatusCode::BAD_REQUEST,
            "This model is only supported in v1/responses and not in v1/chat/completions.",
        );
    }
    let prompt = body
        .messages
        .iter()
        .rev()
        .find(|m| m["role"] == "user")
        .map(text_of)
        .unwrap_or_default();
    if let Some(title) = title_request(&body.messages, &prompt) {
        let usage = json!({"prompt_tokens": 40, "completion_tokens": 4, "total_tokens": 44});
        return stream(
            state,
            Faults::default(),
            body.model,
            split_into_chunks(&title),
            usage,
        );
    }
    let mut faults = faults::parse(&prompt);
    faults.caller_token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if body.model.contains("-image") {
        let answer = crate::images::chat_answer(&headers, &prompt);
        let usage = json!({"prompt_tokens": 12, "completion_tokens": 90, "total_tokens": 102});
        return stream(state, faults, body.model, split_into_chunks(&answer), usage);
    }
    if faults.echo_key {
        // Some upstreams quote the key they refused: the client must not pass it on.
        let auth = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        return auth::error(StatusCode::BAD_REQUEST, &format!("bad request for {auth}"));
    }
    if let Some(early) = early_failure(&state, &faults, &prompt) {
        return early;
    }
    let answer = answer_for(&prompt, &faults);
    let prompt_tokens: usize = body
        .messages
        .iter()
        .map(|m| text_of(m).split_whitespace().count())
        .sum();
    let mut pieces = match faults.big_mb {
        Some(mb) => big_pieces(mb),
        None => split_into_chunks(&answer),
    };
    let thought = faults.think.as_ref().map_or(0, |t| t.words);
    let completion = pieces.len() + thought;
    let mut usage = json!({
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion,
        "total_tokens": prompt_tokens + completion
    });
    if thought > 0 {
        usage["completion_tokens_details"] = json!({"reasoning_tokens": thought});
    }
    if faults.json_body || !body.stream {
        let mut message = json!({"role": "assistant", "content": answer});
        if let Some(think) = &faults.think {
            let text = crate::thinking::pieces(think.words).concat();
            match think.shape.as_str() {
                "tags" => message["content"] = json!(format!("<think>{text}</think>\n\n{answer}")),
                shape => message[shape] = json!(text),
            }
        }
        return Json(json!({
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "model": body.model,
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            "usage": usage
        }))
        .into_response();
    }
    if let Some(think) = faults.think.as_ref().filter(|t| t.shape == "tags") {
        pieces = crate::thinking::tagged(think.words, &pieces);
    }
    stream(state, faults, body.model, pieces, usage)
}

/// A client asking to name a chat gets "About" and the question's first
/// words (magic words removed), whatever faults the question asked for.
pub(crate) fn title_request(messages: &[Value], prompt: &str) -> Option<String> {
    let system = messages
        .first()
        .filter(|m| m["role"] == "system")
        .map(text_of)?;
    if !system.contains("You name conversations") {
        return None;
    }
    let question = prompt
        .strip_prefix("User: ")?
        .split("\n\nAssistant:")
        .next()?;
    let clean: String = question
        .split("[[")
        .map(|part| part.split_once("]]").map_or(part, |(_, rest)| rest))
        .collect();
    let words: Vec<&str> = clean.split_whitespace().take(4).collect();
    let title = format!("\"About {}.\"", words.join(" "));
    // A reasoning model asked for a title thinks aloud first.
    if question.contains("[[think:") {
        return Some(format!(
            "<think>The user wants a short title.</think>\n{title}"
        ));
    }
    Some(title)
}

pub(crate) fn early_failure(state: &AppState, faults: &Faults, prompt: &str) -> Option<Response> {
    if let Some(times) = faults.flaky {
        let mut seen = state
            .counters
            .by_prompt
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let count = seen.entry(prompt.to_owned()).or_insert(0);
        *count += 1;
        if *count <= times {
            return Some(auth::error(
                StatusCode::SERVICE_UNAVAILABLE,
                "no available channel (flaky)",
            ));
        }
    }
    if faults.redirect {
        return Some(
            (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/")], "").into_response(),
        );
    }
    if faults.html_403 {
        let page = "<html><body><h1>403 Forbidden</h1>blocked by firewall</body></html>";
        return Some(
            (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "text/html")],
                page,
            )
                .into_response(),
        );
    }
    if faults.error_200 {
        return Some(Json(json!({"error": {"message": "upstream failed inside a 200", "type": "comet_api_error", "code": ""}})).into_response());
    }
    let status = StatusCode::from_u16(faults.status?).ok()?;
    let mut response = auth::error(status, &format!("fake failure {}", status.as_u16()));
    if faults.retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
    }
    Some(response)
}

/// The diagrams `[[diagram:…]]` asks for: one drawn, one that cannot be
/// read (a missing bracket), one of a kind Comet Desk leaves out.
const DIAGRAMS: [(&str, &str); 3] = [
    ("", "flowchart TD\n    A[Ask a question] --> B{Is it clear?}\n    B -->|Yes| C[Answer it]\n    B -->|No| D[Ask back]\n    D --> A"),
    ("broken", "flowchart TD\n    A[Ask a question --> B{Is it clear?"),
    ("pie", "pie title Pets\n    \"Dogs\" : 386\n    \"Cats\" : 85"),
];

pub(crate) fn answer_for(prompt: &str, faults: &Faults) -> String {
    if let Some(shape) = &faults.diagram {
        let (_, source) = DIAGRAMS
            .iter()
            .find(|(name, _)| name == shape)
            .unwrap_or(&DIAGRAMS[0]);
        return format!(
            "Here is how it goes:\n\n```mermaid\n{source}\n```\n\nAsk if a step is unclear.\n"
        );
    }
    if let Some(n) = faults.stamps {
        return STAMP.repeat(n);
    }
    if let Some(n) = faults.essay {
        // Shaped like a long real answer: paragraphs, now and then code.
        return (0..n)
            .map(|i| match i % 1000 {
                999 => "\n\n```js\nconst total = items.reduce((sum, item) => sum + item.price, 0);\n```\n\n".to_owned(),
                _ if i % 50 == 49 => ".\n\n".to_owned(),
                _ => format!(" w{i}"),
            })
            .collect();
    }
    if let Some(n) = faults.words {
        return (0..n)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
    }
    let clean: String = prompt
        .split("[[")
        .map(|part| part.split_once("]]").map_or(part, |(_, rest)| rest))
        .collect();
    format!(
        "You said: {}\n\nHere is a **bold** point, a list and some code:\n\n- one\n- two\n\n```rust\nfn main() {{\n    println!(\"hello\");\n}}\n```\n",
        clean.trim()
    )
}
