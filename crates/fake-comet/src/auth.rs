//! The fake's idea of a valid key: `sk-` anything without `bad` in it.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// The 401 answer for a missing or refused key, or `None` when the key is fine.
pub(crate) fn refusal(headers: &HeaderMap) -> Option<Response> {
    let key = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.strip_prefix("Bearer ").unwrap_or(v).to_owned())
        .unwrap_or_default();
    if key.starts_with("sk-") && !key.contains("bad") {
        return None;
    }
    Some(error(StatusCode::UNAUTHORIZED, "invalid token"))
}

/// CometAPI's error envelope, request id inside the message, code empty.
pub(crate) fn error(status: StatusCode, message: &str) -> Response {
    let body = json!({
        "error": {
            "message": format!("{message} (request id: fake-{})", status.as_u16()),
            "type": "comet_api_error",
            "param": "",
            "code": ""
        }
    });
    (status, Json(body)).into_response()
}
