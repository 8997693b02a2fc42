//! Video and music requests, checked against their tables and turned into
//! what each family is sent: a multipart form for `/v1/videos`, Kling's
//! JSON with the picture as bare base64, Suno's song or lyrics body.

use super::record::Family;
use super::requests::{marker, Prepared, TaskRequest, BASE64_MARKER, FILE_MARKER};
use super::video_models::{check_options, video_model};
use super::{kling, suno, videos};
use crate::error::{AppError, AppResult};
use crate::media_files::MediaFiles;
use crate::store::Store;
use serde::Serialize;
use serde_json::{json, Value};

/// A Suno version the music form offers, with its limits.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SunoVersion {
    /// The `mv` sent: `chirp-v4`, `chirp-auk`...
    pub id: &'static str,
    pub label: &'static str,
    pub lyrics_max: u32,
    pub tags_max: u32,
}

pub fn suno_versions() -> Vec<SunoVersion> {
    let v = |id, label, lyrics_max, tags_max| SunoVersion {
        id,
        label,
        lyrics_max,
        tags_max,
    };
    vec![
        v("chirp-crow", "v5", 5000, 1000),
        v("chirp-bluejay", "v4.5+", 5000, 1000),
        v("chirp-auk", "v4.5", 5000, 1000),
        v("chirp-v4", "v4", 3000, 200),
        v("chirp-v3-5", "v3.5", 3000, 200),
    ]
}

/// The priced names of Suno's two actions in the catalogue.
pub const SUNO_MUSIC: &str = "suno_music";
pub const SUNO_LYRICS: &str = "suno_lyrics";

pub(crate) fn video(
    request: &TaskRequest,
    files: &MediaFiles,
    store: &Store,
) -> AppResult<Prepared> {
    let TaskRequest::Video {
        model,
        prompt,
        seconds,
        shape,
        mode,
        negative_prompt,
        image,
        parent,
        extend,
    } = request
    else {
        return Err(AppError::invalid_input("Not a video request."));
    };
    let table = video_model(model)?;
    let prompt = prompt.trim();
    let image = image.as_deref().filter(|i| !i.is_empty());
    if extend.is_some() && table.family != Family::Midjourney {
        return Err(AppError::invalid_input(
            "Only Midjourney videos can be extended.",
        ));
    }
    if prompt.is_empty() && image.is_none() && extend.is_none() {
        return Err(AppError::invalid_input("Describe the video first."));
    }
    if prompt.chars().count() > 2500 {
        return Err(AppError::invalid_input(
            "The prompt is longer than 2,500 characters.",
        ));
    }
    let opts = check_options(
        table,
        *seconds,
        shape.as_deref(),
        mode.as_deref(),
        negative_prompt.as_deref(),
        image.is_some() || extend.is_some(),
    )?;
    if let Some(file) = image {
        marker(files, file)?; // still there?
    }
    let action = if image.is_some() {
        "image2video"
    } else {
        "text2video"
    };
    if table.family == Family::Midjourney {
        let picture = image.map(|file| format!("{FILE_MARKER}{file}"));
        return super::mj_video::prepare(table, prompt, &opts, picture, *extend, *parent, store);
    }
    let (route, body) = match table.family {
        Family::Kling => {
            let mut body = json!({
                "model_name": table.id, "prompt": prompt, "mode": opts.mode,
                "duration": opts.seconds.to_string(), "aspect_ratio": opts.shape,
            });
            if let Some(negative) = &opts.negative_prompt {
                body["negative_prompt"] = json!(negative);
            }
            if let Some(file) = image {
                body["image"] = json!(format!("{BASE64_MARKER}{file}"));
            }
            (kling::submit_route(action), body)
        }
        Family::Runway => {
            let picture = format!("{FILE_MARKER}{}", image.unwrap_or_default());
            let body = super::runway::body(table, prompt, &opts, picture);
            (super::runway::SUBMIT_ROUTE.to_owned(), body)
        }
        _ => {
            let mut body = json!({
                "fields": {"model": table.id, "prompt": prompt, "seconds": opts.seconds.to_string(), "size": opts.shape},
                "files": {},
            });
            if let Some(file) = image {
                body["files"]["input_reference"] = json!(format!("{FILE_MARKER}{file}"));
            }
            (videos::SUBMIT_ROUTE.to_owned(), body)
        }
    };
    Ok(Prepared {
        family: table.family,
        model: table.id.clone(),
        operation: action.into(),
        kind: "video",
        prompt: prompt.to_owned(),
        speed: None,
        route,
        body,
        context: json!({"seconds": opts.seconds, "typical_seconds": table.typical_seconds, "action": action}),
        parent_image_id: *parent,
    })
}

