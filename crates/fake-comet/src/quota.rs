//! `GET /user/quota?key=...`: CometAPI's balance query (served on another
//! host by the real gateway). A key containing `unlimited` answers -1.

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
pub(crate) struct QuotaQuery {
    #[serde(default)]
    key: String,
}

pub(crate) async fn quota(Query(query): Query<QuotaQuery>) -> Response {
    if !query.key.starts_with("sk-") || query.key.contains("bad") {
        return crate::auth::error(StatusCode::UNAUTHORIZED, "invalid key");
    }
    let unlimited = query.key.contains("unlimited");
    let (total, remain) = if unlimited {
        (-1.0, -1.0)
    } else {
        (12.5, 12.5)
    };
    Json(json!({
        "username": "fake-user",
        "total_quota": total,
        "total_used_quota": 3.25,
        "request_count": 42,
        "keys": [{"name": "desktop", "remain_quota": remain, "used_quota": 3.25}]
    }))
    .into_response()
}
