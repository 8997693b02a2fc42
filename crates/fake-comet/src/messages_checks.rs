//! What Anthropic's Messages API refuses, checked as strictly as Anthropic
//! does, so the client's mistakes fail here as they would there. Every
//! refusal is a 400 in Anthropic's error shape.

use serde_json::Value;

/// The first rule the body breaks, in Anthropic's words.
pub(crate) fn refusal(body: &Value, has_version: bool) -> Option<String> {
    if !has_version {
        return Some("anthropic-version: header is required".into());
    }
    let Some(max_tokens) = body["max_tokens"].as_u64() else {
        return Some("max_tokens: Field required".into());
    };
    let Some(messages) = body["messages"].as_array().filter(|m| !m.is_empty()) else {
        return Some("messages: at least one message is required".into());
    };
    if body.get("stream_options").is_some() {
        return Some("stream_options: Extra inputs are not permitted".into());
    }
    for (i, message) in messages.iter().enumerate() {
        let role = message["role"].as_str().unwrap_or_default();
        if role != "user" && role != "assistant" {
            return Some(format!(
                "messages.{i}.role: Input should be 'user' or 'assistant'"
            ));
        }
        let expected = if i % 2 == 0 { "user" } else { "assistant" };
        if role != expected {
            return Some("messages: roles must alternate between \"user\" and \"assistant\", starting with \"user\"".into());
        }
        if let Some(problem) = content_problem(i, &message["content"]) {
            return Some(problem);
        }
    }
    let thinking = &body["thinking"];
    if thinking["type"] == "enabled" {
        let budget = thinking["budget_tokens"].as_u64().unwrap_or(0);
        if budget < 1024 {
            return Some(
                "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024"
                    .into(),
            );
        }
        if budget >= max_tokens {
            return Some("`max_tokens` must be greater than `thinking.budget_tokens`".into());
        }
        if body["temperature"].as_f64().is_some_and(|t| t != 1.0) {
            return Some("`temperature` may only be set to 1 when thinking is enabled".into());
        }
    }
    if body["temperature"].as_f64().is_some_and(|t| t > 1.0) {
        return Some("temperature: Input should be less than or equal to 1".into());
    }
    None
}

fn content_problem(i: usize, content: &Value) -> Option<String> {
    match content {
        Value::String(text) if text.is_empty() => Some(format!(
            "messages.{i}: text content blocks must be non-empty"
        )),
        Value::String(_) => None,
        Value::Array(blocks) => blocks
            .iter()
            .find_map(|block| match block["type"].as_str() {
                Some("text") if block["text"].as_str().unwrap_or_default().is_empty() => Some(
                    format!("messages.{i}: text content blocks must be non-empty"),
                ),
                Some("text") => None,
                Some("image") => image_problem(i, &block["source"]),
                other => Some(format!(
                    "messages.{i}.content: unknown block type {other:?}"
                )),
            }),
        _ => Some(format!("messages.{i}.content: Field required")),
    }
}

fn image_problem(i: usize, source: &Value) -> Option<String> {
    match source["type"].as_str() {
        Some("base64") => {
            let media = source["media_type"].as_str().unwrap_or_default();
            let known = ["image/jpeg", "image/png", "image/gif", "image/webp"];
            if !known.contains(&media) {
                return Some(format!(
                    "messages.{i}.content.source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'"
                ));
            }
            use base64::Engine;
            let data = source["data"].as_str().unwrap_or_default();
            base64::engine::general_purpose::STANDARD
                .decode(data)
                .err()
                .map(|_| format!("messages.{i}.content.source.data: invalid base64"))
        }
        Some("url") => None,
        _ => Some(format!("messages.{i}.content.source: Field required")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_rules_anthropic_enforces() {
        let ok = json!({"model": "claude", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]});
        assert_eq!(refusal(&ok, true), None);
        assert!(refusal(&ok, false).is_some());
        let mut no_max = ok.clone();
        no_max.as_object_mut().unwrap().remove("max_tokens");
        assert!(refusal(&no_max, true).unwrap().contains("max_tokens"));
        let system_inside =
            json!({"max_tokens": 10, "messages": [{"role": "system", "content": "x"}]});
        assert!(refusal(&system_inside, true).unwrap().contains("role"));
        let twice = json!({"max_tokens": 10, "messages": [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}]});
        assert!(refusal(&twice, true).unwrap().contains("alternate"));
        let thinking = json!({"max_tokens": 1000, "thinking": {"type": "enabled", "budget_tokens": 2000}, "messages": [{"role": "user", "content": "a"}]});
        assert!(refusal(&thinking, true).unwrap().contains("max_tokens"));
        let picture = json!({"max_tokens": 10, "messages": [{"role": "user", "content": [{"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "!!"}}]}]});
        assert!(refusal(&picture, true).unwrap().contains("base64"));
    }
}
