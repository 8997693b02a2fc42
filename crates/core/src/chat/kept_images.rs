//! An image model's answer in a chat: its pictures go to the gallery
//! before the answer is reported done, so the chat can show them (the CSP
//! keeps remote images out of the window, and the links expire anyway).

use super::ChatService;
use crate::images::{keep_answer_images, makes_images};
use crate::store::Message;

impl ChatService {
    /// `answer` as stored once its pictures are kept; unchanged for
    /// other models or when nothing could be kept.
    pub(super) async fn keep_images(&self, answer: Message) -> Message {
        let Some(model) = answer.model.as_deref() else {
            return answer;
        };
        if !makes_images(&self.catalogue, model) {
            return answer;
        }
        let client = self.client.current();
        match keep_answer_images(&self.store, &client, &self.attachments, &answer).await {
            Ok(kept) if !kept.is_empty() => self.store.message(answer.id).unwrap_or(answer),
            Ok(_) => answer,
            Err(error) => {
                tracing::warn!(
                    code = error.code.as_str(),
                    "a chat answer's images were not kept"
                );
                answer
            }
        }
    }
}
