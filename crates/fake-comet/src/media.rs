//! Video and music on fake-comet: `/v1/videos` (Sora's shape: multipart
//! create, the video object, `/content` with the key and a thumbnail
//! variant), Kling's routes (the query path must name the submit's
//! action), and Suno's songs and lyrics in new-api's envelope. Results are
//! real files that decode: a 3 s H.264/AAC MP4 and a 4 s MP3 made by
//! `scripts/make-media-fixtures.sh`. Faults, by words in the prompt (see
//! `jobs.rs`), plus:
//!
//! | word | effect |
//! |---|---|
//! | `[[fault:html-file]]` | the result file is an HTML page |
//! | `[[fault:truncated]]` | the result file is cut in half (its length says so) |

use crate::auth;
use crate::images::base;
use crate::jobs::{Job, HANG, HTML_PAGE};
use crate::AppState;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;

pub(crate) const CLIP: &[u8] = include_bytes!("../media/clip.mp4");
pub(crate) const SONG: &[u8] = include_bytes!("../media/song.mp3");

pub(crate) fn progress(job: &Job) -> u8 {
    (job.done_share() * 100.0).floor() as u8
}

pub(crate) fn done(job: &Job) -> bool {
    job.done_share() >= 1.0
}

/// What a poll meets before its normal answer, or `None` to answer.
pub(crate) async fn poll_fault(state: &AppState, id: &str) -> Result<Job, Response> {
    let Some((job, fault)) = state.jobs.poll(id) else {
        return Err(auth::error(StatusCode::BAD_REQUEST, "task_not_exist"));
    };
    match fault.answer().await {
        None => Ok(job),
        Some(answer) => Err(answer),
    }
}

/// `POST /v1/videos`, multipart: model, prompt, seconds, size, input_reference.
pub(crate) async fn create_video(
    State(state): State<AppState>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    let mut fields = serde_json::Map::new();
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "input_reference" {
            let file = field.file_name().unwrap_or_default().to_owned();
            let len = field.bytes().await.map(|b| b.len()).unwrap_or(0);
            fields.insert(name, json!({"file_name": file, "bytes": len}));
        } else {
            fields.insert(name, json!(field.text().await.unwrap_or_default()));
        }
    }
    let body = Value::Object(fields);
    state.jobs.record_submit("/v1/videos", &body);
    let prompt = body["prompt"].as_str().unwrap_or_default();
    let model = body["model"].as_str().unwrap_or_default();
    if prompt.contains("[[fault:banned]]") {
        return auth::error(
            StatusCode::BAD_REQUEST,
            "Your request was blocked by our moderation system",
        );
    }
    let job = state
        .jobs
        .create("video", prompt, state.config.task_seconds, "", model);
    if job.faults.submit_hang {
        tokio::time::sleep(HANG).await;
    }
    Json(video_object(&job)).into_response()
}

fn video_object(job: &Job) -> Value {
    let id = format!("video_{}", job.id);
    let mut v = json!({
        "id": id, "task_id": id, "object": "video", "model": job.model, "created_at": 1773296991,
        "seconds": "4", "size": "1280x720",
    });
    let seedance = job.model.contains("seedance");
    if job.faults.fail && done(job) {
        v["status"] = json!(if seedance { "FAILED" } else { "failed" });
        v["error"] = json!({"message": "The video could not be made: it breaks the content policy.", "code": "moderation"});
    } else if done(job) {
        v["status"] = json!(if seedance { "SUCCESS" } else { "completed" });
        v["progress"] = json!(100);
    } else if job.done_share() < 0.2 {
        v["status"] = json!(if seedance { "SUBMITTED" } else { "queued" });
        v["progress"] = json!(0);
    } else {
        v["status"] = json!(if seedance {
            "IN_PROGRESS"
        } else {
            "in_progress"
        });
        v["progress"] = json!(progress(job));
    }
    v
}

fn local(id: &str) -> &str {
    id.strip_prefix("video_").unwrap_or(id)
}

/// `GET /v1/videos/{id}`.
pub(crate) async fn get_video(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    match poll_fault(&state, local(&id)).await {
        Ok(job) => {
            let mut v = video_object(&job);
            if done(&job) && job.model.contains("seedance") {
                v["video_url"] = json!(format!(
                    "{}/media/{}",
                    base(&headers),
                    file_name(&job, "mp4")
                ));
            }
            success_sent(&state, &job);
            Json(v).into_response()
        }
        Err(answer) => answer,
    }
}

pub(crate) fn success_sent(state: &AppState, job: &Job) {
    if done(job) && job.success_sent_ms.is_none() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .ok();
        state.jobs.update(&job.id, |j| j.success_sent_ms = now);
    }
}

/// `GET /v1/videos/{id}/content[?variant=thumbnail]`: with the key only.
pub(crate) async fn video_content(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    let Some(job) = state.jobs.get(local(&id)) else {
        return auth::error(StatusCode::NOT_FOUND, "video not found");
    };
    if !done(&job) {
        return auth::error(StatusCode::BAD_REQUEST, "video is not ready yet");
    }
    if query.get("variant").map(String::as_str) == Some("thumbnail") {
        let png = state.jobs.image(&format!("poster-{}", job.id), || {
            crate::task_images::single(&job.id, 320)
        });
        return ([(header::CONTENT_TYPE, "image/png")], png.as_ref().clone()).into_response();
    }
    serve_file(&state, &job, "mp4")
}

pub(crate) fn file_name(job: &Job, ext: &str) -> String {
    let prefix = if job.faults.expired { "gone" } else { "job" };
    format!("{prefix}-{}.{ext}", job.id)
}

/// A result file, with the job's file faults.
fn serve_file(state: &AppState, job: &Job, ext: &str) -> Response {
    let fetched = state.jobs.update(&job.id, |j| j.downloads += 1);
    let (bytes, mime) = if ext == "mp4" {
        (CLIP, "video/mp4")
    } else {
        (SONG, "audio/mpeg")
    };
    if job.faults.html_file {
        return (StatusCode::OK, [(header::CONTENT_TYPE, mime)], HTML_PAGE).into_response();
    }
    if job.faults.truncated {
        return (
            [(header::CONTENT_TYPE, mime)],
            bytes[..bytes.len() / 2].to_vec(),
        )
            .into_response();
    }
    if job.faults.cut_download && fetched.is_some_and(|j| j.downloads == 1) {
        return crate::task_images::cut_short(bytes);
    }
    ([(header::CONTENT_TYPE, mime)], bytes.to_vec()).into_response()
}

/// `GET /media/{job}.{mp4|mp3|jpg}`: delivery links (no key), `gone-*` expired.
pub(crate) async fn delivery(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (id, cover) = match stem.strip_prefix("job-") {
        Some(rest) => match rest.strip_suffix("-cover") {
            Some(id) => (id, true),
            None => (rest, false),
        },
        None => return (StatusCode::NOT_FOUND, "this delivery link has expired").into_response(),
    };
    let id = id.split('-').next().unwrap_or(id);
    let Some(job) = state.jobs.get(id) else {
        return (StatusCode::NOT_FOUND, "this delivery link has expired").into_response();
    };
    if cover {
        let png = state.jobs.image(&format!("cover-{id}"), || {
            crate::task_images::single(id, 256)
        });
        return ([(header::CONTENT_TYPE, "image/png")], png.as_ref().clone()).into_response();
    }
    serve_file(&state, &job, ext)
}

mod kling;
mod runway;
mod suno;
pub(crate) use kling::{kling_query, kling_submit};
pub(crate) use runway::{runway_submit, runway_task};
pub(crate) use suno::{suno_fetch, suno_submit};
