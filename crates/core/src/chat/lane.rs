//! One answer streaming: open the request (with endpoint fallback), read
//! the stream into the answer row, record the call, close the row. Compare
//! runs several of these side by side under one question.

use super::events::ChatEvent;
use super::received::Received;
use super::routes::says_wrong_endpoint;
use super::{ChatService, DELTA_INTERVAL, SAVE_INTERVAL};
use crate::client::{
    redact, ChatRequest, ChatStream, CometClient, Endpoint, OpenFailure, RetryNotice, StreamEvent,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::secret::ApiKey;
use crate::store::{ApiCall, FinishReason, Message};
use std::time::Instant;
use tokio_util::sync::CancellationToken;

/// How the reading of a stream ended.
enum Ending {
    Finished(Option<String>),
    Cancelled,
    Broken(AppError),
}

/// What a lane leaves behind: the stored answer and its error, if any.
pub(super) struct LaneOutcome {
    pub message: Message,
    pub error: Option<AppError>,
    pub text: String,
}

impl ChatService {
    /// Streams `request` into the stored, empty `answer`; every event but
    /// the last (`done`/`error`, which the caller sends) goes to `emit`.
    pub(super) async fn stream_lane(
        &self,
        key: &ApiKey,
        conversation_id: i64,
        answer: &Message,
        request: &ChatRequest,
        cancel: &CancellationToken,
        emit: &mut (dyn FnMut(ChatEvent) + Send),
    ) -> AppResult<LaneOutcome> {
        let model = request.model.as_str();
        let started = Instant::now();
        let client = self.client.current();
        let opened = {
            let mut on_retry = |notice: RetryNotice| {
                emit(ChatEvent::Retrying {
                    attempt: notice.attempt,
                    delay_ms: notice.delay.as_millis() as u64,
                    reason: notice.reason,
                })
            };
            tokio::select! {
                _ = cancel.cancelled() => None,
                opened = self.open(&client, key, request, &mut on_retry) => Some(opened),
            }
        };
        let mut call = ApiCall {
            conversation_id: Some(conversation_id),
            message_id: Some(answer.id),
            model: model.to_owned(),
            endpoint: self.routes.endpoint_for(model).path().into(),
            ..ApiCall::default()
        };
        let (ending, received) = match opened {
            None => (Ending::Cancelled, Received::new(DELTA_INTERVAL)),
            Some(Err(failure)) => {
                call.status = failure.status;
                call.attempts = failure.attempts;
                (Ending::Broken(failure.error), Received::new(DELTA_INTERVAL))
            }
            Some(Ok(mut stream)) => {
                call.status = Some(stream.status);
                call.attempts = stream.attempts;
                self.read_stream(&mut stream, answer, cancel, started, emit)
                    .await
            }
        };
        call.latency_ms = started.elapsed().as_millis() as i64;
        call.first_token_ms = received.first_token.map(|d| d.as_millis() as i64);
        if let Some(report) = self.account_usage(&mut call, request, &received) {
            emit(ChatEvent::Usage { usage: report });
        }
        let (reason, error) = match ending {
            Ending::Finished(reason) => (
                FinishReason::from_upstream(reason.as_deref().unwrap_or("stop")),
                None,
            ),
            Ending::Cancelled => (FinishReason::Cancelled, None),
            Ending::Broken(error) if error.code == ErrorCode::Interrupted => {
                (FinishReason::Interrupted, Some(error))
            }
            Ending::Broken(error) => (FinishReason::Error, Some(error)),
        };
        // Whatever the server said, the key is not shown, stored or sent on.
        let error = error.map(|e| AppError {
            message: redact(&e.message, key.expose()),
            ..e
        });
        call.error_code = error.as_ref().map(|e| e.code.as_str());
        // The call first: the stored answer is read back with its cost.
        if let Err(err) = self.store.record_api_call(&call) {
            tracing::warn!(%err, "could not record the API call");
        }
        let message =
            self.store
                .finish_answer(answer.id, &received.answer(), reason, error.as_ref())?;
        Ok(LaneOutcome {
            message,
            error,
            text: received.text,
        })
    }

    /// Opens the stream on the model's endpoint; if the server says the model
    /// lives on the other one, tries that once and remembers it.
    pub(super) async fn open(
        &self,
        client: &CometClient,
        key: &ApiKey,
        request: &ChatRequest,
        on_retry: &mut (dyn FnMut(RetryNotice) + Send),
    ) -> Result<ChatStream, OpenFailure> {
        let endpoint: Endpoint = self.routes.endpoint_for(&request.model);
        match client
            .open_chat_stream(key, request, endpoint, on_retry)
            .await
        {
            Err(failure) if says_wrong_endpoint(&failure) => {
                let other = endpoint.other();
                let opened = client.open_chat_stream(key, request, other, on_retry).await;
                if opened.is_ok() {
                    self.routes.learn(&request.model, other);
                }
                opened
            }
            opened => opened,
        }
    }

    async fn read_stream(
        &self,
        stream: &mut ChatStream,
        answer: &Message,
        cancel: &CancellationToken,
        started: Instant,
        emit: &mut (dyn FnMut(ChatEvent) + Send),
    ) -> (Ending, Received) {
        let mut received = Received::new(DELTA_INTERVAL);
        let mut last_save = Instant::now();
        let mut finish = None;
        let mut out = Vec::new();
        let ending = loop {
            for event in out.drain(..) {
                emit(event);
            }
            let due = received.deadline();
            tokio::select! {
                biased;
                _ = cancel.cancelled() => break Ending::Cancelled,
                _ = sleep_until(due) => received.flush(Instant::now(), &mut out),
                event = stream.next() => match event {
                    None => break Ending::Finished(finish),
                    Some(Err(error)) => break Ending::Broken(error),
                    Some(Ok(StreamEvent::Usage(usage))) => received.add_usage(usage),
                    Some(Ok(StreamEvent::Signature(signature))) => received.signature.push_str(&signature),
                    Some(Ok(StreamEvent::Finish(reason))) => finish = Some(reason),
                    Some(Ok(event @ (StreamEvent::Delta(_) | StreamEvent::Thinking(_)))) => {
                        match event {
                            StreamEvent::Thinking(text) => received.thought(&text, started, &mut out),
                            StreamEvent::Delta(text) => received.content(&text, started, &mut out),
                            _ => {}
                        }
                        if last_save.elapsed() >= SAVE_INTERVAL {
                            last_save = Instant::now();
                            if let Err(err) = self.store.save_partial_answer(answer.id, &received.answer()) {
                                tracing::warn!(%err, "could not save the partial answer");
                            }
                        }
                    }
                },
            }
        };
        // The last delta is never dropped: whatever is held goes out now.
        received.finish(started, &mut out);
        for event in out {
            emit(event);
        }
        (ending, received)
    }
}

async fn sleep_until(due: Option<Instant>) {
    match due {
        Some(when) => tokio::time::sleep_until(when.into()).await,
        None => std::future::pending().await,
    }
}
