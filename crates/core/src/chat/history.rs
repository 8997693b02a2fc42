//! What is sent as context: the system prompt, the visible path, minus
//! answers that failed before saying anything, then the new question.
//! Images go as data URLs beside their question's text.

use crate::client::{ImageUrl, WireContent, WireMessage, WirePart};
use crate::error::AppResult;
use crate::store::{Message, Role};

fn content(
    text: &str,
    images: &[String],
    data_url: &dyn Fn(&str) -> AppResult<String>,
) -> AppResult<WireContent> {
    if images.is_empty() {
        return Ok(WireContent::Text(text.to_owned()));
    }
    let mut parts = vec![WirePart::Text {
        text: text.to_owned(),
    }];
    for file in images {
        parts.push(WirePart::ImageUrl {
            image_url: ImageUrl {
                url: data_url(file)?,
            },
        });
    }
    Ok(WireContent::Parts(parts))
}

pub(super) fn to_wire(
    system_prompt: Option<&str>,
    history: &[Message],
    new_question: Option<(&str, &[String])>,
    data_url: &dyn Fn(&str) -> AppResult<String>,
) -> AppResult<Vec<WireMessage>> {
    let mut wire: Vec<WireMessage> = system_prompt
        .map(|text| WireMessage::text("system", text))
        .into_iter()
        .collect();
    for m in history.iter().filter(|m| !m.content.is_empty()) {
        let role = match m.role {
            Role::User => "user",
            Role::Assistant => "assistant",
            Role::System => "system",
        };
        wire.push(WireMessage {
            role: role.to_owned(),
            content: content(&m.content, &m.attachments, data_url)?,
        });
    }
    if let Some((text, images)) = new_question {
        wire.push(WireMessage {
            role: "user".into(),
            content: content(text, images, data_url)?,
        });
    }
    Ok(wire)
}
