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

/// How the question's documents travel to every model asked.
fn passages_wanted(planned: &Planned, models: &[&str]) -> Option<usize> {
    let total: i64 = carried(planned).map(|d| d.tokens).sum();
    let room = models.iter().map(|m| share_of(m)).min()?;
    (total > room).then(|| (room / PASSAGE_TOKENS).clamp(1, MAX_PASSAGES) as usize)
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
    /// `None` when the documents fit whole. Otherwise cuts and embeds what
    /// is not yet (`reading` events say how far), then finds the passages.
    /// Nothing is written to the chat until this returns.
    pub(super) async fn passages_for(
        &self,
        key: &ApiKey,
        conversation_id: i64,
        planned: &Planned,
        models: &[&str],
        cancel: &CancellationToken,
        emit: &mut (dyn FnMut(u32, ChatEvent) + Send),
    ) -> AppResult<Option<Vec<Passage>>> {
        let Some(k) = passages_wanted(planned, models) else {
            return Ok(None);
        };
        let mut documents: Vec<i64> = carried(planned).map(|d| d.id).collect();
        documents.sort_unstable();
        documents.dedup();
        let client = self.client.current();
        let retriever = Retriever {
            store: &self.store,
            client: &client,
            key,
            model: DEFAULT_EMBEDDING_MODEL,
            price: self.catalogue.price_of(DEFAULT_EMBEDDING_MODEL),
            conversation_id: Some(conversation_id),
        };
        let work = retriever.search(&documents, question_text(planned), k, |done, total| {
            emit(
                0,
                ChatEvent::Reading {
                    done: done as u32,
                    total: total as u32,
                },
            )
        });
        tokio::select! {
            found = work => found.map(Some),
            _ = cancel.cancelled() => Err(AppError::new(
                ErrorCode::Interrupted,
                "Stopped while reading the documents; nothing was sent.",
            )),
        }
    }
}
