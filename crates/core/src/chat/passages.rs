//! Documents too large to send whole (#17): instead of refusing the
//! question, their passages nearest to it are found by embeddings and sent
//! in their place, and the answer keeps them as its sources.

use super::documents::{carried, share_of};
use super::events::ChatEvent;
use super::turn::Planned;
use super::ChatService;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::retrieval::{Retriever, DEFAULT_EMBEDDING_MODEL};
use crate::secret::ApiKey;
use crate::store::{Passage, Role};
use tokio_util::sync::CancellationToken;

/// At most this many passages go with a question: more rarely helps the
/// answer and always costs.
const MAX_PASSAGES: i64 = 8;
/// A passage is 1,600 bytes: about 400 tokens of English, more of CJK,
/// plus its `<document>` tags.
const PASSAGE_TOKENS: i64 = 600;

/// What goes with a question beside its own words.
pub(super) struct Found {
    pub passages: Vec<Passage>,
    /// The chat's and question's documents fit and go whole as well (the
    /// passages are then all the collection's).
    pub documents_whole: bool,
}

/// How many passages fit beside `whole` tokens of documents sent whole.
fn passages_room(models: &[&str], whole: i64) -> Option<usize> {
    let room = models.iter().map(|m| share_of(m)).min()?;
    Some((room.saturating_sub(whole) / PASSAGE_TOKENS).clamp(1, MAX_PASSAGES) as usize)
}

/// What the passages are searched with: the new question, or on
/// regenerate the question being answered again.
fn question_text(planned: &Planned) -> &str {
    match &planned.question {
        Some(q) => &q.content,
        None => planned
            .history
            .iter()
            .rev()
            .find(|m| m.role == Role::User)
            .map_or("", |m| m.content.as_str()),
    }
}

impl ChatService {
    /// `None` when the documents fit whole and the chat has no collection.
    /// Otherwise cuts and embeds what is not yet (`reading` events say how
    /// far), then finds the passages: of the documents too large to go
    /// whole, and of the chat's collection, each with its own model.
    /// Nothing is written to the chat until this returns.
    pub(super) async fn passages_for(
        &self,
        key: &ApiKey,
        conversation_id: i64,
        planned: &Planned,
        models: &[&str],
        cancel: &CancellationToken,
        emit: &mut (dyn FnMut(u32, ChatEvent) + Send),
    ) -> AppResult<Option<Found>> {
        let total: i64 = carried(planned).map(|d| d.tokens).sum();
        let room = models.iter().map(|m| share_of(m)).min().unwrap_or(0);
        let documents_whole = total <= room;
        let collection = match self.store.chat_collection(conversation_id)? {
            Some(id) => Some(self.store.collection(id)?),
            None => None,
        };
        if documents_whole && collection.is_none() {
            return Ok(None);
        }
        let Some(wanted) = passages_room(models, if documents_whole { total } else { 0 }) else {
            return Ok(None);
        };
        let mut searches: Vec<(Vec<i64>, String, usize)> = Vec::new();
        if !documents_whole {
            let mut documents: Vec<i64> = carried(planned).map(|d| d.id).collect();
            documents.sort_unstable();
            documents.dedup();
            let share = if collection.is_some() {
                wanted.div_ceil(2)
            } else {
                wanted
            };
            searches.push((documents, DEFAULT_EMBEDDING_MODEL.to_owned(), share));
        }
        if let Some(collection) = collection {
            let documents = self.store.collection_documents(collection.id)?;
            let share = wanted
                .saturating_sub(searches.first().map_or(0, |s| s.2))
                .max(1);
            if !documents.is_empty() {
                searches.push((documents, collection.embedding_model, share));
            }
        }
        let client = self.client.current();
        let work = async {
            let mut passages = Vec::new();
            for (documents, model, k) in &searches {
                let retriever = Retriever {
                    store: &self.store,
                    client: &client,
                    key,
                    model,
                    price: self.catalogue.price_of(model),
                    conversation_id: Some(conversation_id),
                };
                let found = retriever
                    .search(documents, question_text(planned), *k, |done, total| {
                        emit(
                            0,
                            ChatEvent::Reading {
                                done: done as u32,
                                total: total as u32,
                            },
                        )
                    })
                    .await?;
                passages.extend(found);
            }
            AppResult::Ok(passages)
        };
        let passages = tokio::select! {
            found = work => found?,
            _ = cancel.cancelled() => return Err(AppError::new(
                ErrorCode::Interrupted,
                "Stopped while reading the documents; nothing was sent.",
            )),
        };
        if documents_whole && passages.is_empty() {
            return Ok(None);
        }
        Ok(Some(Found {
            passages,
            documents_whole,
        }))
    }
}
