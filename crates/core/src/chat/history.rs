//! What is sent as context: the system prompt, the visible path, minus
//! answers that failed before saying anything, then the new question.
//! Images go as data URLs beside their question's text; documents' text
//! goes before it, each in a `<document>` block naming the file, so the
//! model can tell the file from the question and say where it read.
//! Documents too large for that are replaced by the passages found for the
//! question, which go before the last question only.

use crate::client::{ImageUrl, WireContent, WireMessage, WirePart};
use crate::error::AppResult;
use crate::store::{DocumentRef, Message, Passage, Role};

/// Where the bytes a question refers to are read from.
pub(super) struct Sources<'a> {
    /// An attached image (a file name) as a data URL.
    pub data_url: &'a dyn Fn(&str) -> AppResult<String>,
    /// A kept document's text.
    pub document_text: &'a dyn Fn(i64) -> AppResult<String>,
    /// Passages found for the question: in place of documents too large to
    /// send whole, or from the chat's collection.
    pub passages: Option<&'a [Passage]>,
    /// The documents go whole even so (the passages are the collection's).
    pub documents_whole: bool,
}

/// A question as sent: what it carries, then its own words.
pub(super) struct Asked<'a> {
    pub text: &'a str,
    pub images: &'a [String],
    pub documents: &'a [DocumentRef],
}

/// A name or part cannot close the attribute it sits in.
fn attribute(value: &str) -> String {
    value.replace('"', "'")
}

fn with_documents(asked: &Asked<'_>, sources: &Sources<'_>, is_last: bool) -> AppResult<String> {
    let mut text = String::new();
    if sources.passages.is_none() || sources.documents_whole {
        for document in asked.documents {
            let name = attribute(&document.name);
            text.push_str(&format!("<document name=\"{name}\">\n"));
            text.push_str((sources.document_text)(document.id)?.trim_end());
            text.push_str("\n</document>\n\n");
        }
    }
    if let Some(passages) = sources.passages.filter(|_| is_last) {
        for passage in passages {
            let name = attribute(&passage.document_name);
            let part = passage
                .part
                .as_deref()
                .map(|p| format!(" part=\"{}\"", attribute(p)))
                .unwrap_or_default();
            text.push_str(&format!("<document name=\"{name}\"{part}>\n"));
            text.push_str(passage.text.trim());
            text.push_str("\n</document>\n\n");
        }
    }
    if text.is_empty() {
        return Ok(asked.text.to_owned());
    }
    text.push_str(asked.text);
    Ok(text)
}

fn content(asked: &Asked<'_>, sources: &Sources<'_>, is_last: bool) -> AppResult<WireContent> {
    let text = with_documents(asked, sources, is_last)?;
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
    let shown: Vec<&Message> = history.iter().filter(|m| !m.content.is_empty()).collect();
    // On regenerate the last question is in the history.
    let last_question = match new_question {
        Some(_) => None,
        None => shown.iter().rposition(|m| m.role == Role::User),
    };
    for (index, m) in shown.into_iter().enumerate() {
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
            content: content(&asked, sources, last_question == Some(index))?,
        });
    }
    if let Some(asked) = new_question {
        wire.push(WireMessage {
            role: "user".into(),
            content: content(&asked, sources, true)?,
        });
    }
    Ok(wire)
}
