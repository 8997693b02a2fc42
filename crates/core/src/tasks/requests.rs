//! What the Images view asks for, checked and turned into the exact
//! request each family is sent. Pictures go in as `comet-file:<name>`
//! markers (the row stays small and names the files kept), replaced by
//! data URIs only as the request goes out.

use super::record::Family;
use super::{midjourney, replicate};
use crate::error::{AppError, AppResult};
use crate::image_files::ImageFiles;
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
}

pub(crate) const FILE_MARKER: &str = "comet-file:";

fn marker(files: &ImageFiles, file: &str) -> AppResult<String> {
    if !files.path_of(file).is_some_and(|p| p.exists()) {
        return Err(AppError::invalid_input(
            "A picture for this request is no longer there. Pick it again.",
        ));
    }
    Ok(format!("{FILE_MARKER}{file}"))
}

/// Replaces every file marker in `body` by the file's data URI.
pub(crate) fn expand(files: &ImageFiles, body: &Value) -> AppResult<Value> {
    Ok(match body {
        Value::String(s) => match s.strip_prefix(FILE_MARKER) {
            Some(file) => Value::String(files.data_url(file)?),
            None => body.clone(),
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

pub(crate) fn prepare(request: &TaskRequest, files: &ImageFiles) -> AppResult<Prepared> {
    let mj = |op: &str, speed: Speed, prompt: String, body: Value| Prepared {
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
            })
        }
    }
}
