//! `POST /v1/embeddings` in OpenAI's shape: a vector per input, made from
//! the input's words (each word lands on one dimension), so texts sharing
//! words point the same way and retrieval can be tested for the right
//! passage. The same text always gets the same vector.
//!
//! | input holds | effect |
//! |---|---|
//! | `[[fault:413]]` | 413, as a gateway refuses a body too large |
//! | `[[fault:429]]` | 429 with `Retry-After: 1`, every time |
//! | `[[fault:429:N]]` | 429 for the first N requests holding this input, then vectors |
//!
//! A body over 2 MB is refused with 413 whatever it says (by axum before
//! this handler, in its plain words, as a proxy in front would), an input over
//! 8,191 tokens (by 4 bytes a token) with 400, as OpenAI's models do.

use crate::{auth, AppState};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

const MAX_BODY: usize = 2 * 1024 * 1024;
const MAX_INPUT_TOKENS: usize = 8191;
const MAX_INPUTS: usize = 2048;

pub(crate) async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    if body.len() > MAX_BODY {
        return auth::error(StatusCode::PAYLOAD_TOO_LARGE, "request entity too large");
    }
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return auth::error(StatusCode::BAD_REQUEST, "the body is not JSON");
    };
    let inputs: Vec<String> = match &request["input"] {
        Value::String(one) => vec![one.clone()],
        Value::Array(many) => many
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => return auth::error(StatusCode::BAD_REQUEST, "input is required"),
    };
    if inputs.is_empty() || inputs.len() > MAX_INPUTS {
        return auth::error(StatusCode::BAD_REQUEST, "input must hold 1 to 2048 strings");
    }
    if let Some(refused) = fault(&state, &inputs) {
        return refused;
    }
    if inputs.iter().any(|i| tokens(i) > MAX_INPUT_TOKENS) {
        return auth::error(
            StatusCode::BAD_REQUEST,
            "This model's maximum context length is 8192 tokens, however you requested more",
        );
    }
    let model = request["model"]
        .as_str()
        .unwrap_or("text-embedding-3-small")
        .to_owned();
    let dims = request["dimensions"]
        .as_u64()
        .filter(|_| model.starts_with("text-embedding-3"))
        .map_or_else(|| natural_dimensions(&model), |d| d as usize);
    state
        .counters
        .embedding_lengths
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(dims);
    state
        .counters
        .embedded
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .extend(inputs.iter().cloned());
    let used: usize = inputs.iter().map(|i| tokens(i)).sum();
    let data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(index, text)| json!({"object": "embedding", "index": index, "embedding": vector(text, dims)}))
        .collect();
    Json(json!({
        "object": "list",
        "data": data,
        "model": model,
        "usage": {"prompt_tokens": used, "total_tokens": used}
    }))
    .into_response()
}

fn fault(state: &AppState, inputs: &[String]) -> Option<Response> {
    let joined = inputs.join("\n");
    if joined.contains("[[fault:413]]") {
        return Some(auth::error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request entity too large",
        ));
    }
    let limit = joined.split("[[fault:429").nth(1).map(|rest| {
        rest.strip_prefix(':')
            .and_then(|n| n.split("]]").next()?.parse::<u32>().ok())
            .unwrap_or(u32::MAX)
    })?;
    let mut seen = state
        .counters
        .by_prompt
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let count = seen.entry(joined).or_insert(0);
    *count += 1;
    if *count > limit {
        return None;
    }
    let mut refused = auth::error(
        StatusCode::TOO_MANY_REQUESTS,
        "rate limit reached for embeddings",
    );
    refused
        .headers_mut()
        .insert("retry-after", axum::http::HeaderValue::from_static("1"));
    Some(refused)
}

fn tokens(text: &str) -> usize {
    text.len().div_ceil(4).max(1)
}

fn natural_dimensions(model: &str) -> usize {
    if model.contains("3-large") {
        3072
    } else {
        1536
    }
}

/// Each lower-cased word adds one to the dimension its hash picks; the sum
/// is scaled to length 1, as OpenAI's vectors are.
fn vector(text: &str, dims: usize) -> Vec<f32> {
    let dims = dims.max(1);
    let mut v = vec![0f32; dims];
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let hash = word
            .to_lowercase()
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            });
        v[(hash % dims as u64) as usize] += 1.0;
    }
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm == 0.0 {
        v[0] = 1.0;
    } else {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}
