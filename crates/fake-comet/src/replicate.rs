//! Replicate predictions as CometAPI relays them, and Black Forest Labs'
//! result query, which answers for the same ids. A prediction starts,
//! processes, then succeeds with a link to its picture under `/delivery`.

use crate::jobs::{Job, HANG};
use crate::{auth, images::base, AppState};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;

fn status_of(job: &Job) -> &'static str {
    let share = job.done_share();
    if share < 0.15 {
        "starting"
    } else if share < 1.0 {
        "processing"
    } else if job.faults.fail {
        "failed"
    } else {
        "succeeded"
    }
}

fn output_url(headers: &HeaderMap, job: &Job) -> String {
    let name = if job.faults.expired { "gone" } else { "flux" };
    format!("{}/delivery/{name}-{}.png", base(headers), job.id)
}

fn prediction(headers: &HeaderMap, job: &Job) -> Value {
    let status = status_of(job);
    let api = "https://api.replicate.com/v1/predictions";
    json!({
        "id": format!("q4ch{}", job.id),
        "model": job.model,
        "version": "hidden",
        "input": {"prompt": job.prompt},
        "logs": "",
        "output": if status == "succeeded" { json!([output_url(headers, job)]) } else { Value::Null },
        "data_removed": false,
        "error": if status == "failed" { json!("NSFW content detected in the output") } else { Value::Null },
        "source": "api",
        "status": status,
        "created_at": "2026-03-12T10:00:00.000Z",
        "urls": {"cancel": format!("{api}/{}/cancel", job.id), "get": format!("{api}/{}", job.id)},
    })
}

pub(crate) async fn create(
    State(state): State<AppState>,
    Path((owner, name)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    state
        .jobs
        .record_submit(&format!("/replicate/{owner}/{name}"), &body);
    let prompt = body["input"]["prompt"].as_str().unwrap_or_default();
    if prompt.trim().is_empty() {
        return auth::error(StatusCode::BAD_REQUEST, "input.prompt is required");
    }
    if name.starts_with("flux-kontext")
        && body["input"]["input_image"]
            .as_str()
            .is_none_or(str::is_empty)
    {
        return auth::error(
            StatusCode::BAD_REQUEST,
            "input.input_image is required for this model",
        );
    }
    let faults = crate::jobs::JobFaults::parse(prompt);
    if faults.banned {
        return auth::error(
            StatusCode::BAD_REQUEST,
            "The prompt was flagged as sensitive",
        );
    }
    if faults.saturated {
        return auth::error(
            StatusCode::TOO_MANY_REQUESTS,
            "当前分组上游负载已饱和，请稍后再试",
        );
    }
    let job = state.jobs.create(
        "predict",
        prompt,
        state.config.task_seconds,
        "replicate",
        &format!("{owner}/{name}"),
    );
    if job.faults.submit_hang {
        tokio::time::sleep(HANG).await;
    }
    (StatusCode::CREATED, Json(prediction(&headers, &job))).into_response()
}

fn local_id(id: &str) -> &str {
    id.strip_prefix("q4ch").unwrap_or(id)
}

pub(crate) async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    let Some((job, fault)) = state.jobs.poll(local_id(&id)) else {
        return auth::error(StatusCode::BAD_REQUEST, "task_not_exist");
    };
    match fault.answer().await {
        None => Json(prediction(&headers, &job)).into_response(),
        Some(answer) => answer,
    }
}

/// `GET /flux/v1/get_result?id=`: Pending, Ready with `result.sample`,
/// Error, or "Task not found".
pub(crate) async fn flux_result(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    let id = query.get("id").cloned().unwrap_or_default();
    let Some((job, _)) = state.jobs.poll(local_id(&id)) else {
        return Json(json!({"id": id, "status": "Task not found"})).into_response();
    };
    let body = match status_of(&job) {
        "succeeded" => {
            json!({"id": id, "status": "Ready", "result": {"sample": output_url(&headers, &job), "seed": 42, "prompt": job.prompt, "duration": 7.2}})
        }
        "failed" => json!({"id": id, "status": "Error", "result": {"error": "generation failed"}}),
        _ => json!({"id": id, "status": "Pending", "result": null}),
    };
    Json(body).into_response()
}

/// Result files: `gone-*` has expired (404), `flux-<id>.png` is the job's picture.
pub(crate) async fn delivery(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    let id = name
        .strip_prefix("flux-")
        .and_then(|rest| rest.strip_suffix(".png"))
        .unwrap_or_default()
        .to_owned();
    let Some(job) = state.jobs.get(&id) else {
        return (StatusCode::NOT_FOUND, "this delivery link has expired").into_response();
    };
    let bytes = if job.faults.big_png {
        state
            .jobs
            .image(&format!("big-{id}"), || crate::task_images::big(&id))
    } else {
        state.jobs.image(&format!("flux-{id}"), || {
            crate::task_images::single(&id, 1024)
        })
    };
    (
        [(header::CONTENT_TYPE, "image/png")],
        bytes.as_ref().clone(),
    )
        .into_response()
}
