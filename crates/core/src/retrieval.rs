//! Finding the passages of documents that answer a question (#17), for
//! documents too large to send whole: each is cut into passages once, each
//! passage embedded once per model (kept by the hash of its words, so an
//! unchanged file costs nothing the second time), and the question's own
//! vector picks the nearest. Every embedding call is a row in Usage.

use crate::catalogue::Price;
use crate::client::CometClient;
use crate::documents::chunks::{chunk, CHUNK_BYTES};
use crate::error::AppResult;
use crate::secret::ApiKey;
use crate::store::{ApiCall, CallKind, Passage, Store};
use tokio_util::sync::CancellationToken;

/// The model passages are embedded with unless the user picks another.
pub const DEFAULT_EMBEDDING_MODEL: &str = "text-embedding-3-small";

/// Vectors are asked for this long from the models that can shorten them
/// (text-embedding-3): a third of 3-small's bytes, so 100,000 passages fit
/// in memory for search (about 50 MB), at a small cost in ranking (OpenAI's
/// own figures put 512 dimensions of 3-small above 1,536 of ada-002).
const SHORT_DIMENSIONS: u32 = 512;

/// The length asked of `model`, `None` for its own.
fn dimensions_for(model: &str) -> Option<u32> {
    model
        .rsplit('/')
        .next()
        .is_some_and(|m| m.starts_with("text-embedding-3"))
        .then_some(SHORT_DIMENSIONS)
}

/// What `model`'s vectors are kept under: the model and the length asked
/// of it, so a change of either embeds again instead of mixing.
pub fn kept_as(model: &str) -> String {
    match dimensions_for(model) {
        Some(d) => format!("{model}@{d}"),
        None => model.to_owned(),
    }
}

/// Passages per call: well under the gateway's body limit (64 × 1,600
/// bytes of text) and OpenAI's 2,048 inputs.
const BATCH: usize = 64;

/// What indexing did: passages cut, and of those newly embedded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Indexed {
    pub embedded: usize,
    pub tokens: i64,
}

/// One model's way into the store: who pays (the key), at what price.
pub struct Retriever<'a> {
    pub store: &'a Store,
    pub client: &'a CometClient,
    pub key: &'a ApiKey,
    pub model: &'a str,
    pub price: Option<Price>,
    /// The chat the calls are made for, so Usage can name it.
    pub conversation_id: Option<i64>,
}

impl Retriever<'_> {
    fn kept_as(&self) -> String {
        kept_as(self.model)
    }

    /// Cuts and embeds what `documents` still lack; `progress(done, total)`
    /// after each batch.
    pub async fn index(
        &self,
        documents: &[i64],
        progress: impl FnMut(usize, usize),
    ) -> AppResult<Indexed> {
        self.index_until(documents, progress, &CancellationToken::new())
            .await
    }

    /// As `index`, stopping between batches once `pause` is cancelled: a
    /// batch sent is always waited for and kept, so it is never paid twice.
    pub async fn index_until(
        &self,
        documents: &[i64],
        mut progress: impl FnMut(usize, usize),
        pause: &CancellationToken,
    ) -> AppResult<Indexed> {
        for &document in documents {
            if !self.store.has_chunks(document)? {
                let text = self.store.document_text(document)?;
                self.store
                    .keep_chunks(document, &text, &chunk(&text, CHUNK_BYTES))?;
            }
        }
        let kept_as = self.kept_as();
        let missing = self.store.unembedded_chunks(documents, &kept_as)?;
        let mut indexed = Indexed::default();
        for batch in missing.chunks(BATCH) {
            if pause.is_cancelled() {
                break;
            }
            let texts: Vec<String> = batch.iter().map(|u| u.text.clone()).collect();
            let embedded = self.embed(&texts).await?;
            let kept: Vec<(String, Vec<f32>)> = batch
                .iter()
                .map(|u| u.hash.clone())
                .zip(embedded.0)
                .collect();
            self.store.keep_vectors(&kept_as, &kept)?;
            indexed.embedded += batch.len();
            indexed.tokens += embedded.1;
            progress(indexed.embedded, missing.len());
        }
        Ok(indexed)
    }

    /// The `k` passages of `documents` nearest to `question`, indexing
    /// what they lack first (`progress` as for [`Self::index`]).
    pub async fn search(
        &self,
        documents: &[i64],
        question: &str,
        k: usize,
        progress: impl FnMut(usize, usize),
    ) -> AppResult<Vec<Passage>> {
        self.index(documents, progress).await?;
        let (mut vectors, _) = self.embed(&[question.to_owned()]).await?;
        let query = vectors.pop().unwrap_or_default();
        self.store
            .nearest_passages(documents, &self.kept_as(), &query, k)
    }

    /// One call, recorded in Usage whether it worked or not.
    async fn embed(&self, texts: &[String]) -> AppResult<(Vec<Vec<f32>>, i64)> {
        let result = self
            .client
            .embed(self.key, self.model, dimensions_for(self.model), texts)
            .await;
        let estimated: i64 = texts.iter().map(|t| t.len().div_ceil(4) as i64).sum();
        let mut call = ApiCall {
            kind: CallKind::Embedding,
            conversation_id: self.conversation_id,
            model: self.model.to_owned(),
            endpoint: "/v1/embeddings".into(),
            price: self.price.clone(),
            ..ApiCall::default()
        };
        match &result {
            Ok(embedded) => {
                let tokens = embedded.prompt_tokens.unwrap_or(estimated);
                call.status = Some(200);
                call.attempts = embedded.attempts;
                call.latency_ms = embedded.latency_ms;
                call.prompt_tokens = Some(tokens);
                call.total_tokens = Some(tokens);
                call.estimated = embedded.prompt_tokens.is_none();
                call.cost_usd = self.price.as_ref().and_then(|p| p.cost(tokens, 0));
            }
            Err(error) => {
                call.attempts = 1;
                call.error_code = Some(error.code.as_str());
            }
        }
        self.store.record_api_call(&call)?;
        let embedded = result?;
        let tokens = embedded.prompt_tokens.unwrap_or(estimated);
        Ok((embedded.vectors, tokens))
    }
}
