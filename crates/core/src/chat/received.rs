//! What an answer's stream has brought so far, split into its parts: the
//! thinking (sent apart by the server, or inside `<think>` tags at the
//! start of the text) and the answer's text. Each part is coalesced for the
//! UI on its own, thinking always going out before the text that follows.

use super::events::ChatEvent;
use super::thinking::{Piece, ThinkTags};
use super::throttle::DeltaThrottle;
use crate::client::WireUsage;
use crate::store::AnswerText;
use std::time::{Duration, Instant};

pub(super) struct Received {
    pub text: String,
    pub thinking: String,
    /// Anthropic's signature over the thinking, as it came.
    pub signature: String,
    pub usage: Option<WireUsage>,
    pub first_token: Option<Duration>,
    thinking_started: Option<Instant>,
    pub thinking_ms: Option<i64>,
    tags: ThinkTags,
    text_out: DeltaThrottle,
    thinking_out: DeltaThrottle,
}

impl Received {
    pub fn new(interval: Duration) -> Self {
        Self {
            text: String::new(),
            thinking: String::new(),
            signature: String::new(),
            usage: None,
            first_token: None,
            thinking_started: None,
            thinking_ms: None,
            tags: ThinkTags::default(),
            text_out: DeltaThrottle::new(interval),
            thinking_out: DeltaThrottle::new(interval),
        }
    }

    /// A usage report, over what earlier ones said.
    pub fn add_usage(&mut self, usage: WireUsage) {
        self.usage = Some(match self.usage.take() {
            Some(earlier) => usage.over(earlier),
            None => usage,
        });
    }

    /// Text from the stream's content: thinking if it opens with a tag.
    /// Once the answer's text has begun, chunks go straight through (the
    /// streaming path copies nothing more than before thinking existed).
    pub fn content(&mut self, text: &str, started: Instant, out: &mut Vec<ChatEvent>) {
        if self.tags.passes_through() {
            return self.text_piece(text, started, out);
        }
        for piece in self.tags.push(text) {
            self.piece(piece, started, out);
        }
    }

    /// Thinking the server sent apart from the text.
    pub fn thought(&mut self, text: &str, started: Instant, out: &mut Vec<ChatEvent>) {
        let now = Instant::now();
        self.first_token.get_or_insert_with(|| started.elapsed());
        self.thinking_started.get_or_insert(now);
        self.thinking.push_str(text);
        if let Some(text) = self.thinking_out.push(text, now) {
            out.push(ChatEvent::Thinking { text });
        }
    }

    fn text_piece(&mut self, text: &str, started: Instant, out: &mut Vec<ChatEvent>) {
        let now = Instant::now();
        self.first_token.get_or_insert_with(|| started.elapsed());
        self.end_thinking(now, out);
        self.text.push_str(text);
        if let Some(text) = self.text_out.push(text, now) {
            out.push(ChatEvent::Delta { text });
        }
    }

    fn piece(&mut self, piece: Piece, started: Instant, out: &mut Vec<ChatEvent>) {
        match piece {
            Piece::Thinking(text) => self.thought(&text, started, out),
            Piece::Text(text) => self.text_piece(&text, started, out),
        }
    }

    /// The answer's first word (or its end): the thinking is over.
    fn end_thinking(&mut self, now: Instant, out: &mut Vec<ChatEvent>) {
        if let Some(text) = self.thinking_out.flush(now) {
            out.push(ChatEvent::Thinking { text });
        }
        if let (Some(began), None) = (self.thinking_started, self.thinking_ms) {
            self.thinking_ms = Some(now.duration_since(began).as_millis() as i64);
        }
    }

    /// When held text is due.
    pub fn deadline(&self) -> Option<Instant> {
        match (self.thinking_out.deadline(), self.text_out.deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Sends what is due (or all that is held, at the end).
    pub fn flush(&mut self, now: Instant, out: &mut Vec<ChatEvent>) {
        if let Some(text) = self.thinking_out.flush(now) {
            out.push(ChatEvent::Thinking { text });
        }
        if let Some(text) = self.text_out.flush(now) {
            out.push(ChatEvent::Delta { text });
        }
    }

    /// The stream ended: what the tag reader held back goes out as what it
    /// looked like, then everything held.
    pub fn finish(&mut self, started: Instant, out: &mut Vec<ChatEvent>) {
        if let Some(piece) = self.tags.finish() {
            self.piece(piece, started, out);
        }
        let now = Instant::now();
        if self.thinking_started.is_some() && self.thinking_ms.is_none() {
            self.end_thinking(now, out);
        }
        self.flush(now, out);
    }

    /// As stored: the thinking without the blank lines around it.
    pub fn answer(&self) -> AnswerText<'_> {
        AnswerText {
            content: &self.text,
            thinking: self.thinking.trim(),
            thinking_ms: self.thinking_ms,
            signature: &self.signature,
        }
    }
}
