//! The answer as the real gateway streams it: SSE chunks, then the finish
//! and usage chunks and `[DONE]`, shaped by the stream faults (cut, stall,
//! garbage lines, one byte per chunk, stamps).

use crate::faults::Faults;
use crate::AppState;
use axum::body::{Body, Bytes};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::time::Duration;

/// Stands for a send-time stamp until the chunk goes out (`[[stamps:N]]`).
pub(crate) const STAMP: &str = "\u{27e8}stamp\u{27e9} ";

/// The same bytes, one per HTTP chunk (`[[fault:bytewise]]`).
fn one_byte_each(
    body: impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    use futures_util::StreamExt;
    body.flat_map(|item| {
        let pieces: Vec<Result<Bytes, std::io::Error>> = match item {
            Ok(bytes) => (0..bytes.len())
                .map(|i| Ok(bytes.slice(i..i + 1)))
                .collect(),
            Err(err) => vec![Err(err)],
        };
        futures_util::stream::iter(pieces)
    })
}

/// `mb` megabytes of text in 64 KB pieces of short lines.
pub(crate) fn big_pieces(mb: usize) -> Vec<String> {
    let line = "All work and no play makes a very long answer.\n";
    let piece = line.repeat(64 * 1024 / line.len());
    vec![piece; mb * 1024 * 1024 / (64 * 1024)]
}

/// Lines a broken gateway sends among the real ones: the client skips them.
const GARBAGE: &[&str] = &[
    "data: {not json\n\n",
    ": a comment\n\n",
    "event: ping\ndata: \n\n",
    "nonsense without a field\n\n",
    "data: {\"choices\":\"oops\"}\n\n",
    "retry: 10\nid: 7\n\n",
];

/// Word-sized pieces, spaces kept, as models stream them.
pub(crate) fn split_into_chunks(answer: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut chars = answer.chars().peekable();
    while let Some(ch) = chars.next() {
        current.push(ch);
        // A run of dots ends a piece too, so "14...37...61" (an image
        // model's progress) arrives number by number, as it does for real.
        let dots_end = ch == '.' && current.ends_with("..") && chars.peek() != Some(&'.');
        if ch == ' ' || ch == '\n' || dots_end {
            pieces.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// `⟨t:µs⟩ `, the wall-clock time now in microseconds: the page compares it
/// with its own clock when the text reaches the DOM.
fn sent_stamp() -> String {
    let micros = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros());
    format!("\u{27e8}t:{micros}\u{27e9} ")
}

fn sse(value: &Value) -> Bytes {
    Bytes::from(format!("data: {value}\n\n"))
}

pub(crate) fn stream(
    state: AppState,
    faults: Faults,
    model: String,
    pieces: Vec<String>,
    usage: Value,
) -> Response {
    let delay = faults
        .slow_ms
        .map(Duration::from_millis)
        .unwrap_or(state.config.chunk_delay);
    let body = async_stream::stream! {
        let chunk = |delta: Value, finish: Value| json!({
            "id": "chatcmpl-fake", "object": "chat.completion.chunk", "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]
        });
        yield Ok::<_, std::io::Error>(sse(&chunk(json!({"role": "assistant", "content": ""}), Value::Null)));
        if let Some(think) = faults.think.as_ref().filter(|t| t.shape != "tags") {
            for piece in crate::thinking::pieces(think.words) {
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                yield Ok(sse(&chunk(json!({think.shape.as_str(): piece, "content": null}), Value::Null)));
            }
        }
        for (i, piece) in pieces.iter().enumerate() {
            if faults.drop_after == Some(i) {
                // Let the chunks before the cut reach the socket first.
                tokio::time::sleep(Duration::from_millis(50)).await;
                yield Err(std::io::Error::other("fake-comet cut the connection"));
                return;
            }
            if faults.stall_after == Some(i) {
                std::future::pending::<()>().await;
            }
            if faults.midstream_error_after == Some(i) {
                let message = format!("upstream broke mid-stream (caller {})", faults.caller_token);
                yield Ok(sse(&json!({"error": {"message": message, "code": ""}})));
                return;
            }
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            if faults.garbage && i == 1 {
                for line in GARBAGE {
                    yield Ok(Bytes::from_static(line.as_bytes()));
                }
            }
            let text = if piece == STAMP { sent_stamp() } else { piece.clone() };
            yield Ok(sse(&chunk(json!({"content": text}), Value::Null)));
        }
        yield Ok(sse(&chunk(json!({}), json!("stop"))));
        if !faults.no_usage {
            let choices = if faults.usage_in_delta {
                json!([{"index": 0, "delta": {}, "finish_reason": null}])
            } else {
                json!([])
            };
            yield Ok(sse(&json!({"id": "chatcmpl-fake", "object": "chat.completion.chunk", "choices": choices, "usage": usage})));
        }
        yield Ok(Bytes::from_static(b"data: [DONE]\n\n"));
    };
    let body = if faults.bytewise {
        Body::from_stream(one_byte_each(body))
    } else {
        Body::from_stream(body)
    };
    Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}
