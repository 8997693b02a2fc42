//! One row per request to CometAPI: what the usage screens are built from.

use super::{now_ms, Store};
use crate::catalogue::Price;
use crate::error::AppResult;
use rusqlite::params;

/// What a call was for: usage is shown by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CallKind {
    #[default]
    Chat,
    /// Naming a chat after its first answer.
    Title,
    /// Making images.
    Image,
    /// Submitting a long-running task (Midjourney, Flux) or one of its actions.
    Task,
    /// Embedding document passages and questions to find passages (#17).
    Embedding,
}

impl CallKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Chat => "chat",
            Self::Title => "title",
            Self::Image => "image",
            Self::Task => "task",
            Self::Embedding => "embedding",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApiCall {
    pub kind: CallKind,
    pub conversation_id: Option<i64>,
    pub message_id: Option<i64>,
    pub model: String,
    pub endpoint: String,
    pub status: Option<u16>,
    pub error_code: Option<String>,
    pub attempts: u32,
    pub latency_ms: i64,
    pub first_token_ms: Option<i64>,
    pub prompt_tokens: Option<i64>,
    pub completion_tokens: Option<i64>,
    pub total_tokens: Option<i64>,
    /// Of the completion tokens, those spent thinking (already in
    /// `completion_tokens`, so priced with them).
    pub reasoning_tokens: Option<i64>,
    /// Of the prompt tokens, those read from and written to the provider's
    /// prompt cache (Anthropic prices them apart).
    pub cache_read_tokens: Option<i64>,
    pub cache_write_tokens: Option<i64>,
    /// Tokens counted by us because the server reported none.
    pub estimated: bool,
    /// The price at the time of the call, kept with it.
    pub price: Option<Price>,
    pub cost_usd: Option<f64>,
    /// When it was made (ms since the epoch); `None` = now.
    pub created_at: Option<i64>,
}

impl Store {
    pub fn record_api_call(&self, call: &ApiCall) -> AppResult<()> {
        self.conn().execute(
            "INSERT INTO api_calls(message_id, model, endpoint, status, error_code, attempts, latency_ms,
                first_token_ms, prompt_tokens, completion_tokens, total_tokens, created_at,
                estimated, price_input, price_output, price_request, cost_usd, kind, conversation_id,
                reasoning_tokens, cache_read_tokens, cache_write_tokens)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                ?21, ?22)",
            params![
                call.message_id,
                call.model,
                call.endpoint,
                call.status,
                call.error_code,
                call.attempts,
                call.latency_ms,
                call.first_token_ms,
                call.prompt_tokens,
                call.completion_tokens,
                call.total_tokens,
                call.created_at.unwrap_or_else(now_ms),
                call.estimated,
                call.price.as_ref().and_then(|p| p.input_per_m),
                call.price.as_ref().and_then(|p| p.output_per_m),
                call.price.as_ref().and_then(|p| p.per_request),
                call.cost_usd,
                call.kind.as_str(),
                call.conversation_id,
                call.reasoning_tokens,
                call.cache_read_tokens,
                call.cache_write_tokens,
            ],
        )?;
        Ok(())
    }

    pub fn api_calls_for_message(&self, message_id: i64) -> AppResult<Vec<ApiCall>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM api_calls WHERE message_id = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([message_id], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every call made on local days `from` to `to`, oldest first.
    pub fn calls_between(&self, from: &str, to: &str) -> AppResult<Vec<ApiCall>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM api_calls
             WHERE date(created_at / 1000, 'unixepoch', 'localtime') BETWEEN ?1 AND ?2
             ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map(params![from, to], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

const COLUMNS: &str = "message_id, model, endpoint, status, error_code, attempts, latency_ms, \
    first_token_ms, prompt_tokens, completion_tokens, total_tokens, estimated, price_input, \
    price_output, price_request, cost_usd, kind, conversation_id, created_at, reasoning_tokens, \
    cache_read_tokens, cache_write_tokens";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ApiCall> {
    let price = Price {
        input_per_m: row.get(12)?,
        output_per_m: row.get(13)?,
        per_request: row.get(14)?,
        per_second: None,
    };
    Ok(ApiCall {
        message_id: row.get(0)?,
        model: row.get(1)?,
        endpoint: row.get(2)?,
        status: row.get(3)?,
        error_code: row.get(4)?,
        attempts: row.get(5)?,
        latency_ms: row.get(6)?,
        first_token_ms: row.get(7)?,
        prompt_tokens: row.get(8)?,
        completion_tokens: row.get(9)?,
        total_tokens: row.get(10)?,
        estimated: row.get(11)?,
        price: (price != Price::default()).then_some(price),
        cost_usd: row.get(15)?,
        kind: match row.get::<_, String>(16)?.as_str() {
            "title" => CallKind::Title,
            "image" => CallKind::Image,
            "task" => CallKind::Task,
            "embedding" => CallKind::Embedding,
            _ => CallKind::Chat,
        },
        conversation_id: row.get(17)?,
        created_at: Some(row.get(18)?),
        reasoning_tokens: row.get(19)?,
        cache_read_tokens: row.get(20)?,
        cache_write_tokens: row.get(21)?,
    })
}
