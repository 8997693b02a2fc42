//! What the user asked for, turned into the rows to write and the context
//! to send. A new question follows the leaf; an edit becomes a sibling of
//! the question it replaces; a regeneration, a sibling of the answer.

use crate::error::{AppError, AppResult};
use crate::store::{DocumentRef, Message, Role, Store};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Turn {
    /// A new question after the last message shown, with any images
    /// (file names from `attach_*`) and documents (ids from
    /// `attach_document*`).
    Ask {
        content: String,
        #[serde(default)]
        attachments: Vec<String>,
        #[serde(default)]
        documents: Vec<i64>,
    },
    /// Another answer to the question above `answer_id`.
    Regenerate { answer_id: i64 },
    /// `message_id` asked again with new words.
    Edit { message_id: i64, content: String },
}

/// A turn checked against the store, nothing written yet.
pub(super) struct Planned {
    /// The context above the new rows, oldest first.
    pub history: Vec<Message>,
    /// A question to store (`None` when regenerating).
    pub question: Option<NewQuestion>,
    /// The stored question being answered again.
    pub answering: Option<i64>,
}

pub(super) struct NewQuestion {
    pub parent: Option<i64>,
    pub content: String,
    pub attachments: Vec<String>,
    pub documents: Vec<DocumentRef>,
}

/// The whole path above `message_id` (not including it).
fn above(store: &Store, conversation_id: i64, message_id: i64) -> AppResult<Vec<Message>> {
    Ok(store
        .message_page(conversation_id, Some(message_id), u32::MAX)?
        .messages)
}

fn checked_text(content: &str) -> AppResult<String> {
    if content.trim().is_empty() {
        return Err(AppError::invalid_input("Type a message first."));
    }
    Ok(content.to_owned())
}

/// The message, if it belongs to the conversation and has the role.
fn owned(store: &Store, conversation_id: i64, id: i64, role: Role) -> AppResult<Message> {
    let message = store.message_in(conversation_id, id)?;
    if message.role != role {
        return Err(AppError::invalid_input(match role {
            Role::User => "Only your own messages can be edited.",
            _ => "Only answers can be regenerated.",
        }));
    }
    Ok(message)
}

pub(super) fn plan(store: &Store, conversation_id: i64, turn: &Turn) -> AppResult<Planned> {
    match turn {
        Turn::Ask {
            content,
            attachments,
            documents,
        } => {
            let content = checked_text(content)?;
            let history = store.list_messages(conversation_id)?;
            // Each id checked now, before anything is written.
            let documents = documents
                .iter()
                .map(|id| store.document(*id))
                .collect::<AppResult<Vec<_>>>()?;
            Ok(Planned {
                question: Some(NewQuestion {
                    parent: history.last().map(|m| m.id),
                    content,
                    attachments: attachments.clone(),
                    documents,
                }),
                history,
                answering: None,
            })
        }
        Turn::Edit {
            message_id,
            content,
        } => {
            let content = checked_text(content)?;
            let old = owned(store, conversation_id, *message_id, Role::User)?;
            Ok(Planned {
                history: above(store, conversation_id, old.id)?,
                // Images and documents stay with the question when its
                // words change.
                question: Some(NewQuestion {
                    parent: old.parent_id,
                    content,
                    attachments: old.attachments,
                    documents: old.documents,
                }),
                answering: None,
            })
        }
        Turn::Regenerate { answer_id } => {
            let old = owned(store, conversation_id, *answer_id, Role::Assistant)?;
            let question = old.parent_id.ok_or_else(|| {
                AppError::invalid_input("This answer has no question to ask again.")
            })?;
            Ok(Planned {
                history: above(store, conversation_id, old.id)?,
                question: None,
                answering: Some(question),
            })
        }
    }
}
