//! `POST /v1/embeddings`: vectors for document chunks and questions (#17).
//! A call is cheap and idempotent, so a busy gateway (429, 5xx) is waited
//! out and tried again as its Retry-After says; a refusal is not.

use super::errors::{from_status, from_transport, redact};
use super::retry::{is_retryable_status, retry_after};
use super::CometClient;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::secret::ApiKey;
use serde::Deserialize;
use std::time::{Duration, Instant};

/// The vectors of one call, in the order of its inputs, and what it cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Embedded {
    pub vectors: Vec<Vec<f32>>,
    pub prompt_tokens: Option<i64>,
    pub attempts: u32,
    pub latency_ms: i64,
}

#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    data: Vec<Item>,
    #[serde(default)]
    usage: Option<Usage>,
}

#[derive(Deserialize)]
struct Item {
    index: usize,
    embedding: Vec<f32>,
}

#[derive(Deserialize)]
struct Usage {
    #[serde(default)]
    prompt_tokens: Option<i64>,
}

impl CometClient {
    /// `dimensions` shortens the vectors (text-embedding-3 models only).
    pub async fn embed(
        &self,
        key: &ApiKey,
        model: &str,
        dimensions: Option<u32>,
        inputs: &[String],
    ) -> AppResult<Embedded> {
        let mut body =
            serde_json::json!({"model": model, "input": inputs, "encoding_format": "float"});
        if let Some(dimensions) = dimensions {
            body["dimensions"] = dimensions.into();
        }
        let started = Instant::now();
        let mut attempts = 0;
        loop {
            attempts += 1;
            let response = self
                .http
                .post(self.url("/v1/embeddings"))
                .bearer_auth(key.expose())
                .timeout(Duration::from_secs(120))
                .json(&body)
                .send()
                .await
                .map_err(|e| from_transport(&e))?;
            let status = response.status();
            let wait = retry_after(response.headers());
            let text = response.text().await.map_err(|e| from_transport(&e))?;
            if status.is_success() {
                let mut embedded = parse(&text, inputs.len())?;
                embedded.attempts = attempts;
                embedded.latency_ms = started.elapsed().as_millis() as i64;
                return Ok(embedded);
            }
            if !(is_retryable_status(status) && self.retry.may_retry(attempts)) {
                let mut error = from_status(status, &text);
                if status.as_u16() == 413 {
                    error.message =
                        "CometAPI refused a batch of text to embed as too large.".into();
                }
                error.message = redact(&error.message, key.expose());
                tracing::debug!(status = status.as_u16(), "embedding call failed");
                return Err(error);
            }
            tokio::time::sleep(self.retry.delay(attempts, wait)).await;
        }
    }
}

/// The vectors put back in input order; a missing, extra or uneven one
/// means the answer cannot be trusted for any of them.
fn parse(text: &str, expected: usize) -> AppResult<Embedded> {
    let bad = |why: &str| {
        AppError::new(
            ErrorCode::BadResponse,
            format!("CometAPI's embedding answer could not be used: {why}."),
        )
    };
    let answer: Answer =
        serde_json::from_str(text).map_err(|_| bad("it is not the expected JSON"))?;
    if answer.data.len() != expected {
        return Err(bad(
            "it holds a different number of vectors than texts sent",
        ));
    }
    let mut vectors: Vec<Option<Vec<f32>>> = vec![None; expected];
    for item in answer.data {
        let slot = vectors
            .get_mut(item.index)
            .ok_or_else(|| bad("a vector has no matching text"))?;
        *slot = Some(item.embedding);
    }
    let vectors: Vec<Vec<f32>> = vectors
        .into_iter()
        .collect::<Option<_>>()
        .ok_or_else(|| bad("a text got no vector"))?;
    let dims = vectors.first().map_or(0, Vec::len);
    if dims == 0 || vectors.iter().any(|v| v.len() != dims) {
        return Err(bad("its vectors differ in length"));
    }
    Ok(Embedded {
        vectors,
        prompt_tokens: answer.usage.and_then(|u| u.prompt_tokens),
        attempts: 0,
        latency_ms: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_are_put_back_in_input_order() {
        let text = r#"{"data":[{"index":1,"embedding":[0.0,1.0]},{"index":0,"embedding":[1.0,0.0]}],"usage":{"prompt_tokens":7}}"#;
        let embedded = parse(text, 2).unwrap();
        assert_eq!(embedded.vectors, vec![vec![1.0, 0.0], vec![0.0, 1.0]]);
        assert_eq!(embedded.prompt_tokens, Some(7));
    }

    #[test]
    fn a_short_duplicated_or_uneven_answer_is_refused() {
        assert!(parse(r#"{"data":[{"index":0,"embedding":[1.0]}]}"#, 2).is_err());
        assert!(parse(
            r#"{"data":[{"index":0,"embedding":[1.0]},{"index":0,"embedding":[1.0]}]}"#,
            2
        )
        .is_err());
        assert!(parse(
            r#"{"data":[{"index":0,"embedding":[1.0]},{"index":1,"embedding":[1.0,2.0]}]}"#,
            2
        )
        .is_err());
        assert!(parse(r#"{"data":[{"index":0,"embedding":[]}]}"#, 1).is_err());
    }
}
