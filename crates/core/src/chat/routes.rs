//! Which endpoint each model is sent to: the built-in list, corrected by
//! what the server said. A model that answered "use the other endpoint"
//! is remembered, in the database, so the detour happens once.

use crate::client::{Endpoint, OpenFailure};
use crate::store::Store;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const KEY: &str = "endpoint_routes";

pub struct Routes {
    store: Arc<Store>,
    learned: Mutex<HashMap<String, Endpoint>>,
}

impl Routes {
    pub fn load(store: Arc<Store>) -> Self {
        let learned = store.load_value(KEY).ok().flatten().unwrap_or_default();
        Self {
            store,
            learned: Mutex::new(learned),
        }
    }

    pub fn endpoint_for(&self, model: &str) -> Endpoint {
        let learned = self.learned.lock().unwrap_or_else(|p| p.into_inner());
        learned
            .get(model)
            .copied()
            .unwrap_or_else(|| Endpoint::for_model(model))
    }

    pub fn learn(&self, model: &str, endpoint: Endpoint) {
        let mut learned = self.learned.lock().unwrap_or_else(|p| p.into_inner());
        learned.insert(model.to_owned(), endpoint);
        if let Err(err) = self.store.save_value(KEY, &*learned) {
            tracing::warn!(%err, "could not remember the endpoint for a model");
        }
    }
}

/// The server said this model lives on the other endpoint (OpenAI: "only
/// supported in v1/responses"; gateways: "unsupported endpoint").
pub(super) fn says_wrong_endpoint(failure: &OpenFailure) -> bool {
    let message = failure.error.message.to_ascii_lowercase();
    matches!(failure.status, Some(400 | 404 | 405))
        && [
            "v1/responses",
            "v1/chat/completions",
            "v1/messages",
            "unsupported endpoint",
            "not supported in",
        ]
        .iter()
        .any(|hint| message.contains(hint))
}
