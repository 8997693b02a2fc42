//! Streaming an answer from either endpoint: open with retries, then read
//! SSE events into text deltas, usage and a finish reason. Never retried
//! once it started.

use super::endpoint::Endpoint;
use super::errors::{from_status, from_transport, is_invalid_request, redact};
use super::retry::{is_retryable_status, retry_after, RetryNotice};
use super::sse::{SseDecoder, SseEvent};
use super::sse_parse::{parse_chat_chunk, parse_response_event, parse_whole_body};
use super::wire::{ChatRequest, WireUsage};
use super::CometClient;
use crate::error::{AppError, ErrorCode};
use crate::secret::ApiKey;
use futures_util::stream::{BoxStream, StreamExt};
use std::collections::VecDeque;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamEvent {
    Delta(String),
    Usage(WireUsage),
    /// The upstream's `finish_reason` (`stop`, `length`, `content_filter`...).
    Finish(String),
}

/// Why a request failed before any answer came, with what the usage log needs.
#[derive(Debug)]
pub struct OpenFailure {
    pub error: AppError,
    pub status: Option<u16>,
    pub attempts: u32,
}

type ByteStream = BoxStream<'static, Result<Vec<u8>, String>>;

pub struct ChatStream {
    body: ByteStream,
    decoder: SseDecoder,
    /// Events decoded from the bytes read so far, not yet taken.
    decoded: VecDeque<SseEvent>,
    endpoint: Endpoint,
    pending: VecDeque<StreamEvent>,
    saw_finish: bool,
    done: bool,
    pub status: u16,
    pub attempts: u32,
}

impl CometClient {
    /// Sends the request to `endpoint`, retrying transient failures per the
    /// policy, and returns the open stream once the server answered 200.
    pub async fn open_chat_stream(
        &self,
        key: &ApiKey,
        request: &ChatRequest,
        endpoint: Endpoint,
        on_retry: &mut (dyn FnMut(RetryNotice) + Send),
    ) -> Result<ChatStream, OpenFailure> {
        let body = request.body_for(endpoint);
        let mut attempts = 0;
        loop {
            attempts += 1;
            let sent = self
                .http
                .post(self.url(endpoint.path()))
                .bearer_auth(key.expose())
                .header(reqwest::header::ACCEPT, "text/event-stream")
                .json(&body)
                .send()
                .await;
            let (error, status, wait) = match sent {
                Ok(response) if response.status().is_success() => {
                    return ChatStream::from_response(response, endpoint, attempts, key).await;
                }
                Ok(response) => {
                    let status = response.status();
                    let wait = retry_after(response.headers());
                    let body = response.text().await.unwrap_or_default();
                    let billed = request.billed_on_timeout && matches!(status.as_u16(), 504 | 524);
                    let retryable =
                        is_retryable_status(status) && !is_invalid_request(&body) && !billed;
                    let mut error = from_status(status, &body);
                    error.message = redact(&error.message, key.expose());
                    (error, Some(status.as_u16()), retryable.then_some(wait))
                }
                Err(err) => (
                    from_transport(&err),
                    None,
                    (err.is_connect() || err.is_timeout()).then_some(None),
                ),
            };
            match wait {
                Some(retry_after) if self.retry.may_retry(attempts) => {
                    let delay = self.retry.delay(attempts, retry_after);
                    on_retry(RetryNotice {
                        attempt: attempts + 1,
                        delay,
                        reason: error.message.clone(),
                    });
                    tokio::time::sleep(delay).await;
                }
                _ => {
                    return Err(OpenFailure {
                        error,
                        status,
                        attempts,
                    })
                }
            }
        }
    }
}

impl ChatStream {
    async fn from_response(
        response: reqwest::Response,
        endpoint: Endpoint,
        attempts: u32,
        key: &ApiKey,
    ) -> Result<Self, OpenFailure> {
        let status = response.status().as_u16();
        let is_sse = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/event-stream"));
        let mut stream = Self {
            body: futures_util::stream::empty().boxed(),
            decoder: SseDecoder::new(),
            decoded: VecDeque::new(),
            endpoint,
            pending: VecDeque::new(),
            saw_finish: false,
            done: false,
            status,
            attempts,
        };
        if is_sse {
            stream.body = response
                .bytes_stream()
                .map(|r| r.map(|b| b.to_vec()).map_err(|e| e.to_string()))
                .boxed();
            return Ok(stream);
        }
        // Some upstreams ignore `stream: true` and answer one JSON body, and
        // some gateways put an error envelope in a 200: handle both.
        let fail = |error: AppError| OpenFailure {
            error,
            status: Some(status),
            attempts,
        };
        let body = response
            .text()
            .await
            .map_err(|e| fail(from_transport(&e)))?;
        stream.pending = parse_whole_body(&body).map_err(|mut error| {
            error.message = redact(&error.message, key.expose());
            fail(error)
        })?;
        stream.done = true;
        Ok(stream)
    }

    /// The next event; `None` once the stream ended normally. An error here
    /// means the stream broke after it started: keep what came.
    pub async fn next(&mut self) -> Option<Result<StreamEvent, AppError>> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                if matches!(event, StreamEvent::Finish(_)) {
                    self.saw_finish = true;
                }
                return Some(Ok(event));
            }
            if self.done {
                return None;
            }
            if let Some(event) = self.decoded.pop_front() {
                if let Err(err) = self.take(&event) {
                    self.done = true;
                    return Some(Err(err));
                }
                continue;
            }
            match self.body.next().await {
                Some(Ok(bytes)) => {
                    let mut events = Vec::new();
                    self.decoder.feed(&bytes, &mut events);
                    self.decoded.extend(events);
                }
                Some(Err(_)) => {
                    self.done = true;
                    return Some(Err(interrupted()));
                }
                None => {
                    self.done = true;
                    // Closed without [DONE] or a finish reason: cut short.
                    if !self.saw_finish {
                        return Some(Err(interrupted()));
                    }
                }
            }
        }
    }

    fn take(&mut self, event: &SseEvent) -> Result<(), AppError> {
        let data = event.data.trim();
        if data == "[DONE]" {
            self.done = true;
            self.saw_finish = true;
            return Ok(());
        }
        if data.is_empty() {
            return Ok(());
        }
        let parsed = match self.endpoint {
            Endpoint::ChatCompletions => parse_chat_chunk(data)?,
            Endpoint::Responses => parse_response_event(&event.event, data)?,
        };
        self.pending.extend(parsed);
        Ok(())
    }
}

fn interrupted() -> AppError {
    AppError::new(
        ErrorCode::Interrupted,
        "The connection dropped before the answer finished. What arrived is kept.",
    )
}
