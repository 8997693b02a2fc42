//! Chatbox's "export data" file. Older versions keep `chat-sessions[]`;
//! newer ones list `chat-sessions-list[]` and store each session under
//! `session:<id>`. A session has a `name`, `settings.model` (or `modelId`) and
//! `messages[]` of `{role, content | contentParts[{type, text}], model?,
//! timestamp}`.

use super::{chain, role_of, text_of, PortableConversation};
use crate::store::{ConversationSettings, Role};
use serde_json::Value;

pub(super) fn parse(value: &Value) -> Option<Vec<PortableConversation>> {
    let sessions: Vec<&Value> =
        if let Some(list) = value.get("chat-sessions").and_then(Value::as_array) {
            list.iter().collect()
        } else {
            let list = value.get("chat-sessions-list")?.as_array()?;
            list.iter()
                .filter_map(|meta| meta.get("id").and_then(Value::as_str))
                .filter_map(|id| value.get(format!("session:{id}")))
                .collect()
        };
    Some(sessions.into_iter().filter_map(session).collect())
}

fn content_of(m: &Value) -> String {
    match m.get("contentParts") {
        Some(parts) => text_of(parts),
        None => m.get("content").map(text_of).unwrap_or_default(),
    }
}

fn session(s: &Value) -> Option<PortableConversation> {
    if s.get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| t != "chat")
    {
        return None; // picture sessions hold no chat
    }
    let model = s
        .pointer("/settings/model")
        .or_else(|| s.pointer("/settings/modelId"))
        .and_then(Value::as_str)
        .unwrap_or("gpt-4o-mini")
        .to_owned();
    let mut system_prompt = None;
    let raw = s.get("messages")?.as_array()?;
    let messages = chain(raw.iter().filter_map(|m| {
        let role = role_of(m.get("role")?.as_str()?)?;
        let content = content_of(m);
        if role == Role::System {
            // Chatbox keeps the system prompt as the first message.
            system_prompt = Some(content).filter(|c| !c.trim().is_empty());
            return None;
        }
        if content.is_empty() {
            return None;
        }
        let at = m.get("timestamp").and_then(Value::as_i64).unwrap_or(0);
        let model = (role == Role::Assistant).then(|| {
            m.get("model")
                .and_then(Value::as_str)
                .unwrap_or(&model)
                .to_owned()
        });
        Some((role, content, model, at))
    }));
    let first = messages.first().map_or(0, |m| m.created_at);
    let last = messages.last().map_or(first, |m| m.created_at);
    Some(PortableConversation {
        title: s
            .get("name")
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
            .unwrap_or("Chatbox")
            .to_owned(),
        model,
        created_at: first,
        updated_at: last,
        settings: ConversationSettings {
            system_prompt,
            temperature: s.pointer("/settings/temperature").and_then(Value::as_f64),
            max_tokens: None,
            reasoning_effort: None,
            thinking_budget: None,
        },
        leaf: messages.last().map(|m| m.key),
        messages,
        folder: None,
        pinned: false,
    })
}
