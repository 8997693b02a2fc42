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
    let mut data = vec![
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
        entry(
            "suno_music",
            "Suno",
            "audio",
            &[],
            json!({"per_request": 0.1}),
        ),
        entry(
            "suno_lyrics",
            "Suno",
            "audio",
            &[],
            json!({"per_request": 0.01}),
        ),
        entry("sora-2", "OpenAI", "video", &[], json!({"per_second": 0.1})),
        entry(
            "sora-2-pro",
            "OpenAI",
            "video",
            &[],
            json!({"per_second": 0.3}),
        ),
        entry(
            "veo3-fast",
            "Google",
            "video",
            &[],
            json!({"per_request": 0.4}),
        ),
        entry(
            "veo3.1-fast",
            "Google",
            "video",
            &[],
            json!({"per_request": 0.4}),
        ),
        entry(
            "doubao-seedance-1-0-pro",
            "ByteDance",
            "video",
            &[],
            json!({"per_second": 0.05}),
        ),
        entry(
            "kling-v2-master",
            "Kling",
            "video",
            &[],
            json!({"per_request": 1.0}),
        ),
        entry(
            "kling-v1-6",
            "Kling",
            "video",
            &[],
            json!({"per_request": 0.28}),
        ),
        entry(
            "gen3a_turbo",
            "Runway",
            "video",
            &[],
            json!({"per_second": 0.05}),
        ),
        entry(
            "gen4_turbo",
            "Runway",
            "video",
            &[],
            json!({"per_second": 0.05}),
        ),
        entry(
            "black-forest-labs/flux-schnell",
            "Black Forest Labs",
            "image",
            &[],
            json!({"per_request": 0.003}),
        ),
        entry(
            "black-forest-labs/flux-dev",
            "Black Forest Labs",
            "image",
            &[],
            json!({"per_request": 0.025}),
        ),
        entry(
            "black-forest-labs/flux-1.1-pro",
            "Black Forest Labs",
            "image",
            &[],
            json!({"per_request": 0.04}),
        ),
        entry(
            "black-forest-labs/flux-kontext-pro",
            "Black Forest Labs",
            "image",
            &[],
            json!({"per_request": 0.04}),
        ),
        entry(
            "black-forest-labs/flux-kontext-max",
            "Black Forest Labs",
            "image",
            &[],
            json!({"per_request": 0.08}),
        ),
    ];
    for (id, price) in midjourney_prices() {
        data.push(entry(
            &id,
            "Midjourney",
            "image",
            &[],
            json!({"per_request": price}),
        ));
    }
    let total = data.len();
    Json(json!({"success": true, "total": total, "data": data})).into_response()
}

/// Midjourney is priced per request, per speed tier and action
/// (`mj_fast_imagine`, `mj_turbo_upscale`...).
fn midjourney_prices() -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for (speed, factor) in [("relax", 0.5), ("fast", 1.0), ("turbo", 2.0)] {
        for (op, price) in [
            ("imagine", 0.056),
            ("upscale", 0.028),
            ("variation", 0.056),
            ("reroll", 0.056),
            ("zoom", 0.056),
            ("pan", 0.056),
            ("inpaint", 0.056),
            ("custom_zoom", 0.056),
            ("blend", 0.056),
            ("describe", 0.028),
            ("video", 0.3),
        ] {
            out.push((format!("mj_{speed}_{op}"), price * factor));
        }
    }
    out
}

/// The task models `/v1/models` lists beside the chat ones.
pub(crate) fn task_model_ids() -> impl Iterator<Item = String> {
    midjourney_prices().into_iter().map(|(id, _)| id).chain(
        [
            "black-forest-labs/flux-schnell",
            "black-forest-labs/flux-dev",
            "black-forest-labs/flux-1.1-pro",
            "black-forest-labs/flux-kontext-pro",
            "black-forest-labs/flux-kontext-max",
            "suno_music",
            "suno_lyrics",
            "sora-2",
            "sora-2-pro",
            "veo3-fast",
            "veo3.1-fast",
            "doubao-seedance-1-0-pro",
            "kling-v2-master",
            "kling-v1-6",
            "gen3a_turbo",
            "gen4_turbo",
        ]
        .into_iter()
        .map(str::to_owned),
    )
}
