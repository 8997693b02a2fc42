//! CometAPI's own record of the spend per day (`/user/quota` with
//! `start_date` and `end_date`), shown beside ours; asked the same way as
//! the balance (`quota_query`), which keeps the key out of every error.

use super::CometClient;
use crate::error::AppResult;
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
        let answer: Answer = self
            .quota_query(
                key,
                &[("start_date", from), ("end_date", to)],
                "CometAPI's daily record could not be read.",
            )
            .await?;
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
