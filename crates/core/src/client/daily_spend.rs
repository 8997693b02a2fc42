//! CometAPI's own record of the spend per day (`/user/quota` with
//! `start_date` and `end_date`), shown beside ours. The URL holds the key:
//! as for the balance, neither it nor reqwest's error text is ever shown.

use super::errors::{from_status, from_transport, redact};
use super::CometClient;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::secret::ApiKey;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ServerDay {
    /// `YYYY-MM-DD` as CometAPI reports it.
    pub day: String,
    pub spent_usd: f64,
    pub requests: i64,
}

#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    daily_quota: BTreeMap<String, Vec<Row>>,
}

#[derive(Deserialize)]
struct Row {
    #[serde(default)]
    quota_used: f64,
    #[serde(default)]
    request_count: i64,
}

impl CometClient {
    /// Days from `from` to `to` (both `YYYY-MM-DD`), all of the key's tokens summed.
    pub async fn daily_spend(
        &self,
        key: &ApiKey,
        from: &str,
        to: &str,
    ) -> AppResult<Vec<ServerDay>> {
        let response = self
            .http
            .get(format!("{}/user/quota", self.balance_url))
            .query(&[
                ("key", key.expose().as_str()),
                ("start_date", from),
                ("end_date", to),
            ])
            .send()
            .await
            .map_err(|e| from_transport(&e.without_url()))?;
        let status = response.status();
        let body = response
            .text()
            .await
            .map_err(|e| from_transport(&e.without_url()))?;
        if !status.is_success() {
            let mut error = from_status(status, &body);
            error.message = redact(&error.message, key.expose());
            return Err(error);
        }
        let answer: Answer = serde_json::from_str(&body).map_err(|_| {
            AppError::new(
                ErrorCode::BadResponse,
                "CometAPI's daily record could not be read.",
            )
        })?;
        Ok(answer
            .daily_quota
            .into_iter()
            .map(|(day, rows)| ServerDay {
                day,
                spent_usd: rows.iter().map(|r| r.quota_used.max(0.0)).sum(),
                requests: rows.iter().map(|r| r.request_count).sum(),
            })
            .collect())
    }
}
