//! NextChat's "backup" file: `chat-next-web-store.sessions[]`, each with a
//! `topic`, `lastUpdate`, `mask.modelConfig` and `messages[]` of
//! `{role, content, date, model?}`. Its dates are local strings, so the
//! session's `lastUpdate` dates every message.

use super::{chain, role_of, text_of, PortableConversation};
use crate::store::{ConversationSettings, Role};
use serde_json::Value;

pub(super) fn parse(value: &Value) -> Option<Vec<PortableConversation>> {
    let sessions = value
        .get("chat-next-web-store")?
        .get("sessions")?
        .as_array()?;
    Some(sessions.iter().filter_map(session).collect())
}

fn session(s: &Value) -> Option<PortableConversation> {
    let updated = s.get("lastUpdate").and_then(Value::as_i64).unwrap_or(0);
    let config = s.pointer("/mask/modelConfig");
    let model = config
        .and_then(|c| c.get("model"))
        .and_then(Value::as_str)
        .unwrap_or("gpt-4o-mini")
        .to_owned();
    // A mask's context holds its system prompt.
    let system_prompt = s
        .pointer("/mask/context")
        .and_then(Value::as_array)
        .and_then(|context| context.iter().find(|m| m["role"] == "system"))
        .map(|m| text_of(&m["content"]))
        .filter(|p| !p.trim().is_empty());
    let messages = chain(s.get("messages")?.as_array()?.iter().filter_map(|m| {
        let role = role_of(m.get("role")?.as_str()?)?;
        let content = text_of(m.get("content")?);
        if content.is_empty() || m.get("isError").and_then(Value::as_bool) == Some(true) {
            return None;
        }
        let model = (role == Role::Assistant).then(|| {
            m.get("model")
                .and_then(Value::as_str)
                .unwrap_or(&model)
                .to_owned()
        });
        Some((role, content, model, updated))
    }));
    let title = s
        .get("topic")
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or("NextChat")
        .to_owned();
    Some(PortableConversation {
        title,
        settings: ConversationSettings {
            system_prompt,
            temperature: config
                .and_then(|c| c.get("temperature"))
                .and_then(Value::as_f64),
            max_tokens: config
                .and_then(|c| c.get("max_tokens"))
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| *n > 0),
            reasoning_effort: None,
            thinking_budget: None,
        },
        model,
        created_at: updated,
        updated_at: updated,
        leaf: messages.last().map(|m| m.key),
        messages,
        folder: None,
        pinned: false,
    })
}
