//! How many tokens a model reads at once. CometAPI's catalogue does not say
//! (see `../shared/reference`), so this is a data list by family, from the
//! providers' own pages, first match wins; a model it does not know gets a
//! cautious 32k, so a document is never sent whole to a model that would
//! refuse it.

/// (id fragment, context window in tokens), most specific first.
const WINDOWS: &[(&str, i64)] = &[
    ("gpt-4.1", 1_047_576),
    ("gpt-5", 400_000),
    ("gpt-4o", 128_000),
    ("chatgpt-4o", 128_000),
    ("gpt-4-turbo", 128_000),
    ("gpt-4", 8_192),
    ("gpt-3.5", 16_385),
    ("o1", 200_000),
    ("o3", 200_000),
    ("o4", 200_000),
    ("claude", 200_000),
    ("gemini", 1_048_576),
    ("grok-4", 256_000),
    ("grok", 131_072),
    ("deepseek", 128_000),
    ("qwen", 128_000),
    ("kimi", 128_000),
    ("moonshot", 128_000),
    ("glm", 128_000),
    ("llama", 128_000),
    ("mistral", 32_000),
    ("mixtral", 32_000),
];

const UNKNOWN: i64 = 32_000;

pub fn context_window(model: &str) -> i64 {
    let id = model.to_ascii_lowercase();
    let id = id.rsplit('/').next().unwrap_or_default();
    WINDOWS
        .iter()
        .find(|(fragment, _)| id.starts_with(fragment) || id.contains(&format!("-{fragment}")))
        .map_or(UNKNOWN, |(_, window)| *window)
}

#[cfg(test)]
mod tests {
    use super::context_window;

    #[test]
    fn families_and_the_cautious_default() {
        assert_eq!(context_window("gpt-4o-mini"), 128_000);
        assert_eq!(context_window("gpt-4.1-nano"), 1_047_576);
        assert_eq!(context_window("gpt-4"), 8_192);
        assert_eq!(context_window("claude-sonnet-4-5"), 200_000);
        assert_eq!(context_window("openai/o3-pro"), 200_000);
        assert_eq!(context_window("deepseek-r1"), 128_000);
        assert_eq!(context_window("some-new-model"), 32_000);
    }
}
