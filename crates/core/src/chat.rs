//! The chat flow: store the user's message, stream the answer, save it as
//! it comes, and tell the UI through a stream of events.

mod active;
mod cost;
pub(crate) mod documents;
mod events;
mod folders;
mod history;
mod kept_images;
mod lane;
mod passages;
mod portability;
mod received;
mod routes;
mod send;
mod thinking;
mod throttle;
mod titles;
mod turn;

pub use active::ActiveStreams;
pub use events::{ChatEvent, CompareEvent, UsageReport};
pub use folders::FolderChats;
pub use portability::{ExportFormat, ExportScope};
pub use send::MAX_COMPARE;
pub use turn::Turn;

use crate::catalogue::Catalogue;
use crate::client::SharedClient;
use crate::documents::Reader;
use crate::error::AppError;
use crate::error::AppResult;
use crate::media_files::MediaFiles;
use crate::secret::KeySource;
use crate::store::{Conversation, ConversationSettings, Message, MessagePage, SearchHit, Store};
use crate::tokens::TokenCounter;
use std::sync::Arc;
use std::time::Duration;

pub struct ChatService {
    store: Arc<Store>,
    catalogue: Arc<Catalogue>,
    attachments: Arc<MediaFiles>,
    client: Arc<SharedClient>,
    keys: Arc<dyn KeySource>,
    active: ActiveStreams,
    routes: routes::Routes,
    /// Counts tokens when a server sends no usage (its table loads then).
    tokens: Arc<TokenCounter>,
    /// Where attached documents are read (a child process in the app).
    reader: Reader,
}

/// At most one UI update per frame (60 a second). A model's tokens come
/// further apart than that, so each goes to the page at once (`make bench`:
/// chunk to DOM); a faster stream is sent in one update per frame.
const DELTA_INTERVAL: Duration = Duration::from_millis(16);
/// How often a streaming answer is written to disk (a 200 KB answer costs
/// about 6 ms a save here, full-text index included).
const SAVE_INTERVAL: Duration = Duration::from_millis(500);
/// Messages loaded when a chat opens; older ones come on scroll.
pub const PAGE_SIZE: u32 = 100;

impl ChatService {
    pub fn new(
        store: Arc<Store>,
        client: Arc<SharedClient>,
        keys: Arc<dyn KeySource>,
        catalogue: Arc<Catalogue>,
        attachments: Arc<MediaFiles>,
    ) -> Self {
        Self {
            routes: routes::Routes::load(store.clone()),
            store,
            catalogue,
            attachments,
            client,
            keys,
            active: ActiveStreams::default(),
            tokens: Arc::new(TokenCounter::new()),
            reader: Reader::InProcess,
        }
    }

    /// Reads attached documents with `reader` from now on.
    pub fn with_document_reader(mut self, reader: Reader) -> Self {
        self.reader = reader;
        self
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

    /// The last `limit` messages shown above `before` (or the newest ones).
    pub fn message_page(
        &self,
        conversation_id: i64,
        before: Option<i64>,
        limit: u32,
    ) -> AppResult<MessagePage> {
        self.store.message_page(conversation_id, before, limit)
    }

    /// Every message shown, oldest first (exports and tests).
    pub fn list_messages(&self, conversation_id: i64) -> AppResult<Vec<Message>> {
        self.store.list_messages(conversation_id)
    }

    /// Shows the branch through `message_id` (a sibling picked with ◀ ▶).
    pub fn select_branch(&self, conversation_id: i64, message_id: i64) -> AppResult<MessagePage> {
        self.refuse_while_streaming(conversation_id)?;
        self.store.select_branch(conversation_id, message_id)?;
        self.store.message_page(conversation_id, None, PAGE_SIZE)
    }

    pub fn delete_message(&self, conversation_id: i64, message_id: i64) -> AppResult<MessagePage> {
        self.refuse_while_streaming(conversation_id)?;
        self.store.delete_message(conversation_id, message_id)?;
        self.store.message_page(conversation_id, None, PAGE_SIZE)
    }

    pub fn set_conversation_settings(
        &self,
        id: i64,
        settings: ConversationSettings,
    ) -> AppResult<Conversation> {
        self.store.set_conversation_settings(id, settings)
    }

    /// The chat's own settings over the defaults from Settings.
    fn effective_settings(&self, own: &ConversationSettings) -> ConversationSettings {
        let defaults = match self.store.load_settings() {
            Ok(Some(settings)) => settings.chat_defaults,
            _ => ConversationSettings::default(),
        };
        ConversationSettings {
            system_prompt: own.system_prompt.clone().or(defaults.system_prompt),
            temperature: own.temperature.or(defaults.temperature),
            max_tokens: own.max_tokens.or(defaults.max_tokens),
            reasoning_effort: own.reasoning_effort.or(defaults.reasoning_effort),
            thinking_budget: own.thinking_budget.or(defaults.thinking_budget),
        }
    }

    fn refuse_while_streaming(&self, conversation_id: i64) -> AppResult<()> {
        if self.active.is_active(conversation_id) {
            return Err(AppError::invalid_input(
                "An answer is still coming in this chat. Wait for it or press Stop.",
            ));
        }
        Ok(())
    }

    /// Messages and titles matching `query`, best first (at most 50).
    /// In every chat, or only those of `folder`.
    pub fn search(&self, query: &str, folder: Option<i64>) -> AppResult<Vec<SearchHit>> {
        self.store.search_in(query, folder, 50)
    }

    /// Ends the answer streaming in this conversation, keeping what came.
    pub fn stop(&self, conversation_id: i64) -> bool {
        self.active.stop(conversation_id)
    }
}
