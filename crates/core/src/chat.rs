//! The chat flow: store the user's message, stream the answer, save it as
//! it comes, and tell the UI through a stream of events.

mod active;
mod events;
mod history;
mod routes;
mod send;
mod throttle;

pub use active::ActiveStreams;
pub use events::{ChatEvent, UsageReport};

use crate::client::SharedClient;
use crate::error::AppResult;
use crate::secret::KeySource;
use crate::store::{Conversation, Message, SearchHit, Store};
use std::sync::Arc;
use std::time::Duration;

pub struct ChatService {
    store: Arc<Store>,
    client: Arc<SharedClient>,
    keys: Arc<dyn KeySource>,
    active: ActiveStreams,
    routes: routes::Routes,
}

/// At most one UI update per interval (about 30 a second).
const DELTA_INTERVAL: Duration = Duration::from_millis(33);
/// How often a streaming answer is written to disk (a 200 KB answer costs
/// about 6 ms a save here, full-text index included).
const SAVE_INTERVAL: Duration = Duration::from_millis(500);

impl ChatService {
    pub fn new(store: Arc<Store>, client: Arc<SharedClient>, keys: Arc<dyn KeySource>) -> Self {
        Self {
            routes: routes::Routes::load(store.clone()),
            store,
            client,
            keys,
            active: ActiveStreams::default(),
        }
    }

    pub fn list_conversations(&self) -> AppResult<Vec<Conversation>> {
        self.store.list_conversations()
    }

    pub fn create_conversation(&self, model: &str) -> AppResult<Conversation> {
        self.store.create_conversation(model)
    }

    pub fn rename_conversation(&self, id: i64, title: &str) -> AppResult<Conversation> {
        self.store.rename_conversation(id, title)
    }

    /// Stops a running answer first, so no stream writes into a deleted row.
    pub fn delete_conversation(&self, id: i64) -> AppResult<()> {
        self.active.stop(id);
        self.store.delete_conversation(id)
    }

    pub fn list_messages(&self, conversation_id: i64) -> AppResult<Vec<Message>> {
        self.store.list_messages(conversation_id)
    }

    /// Messages and titles matching `query`, best first (at most 50).
    pub fn search(&self, query: &str) -> AppResult<Vec<SearchHit>> {
        self.store.search(query, 50)
    }

    /// Ends the answer streaming in this conversation, keeping what came.
    pub fn stop(&self, conversation_id: i64) -> bool {
        self.active.stop(conversation_id)
    }
}