fn limited(text: &str, max: u32, what: &str) -> AppResult<String> {
    let text = text.trim();
    if text.chars().count() > max as usize {
        return Err(AppError::invalid_input(format!(
            "The {what} are longer than {max} characters for this version."
        )));
    }
    Ok(text.to_owned())
}

pub(crate) fn music(request: &TaskRequest, store: &Store) -> AppResult<Prepared> {
    let prepared = |model: &str,
                    operation: &str,
                    kind: &'static str,
                    prompt: String,
                    route: String,
                    body: Value,
                    parent| Prepared {
        family: Family::Suno,
        model: model.to_owned(),
        operation: operation.to_owned(),
        kind,
        prompt,
        speed: None,
        route,
        body,
        context: json!({"typical_seconds": if kind == "text" { 20 } else { 150 }}),
        parent_image_id: parent,
    };
    match request {
        TaskRequest::Lyrics { prompt } => {
            let prompt = prompt.trim();
            if prompt.is_empty() {
                return Err(AppError::invalid_input("Say what the song is about first."));
            }
            let prompt: String = prompt.chars().take(400).collect();
            let body = json!({ "prompt": prompt });
            Ok(prepared(
                SUNO_LYRICS,
                "lyrics",
                "text",
                prompt,
                suno::submit_route("lyrics"),
                body,
                None,
            ))
        }
        TaskRequest::Music {
            version,
            description,
            lyrics,
            tags,
            title,
            instrumental,
            custom,
            extend,
        } => {
            let versions = suno_versions();
            let Some(v) = versions.iter().find(|v| v.id == version) else {
                return Err(AppError::invalid_input("Pick a Suno version first."));
            };
            let mut body = json!({ "mv": v.id });
            let shown;
            if *custom || extend.is_some() {
                let lyrics = if *instrumental {
                    String::new()
                } else {
                    limited(lyrics, v.lyrics_max, "lyrics")?
                };
                let tags = limited(tags, v.tags_max, "style tags")?;
                if lyrics.is_empty() && tags.is_empty() {
                    return Err(AppError::invalid_input("Write lyrics or style tags first."));
                }
                let title: String = title.trim().chars().take(80).collect();
                shown = if title.is_empty() {
                    tags.clone()
                } else {
                    title.clone()
                };
                body["prompt"] = json!(lyrics);
                body["tags"] = json!(tags);
                body["title"] = json!(title);
            } else {
                let description = limited(description, 400, "description's words")?;
                if description.is_empty() {
                    return Err(AppError::invalid_input("Describe the song first."));
                }
                shown = description.clone();
                body["gpt_description_prompt"] = json!(description);
                body["make_instrumental"] = json!(instrumental);
            }
            let mut parent = None;
            let mut operation = "music";
            if let Some(extend) = extend {
                let clip = clip_of(store, extend.item)?;
                body["continue_clip_id"] = json!(clip);
                body["continue_at"] = json!(extend.at_seconds.max(0.0));
                parent = Some(extend.item);
                operation = "extend";
            }
            Ok(prepared(
                SUNO_MUSIC,
                operation,
                "audio",
                shown,
                suno::submit_route("music"),
                body,
                parent,
            ))
        }
        _ => Err(AppError::invalid_input("Not a music request.")),
    }
}

/// Suno's id of a kept clip: remembered by the task that made it.
fn clip_of(store: &Store, item: i64) -> AppResult<String> {
    let kept = store.image(item)?;
    let not_suno =
        || AppError::invalid_input("Only songs made with Suno in Comet Desk can be extended.");
    let task_id = kept.task_id.ok_or_else(not_suno)?;
    let row = store.task_row(task_id)?;
    let index = row
        .task
        .outputs
        .iter()
        .position(|o| o.image_id == item)
        .ok_or_else(not_suno)?;
    row.context["clips"][index]
        .as_str()
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .ok_or_else(not_suno)
}
