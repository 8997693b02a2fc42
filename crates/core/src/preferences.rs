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
    /// What a profile that never saved settings gets.
    defaults: Settings,
}

impl Preferences {
    pub fn new(store: Arc<Store>, client: Arc<SharedClient>, defaults: Settings) -> Self {
        Self {
            store,
            client,
            defaults,
        }
    }

    pub fn get(&self) -> AppResult<Settings> {
        Ok(self
            .store
            .load_settings()?
            .unwrap_or_else(|| self.defaults.clone()))
    }

    pub fn update(&self, settings: Settings) -> AppResult<Settings> {
        let settings = settings.validated()?;
        self.client.apply(&settings)?;
        self.store.save_settings(&settings)?;
        Ok(settings)
    }
}
