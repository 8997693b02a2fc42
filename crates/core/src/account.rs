//! The key and what it unlocks: checking and saving a key, removing it, and
//! listing the models it may use. The key itself never leaves this crate.

use crate::client::{Balance, ServerDay, SharedClient};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::secret::{normalize_key, KeySource, Keyring};
use std::sync::Arc;

pub struct Account {
    keyring: Arc<Keyring>,
    client: Arc<SharedClient>,
}

impl Account {
    pub fn new(keyring: Arc<Keyring>, client: Arc<SharedClient>) -> Self {
        Self { keyring, client }
    }

    /// Checks the pasted key with `GET /v1/models` and keeps it only if
    /// CometAPI accepts it.
    pub async fn save_key(&self, pasted: &str) -> AppResult<()> {
        let key = normalize_key(pasted)?;
        self.client.current().list_models(&key).await?;
        self.keyring.save(&key)
    }

    pub fn delete_key(&self) -> AppResult<()> {
        self.keyring.delete()
    }

    pub fn has_key(&self) -> AppResult<bool> {
        self.keyring.has_key()
    }

    /// What is left on the account and what was spent.
    pub async fn balance(&self) -> AppResult<Balance> {
        self.client.current().balance(&self.key()?).await
    }

    /// CometAPI's own spend per day for a range, to show beside ours.
    pub async fn daily_spend(&self, from: &str, to: &str) -> AppResult<Vec<ServerDay>> {
        self.client
            .current()
            .daily_spend(&self.key()?, from, to)
            .await
    }

    fn key(&self) -> AppResult<crate::secret::ApiKey> {
        self.keyring.read()?.ok_or_else(|| {
            AppError::new(ErrorCode::NoKey, "Add your CometAPI key in Settings first.")
        })
    }
}
