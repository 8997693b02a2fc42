//! Suno: `POST /suno/submit/{music|lyrics}` in new-api's envelope, and
//! `GET /suno/fetch/{id}` with two clips per song (each a delivery link
//! to the MP3 and a cover), or the lyrics written. Clips show an
//! `audio_url` while they still stream, as Suno's do.

use super::{done, file_name, poll_fault, progress, success_sent};
use crate::auth;
use crate::images::base;
use crate::jobs::Job;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

pub(crate) async fn suno_submit(
    State(state): State<AppState>,
    Path(action): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    let action = action.to_ascii_lowercase();
    state
        .jobs
        .record_submit(&format!("/suno/submit/{action}"), &body);
    let prompt = ["gpt_description_prompt", "prompt", "tags"]
        .iter()
        .filter_map(|k| body[*k].as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if prompt.contains("[[fault:banned]]") {
        return (StatusCode::BAD_REQUEST, Json(json!({"code": "prompt_banned", "message": "The lyrics break the content policy", "data": null}))).into_response();
    }
    if prompt.contains("[[fault:saturated]]") {
        return (StatusCode::TOO_MANY_REQUESTS, Json(json!({"code": "rate_limit", "message": "当前分组上游负载已饱和，请稍后再试", "data": null}))).into_response();
    }
    if !matches!(action.as_str(), "music" | "lyrics") {
        return auth::error(StatusCode::NOT_FOUND, "no such action");
    }
    let model = body["mv"].as_str().unwrap_or("lyrics");
    let job = state
        .jobs
        .create(&action, &prompt, state.config.task_seconds, "", model);
    Json(json!({"code": "success", "message": "", "data": format!("{}-4b1e-b110-37132a5325ac", job.id)})).into_response()
}

fn clip(headers: &HeaderMap, job: &Job, n: u32, body_done: bool) -> Value {
    let id = format!("{}-clip{n}", job.id);
    json!({
        "id": id, "title": if job.prompt.is_empty() { "Untitled" } else { "Night drive" },
        "status": if body_done { "complete" } else { "streaming" },
        "audio_url": format!("{}/media/{}", base(headers), file_name(job, "mp3").replace(".mp3", &format!("-{n}.mp3"))),
        "image_url": format!("{}/media/job-{}-cover.jpg", base(headers), job.id),
        "model_name": "chirp-v4", "major_model_version": "v4",
        "metadata": {"tags": "synthwave", "prompt": "[Verse]\nNeon on the rain", "duration": 4.0, "type": "gen"},
        "created_at": "2026-12-01T10:00:00.000Z"
    })
}

pub(crate) async fn suno_fetch(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    let local = id.split('-').next().unwrap_or(&id).to_owned();
    let job = match poll_fault(&state, &local).await {
        Ok(job) => job,
        Err(answer) => return answer,
    };
    success_sent(&state, &job);
    let finished = done(&job);
    let status = if job.faults.fail && finished {
        "FAILURE"
    } else if finished {
        "SUCCESS"
    } else if job.done_share() < 0.2 {
        "SUBMITTED"
    } else {
        "IN_PROGRESS"
    };
    let inner = if job.op == "lyrics" {
        if finished {
            json!({"id": "l1", "status": "complete", "title": "Rain on the Glass", "text": "[Verse]\nRain on the glass\n[Chorus]\nStay"})
        } else {
            json!(null)
        }
    } else if job.done_share() >= 0.5 {
        json!([
            clip(&headers, &job, 1, finished),
            clip(&headers, &job, 2, finished)
        ])
    } else {
        json!([])
    };
    Json(json!({"code": "success", "message": "", "data": {
        "task_id": id, "action": job.op.to_ascii_uppercase(), "status": status,
        "fail_reason": if status == "FAILURE" { "The song could not be made: upstream refused it" } else { "" },
        "submit_time": 1733717567, "start_time": 1733717570, "finish_time": if finished { 1733717767 } else { 0 },
        "progress": format!("{}%", progress(&job)), "data": inner
    }}))
    .into_response()
}
