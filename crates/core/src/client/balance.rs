//! The account balance: `GET {balance_url}/user/quota?key=...`. The key is
//! in the URL, so neither the URL nor reqwest's error text (which quotes
//! it) may reach a log or a message.

use super::errors::{from_status, from_transport, redact};
use super::CometClient;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::secret::ApiKey;
use serde::{Deserialize, Serialize};

/// Amounts in USD; `None` means unlimited (CometAPI sends a negative value).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Balance {
    pub username: Option<String>,
    pub remaining_usd: Option<f64>,
    pub used_usd: f64,
    pub request_count: i64,
    pub keys: Vec<KeyQuota>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct KeyQuota {
    pub name: String,
    pub remaining_usd: Option<f64>,
    pub used_usd: f64,
}

#[derive(Deserialize)]
struct QuotaAnswer {
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    total_quota: f64,
    #[serde(default)]
    total_used_quota: f64,
    #[serde(default)]
    request_count: i64,
    #[serde(default)]
    keys: Vec<QuotaKey>,
}

#[derive(Deserialize)]
struct QuotaKey {
    #[serde(default)]
    name: String,
    #[serde(default)]
    remain_quota: f64,
    #[serde(default)]
    used_quota: f64,
}

fn limited(amount: f64) -> Option<f64> {
    (amount >= 0.0).then_some(amount)
}

impl CometClient {
    /// `GET {balance_url}/user/quota?key=…&extra…`, read as `T`. The one
    /// place the key goes into a URL: reqwest's errors lose the URL, and
    /// the server's text is scrubbed of the key, before anything returns.
    pub(super) async fn quota_query<T: serde::de::DeserializeOwned>(
        &self,
        key: &ApiKey,
        extra: &[(&str, &str)],
        unreadable: &str,
    ) -> AppResult<T> {
        let mut params = vec![("key", key.expose().as_str())];
        params.extend_from_slice(extra);
        let response = self
            .http
            .get(format!("{}/user/quota", self.balance_url))
            .query(&params)
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
        serde_json::from_str(&body).map_err(|_| AppError::new(ErrorCode::BadResponse, unreadable))
    }

    pub async fn balance(&self, key: &ApiKey) -> AppResult<Balance> {
        let answer: QuotaAnswer = self
            .quota_query(key, &[], "CometAPI's balance answer could not be read.")
            .await?;
        Ok(Balance {
            username: answer.username,
            remaining_usd: limited(answer.total_quota),
            used_usd: answer.total_used_quota.max(0.0),
            request_count: answer.request_count,
            keys: answer
                .keys
                .into_iter()
                .map(|k| KeyQuota {
                    name: k.name,
                    remaining_usd: limited(k.remain_quota),
                    used_usd: k.used_quota.max(0.0),
                })
                .collect(),
        })
    }
}
