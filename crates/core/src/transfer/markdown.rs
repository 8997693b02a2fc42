//! A conversation as Markdown, for reading or pasting elsewhere: the title,
//! then each message of the branch on screen under a heading. An answer's
//! thinking is left out unless asked for (then quoted above the answer);
//! a question's documents are named above it.

use crate::store::{Conversation, Message, Role};

pub fn to_markdown(conversation: &Conversation, messages: &[Message], thinking: bool) -> String {
    let mut out = format!("# {}\n\n", conversation.title);
    if let Some(prompt) = &conversation.settings.system_prompt {
        out.push_str(&format!("> System: {}\n\n", prompt.replace('\n', "\n> ")));
    }
    for message in messages {
        let who = match message.role {
            Role::User => "You".to_owned(),
            Role::System => "System".to_owned(),
            Role::Assistant => message.model.clone().unwrap_or_else(|| "Assistant".into()),
        };
        out.push_str(&format!("## {who}\n\n"));
        if let Some(thought) = message.thinking.as_deref().filter(|_| thinking) {
            out.push_str(&format!(
                "> Thinking: {}\n\n",
                thought.trim_end().replace('\n', "\n> ")
            ));
        }
        // Documents are named, not copied: the JSON export carries them.
        for document in &message.documents {
            out.push_str(&format!("> Attached: {}\n\n", document.name));
        }
        out.push_str(&format!("{}\n\n", message.content.trim_end()));
        if let Some(error) = &message.error {
            out.push_str(&format!("> Error: {}\n\n", error.message));
        }
    }
    out
}
