//! `GET /v1/models`: the model ids the key may use, for the picker, and the
//! cheapest way to check that a key works.

use super::errors::{from_status, from_transport, redact};
use super::wire::ModelList;
use super::CometClient;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::secret::ApiKey;

/// The public catalogue is a few hundred KB; anything far larger is not it.
const CATALOGUE_LIMIT: usize = 8 * 1024 * 1024;

impl CometClient {
    /// `GET /api/models`: CometAPI's public catalogue (types and prices).
    /// No key: it is public, and the key has no business going there.
    pub async fn public_catalogue(&self) -> AppResult<String> {
        let response = self
            .http
            .get(self.url("/api/models"))
            .send()
            .await
            .map_err(|e| from_transport(&e))?;
        let status = response.status();
        if !status.is_success() {
            let body = response.text().await.unwrap_or_default();
            return Err(from_status(status, &body));
        }
        if response
            .content_length()
            .is_some_and(|n| n as usize > CATALOGUE_LIMIT)
        {
            return Err(AppError::new(
                ErrorCode::BadResponse,
                "CometAPI's model catalogue is larger than expected.",
            ));
        }
        response.text().await.map_err(|e| from_transport(&e))
    }

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
