//! Settings as a service: read with defaults, validate, store, and apply a
//! new base URL or proxy to the client at once.

use crate::client::SharedClient;
use crate::error::AppResult;
use crate::settings::Settings;
use crate::store::Store;
use std::sync::Arc;

pub struct Preferences {
    store: Arc<Store>,
    client: Arc<SharedClient>,
    default_base_url: String,
}

impl Preferences {
    pub fn new(store: Arc<Store>, client: Arc<SharedClient>, default_base_url: String) -> Self {
        Self {
            store,
            client,
            default_base_url,
        }
    }

    pub fn get(&self) -> AppResult<Settings> {
        Ok(self
            .store
            .load_settings()?
            .unwrap_or_else(|| Settings::defaults(&self.default_base_url)))
    }

    pub fn update(&self, settings: Settings) -> AppResult<Settings> {
        let settings = settings.validated()?;
        self.client.apply(&settings)?;
        self.store.save_settings(&settings)?;
        Ok(settings)
    }
}
