//! The model catalogue: the ids the key may use (`/v1/models`) joined with
//! CometAPI's public catalogue (`/api/models`: kinds and prices). Kept in
//! SQLite and refreshed daily, so the picker and the cost estimates work
//! offline; the user's favourites and recent models live beside it.

mod context;
pub(crate) mod entry;
mod kinds;

pub use context::context_window;
pub use entry::{ModelInfo, ModelKind, Price};
pub use kinds::classify;

use crate::client::SharedClient;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::secret::KeySource;
use crate::store::{now_ms, Store};
use entry::parse_catalogue;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

const CACHE_KEY: &str = "model_catalogue";
const FAVOURITES_KEY: &str = "model_favourites";
const RECENT_KEY: &str = "model_recent";
const MAX_AGE_MS: i64 = 24 * 60 * 60 * 1000;
const RECENT_COUNT: usize = 6;

/// What the picker shows.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ModelCatalogue {
    pub models: Vec<ModelInfo>,
    /// Newest first.
    pub recent: Vec<String>,
    /// When the list was last fetched (ms since the epoch); `None` = never.
    pub fetched_at: Option<i64>,
    /// Why the last refresh failed, when the list shown is the cached one.
    pub refresh_error: Option<AppError>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Cached {
    fetched_at: Option<i64>,
    models: Vec<ModelInfo>,
}

pub struct Catalogue {
    store: Arc<Store>,
    client: Arc<SharedClient>,
    keys: Arc<dyn KeySource>,
    /// The cache, read at start; prices are looked up on every answer.
    cached: RwLock<Cached>,
}

impl Catalogue {
    pub fn new(store: Arc<Store>, client: Arc<SharedClient>, keys: Arc<dyn KeySource>) -> Self {
        let cached = store
            .load_value(CACHE_KEY)
            .ok()
            .flatten()
            .unwrap_or_default();
        Self {
            store,
            client,
            keys,
            cached: RwLock::new(cached),
        }
    }

    /// The cached list, refreshed first when older than a day or `refresh`.
    /// A failed refresh still answers with the cache and says why.
    pub async fn list(&self, refresh: bool) -> AppResult<ModelCatalogue> {
        let fetched_at = self.read().fetched_at;
        let due = fetched_at.is_none_or(|at| now_ms() - at > MAX_AGE_MS);
        let mut refresh_error = None;
        if refresh || due {
            if let Err(error) = self.refresh().await {
                if self.read().models.is_empty() && error.code == ErrorCode::NoKey {
                    return Err(error);
                }
                refresh_error = Some(error);
            }
        }
        let favourites = self.favourites();
        let cached = self.read();
        let models = cached
            .models
            .iter()
            .map(|m| ModelInfo {
                favourite: favourites.contains(&m.id),
                ..m.clone()
            })
            .collect();
        Ok(ModelCatalogue {
            models,
            recent: self.store.load_value(RECENT_KEY)?.unwrap_or_default(),
            fetched_at: cached.fetched_at,
            refresh_error,
        })
    }

    /// The price to charge a call to `model` at: the user's own if set in
    /// Settings, else the catalogue's, if it knows the model.
    pub fn price_of(&self, model: &str) -> Option<Price> {
        if let Ok(Some(settings)) = self.store.load_settings() {
            if let Some(own) = settings
                .price_overrides
                .into_iter()
                .find(|o| o.model == model)
            {
                return Some(own.price);
            }
        }
        self.read()
            .models
            .iter()
            .find(|m| m.id == model)
            .and_then(|m| m.price.clone())
    }

    /// Whether `model` is of `kind`: as the catalogue lists it, or as its
    /// id says when the catalogue does not know it.
    pub fn has_kind(&self, model: &str, kind: ModelKind) -> bool {
        let listed = self
            .read()
            .models
            .iter()
            .find(|m| m.id == model)
            .map(|m| m.kinds.contains(&kind));
        listed.unwrap_or_else(|| classify(model, None, &[]).contains(&kind))
    }

    pub fn set_favourite(&self, model: &str, favourite: bool) -> AppResult<()> {
        let mut list = self.favourites();
        list.retain(|m| m != model);
        if favourite {
            list.push(model.to_owned());
        }
        self.store.save_value(FAVOURITES_KEY, &list)
    }

    /// Puts `model` first in the recent list (called on every send).
    pub fn note_used(&self, model: &str) -> AppResult<()> {
        let mut recent: Vec<String> = self.store.load_value(RECENT_KEY)?.unwrap_or_default();
        recent.retain(|m| m != model);
        recent.insert(0, model.to_owned());
        recent.truncate(RECENT_COUNT);
        self.store.save_value(RECENT_KEY, &recent)
    }

    async fn refresh(&self) -> AppResult<()> {
        let key = self.keys.read()?.ok_or_else(|| {
            AppError::new(ErrorCode::NoKey, "Add your CometAPI key in Settings first.")
        })?;
        let client = self.client.current();
        // The key's list is what may be used; the public catalogue only
        // adds kinds and prices, so its failure is not fatal.
        let (ids, public) = tokio::join!(client.list_models(&key), client.public_catalogue());
        let ids = ids?;
        let entries = match public {
            Ok(body) => parse_catalogue(&body).unwrap_or_default(),
            Err(err) => {
                tracing::warn!(%err, "the public model catalogue could not be read");
                Vec::new()
            }
        };
        let by_id: BTreeMap<&str, &entry::RawEntry> =
            entries.iter().map(|e| (e.id.as_str(), e)).collect();
        let models = ids
            .iter()
            .map(|id| {
                let found = by_id.get(id.as_str());
                ModelInfo {
                    id: id.clone(),
                    provider: found.and_then(|e| e.provider.clone()),
                    kinds: classify(
                        id,
                        found.and_then(|e| e.model_type.as_deref()),
                        found.map_or(&[][..], |e| &e.features),
                    ),
                    price: found.and_then(|e| e.pricing.as_ref()).map(|p| p.price()),
                    available: true,
                    favourite: false,
                }
            })
            .collect();
        let fresh = Cached {
            fetched_at: Some(now_ms()),
            models,
        };
        self.store.save_value(CACHE_KEY, &fresh)?;
        *self.cached.write().unwrap_or_else(|p| p.into_inner()) = fresh;
        Ok(())
    }

    fn favourites(&self) -> Vec<String> {
        self.store
            .load_value(FAVOURITES_KEY)
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Cached> {
        self.cached.read().unwrap_or_else(|p| p.into_inner())
    }
}
