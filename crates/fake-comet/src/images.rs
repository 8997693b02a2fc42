//! Image generation, both ways CometAPI offers it:
//! - `gpt-4o-image` through chat: a streamed Markdown answer with progress
//!   lines (English, or Chinese with `[[zh]]`), then `![id](url)` and a
//!   download link to the same file;
//! - `POST /v1/images/generations`: `dall-e-3` answers URLs and a revised
//!   prompt, `gpt-image-1` answers `b64_json` with usage.
//!
//! Image links point at fake-comet's own `/files/`; a prompt with
//! `[[image:NAME]]` links to `/files/NAME` (e.g. `missing-x.png`).

use crate::{auth, AppState};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde_json::{json, Value};

pub(crate) fn base(headers: &HeaderMap) -> String {
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// The file an image prompt links to: named by `[[image:NAME]]` or the prompt.
fn file_name(prompt: &str, index: usize) -> String {
    if let Some(rest) = prompt.split("[[image:").nth(1) {
        if let Some((name, _)) = rest.split_once("]]") {
            return name.to_owned();
        }
    }
    let hash = prompt
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(131).wrapping_add(u64::from(b)));
    format!("gen-{hash:x}-{index}.png")
}

/// The streamed answer of a chat image model.
pub(crate) fn chat_answer(headers: &HeaderMap, prompt: &str) -> String {
    let url = format!("{}/files/{}", base(headers), file_name(prompt, 0));
    let clean: String = prompt
        .split("[[")
        .map(|part| part.split_once("]]").map_or(part, |(_, rest)| rest))
        .collect();
    let head = format!(
        "```\n{{\n  \"prompt\": \"{}\",\n  \"ratio\": \"1:1\"\n}}\n```\n\n",
        clean.trim().replace('"', "'")
    );
    if prompt.contains("[[zh]]") {
        format!(
            "{head}> 排队中\n\n> 生成中\n\n> 进度 **12%**\n\n> 进度 **48%**\n\n> 进度 **100%**\n\n生成完成 ✅\n\n![图片]({url})\n\n[点击下载]({url})"
        )
    } else {
        format!(
            "{head}>🕐 Queuing.\n\n>⚡ Generating..\n\n>🏃 Progress 14...37...61...74..[100](https://example.invalid/progress.png)\n\n> ✅ Generation complete\n\n\n![gen_01fake]({url})\n\n[下载⏬]({url})"
        )
    }
}

pub(crate) async fn generations(
    State(_state): State<AppState>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    let prompt = body["prompt"].as_str().unwrap_or_default();
    if prompt.trim().is_empty() {
        return auth::error(StatusCode::BAD_REQUEST, "prompt is required");
    }
    if prompt.contains("[[fault:524]]") {
        return auth::error(
            StatusCode::from_u16(524).unwrap_or(StatusCode::GATEWAY_TIMEOUT),
            "timeout (the image may have been billed)",
        );
    }
    let model = body["model"].as_str().unwrap_or("dall-e-3");
    let n = body["n"].as_u64().unwrap_or(1).clamp(1, 4) as usize;
    let data: Vec<Value> = (0..n)
        .map(|i| {
            if model == "gpt-image-1" {
                let bytes = crate::files::png(&file_name(prompt, i), 256);
                json!({"b64_json": base64::engine::general_purpose::STANDARD.encode(bytes)})
            } else {
                json!({
                    "url": format!("{}/files/{}", base(&headers), file_name(prompt, i)),
                    "revised_prompt": format!("A detailed rendering of: {prompt}")
                })
            }
        })
        .collect();
    let mut answer = json!({"created": 1_700_000_000, "data": data});
    if model == "gpt-image-1" {
        answer["usage"] = json!({"input_tokens": 20, "output_tokens": 1056, "total_tokens": 1076, "input_tokens_details": {"text_tokens": 20}});
    }
    Json(answer).into_response()
}
