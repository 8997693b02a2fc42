//! The JSON shapes on the wire. Parsing is lenient: CometAPI relays many
//! upstreams, and unknown or missing fields must not break a stream.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize)]
pub struct WireMessage {
    pub role: String,
    pub content: WireContent,
}

impl WireMessage {
    pub fn text(role: &str, text: impl Into<String>) -> Self {
        Self {
            role: role.to_owned(),
            content: WireContent::Text(text.into()),
        }
    }
}

/// Plain text, or text and images (OpenAI's content parts).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum WireContent {
    Text(String),
    Parts(Vec<WirePart>),
}

impl WireContent {
    /// The words only (for estimating tokens).
    pub fn text(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Parts(parts) => parts
                .iter()
                .filter_map(|p| match p {
                    WirePart::Text { text } => Some(text.as_str()),
                    WirePart::ImageUrl { .. } => None,
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The Responses API names the same parts `input_text` / `input_image`.
    fn for_responses(&self) -> serde_json::Value {
        match self {
            Self::Text(text) => text.clone().into(),
            Self::Parts(parts) => parts
                .iter()
                .map(|p| match p {
                    WirePart::Text { text } => {
                        serde_json::json!({"type": "input_text", "text": text})
                    }
                    WirePart::ImageUrl { image_url } => {
                        // The spec requires `detail`; "auto" lets the model choose.
                        serde_json::json!({"type": "input_image", "image_url": image_url.url, "detail": "auto"})
                    }
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WirePart {
    Text { text: String },
    ImageUrl { image_url: ImageUrl },
}

#[derive(Debug, Clone, Serialize)]
pub struct ImageUrl {
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChatRequest {
    pub model: String,
    pub messages: Vec<WireMessage>,
    pub stream: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_options: Option<StreamOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
    /// Sent only to reasoning models, and only on `/v1/responses`.
    #[serde(skip)]
    pub reasoning_effort: Option<crate::store::ReasoningEffort>,
    /// Tokens Claude may think for before it answers, on `/v1/messages`
    /// only; `None` is no extended thinking.
    #[serde(skip)]
    pub thinking_budget: Option<u32>,
    /// The work may be billed even when a gateway timeout (504, 524) comes
    /// back, as images are: then the user is asked before trying again.
    #[serde(skip)]
    pub billed_on_timeout: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct StreamOptions {
    pub include_usage: bool,
}

impl ChatRequest {
    /// The JSON body for `endpoint`: responses take `input`, not `messages`,
    /// and report usage without being asked.
    pub fn body_for(&self, endpoint: super::endpoint::Endpoint) -> serde_json::Value {
        match endpoint {
            super::endpoint::Endpoint::ChatCompletions => {
                serde_json::to_value(self).unwrap_or_default()
            }
            super::endpoint::Endpoint::Responses => {
                let input: Vec<serde_json::Value> = self
                    .messages
                    .iter()
                    .map(|m| serde_json::json!({"role": m.role, "content": m.content.for_responses()}))
                    .collect();
                let mut body = serde_json::json!({
                    "model": self.model,
                    "input": input,
                    "stream": self.stream,
                });
                if let Some(t) = self.temperature {
                    body["temperature"] = t.into();
                }
                if let Some(max) = self.max_tokens {
                    body["max_output_tokens"] = max.into();
                }
                if super::endpoint::thinks_on_responses(&self.model) {
                    // Without `summary` the thinking happens but is never shown.
                    body["reasoning"] = serde_json::json!({"summary": "auto"});
                    if let Some(effort) = self.reasoning_effort {
                        body["reasoning"]["effort"] = effort.as_str().into();
                    }
                }
                body
            }
            super::endpoint::Endpoint::Messages => super::messages_wire::messages_body(self),
        }
    }

    pub fn streaming(model: impl Into<String>, messages: Vec<WireMessage>) -> Self {
        Self {
            model: model.into(),
            messages,
            stream: true,
            stream_options: Some(StreamOptions {
                include_usage: true,
            }),
            temperature: None,
            max_tokens: None,
            reasoning_effort: None,
            thinking_budget: None,
            billed_on_timeout: false,
        }
    }
}

/// Chat completions say prompt/completion tokens; responses say
/// input/output tokens: one shape for both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct WireUsage {
    #[serde(default, alias = "input_tokens")]
    pub prompt_tokens: Option<i64>,
    #[serde(default, alias = "output_tokens")]
    pub completion_tokens: Option<i64>,
    #[serde(default)]
    pub total_tokens: Option<i64>,
    /// `completion_tokens_details` (chat) or `output_tokens_details`
    /// (responses): the reasoning tokens within the completion.
    #[serde(default, alias = "output_tokens_details")]
    pub completion_tokens_details: Option<TokenDetails>,
    /// Anthropic's prompt caching: tokens read from the cache and written
    /// to it, both within `prompt_tokens` as the Messages reader counts.
    #[serde(default, alias = "cache_read_input_tokens")]
    pub cache_read_tokens: Option<i64>,
    #[serde(default, alias = "cache_creation_input_tokens")]
    pub cache_write_tokens: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct TokenDetails {
    #[serde(default)]
    pub reasoning_tokens: Option<i64>,
}

impl WireUsage {
    /// A later report over an earlier one (Anthropic sends the input
    /// counts at the start and the output count at the end).
    pub fn over(self, earlier: WireUsage) -> WireUsage {
        WireUsage {
            prompt_tokens: self.prompt_tokens.or(earlier.prompt_tokens),
            completion_tokens: self.completion_tokens.or(earlier.completion_tokens),
            total_tokens: self.total_tokens.or(earlier.total_tokens),
            completion_tokens_details: self
                .completion_tokens_details
                .or(earlier.completion_tokens_details),
            cache_read_tokens: self.cache_read_tokens.or(earlier.cache_read_tokens),
            cache_write_tokens: self.cache_write_tokens.or(earlier.cache_write_tokens),
        }
    }

    pub fn reasoning_tokens(&self) -> Option<i64> {
        self.completion_tokens_details
            .as_ref()
            .and_then(|d| d.reasoning_tokens)
            .filter(|n| *n > 0)
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct ChunkChoice {
    #[serde(default)]
    pub delta: Option<ChunkDelta>,
    #[serde(default)]
    pub finish_reason: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ChunkDelta {
    #[serde(default)]
    pub content: Option<String>,
    /// DeepSeek's and most gateways' thinking field.
    #[serde(default)]
    pub reasoning_content: Option<String>,
    /// OpenRouter's and some others' name for it.
    #[serde(default)]
    pub reasoning: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ChatChunk {
    #[serde(default)]
    pub choices: Vec<ChunkChoice>,
    #[serde(default)]
    pub usage: Option<WireUsage>,
    /// Some gateways send an error envelope inside a 200 stream.
    #[serde(default)]
    pub error: Option<ErrorBody>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ErrorBody {
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub code: Option<serde_json::Value>,
}

impl ErrorBody {
    /// `code` may be a string, a number or empty; only a non-empty string counts.
    pub fn code_text(&self) -> Option<&str> {
        self.code
            .as_ref()
            .and_then(|c| c.as_str())
            .filter(|c| !c.is_empty())
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct ModelEntry {
    pub id: String,
}

/// `/v1/models` answers `{object:"list", data:[...]}` on CometAPI and
/// `{success:true, data:[...]}` on some gateways: both have `data`.
#[derive(Debug, Deserialize)]
pub(crate) struct ModelList {
    pub data: Vec<ModelEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_model_list_shapes_are_read() {
        let openai =
            r#"{"object":"list","data":[{"id":"gpt-4o","object":"model","owned_by":"x"}]}"#;
        let gateway = r#"{"success":true,"data":[{"id":"gpt-4o"},{"id":"o3-pro","extra":1}]}"#;
        let ids = |body: &str| -> Vec<String> {
            serde_json::from_str::<ModelList>(body)
                .unwrap()
                .data
                .into_iter()
                .map(|m| m.id)
                .collect()
        };
        assert_eq!(ids(openai), ["gpt-4o"]);
        assert_eq!(ids(gateway), ["gpt-4o", "o3-pro"]);
    }
}
