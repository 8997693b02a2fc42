//! What the Images view asks for, checked and turned into the exact
//! request each family is sent. Pictures go in as `comet-file:<name>`
//! markers (the row stays small and names the files kept), replaced by
//! data URIs only as the request goes out.

use super::record::Family;
use super::{midjourney, replicate};
use crate::error::{AppError, AppResult};
use crate::media_files::MediaFiles;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum BotType {
    #[default]
    MidJourney,
    NijiJourney,
}

impl BotType {
    fn wire(self) -> &'static str {
        match self {
            Self::MidJourney => "MID_JOURNEY",
            Self::NijiJourney => "NIJI_JOURNEY",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum Speed {
    Relax,
    #[default]
    Fast,
    Turbo,
}

impl Speed {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relax => "relax",
            Self::Fast => "fast",
            Self::Turbo => "turbo",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum BlendShape {
    Portrait,
    Square,
    Landscape,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TaskRequest {
    /// A prompt with Midjourney's flags (`--ar 16:9 --v 7`), optional
    /// reference pictures (file names in the image store).
    Imagine {
        prompt: String,
        #[serde(default)]
        bot: BotType,
        #[serde(default)]
        speed: Speed,
        #[serde(default)]
        references: Vec<String>,
    },
    /// Two to five pictures made one.
    Blend {
        images: Vec<String>,
        shape: BlendShape,
        #[serde(default)]
        bot: BotType,
        #[serde(default)]
        speed: Speed,
    },
    /// A picture to four prompts.
    Describe {
        image: String,
        #[serde(default)]
        bot: BotType,
        #[serde(default)]
        speed: Speed,
    },
    /// A Replicate model from the table, with its own parameters.
    Replicate {
        model: String,
        prompt: String,
        #[serde(default)]
        params: BTreeMap<String, Value>,
    },
    /// A clip from a video model of the table (`video_models.json`), from
    /// a prompt or a starting picture (a file in the store; `parent` is
    /// its library item, recorded as the clip's parent).
    Video {
        model: String,
        prompt: String,
        #[serde(default)]
        seconds: Option<u32>,
        /// A size (`1280x720`) or an aspect ratio (`16:9`), as the model takes.
        #[serde(default)]
        shape: Option<String>,
        /// `std` or `pro` (Kling).
        #[serde(default)]
        mode: Option<String>,
        #[serde(default)]
        negative_prompt: Option<String>,
        #[serde(default)]
        image: Option<String>,
        #[serde(default)]
        parent: Option<i64>,
        /// A kept Midjourney clip to continue (Midjourney video only).
        #[serde(default)]
        extend: Option<i64>,
    },
    /// A Suno song: a description (inspiration mode) or lyrics, style
    /// tags and a title (custom mode); `extend` continues a kept clip.
    Music {
        version: String,
        #[serde(default)]
        description: String,
        #[serde(default)]
        lyrics: String,
        #[serde(default)]
        tags: String,
        #[serde(default)]
        title: String,
        #[serde(default)]
        instrumental: bool,
        #[serde(default)]
        custom: bool,
        #[serde(default)]
        extend: Option<ExtendClip>,
    },
    /// Lyrics written by Suno from a description, for the music form.
    Lyrics { prompt: String },
}

/// A kept song clip (its library item) continued from a second.
#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
pub struct ExtendClip {
    pub item: i64,
    pub at_seconds: f64,
}

/// A request ready to be written down and sent.
pub(crate) struct Prepared {
    pub family: Family,
    pub model: String,
    pub operation: String,
    pub kind: &'static str,
    pub prompt: String,
    pub speed: Option<String>,
    pub route: String,
    pub body: Value,
    /// Written in the row's context: `seconds` (priced per second),
    /// `typical_seconds`, Kling's `action`, an extended clip's id.
    pub context: Value,
    /// The library item it starts from (a picture to animate, a clip).
    pub parent_image_id: Option<i64>,
}

pub(crate) const FILE_MARKER: &str = "comet-file:";
pub(crate) const BASE64_MARKER: &str = "comet-file-base64:";

pub(crate) fn marker(files: &MediaFiles, file: &str) -> AppResult<String> {
    if !files.path_of(file).is_some_and(|p| p.exists()) {
        return Err(AppError::invalid_input(
            "A picture for this request is no longer there. Pick it again.",
        ));
    }
    Ok(format!("{FILE_MARKER}{file}"))
}

/// Replaces every file marker in `body` by the file's data URI.
pub(crate) fn expand(files: &MediaFiles, body: &Value) -> AppResult<Value> {
    Ok(match body {
        Value::String(s) => match (s.strip_prefix(FILE_MARKER), s.strip_prefix(BASE64_MARKER)) {
            (Some(file), _) => Value::String(files.data_url(file)?),
            // Kling takes the bare base64, without the data URI's prefix.
            (_, Some(file)) => Value::String(base64::Engine::encode(
                &base64::engine::general_purpose::STANDARD,
                files.bytes(file)?,
            )),
            _ => body.clone(),
        },
        Value::Array(list) => Value::Array(
            list.iter()
                .map(|v| expand(files, v))
                .collect::<AppResult<_>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), expand(files, v)?)))
                .collect::<AppResult<_>>()?,
        ),
        other => other.clone(),
    })
}

