//! Reads one answer's bytes into events: SSE decoding, then each chunk's
//! JSON into text deltas, usage and a finish reason.

use super::chat_stream::{interrupted, StreamEvent};
use super::endpoint::Endpoint;
use super::errors::{from_transport, redact};
use super::messages_parse::parse_messages_event;
use super::sse::{SseDecoder, SseEvent};
use super::sse_parse::{parse_chat_chunk, parse_response_event, parse_whole_body};
use crate::error::AppError;
use crate::secret::ApiKey;
use futures_util::stream::{BoxStream, StreamExt};
use std::collections::VecDeque;

type ByteStream = BoxStream<'static, Result<bytes::Bytes, String>>;

pub(super) struct EventReader {
    body: ByteStream,
    decoder: SseDecoder,
    /// Events decoded from the bytes read so far, not yet taken.
    decoded: VecDeque<SseEvent>,
    endpoint: Endpoint,
    pending: VecDeque<StreamEvent>,
    saw_finish: bool,
    done: bool,
}

impl EventReader {
    /// Reads a 200 answer: an SSE stream, or a whole JSON body from an
    /// upstream that ignored `stream: true` (or put an error envelope in it).
    pub(super) async fn from_response(
        response: reqwest::Response,
        endpoint: Endpoint,
        key: &ApiKey,
    ) -> Result<Self, AppError> {
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
        };
        if is_sse {
            stream.body = response
                .bytes_stream()
                .map(|r| r.map_err(|e| e.to_string()))
                .boxed();
            return Ok(stream);
        }
        let body = response.text().await.map_err(|e| from_transport(&e))?;
        stream.pending = parse_whole_body(&body).map_err(|mut error| {
            error.message = redact(&error.message, key.expose());
            error
        })?;
        stream.done = true;
        Ok(stream)
    }

    /// The next event; `None` once the stream ended normally. An error here
    /// means the stream broke after it started: keep what came.
    pub(super) async fn next(&mut self) -> Option<Result<StreamEvent, AppError>> {
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
            Endpoint::Messages => {
                let parsed = parse_messages_event(&event.event, data)?;
                if parsed.stop {
                    self.done = true;
                    self.saw_finish = true;
                }
                parsed.events
            }
        };
        self.pending.extend(parsed);
        Ok(())
    }
}
