//! `GET /v1/models` in CometAPI's list shape.

use crate::auth;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

pub(crate) const MODELS: &[&str] = &[
    "gpt-4o-mini",
    "gpt-4o",
    "o3-pro",
    "o4-pro-preview",
    "gpt-5",
    "claude-sonnet-4-5",
    "deepseek-chat",
    "gpt-4o-image",
    "dall-e-3",
    "gpt-image-1",
    "text-embedding-3-small",
    // A name made of markup, for the injection suite: shown, never run.
    "gpt-4o-mini<img src=x onerror=\"window.__pwned&&__pwned.push('model')\">",
];

/// Served only by `/v1/responses`, as on the real gateway. `o4-pro-preview`
/// is not in the app's list, so it exercises the learn-and-retry path.
pub(crate) const RESPONSES_ONLY: &[&str] = &["o1-pro", "o3-pro", "o4-pro-preview"];

pub(crate) async fn list(headers: HeaderMap) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    let task_models = crate::catalogue::task_model_ids();
    let data: Vec<_> = MODELS
        .iter()
        .map(|id| id.to_string())
        .chain(task_models)
        .map(|id| json!({"id": id, "object": "model", "created": 1_700_000_000, "owned_by": "cometapi"}))
        .collect();
    Json(json!({"object": "list", "data": data})).into_response()
}
