//! Streaming an answer from either endpoint: open with retries, then read
//! SSE events into text deltas, usage and a finish reason. Never retried
//! once it started. The request and the reading run on the stream thread
//! (see `stream_thread.rs`); the caller receives parsed events.

use super::endpoint::Endpoint;
use super::errors::{from_status, from_transport, is_invalid_request, redact, timed_out};
use super::event_reader::EventReader;
use super::retry::{is_retryable_status, retry_after, RetryNotice, RetryPolicy};
use super::wire::{ChatRequest, WireUsage};
use super::CometClient;
use crate::error::{AppError, ErrorCode};
use crate::secret::ApiKey;
use futures_util::FutureExt;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::timeout;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamEvent {
    Delta(String),
    /// Thinking sent apart from the text (`reasoning_content`,
    /// `reasoning`, a responses reasoning summary).
    Thinking(String),
    /// Anthropic's signature over the thinking, kept with it unchanged.
    Signature(String),
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

/// Batches read ahead of the app, bounded so that a stalled reader cannot
/// make the stream thread hoard an answer.
const READ_AHEAD: usize = 64;
/// Events in one batch at most.
const BATCH: usize = 512;

/// What the stream thread tells the caller, in this order: retries, then
/// one `Opened` or `Failed`, then the answer's events.
enum Feed {
    Retry(RetryNotice),
    Opened {
        status: u16,
        attempts: u32,
    },
    Failed(OpenFailure),
    /// The events read since the last batch: handing them over one at a
    /// time would wake the app's thread once a token.
    Events(Vec<Result<StreamEvent, AppError>>),
}

/// An open answer. Dropping it (Stop) ends the request on the stream thread.
pub struct ChatStream {
    feed: mpsc::Receiver<Feed>,
    batch: std::collections::VecDeque<Result<StreamEvent, AppError>>,
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
        let (sender, mut feed) = mpsc::channel(READ_AHEAD);
        let job = StreamJob {
            http: self.stream_http.clone(),
            url: self.url(endpoint.path()),
            body: request.body_for(endpoint),
            billed_on_timeout: request.billed_on_timeout,
            endpoint,
            key: key.clone(),
            retry: self.retry.clone(),
            idle: self.idle_timeout,
        };
        self.streams.spawn(async move {
            // The caller gone (Stop, or the app closing) ends the work at
            // once, even while waiting for the server.
            tokio::select! {
                _ = sender.closed() => {}
                _ = job.run(&sender) => {}
            }
        });
        loop {
            match feed.recv().await {
                Some(Feed::Retry(notice)) => on_retry(notice),
                Some(Feed::Opened { status, attempts }) => {
                    return Ok(ChatStream {
                        feed,
                        batch: Default::default(),
                        done: false,
                        status,
                        attempts,
                    })
                }
                Some(Feed::Failed(failure)) => return Err(failure),
                Some(Feed::Events(_)) | None => {
                    return Err(OpenFailure {
                        error: interrupted(),
                        status: None,
                        attempts: 0,
                    })
                }
            }
        }
    }
}

impl ChatStream {
    /// The next event; `None` once the stream ended normally. An error here
    /// means the stream broke after it started: keep what came.
    pub async fn next(&mut self) -> Option<Result<StreamEvent, AppError>> {
        loop {
            if self.done {
                return None;
            }
            if let Some(event) = self.batch.pop_front() {
                self.done = event.is_err();
                return Some(event);
            }
            match self.feed.recv().await {
                Some(Feed::Events(events)) => self.batch.extend(events),
                Some(_) | None => self.done = true,
            }
        }
    }
}

/// One request as the stream thread runs it.
struct StreamJob {
    http: reqwest::Client,
    url: String,
    body: serde_json::Value,
    billed_on_timeout: bool,
    endpoint: Endpoint,
    key: ApiKey,
    retry: RetryPolicy,
    /// The longest silence allowed. Kept here rather than as reqwest's read
    /// timeout, which re-arms a timer for every token: a timer per batch
    /// costs nothing.
    idle: Duration,
}

