//! What is sent as context: the stored conversation, minus answers that
//! failed before saying anything.

use crate::client::WireMessage;
use crate::store::{Message, Role};

pub(super) fn to_wire(history: &[Message], new_user_text: &str) -> Vec<WireMessage> {
    let mut wire: Vec<WireMessage> = history
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
        })
        .collect();
    wire.push(WireMessage {
        role: "user".into(),
        content: new_user_text.to_owned(),
    });
    wire
}
