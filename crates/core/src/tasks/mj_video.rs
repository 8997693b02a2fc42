//! Midjourney video on `/mj/submit/video`: a picture and a motion (low or
//! high) make a job of several short clips; `action: "extend"` with the
//! finished job's id and a clip's index continues that clip. The fetched
//! task keeps its first frame in `imageUrl` (the poster) and the clips in
//! `videoUrls` (or a lone `videoUrl`).

use super::midjourney::{priced_model, submit_route};
use super::record::Family;
use super::requests::Prepared;
use super::video_models::{VideoModel, VideoOptions};
use crate::error::{AppError, AppResult};
use crate::store::Store;
use serde_json::{json, Value};

/// Midjourney video runs on the fast tier; relax has no video.
const SPEED: &str = "fast";

/// The clip links of a finished video task.
pub(crate) fn video_urls(task: &Value) -> Vec<String> {
    let listed: Vec<String> = task["videoUrls"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| super::status::text(&v["url"]).or_else(|| super::status::text(v)))
        .collect();
    if listed.is_empty() {
        super::status::text(&task["videoUrl"]).into_iter().collect()
    } else {
        listed
    }
}

/// A new video from a picture (`picture` a file marker), or, with
/// `extend`, the continuation of a kept Midjourney clip.
pub(crate) fn prepare(
    model: &VideoModel,
    prompt: &str,
    opts: &VideoOptions,
    picture: Option<String>,
    extend: Option<i64>,
    parent: Option<i64>,
    store: &Store,
) -> AppResult<Prepared> {
    let motion = opts.mode.clone().unwrap_or_else(|| "low".into());
    let (operation, body, parent) = match extend {
        Some(item) => {
            let (task_id, index) = clip_of(store, item)?;
            let body = json!({"action": "extend", "index": index, "taskId": task_id, "motion": motion, "prompt": prompt});
            ("extend", body, Some(item))
        }
        None => {
            let Some(picture) = picture else {
                return Err(AppError::invalid_input(
                    "Midjourney video starts from a picture: pick one first.",
                ));
            };
            let body = json!({"prompt": prompt, "image": picture, "motion": motion});
            ("video", body, parent)
        }
    };
    Ok(Prepared {
        family: Family::Midjourney,
        model: priced_model(SPEED, "video"),
        operation: operation.into(),
        kind: "video",
        prompt: prompt.to_owned(),
        speed: Some(SPEED.into()),
        route: submit_route(SPEED, "video"),
        body,
        context: json!({"seconds": opts.seconds, "typical_seconds": model.typical_seconds}),
        parent_image_id: parent,
    })
}

/// The Midjourney job that made a kept clip, and the clip's place in it.
fn clip_of(store: &Store, item: i64) -> AppResult<(String, usize)> {
    let not_extendable =
        || AppError::invalid_input("Only a Midjourney video kept in the library can be extended.");
    let clip = store.image(item)?;
    if clip.family.as_deref() != Some("midjourney")
        || clip.kind != crate::media_files::MediaKind::Video
    {
        return Err(not_extendable());
    }
    let task = store
        .task_row(clip.task_id.ok_or_else(not_extendable)?)?
        .task;
    let index = task
        .outputs
        .iter()
        .position(|o| o.image_id == item)
        .ok_or_else(not_extendable)?;
    let remote = task.remote_id.ok_or_else(not_extendable)?;
    Ok((remote, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clips_come_from_the_list_or_the_single_link() {
        let both = json!({"videoUrl": "https://x/a.mp4", "videoUrls": [{"url": "https://x/a.mp4"}, {"url": "https://x/b.mp4"}]});
        assert_eq!(
            video_urls(&both),
            vec!["https://x/a.mp4", "https://x/b.mp4"]
        );
        assert_eq!(
            video_urls(&json!({"videoUrl": "https://x/a.mp4", "videoUrls": []})),
            vec!["https://x/a.mp4"]
        );
        assert!(video_urls(&json!({"videoUrl": ""})).is_empty());
    }
}