/// A `/v1/videos` body as multipart parts: its text fields, and its
/// pictures read from the store.
#[allow(clippy::type_complexity)]
pub(crate) fn form_parts(
    files: &MediaFiles,
    body: &Value,
) -> AppResult<(
    Vec<(String, String)>,
    Vec<(String, String, Vec<u8>, &'static str)>,
)> {
    let fields = body["fields"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let mut parts = Vec::new();
    for (name, value) in body["files"].as_object().into_iter().flatten() {
        let Some(file) = value.as_str().and_then(|v| v.strip_prefix(FILE_MARKER)) else {
            continue;
        };
        parts.push((
            name.clone(),
            file.to_owned(),
            files.bytes(file)?,
            crate::media_files::mime_of(file),
        ));
    }
    Ok((fields, parts))
}

pub(crate) fn prepare(
    request: &TaskRequest,
    files: &MediaFiles,
    store: &crate::store::Store,
) -> AppResult<Prepared> {
    let mj = |op: &str, speed: Speed, prompt: String, body: Value| Prepared {
        context: json!({}),
        parent_image_id: None,
        family: Family::Midjourney,
        model: midjourney::priced_model(speed.as_str(), op),
        operation: op.to_owned(),
        kind: if op == "describe" { "text" } else { "image" },
        prompt,
        speed: Some(speed.as_str().to_owned()),
        route: midjourney::submit_route(speed.as_str(), op),
        body,
    };
    match request {
        TaskRequest::Imagine {
            prompt,
            bot,
            speed,
            references,
        } => {
            let prompt = prompt.trim();
            if prompt.is_empty() {
                return Err(AppError::invalid_input("Describe the image first."));
            }
            if references.len() > 5 {
                return Err(AppError::invalid_input(
                    "Use at most five reference pictures.",
                ));
            }
            let refs = references
                .iter()
                .map(|f| marker(files, f))
                .collect::<AppResult<Vec<_>>>()?;
            let body = json!({
                "prompt": prompt, "botType": bot.wire(), "base64Array": refs,
                "accountFilter": midjourney::account_filter(speed.as_str()),
            });
            Ok(mj("imagine", *speed, prompt.to_owned(), body))
        }
        TaskRequest::Blend {
            images,
            shape,
            bot,
            speed,
        } => {
            if !(2..=5).contains(&images.len()) {
                return Err(AppError::invalid_input("Blend takes two to five pictures."));
            }
            let refs = images
                .iter()
                .map(|f| marker(files, f))
                .collect::<AppResult<Vec<_>>>()?;
            let dimensions = match shape {
                BlendShape::Portrait => "PORTRAIT",
                BlendShape::Square => "SQUARE",
                BlendShape::Landscape => "LANDSCAPE",
            };
            let body = json!({
                "base64Array": refs, "dimensions": dimensions, "botType": bot.wire(),
                "accountFilter": midjourney::account_filter(speed.as_str()),
            });
            Ok(mj(
                "blend",
                *speed,
                format!("Blend of {} pictures", images.len()),
                body,
            ))
        }
        TaskRequest::Describe { image, bot, speed } => {
            let body = json!({
                "base64": marker(files, image)?, "botType": bot.wire(),
                "accountFilter": midjourney::account_filter(speed.as_str()),
            });
            Ok(mj("describe", *speed, "Describe a picture".into(), body))
        }
        TaskRequest::Replicate {
            model,
            prompt,
            params,
        } => {
            let prompt = prompt.trim();
            if prompt.is_empty() {
                return Err(AppError::invalid_input("Describe the image first."));
            }
            let table = replicate::model(model)?;
            let values: serde_json::Map<String, Value> = params.clone().into_iter().collect();
            let body = replicate::input(table, prompt, &values, &|f| marker(files, f))?;
            Ok(Prepared {
                family: Family::Replicate,
                model: table.id.clone(),
                operation: "predict".into(),
                kind: "image",
                prompt: prompt.to_owned(),
                speed: None,
                route: replicate::submit_route(&table.id),
                body,
                context: json!({}),
                parent_image_id: None,
            })
        }
        TaskRequest::Video { .. } => super::media_requests::video(request, files, store),
        TaskRequest::Music { .. } | TaskRequest::Lyrics { .. } => {
            super::media_requests::music(request, store)
        }
    }
}