impl StreamJob {
    async fn run(self, feed: &mpsc::Sender<Feed>) {
        let (response, attempts) = match self.open(feed).await {
            Ok(opened) => opened,
            Err(failure) => {
                let _ = feed.send(Feed::Failed(failure)).await;
                return;
            }
        };
        let status = response.status().as_u16();
        let mut reader = match EventReader::from_response(response, self.endpoint, &self.key).await
        {
            Ok(reader) => reader,
            Err(error) => {
                let failure = OpenFailure {
                    error,
                    status: Some(status),
                    attempts,
                };
                let _ = feed.send(Feed::Failed(failure)).await;
                return;
            }
        };
        if feed.send(Feed::Opened { status, attempts }).await.is_err() {
            return;
        }
        let mut batch = Vec::new();
        loop {
            let next = if batch.is_empty() {
                match timeout(self.idle, reader.next()).await {
                    Ok(next) => Some(next),
                    Err(_) => Some(Some(Err(interrupted()))),
                }
            } else {
                // Let the connection hand over what it has already read,
                // then take it without waiting; nothing more means the
                // socket is dry for now and the batch goes out. Dropping a
                // pending `next` loses nothing: the reader keeps its state.
                tokio::task::yield_now().await;
                reader.next().now_or_never()
            };
            let dry = next.is_none();
            let ended = match next {
                Some(Some(event)) => {
                    batch.push(event);
                    false
                }
                Some(None) => true,
                None => false,
            };
            if (ended || dry || batch.len() >= BATCH)
                && !batch.is_empty()
                && feed
                    .send(Feed::Events(std::mem::take(&mut batch)))
                    .await
                    .is_err()
            {
                return;
            }
            if ended {
                return;
            }
        }
    }

    async fn open(
        &self,
        feed: &mpsc::Sender<Feed>,
    ) -> Result<(reqwest::Response, u32), OpenFailure> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            let mut request = self
                .http
                .post(&self.url)
                .bearer_auth(self.key.expose())
                .header(reqwest::header::ACCEPT, "text/event-stream");
            if self.endpoint == Endpoint::Messages {
                // What the gateway would otherwise assume; said, so it is fixed.
                request = request.header("anthropic-version", "2023-06-01");
            }
            let request = request.json(&self.body).send();
            let (error, status, wait) = match timeout(self.idle, request).await {
                Ok(Ok(response)) if response.status().is_success() => {
                    return Ok((response, attempts))
                }
                Ok(Ok(response)) => {
                    let status = response.status();
                    let wait = retry_after(response.headers());
                    let body = response.text().await.unwrap_or_default();
                    let billed = self.billed_on_timeout && matches!(status.as_u16(), 504 | 524);
                    let retryable =
                        is_retryable_status(status) && !is_invalid_request(&body) && !billed;
                    let mut error = from_status(status, &body);
                    error.message = redact(&error.message, self.key.expose());
                    (error, Some(status.as_u16()), retryable.then_some(wait))
                }
                Ok(Err(err)) => (
                    from_transport(&err),
                    None,
                    (err.is_connect() || err.is_timeout()).then_some(None),
                ),
                // No answer within the idle time: a timeout, tried again.
                Err(_) => (timed_out(), None, Some(None)),
            };
            match wait {
                Some(retry_after) if self.retry.may_retry(attempts) => {
                    let delay = self.retry.delay(attempts, retry_after);
                    let notice = RetryNotice {
                        attempt: attempts + 1,
                        delay,
                        reason: error.message.clone(),
                    };
                    let _ = feed.send(Feed::Retry(notice)).await;
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

pub(super) fn interrupted() -> AppError {
    AppError::new(
        ErrorCode::Interrupted,
        "The connection dropped before the answer finished. What arrived is kept.",
    )
}
