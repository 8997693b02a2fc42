//! Which endpoint a model is sent to. CometAPI serves o-series pro models,
//! GPT-5 and Codex models through `/v1/responses`, Claude through its
//! Anthropic-compatible `/v1/messages`, everything else through
//! `/v1/chat/completions`. The lists are data (`responses_models.txt`,
//! `messages_models.txt`).

const RESPONSES_MODELS: &str = include_str!("responses_models.txt");
const MESSAGES_MODELS: &str = include_str!("messages_models.txt");
const REASONING_MODELS: &str = include_str!("reasoning_models.txt");

/// Whether `model` is a reasoning model that takes `reasoning` on
/// `/v1/responses` (`reasoning_models.txt`).
pub(crate) fn thinks_on_responses(model: &str) -> bool {
    listed(REASONING_MODELS, model)
}

/// Whether a model list names `model`: a line `o3-pro` matches that id,
/// `gpt-5*` any id starting with `gpt-5`, `!gpt-5-chat*` excludes (checked
/// first); `#` starts a comment.
fn listed(list: &str, model: &str) -> bool {
    let model = model.trim().to_ascii_lowercase();
    let matches = |pattern: &str| match pattern.strip_suffix('*') {
        Some(prefix) => model.starts_with(prefix),
        None => model == pattern,
    };
    let patterns = || {
        list.lines()
            .map(|line| line.split('#').next().unwrap_or_default().trim())
            .filter(|line| !line.is_empty())
    };
    let excluded = patterns().filter_map(|p| p.strip_prefix('!')).any(matches);
    !excluded && patterns().filter(|p| !p.starts_with('!')).any(matches)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Endpoint {
    ChatCompletions,
    Responses,
    /// Anthropic's Messages API, as CometAPI relays it.
    Messages,
}

impl Endpoint {
    pub fn path(self) -> &'static str {
        match self {
            Self::ChatCompletions => "/v1/chat/completions",
            Self::Responses => "/v1/responses",
            Self::Messages => "/v1/messages",
        }
    }

    /// Where to try once when the server says a model is not served here:
    /// a Claude model CometAPI does not relay to `/v1/messages` is still
    /// served as a chat completion.
    pub fn other(self) -> Self {
        match self {
            Self::ChatCompletions => Self::Responses,
            Self::Responses | Self::Messages => Self::ChatCompletions,
        }
    }

    /// From the lists (`messages_models.txt`, `responses_models.txt`, read
    /// by `listed`).
    pub fn for_model(model: &str) -> Self {
        if listed(MESSAGES_MODELS, model) {
            Self::Messages
        } else if listed(RESPONSES_MODELS, model) {
            Self::Responses
        } else {
            Self::ChatCompletions
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_decides() {
        assert_eq!(Endpoint::for_model("o3-pro"), Endpoint::Responses);
        assert_eq!(Endpoint::for_model("gpt-5-mini"), Endpoint::Responses);
        assert_eq!(
            Endpoint::for_model("codex-mini-latest"),
            Endpoint::Responses
        );
        assert_eq!(
            Endpoint::for_model("gpt-4o-mini"),
            Endpoint::ChatCompletions
        );
        assert_eq!(Endpoint::for_model("o3"), Endpoint::ChatCompletions);
        assert_eq!(Endpoint::for_model("claude-sonnet-4-5"), Endpoint::Messages);
        assert_eq!(
            Endpoint::for_model("Claude-3-Haiku-20240307"),
            Endpoint::Messages
        );
    }
}
