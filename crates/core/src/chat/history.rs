//! What is sent as context: the system prompt, the visible path, minus
//! answers that failed before saying anything, then the new question.

use crate::client::WireMessage;
use crate::store::{Message, Role};

pub(super) fn to_wire(
    system_prompt: Option<&str>,
    history: &[Message],
    new_question: Option<&str>,
) -> Vec<WireMessage> {
    let system = system_prompt.map(|text| WireMessage {
        role: "system".into(),
        content: text.to_owned(),
    });
    let past = history
        .iter()
        .filter(|m| !m.content.is_empty())
        .map(|m| WireMessage {
            role: match m.role {
                Role::User => "user",
                Role::Assistant => "assistant",
                Role::System => "system",
            }
            .to_owned(),
            content: m.content.clone(),
        });
    let question = new_question.map(|text| WireMessage {
        role: "user".into(),
        content: text.to_owned(),
    });
    system.into_iter().chain(past).chain(question).collect()
}
