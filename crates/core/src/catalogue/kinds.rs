//! What a model is for. The catalogue's `model_type` and `features` say it
//! when present; otherwise the id does, by the naming habits of the big
//! providers. A model nobody recognises is offered for chat.

use super::entry::ModelKind;

const IMAGE: &[&str] = &[
    "dall-e",
    "gpt-image",
    "-image",
    "flux",
    "midjourney",
    "mj_",
    "stable-diffusion",
    "sdxl",
    "imagen",
    "seedream",
    "ideogram",
    "recraft",
    "qwen-image",
];
const VIDEO: &[&str] = &[
    "sora", "veo", "kling", "runway", "luma", "hailuo", "video", "seedance",
];
const AUDIO: &[&str] = &[
    "whisper",
    "tts",
    "suno",
    "udio",
    "audio",
    "speech",
    "transcribe",
];
const EMBEDDING: &[&str] = &["embedding", "embed", "rerank", "bge-"];
const REASONING: &[&str] = &[
    "o1", "o3", "o4", "r1", "reasoner", "thinking", "gpt-5", "qwq",
];
const VISION: &[&str] = &[
    "4o",
    "gpt-4.1",
    "gpt-5",
    "vision",
    "claude-3",
    "claude-sonnet-4",
    "claude-opus-4",
    "gemini",
    "-vl",
    "grok-4",
];
/// Image models that answer on `/v1/chat/completions` (Markdown image links).
const CHAT_IMAGE: &[&str] = &["gpt-4o-image", "gemini-2.5-flash-image", "gpt-4o-all"];

fn any(id: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| id.contains(n))
}

/// Kinds from the catalogue's words, or from the id alone when absent.
pub fn classify(id: &str, model_type: Option<&str>, features: &[String]) -> Vec<ModelKind> {
    let id = id.to_lowercase();
    let mut kinds = Vec::new();
    let declared = model_type.map(str::to_lowercase);
    let primary = match declared.as_deref() {
        Some("llm" | "chat" | "text" | "language") => ModelKind::Chat,
        Some("image") => ModelKind::Image,
        Some("video") => ModelKind::Video,
        Some("audio" | "music" | "tts" | "stt") => ModelKind::Audio,
        Some("embedding" | "embeddings" | "rerank") => ModelKind::Embedding,
        _ => from_id(&id),
    };
    if primary == ModelKind::Image && any(&id, CHAT_IMAGE) {
        kinds.push(ModelKind::Chat);
    }
    kinds.push(primary);
    if primary == ModelKind::Chat {
        let has = |f: &str| features.iter().any(|x| x == f);
        if has("vision") || (features.is_empty() && any(&id, VISION)) {
            kinds.push(ModelKind::Vision);
        }
        if has("reasoning") || has("thinking") || (features.is_empty() && any(&id, REASONING)) {
            kinds.push(ModelKind::Reasoning);
        }
    }
    kinds
}

fn from_id(id: &str) -> ModelKind {
    if any(id, EMBEDDING) {
        ModelKind::Embedding
    } else if any(id, VIDEO) {
        ModelKind::Video
    } else if any(id, AUDIO) {
        ModelKind::Audio
    } else if any(id, IMAGE) {
        ModelKind::Image
    } else {
        ModelKind::Chat
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ModelKind::*;

    #[test]
    fn the_catalogue_wins_and_the_id_fills_in() {
        assert_eq!(
            classify("whatever", Some("llm"), &["vision".into()]),
            [Chat, Vision]
        );
        assert_eq!(classify("gpt-4o-mini", None, &[]), [Chat, Vision]);
        assert_eq!(classify("o3-pro", None, &[]), [Chat, Reasoning]);
        assert_eq!(classify("deepseek-chat", None, &[]), [Chat]);
        assert_eq!(classify("dall-e-3", None, &[]), [Image]);
        assert_eq!(classify("gpt-4o-image", Some("image"), &[]), [Chat, Image]);
        assert_eq!(classify("text-embedding-3-small", None, &[]), [Embedding]);
        assert_eq!(classify("whisper-1", None, &[]), [Audio]);
        assert_eq!(classify("sora-2", None, &[]), [Video]);
        assert_eq!(classify("brand-new-model", None, &[]), [Chat]);
    }
}
