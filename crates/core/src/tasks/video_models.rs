//! The video models the Video tab offers, with the options each takes
//! (seconds, a size or an aspect ratio, std/pro, a negative prompt, a
//! starting picture) and how long one usually takes, for the progress of
//! families that report none. The form is drawn from this table and the
//! request checked against it, so the two cannot disagree.

use super::record::Family;
use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ImageInput {
    /// Text to video only.
    None,
    /// A starting picture may be given (image to video).
    Optional,
    /// Only image to video.
    Required,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct VideoModel {
    pub id: String,
    pub label: String,
    pub family: Family,
    /// The clip lengths it makes; the first is the default.
    pub seconds: Vec<u32>,
    /// The field the shape goes in: `size` or `aspect_ratio`.
    pub shape: String,
    /// Its sizes or aspect ratios; the first is the default.
    pub shapes: Vec<String>,
    #[serde(default)]
    pub modes: Vec<String>,
    #[serde(default)]
    pub negative_prompt: bool,
    pub image: ImageInput,
    /// How long a clip usually takes, for a progress estimate.
    pub typical_seconds: u32,
}

pub fn video_models() -> &'static [VideoModel] {
    static MODELS: OnceLock<Vec<VideoModel>> = OnceLock::new();
    MODELS.get_or_init(|| {
        serde_json::from_str(include_str!("video_models.json")).unwrap_or_else(|err| {
            tracing::error!(%err, "the video model table could not be read");
            Vec::new()
        })
    })
}

pub(crate) fn video_model(id: &str) -> AppResult<&'static VideoModel> {
    video_models()
        .iter()
        .find(|m| m.id == id)
        .ok_or_else(|| AppError::invalid_input("Pick a video model first."))
}

/// The options a video request asked for, checked against its model.
pub(crate) struct VideoOptions {
    pub seconds: u32,
    pub shape: String,
    pub mode: Option<String>,
    pub negative_prompt: Option<String>,
}

pub(crate) fn check_options(
    model: &VideoModel,
    seconds: Option<u32>,
    shape: Option<&str>,
    mode: Option<&str>,
    negative_prompt: Option<&str>,
    has_image: bool,
) -> AppResult<VideoOptions> {
    let seconds = seconds.unwrap_or(model.seconds[0]);
    if !model.seconds.contains(&seconds) {
        return Err(AppError::invalid_input(format!(
            "{} makes clips of {} seconds.",
            model.label,
            join(&model.seconds.iter().map(u32::to_string).collect::<Vec<_>>())
        )));
    }
    // No shapes: the clip takes the picture's (Midjourney).
    let shape = shape
        .or(model.shapes.first().map(String::as_str))
        .unwrap_or_default();
    if !model.shapes.is_empty() && !model.shapes.iter().any(|s| s == shape) {
        return Err(AppError::invalid_input(format!(
            "{} takes the shapes {}.",
            model.label,
            join(&model.shapes)
        )));
    }
    let mode = match mode {
        Some(m) if model.modes.iter().any(|x| x == m) => Some(m.to_owned()),
        Some(_) => {
            return Err(AppError::invalid_input(format!(
                "{} takes {}.",
                model.label,
                join(&model.modes)
            )))
        }
        None => model.modes.first().cloned(),
    };
    match model.image {
        ImageInput::Required if !has_image => {
            return Err(AppError::invalid_input(format!(
                "{} starts from a picture: pick one first.",
                model.label
            )))
        }
        ImageInput::None if has_image => {
            return Err(AppError::invalid_input(format!(
                "{} does not start from a picture.",
                model.label
            )))
        }
        _ => {}
    }
    let negative_prompt = negative_prompt
        .map(str::trim)
        .filter(|n| !n.is_empty() && model.negative_prompt)
        .map(|n| n.chars().take(200).collect());
    Ok(VideoOptions {
        seconds,
        shape: shape.to_owned(),
        mode,
        negative_prompt,
    })
}

fn join(items: &[String]) -> String {
    items.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_and_every_model_has_defaults() {
        let models = video_models();
        assert!(models.len() >= 7);
        for m in models {
            assert!(!m.seconds.is_empty(), "{}", m.id);
            assert!(
                !m.shapes.is_empty() || m.family == Family::Midjourney,
                "{}",
                m.id
            );
        }
    }

    #[test]
    fn options_outside_the_model_are_refused_with_what_it_takes() {
        let sora = video_model("sora-2").unwrap();
        let ok = check_options(sora, None, None, None, None, false).unwrap();
        assert_eq!((ok.seconds, ok.shape.as_str()), (4, "1280x720"));
        let err = check_options(sora, Some(5), None, None, None, false)
            .err()
            .unwrap();
        assert!(err.message.contains("4, 8, 12"), "{}", err.message);
        assert!(check_options(sora, None, Some("16:9"), None, None, false).is_err());
        let kling = video_model("kling-v1-6").unwrap();
        let k = check_options(
            kling,
            Some(10),
            Some("9:16"),
            Some("pro"),
            Some(" blur "),
            true,
        )
        .unwrap();
        assert_eq!(
            (k.mode.as_deref(), k.negative_prompt.as_deref()),
            (Some("pro"), Some("blur"))
        );
        assert!(check_options(kling, None, None, Some("ultra"), None, false).is_err());
    }
}
