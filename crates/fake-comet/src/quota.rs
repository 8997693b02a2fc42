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
    #[serde(default)]
    start_date: Option<String>,
    #[serde(default)]
    end_date: Option<String>,
}

/// `daily_quota` for a range: every third day of the month, $0.05 in two
/// requests, so tests know what to expect.
fn daily(start: &str, end: &str) -> serde_json::Value {
    let mut days = serde_json::Map::new();
    let (Some((y, m)), Some(to)) = (start.get(..4).zip(start.get(5..7)), end.get(..10)) else {
        return days.into();
    };
    for d in 1..=31 {
        let day = format!("{y}-{m}-{d:02}");
        if day.as_str() < start || day.as_str() > to {
            continue;
        }
        if d % 3 == 0 {
            days.insert(
                day,
                json!([{"token_name": "desktop", "quota_used": 0.05, "request_count": 2}]),
            );
        }
    }
    days.into()
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
    let mut answer = json!({
        "username": "fake-user",
        "total_quota": total,
        "total_used_quota": 3.25,
        "request_count": 42,
        "keys": [{"name": "desktop", "remain_quota": remain, "used_quota": 3.25}]
    });
    if let (Some(start), Some(end)) = (&query.start_date, &query.end_date) {
        answer["daily_quota"] = daily(start, end);
    }
    Json(answer).into_response()
}
