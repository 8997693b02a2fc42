//! `GET /api/models`: CometAPI's public catalogue (no key): types, features
//! and prices per million tokens. Prices are strings for some models, as
//! relayed catalogues are not consistent; clients must accept both.

use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

fn entry(id: &str, provider: &str, model_type: &str, features: &[&str], pricing: Value) -> Value {
    json!({
        "id": id,
        "provider": provider,
        "model_type": model_type,
        "features": features,
        "pricing": pricing,
        "api_doc_url": format!("https://api.cometapi.com/doc/{id}")
    })
}

fn tokens(input: f64, output: f64) -> Value {
    json!({"currency": "USD / M Tokens", "input": input, "output": output, "per_request": 0, "per_second": 0})
}

pub(crate) async fn catalogue() -> Response {
    let data = vec![
        entry(
            "gpt-4o-mini",
            "OpenAI",
            "llm",
            &["function_call", "vision"],
            tokens(0.12, 0.48),
        ),
        entry(
            "gpt-4o",
            "OpenAI",
            "llm",
            &["function_call", "vision"],
            tokens(2.0, 8.0),
        ),
        entry(
            "o3-pro",
            "OpenAI",
            "llm",
            &["reasoning"],
            tokens(16.0, 64.0),
        ),
        entry(
            "gpt-5",
            "OpenAI",
            "llm",
            &["reasoning", "vision"],
            tokens(1.0, 8.0),
        ),
        entry(
            "claude-sonnet-4-5",
            "Anthropic",
            "llm",
            &["vision"],
            json!({"currency": "USD / M Tokens", "input": "2.4", "output": "12"}),
        ),
        entry("deepseek-chat", "DeepSeek", "llm", &[], tokens(0.216, 0.88)),
        entry(
            "gpt-4o-image",
            "OpenAI",
            "image",
            &[],
            json!({"currency": "USD", "per_request": 0.04}),
        ),
        entry(
            "dall-e-3",
            "OpenAI",
            "image",
            &[],
            json!({"currency": "USD", "per_request": 0.032}),
        ),
        entry("gpt-image-1", "OpenAI", "image", &[], tokens(8.0, 32.0)),
        entry(
            "text-embedding-3-small",
            "OpenAI",
            "embedding",
            &[],
            tokens(0.016, 0.0),
        ),
        entry("suno-v4", "Suno", "audio", &[], json!({"per_request": 0.1})),
    ];
    let total = data.len();
    Json(json!({"success": true, "total": total, "data": data})).into_response()
}
