//! The request body of Anthropic's Messages API (`/v1/messages`), built
//! from the same `ChatRequest` the other endpoints take: the system prompt
//! goes at the top, turns alternate user / assistant, pictures are
//! `image` blocks, and `max_tokens` is always sent (the API requires it).

use super::wire::{ChatRequest, WireContent, WireMessage, WirePart};
use serde_json::{json, Value};

/// What an answer may take when the chat sets no limit: the model's own
/// ceiling for the Claude 3 generation, a roomy default for later ones.
fn default_max_tokens(model: &str) -> u32 {
    let model = model.trim().to_ascii_lowercase();
    let model = model.strip_prefix("anthropic/").unwrap_or(&model);
    if model.starts_with("claude-3-5") {
        8_192
    } else if model.starts_with("claude-3-") && !model.starts_with("claude-3-7") {
        4_096
    } else {
        16_384
    }
}

pub(super) fn messages_body(request: &ChatRequest) -> Value {
    let system: Vec<String> = request
        .messages
        .iter()
        .filter(|m| m.role == "system")
        .map(|m| m.content.text())
        .filter(|t| !t.trim().is_empty())
        .collect();
    let answer_tokens = request
        .max_tokens
        .unwrap_or_else(|| default_max_tokens(&request.model));
    let mut body = json!({
        "model": request.model,
        "messages": turns(&request.messages),
        "stream": request.stream,
    });
    if !system.is_empty() {
        body["system"] = system.join("\n\n").into();
    }
    match request.thinking_budget {
        // The budget is part of `max_tokens`, which must exceed it; the
        // API takes no temperature but the default while thinking.
        Some(budget) => {
            body["thinking"] = json!({"type": "enabled", "budget_tokens": budget});
            body["max_tokens"] = (budget.saturating_add(answer_tokens)).into();
        }
        None => {
            body["max_tokens"] = answer_tokens.into();
            if let Some(t) = request.temperature {
                // Anthropic's range is 0 to 1; ours (OpenAI's) goes to 2.
                body["temperature"] = t.clamp(0.0, 1.0).into();
            }
        }
    }
    body
}

/// User and assistant turns; two in a row of the same role are joined into
/// one (the API wants them alternating), empty ones left out.
fn turns(messages: &[WireMessage]) -> Vec<Value> {
    let mut turns: Vec<(String, Vec<Value>)> = Vec::new();
    for message in messages.iter().filter(|m| m.role != "system") {
        let blocks = blocks(&message.content);
        if blocks.is_empty() {
            continue;
        }
        match turns.last_mut() {
            Some((role, earlier)) if *role == message.role => earlier.extend(blocks),
            _ => turns.push((message.role.clone(), blocks)),
        }
    }
    turns
        .into_iter()
        .map(|(role, blocks)| match blocks.as_slice() {
            // A lone text block goes as a plain string, as most clients send it.
            [only] if only["type"] == "text" => json!({"role": role, "content": only["text"]}),
            _ => json!({"role": role, "content": blocks}),
        })
        .collect()
}

fn blocks(content: &WireContent) -> Vec<Value> {
    let text_block = |text: &str| json!({"type": "text", "text": text});
    match content {
        WireContent::Text(text) if text.trim().is_empty() => Vec::new(),
        WireContent::Text(text) => vec![text_block(text)],
        WireContent::Parts(parts) => parts
            .iter()
            .filter_map(|part| match part {
                WirePart::Text { text } if text.trim().is_empty() => None,
                WirePart::Text { text } => Some(text_block(text)),
                WirePart::ImageUrl { image_url } => Some(image_block(&image_url.url)),
            })
            .collect(),
    }
}

/// A `data:` URL becomes a base64 source, anything else a URL source.
fn image_block(url: &str) -> Value {
    let inline = url
        .strip_prefix("data:")
        .and_then(|rest| rest.split_once(";base64,"));
    let source = match inline {
        Some((media_type, data)) => {
            json!({"type": "base64", "media_type": media_type, "data": data})
        }
        None => json!({"type": "url", "url": url}),
    };
    json!({"type": "image", "source": source})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::ImageUrl;

    fn request(messages: Vec<WireMessage>) -> ChatRequest {
        ChatRequest::streaming("claude-sonnet-4-5", messages)
    }

    #[test]
    fn system_goes_on_top_and_turns_alternate() {
        let mut r = request(vec![
            WireMessage::text("system", "Be brief."),
            WireMessage::text("user", "one"),
            WireMessage::text("user", "two"),
            WireMessage::text("assistant", ""),
            WireMessage::text("assistant", "ok"),
        ]);
        r.temperature = Some(1.5);
        let body = messages_body(&r);
        assert_eq!(body["system"], "Be brief.");
        assert_eq!(body["max_tokens"], 16_384);
        assert_eq!(body["temperature"], 1.0);
        assert_eq!(
            body["messages"],
            json!([
                {"role": "user", "content": [{"type": "text", "text": "one"}, {"type": "text", "text": "two"}]},
                {"role": "assistant", "content": "ok"},
            ])
        );
        assert!(body.get("stream_options").is_none());
    }

    #[test]
    fn thinking_takes_its_budget_on_top_of_the_answer() {
        let mut r = request(vec![WireMessage::text("user", "hi")]);
        r.thinking_budget = Some(2_000);
        r.max_tokens = Some(1_000);
        r.temperature = Some(0.3);
        let body = messages_body(&r);
        assert_eq!(
            body["thinking"],
            json!({"type": "enabled", "budget_tokens": 2000})
        );
        assert_eq!(body["max_tokens"], 3_000);
        assert!(body.get("temperature").is_none());
        r.model = "claude-3-haiku-20240307".into();
        r.thinking_budget = None;
        r.max_tokens = None;
        assert_eq!(messages_body(&r)["max_tokens"], 4_096);
    }

    #[test]
    fn pictures_become_image_blocks() {
        let parts = vec![
            WirePart::Text {
                text: "what is this".into(),
            },
            WirePart::ImageUrl {
                image_url: ImageUrl {
                    url: "data:image/png;base64,iVBOR".into(),
                },
            },
            WirePart::ImageUrl {
                image_url: ImageUrl {
                    url: "https://example.com/a.jpg".into(),
                },
            },
        ];
        let body = messages_body(&request(vec![WireMessage {
            role: "user".into(),
            content: WireContent::Parts(parts),
        }]));
        let content = &body["messages"][0]["content"];
        assert_eq!(
            content[1]["source"],
            json!({"type": "base64", "media_type": "image/png", "data": "iVBOR"})
        );
        assert_eq!(
            content[2]["source"],
            json!({"type": "url", "url": "https://example.com/a.jpg"})
        );
    }
}
