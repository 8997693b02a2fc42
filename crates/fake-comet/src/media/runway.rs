//! Runway: `POST /runwayml/v1/image_to_video` (the `X-Runway-Version`
//! header required, a start picture required) and `GET
//! /runwayml/v1/tasks/{id}`, answered raw (`{id, status, output}`) or, with
//! `[[wrapped]]` in the prompt, in CometAPI's envelope as seen live.

use super::{done, file_name, poll_fault, progress, success_sent};
use crate::auth;
use crate::images::base;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

const VERSION: &str = "2024-11-06";
const RATIOS: [&str; 8] = [
    "1280:720", "720:1280", "1104:832", "832:1104", "960:960", "1584:672", "1280:768", "768:1280",
];

fn refused(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({"error": message}))).into_response()
}

pub(crate) async fn runway_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    state
        .jobs
        .record_submit("/runwayml/v1/image_to_video", &body);
    if headers
        .get("x-runway-version")
        .and_then(|v| v.to_str().ok())
        != Some(VERSION)
    {
        return refused("X-Runway-Version header is required: 2024-11-06");
    }
    let image = body["promptImage"].as_str().unwrap_or_default();
    if !(image.starts_with("data:image/") && image.len() > 100 || image.starts_with("https://")) {
        return refused("promptImage must be an HTTPS URL or a data URI");
    }
    let model = body["model"].as_str().unwrap_or_default();
    if !matches!(model, "gen3a_turbo" | "gen4_turbo") {
        return refused("model must be gen3a_turbo or gen4_turbo");
    }
    if !matches!(body["duration"].as_u64(), Some(5 | 10)) {
        return refused("duration must be 5 or 10");
    }
    if !RATIOS.contains(&body["ratio"].as_str().unwrap_or_default()) {
        return refused("ratio is not one Runway takes");
    }
    let prompt = body["promptText"].as_str().unwrap_or_default();
    if prompt.chars().count() > 512 {
        return refused("promptText is longer than 512 characters");
    }
    let job = state
        .jobs
        .create("runway", prompt, state.config.task_seconds, "", model);
    Json(json!({"id": job.id})).into_response()
}

pub(crate) async fn runway_task(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    let job = match poll_fault(&state, &id).await {
        Ok(job) => job,
        Err(answer) => return answer,
    };
    success_sent(&state, &job);
    let (status, wrapped_status) = if job.faults.fail && done(&job) {
        ("FAILED", "FAILURE")
    } else if done(&job) {
        ("SUCCEEDED", "SUCCESS")
    } else if job.done_share() < 0.2 {
        ("PENDING", "QUEUED")
    } else {
        ("RUNNING", "IN_PROGRESS")
    };
    let mut task = json!({"id": job.id, "status": status, "createdAt": "2026-03-13T01:52:46.000Z"});
    if status == "SUCCEEDED" {
        task["output"] = json!([format!(
            "{}/media/{}",
            base(&headers),
            file_name(&job, "mp4")
        )]);
    } else if status == "FAILED" {
        task["failure"] = json!("The picture was refused by the content moderation");
        task["failureCode"] = json!("SAFETY.INPUT.IMAGE");
    } else if status == "RUNNING" {
        task["progress"] = json!(f64::from(progress(&job)) / 100.0);
    }
    if !job.faults.wrapped {
        return Json(task).into_response();
    }
    Json(json!({"code": "success", "message": "", "data": {
        "task_id": job.id, "action": "IMAGE_TO_VIDEO", "status": wrapped_status,
        "fail_reason": task["failure"].as_str().unwrap_or_default(),
        "submit_time": 1773366766, "start_time": 0, "finish_time": 0,
        "progress": format!("{}%", progress(&job)), "data": task,
    }}))
    .into_response()
}
