//! What is sent as context: the system prompt, the visible path, minus
//! answers that failed before saying anything, then the new question.
//! Images go as data URLs beside their question's text; documents' text
//! goes before it, each in a `<document>` block naming the file, so the
//! model can tell the file from the question and say where it read.

use crate::client::{ImageUrl, WireContent, WireMessage, WirePart};
use crate::error::AppResult;
use crate::store::{DocumentRef, Message, Role};

/// Where the bytes a question refers to are read from.
pub(super) struct Sources<'a> {
    /// An attached image (a file name) as a data URL.
    pub data_url: &'a dyn Fn(&str) -> AppResult<String>,
    /// A kept document's text.
    pub document_text: &'a dyn Fn(i64) -> AppResult<String>,
}

/// A question as sent: what it carries, then its own words.
pub(super) struct Asked<'a> {
    pub text: &'a str,
    pub images: &'a [String],
    pub documents: &'a [DocumentRef],
}

fn with_documents(asked: &Asked<'_>, sources: &Sources<'_>) -> AppResult<String> {
    if asked.documents.is_empty() {
        return Ok(asked.text.to_owned());
    }
    let mut text = String::new();
    for document in asked.documents {
        // A name cannot close the attribute it sits in.
        let name = document.name.replace('"', "'");
        text.push_str(&format!("<document name=\"{name}\">\n"));
        text.push_str((sources.document_text)(document.id)?.trim_end());
        text.push_str("\n</document>\n\n");
    }
    text.push_str(asked.text);
    Ok(text)
}

fn content(asked: &Asked<'_>, sources: &Sources<'_>) -> AppResult<WireContent> {
    let text = with_documents(asked, sources)?;
    if asked.images.is_empty() {
        return Ok(WireContent::Text(text));
    }
    let mut parts = vec![WirePart::Text { text }];
    for file in asked.images {
        parts.push(WirePart::ImageUrl {
            image_url: ImageUrl {
                url: (sources.data_url)(file)?,
            },
        });
    }
    Ok(WireContent::Parts(parts))
}

pub(super) fn to_wire(
    system_prompt: Option<&str>,
    history: &[Message],
    new_question: Option<Asked<'_>>,
    sources: &Sources<'_>,
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
        let asked = Asked {
            text: &m.content,
            images: &m.attachments,
            documents: &m.documents,
        };
        wire.push(WireMessage {
            role: role.to_owned(),
            content: content(&asked, sources)?,
        });
    }
    if let Some(asked) = new_question {
        wire.push(WireMessage {
            role: "user".into(),
            content: content(&asked, sources)?,
        });
    }
    Ok(wire)
}
