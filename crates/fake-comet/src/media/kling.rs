//! Kling: `POST /kling/v1/videos/{text2video|image2video}` and the query
//! on the same action's path; asking on another action's path is
//! "task_not_exist", as on the real gateway.

use super::{done, file_name, poll_fault, success_sent};
use crate::auth;
use crate::images::base;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

pub(crate) async fn kling_submit(
    State(state): State<AppState>,
    Path(action): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    state
        .jobs
        .record_submit(&format!("/kling/v1/videos/{action}"), &body);
    if !matches!(action.as_str(), "text2video" | "image2video") {
        return auth::error(StatusCode::NOT_FOUND, "no such action");
    }
    if action == "image2video" && body["image"].as_str().is_none_or(|i| i.len() < 100) {
        return Json(json!({"code": 1201, "message": "image is required", "request_id": "r"}))
            .into_response();
    }
    let prompt = body["prompt"].as_str().unwrap_or_default();
    if prompt.contains("[[fault:banned]]") {
        return Json(json!({"code": 1301, "message": "The prompt breaks the content policy", "request_id": "r"})).into_response();
    }
    let model = body["model_name"].as_str().unwrap_or_default();
    let job = state
        .jobs
        .create(&action, prompt, state.config.task_seconds, "", model);
    Json(json!({"code": 0, "message": "success", "request_id": "r", "data": {
        "task_id": job.id, "task_status": "submitted", "task_info": {}, "created_at": 1773366840306u64, "updated_at": 1773366840306u64
    }}))
    .into_response()
}

pub(crate) async fn kling_query(
    State(state): State<AppState>,
    Path((action, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    if state.jobs.get(&id).is_some_and(|j| j.op != action) {
        return auth::error(StatusCode::BAD_REQUEST, "task_not_exist");
    }
    let job = match poll_fault(&state, &id).await {
        Ok(job) => job,
        Err(answer) => return answer,
    };
    success_sent(&state, &job);
    let mut data = json!({"task_id": job.id, "task_info": {}, "created_at": 1773366840306u64, "updated_at": 1773366840306u64});
    if job.faults.fail && done(&job) {
        data["task_status"] = json!("failed");
        data["task_status_msg"] = json!("Failure to pass the risk control system");
    } else if done(&job) {
        data["task_status"] = json!("succeed");
        data["task_result"] = json!({"videos": [{"id": "v1", "url": format!("{}/media/{}", base(&headers), file_name(&job, "mp4")), "duration": "5"}]});
    } else if job.done_share() < 0.2 {
        data["task_status"] = json!("submitted");
    } else {
        data["task_status"] = json!("processing");
    }
    Json(json!({"code": 0, "message": "SUCCEED", "request_id": "r", "data": data})).into_response()
}
