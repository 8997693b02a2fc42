//! Naming a chat after its first answer: one short call to a cheap model.
//! Until it answers (or if it fails) the chat keeps the first words of the
//! question; a title the user typed is never replaced.

use super::ChatService;
use crate::client::{ChatRequest, StreamEvent, WireMessage};
use crate::secret::ApiKey;
use crate::settings::DEFAULT_TITLE_MODEL;
use crate::store::{title_from_text, ApiCall, CallKind, Conversation};
use std::time::{Duration, Instant};

const INSTRUCTION: &str = "You name conversations. Reply with a title of at most six words, \
in the language of the conversation, without quotes and without a full stop.";
/// Enough of each side for the gist; a title never needs the whole answer.
const EXCERPT_CHARS: usize = 1000;
const TITLE_TIMEOUT: Duration = Duration::from_secs(20);

fn excerpt(text: &str) -> String {
    text.chars().take(EXCERPT_CHARS).collect()
}

/// One line, no quotes, no "Title:" label, no closing full stop.
pub(super) fn clean_title(raw: &str) -> Option<String> {
    let line = raw.lines().map(str::trim).find(|l| !l.is_empty())?;
    let mut line = line
        .strip_prefix("Title:")
        .or_else(|| line.strip_prefix("title:"))
        .unwrap_or(line)
        .trim();
    // Quotes and full stops nest either way round: peel until stable.
    loop {
        let peeled = line
            .trim_matches(|c| matches!(c, '"' | '\'' | '“' | '”' | '「' | '」' | '*' | '#'))
            .trim_end_matches(['.', '。'])
            .trim();
        if peeled == line {
            break;
        }
        line = peeled;
    }
    let title: String = line.chars().take(60).collect();
    (!title.is_empty()).then_some(title)
}

impl ChatService {
    pub(super) async fn name_conversation(
        &self,
        key: &ApiKey,
        conversation_id: i64,
        question: &str,
        answer: &str,
    ) -> Option<Conversation> {
        let model = match self.store.load_settings() {
            Ok(Some(settings)) => settings.title_model,
            _ => DEFAULT_TITLE_MODEL.to_owned(),
        };
        if model.is_empty() {
            return None;
        }
        // Only the title taken from the question may be replaced.
        let before = title_from_text(question)?;
        let request = ChatRequest::streaming(
            model.as_str(),
            vec![
                WireMessage::text("system", INSTRUCTION),
                WireMessage::text(
                    "user",
                    format!(
                        "User: {}\n\nAssistant: {}",
                        excerpt(question),
                        excerpt(answer)
                    ),
                ),
            ],
        );
        let started = Instant::now();
        let mut call = ApiCall {
            kind: CallKind::Title,
            conversation_id: Some(conversation_id),
            model: model.clone(),
            endpoint: self.routes.endpoint_for(&model).path().into(),
            ..ApiCall::default()
        };
        let received = tokio::time::timeout(TITLE_TIMEOUT, self.collect(key, &request, &mut call))
            .await
            .ok()
            .flatten();
        call.latency_ms = started.elapsed().as_millis() as i64;
        if let Some(received) = &received {
            self.account_usage(&mut call, &request, received);
        }
        if let Err(err) = self.store.record_api_call(&call) {
            tracing::warn!(%err, "could not record the title call");
        }
        // A title model that thinks aloud puts it in `<think>` tags.
        let title = clean_title(&super::thinking::without_thinking(&received?.text))?;
        self.store
            .rename_if_unchanged(conversation_id, &before, &title)
            .ok()
            .flatten()
    }

    /// The whole answer to a short request, or `None` if it failed.
    async fn collect(
        &self,
        key: &ApiKey,
        request: &ChatRequest,
        call: &mut ApiCall,
    ) -> Option<super::received::Received> {
        let client = self.client.current();
        let mut stream = match self.open(&client, key, request, &mut |_| {}).await {
            Ok(stream) => stream,
            Err(failure) => {
                call.status = failure.status;
                call.attempts = failure.attempts;
                call.error_code = Some(failure.error.code.as_str());
                return None;
            }
        };
        call.status = Some(stream.status);
        call.attempts = stream.attempts;
        let mut received = super::received::Received::new(super::DELTA_INTERVAL);
        while let Some(event) = stream.next().await {
            match event {
                Ok(StreamEvent::Delta(text)) => received.text.push_str(&text),
                Ok(StreamEvent::Usage(usage)) => received.add_usage(usage),
                Ok(
                    StreamEvent::Finish(_) | StreamEvent::Thinking(_) | StreamEvent::Signature(_),
                ) => {}
                Err(error) => {
                    call.error_code = Some(error.code.as_str());
                    return None;
                }
            }
        }
        Some(received)
    }
}

#[cfg(test)]
mod tests {
    use super::clean_title;

    #[test]
    fn titles_are_tidied() {
        assert_eq!(
            clean_title("\"Trip to Lisbon.\"").as_deref(),
            Some("Trip to Lisbon")
        );
        assert_eq!(
            clean_title("Title: Rust lifetimes\nmore").as_deref(),
            Some("Rust lifetimes")
        );
        assert_eq!(clean_title("「秋天的诗」。").as_deref(), Some("秋天的诗"));
        assert_eq!(clean_title("  \n "), None);
    }
}
