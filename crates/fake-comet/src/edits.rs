//! `POST /v1/images/edits`: multipart, as OpenAI's: `image` (the picture
//! to change), an optional `mask` of the same size, `prompt`, `model`, `n`.
//! The image must decode; a mask of another size is refused (400), as
//! upstream does. What was sent is recorded for tests (sizes, not bytes).

use crate::{auth, AppState};
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde_json::{json, Value};

fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let image = image::load_from_memory(bytes).ok()?;
    Some((image.width(), image.height()))
}

pub(crate) async fn edits(
    State(state): State<AppState>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    let mut fields = serde_json::Map::new();
    let mut image = None;
    let mut mask = None;
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        let Ok(bytes) = field.bytes().await else {
            return auth::error(StatusCode::BAD_REQUEST, "could not read the form");
        };
        match name.as_str() {
            "image" | "image[]" => image = Some(bytes.to_vec()),
            "mask" => mask = Some(bytes.to_vec()),
            _ => {
                fields.insert(name, String::from_utf8_lossy(&bytes).into_owned().into());
            }
        }
    }
    let Some(image) = image else {
        return auth::error(StatusCode::BAD_REQUEST, "image is required");
    };
    let Some(size) = dimensions(&image) else {
        return auth::error(StatusCode::BAD_REQUEST, "image must be a PNG, JPEG or WebP");
    };
    if let Some(mask) = &mask {
        if dimensions(mask) != Some(size) {
            return auth::error(
                StatusCode::BAD_REQUEST,
                "mask must be an image of the same size as image",
            );
        }
    }
    let prompt = fields
        .get("prompt")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if prompt.trim().is_empty() {
        return auth::error(StatusCode::BAD_REQUEST, "prompt is required");
    }
    let model = fields
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("gpt-image-1")
        .to_owned();
    let n: usize = fields
        .get("n")
        .and_then(Value::as_str)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let mut record = Value::Object(fields);
    record["endpoint"] = "/v1/images/edits".into();
    record["image_bytes"] = image.len().into();
    record["image_size"] = json!([size.0, size.1]);
    record["mask_bytes"] = mask.as_ref().map_or(Value::Null, |m| m.len().into());
    state.counters.record(&record);
    let data: Vec<Value> = (0..n.clamp(1, 4))
        .map(|i| {
            let name = format!("edit-{}-{i}.png", prompt.len());
            let bytes = crate::files::png(&format!("{prompt}{i}"), size.0.min(512));
            if model == "gpt-image-1" {
                json!({"b64_json": base64::engine::general_purpose::STANDARD.encode(bytes)})
            } else {
                let host = headers
                    .get("host")
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or("127.0.0.1");
                json!({"url": format!("http://{host}/files/{name}")})
            }
        })
        .collect();
    let mut answer = json!({"created": 1_700_000_000, "data": data});
    if model == "gpt-image-1" {
        answer["usage"] = json!({"input_tokens": 340, "output_tokens": 1056, "total_tokens": 1396});
    }
    Json(answer).into_response()
}
