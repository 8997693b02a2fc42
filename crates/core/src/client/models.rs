//! `GET /v1/models`: the model ids the key may use, for the picker, and the
//! cheapest way to check that a key works.

use super::errors::{from_status, from_transport, redact};
use super::wire::ModelList;
use super::CometClient;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::secret::ApiKey;

impl CometClient {
    pub async fn list_models(&self, key: &ApiKey) -> AppResult<Vec<String>> {
        let response = self
            .http
            .get(self.url("/v1/models"))
            .bearer_auth(key.expose())
            .send()
            .await
            .map_err(|e| from_transport(&e))?;
        let status = response.status();
        let body = response.text().await.map_err(|e| from_transport(&e))?;
        if !status.is_success() {
            let mut error = from_status(status, &body);
            error.message = redact(&error.message, key.expose());
            return Err(error);
        }
        let list: ModelList = serde_json::from_str(&body).map_err(|_| {
            if body.trim_start().starts_with('<') {
                from_status(status, &body)
            } else {
                AppError::new(
                    ErrorCode::BadResponse,
                    "CometAPI's model list could not be read.",
                )
            }
        })?;
        let mut ids: Vec<String> = list.data.into_iter().map(|m| m.id).collect();
        ids.sort();
        ids.dedup();
        Ok(ids)
    }
}
