//! Midjourney in midjourney-proxy's format, as CometAPI serves it: submit
//! routes (imagine, action, modal, blend, describe, video) under `/mj` or a
//! speed prefix (`/mj-fast/mj/...`), fetch, list-by-condition, and
//! `/mj/image/{id}` without a key. Buttons' customIds change between polls,
//! as the docs warn; Vary (Region) and Custom zoom open a modal (code 21).

use crate::jobs::{Job, PollFault, HANG};
use crate::{auth, images::base, AppState};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;

fn answer(code: i64, description: &str, result: Value) -> Response {
    Json(json!({"code": code, "description": description, "result": result, "properties": {}}))
        .into_response()
}

/// new-api's shape for a refused Midjourney call (HTTP 400, or 429 for 30).
fn refusal(status: StatusCode, code: i64, description: &str) -> Response {
    (
        status,
        Json(json!({"description": description, "type": "upstream_error", "code": code})),
    )
        .into_response()
}

/// What a customId asks for, by midjourney-proxy's grammar.
fn op_of(custom_id: &str) -> Option<&'static str> {
    let table: [(&str, &str); 9] = [
        ("MJ::Inpaint", "inpaint"),
        ("MJ::CustomZoom", "custom_zoom"),
        ("MJ::Outpaint", "zoom"),
        ("::pan_", "pan"),
        ("::animate_", "video"),
        ("::upsample", "upscale"),
        ("variation::", "variation"),
        ("::reroll::", "reroll"),
        ("MJ::BOOKMARK", "bookmark"),
    ];
    table
        .iter()
        .find(|(needle, _)| custom_id.contains(needle))
        .map(|(_, op)| *op)
}

fn makes_grid(op: &str) -> bool {
    matches!(op, "imagine" | "variation" | "reroll" | "blend")
}

fn buttons(job: &Job) -> Vec<Value> {
    let hash = format!("{}h{}", job.id, job.polls);
    let button = |custom: String, label: &str, emoji: &str| json!({"customId": custom, "label": label, "emoji": emoji, "type": 2, "style": 2});
    if job.op == "describe" || job.op == "video" {
        return Vec::new();
    }
    if job.faults.evil_buttons {
        // Labels and emoji made of markup, for the injection suite.
        return vec![
            button(
                format!("MJ::JOB::upsample::1::{hash}"),
                "<img src=x onerror=\"window.__pwned&&__pwned.push('button')\">",
                "",
            ),
            button(
                format!("MJ::JOB::variation::1::{hash}"),
                "V1",
                "<svg onload=\"window.__pwned&&__pwned.push('emoji')\">",
            ),
        ];
    }
    if makes_grid(&job.op) {
        let mut out: Vec<Value> = (1..=4)
            .map(|i| {
                button(
                    format!("MJ::JOB::upsample::{i}::{hash}"),
                    &format!("U{i}"),
                    "",
                )
            })
            .collect();
        out.push(button(
            format!("MJ::JOB::reroll::0::{hash}::SOLO"),
            "",
            "🔄",
        ));
        out.extend((1..=4).map(|i| {
            button(
                format!("MJ::JOB::variation::{i}::{hash}"),
                &format!("V{i}"),
                "",
            )
        }));
        return out;
    }
    vec![
        button(
            format!("MJ::JOB::upsample_v7_2x_subtle::1::{hash}::SOLO"),
            "Upscale (Subtle)",
            "",
        ),
        button(
            format!("MJ::JOB::upsample_v7_2x_creative::1::{hash}::SOLO"),
            "Upscale (Creative)",
            "",
        ),
        button(
            format!("MJ::JOB::low_variation::1::{hash}::SOLO"),
            "Vary (Subtle)",
            "🪄",
        ),
        button(
            format!("MJ::JOB::high_variation::1::{hash}::SOLO"),
            "Vary (Strong)",
            "🪄",
        ),
        button(
            format!("MJ::Inpaint::1::{hash}::SOLO"),
            "Vary (Region)",
            "🖌️",
        ),
        button(
            format!("MJ::Outpaint::50::1::{hash}::SOLO"),
            "Zoom Out 2x",
            "🔍",
        ),
        button(
            format!("MJ::Outpaint::75::1::{hash}::SOLO"),
            "Zoom Out 1.5x",
            "🔍",
        ),
        button(format!("MJ::CustomZoom::{hash}"), "Custom Zoom", "🔍"),
        button(format!("MJ::JOB::pan_left::1::{hash}::SOLO"), "", "⬅️"),
        button(format!("MJ::JOB::pan_right::1::{hash}::SOLO"), "", "➡️"),
        button(format!("MJ::JOB::pan_up::1::{hash}::SOLO"), "", "⬆️"),
        button(format!("MJ::JOB::pan_down::1::{hash}::SOLO"), "", "⬇️"),
        button(
            format!("MJ::JOB::animate_high::1::{hash}::SOLO"),
            "Animate (High motion)",
            "🎞️",
        ),
        button(format!("MJ::BOOKMARK::{hash}"), "", "❤️"),
    ]
}

/// The task as `fetch` shows it at this moment.
pub(crate) fn task_view(headers: &HeaderMap, job: &Job) -> Value {
    let share = job.done_share();
    let base = base(headers);
    let (status, progress) = if job.modal {
        ("MODAL", 0)
    } else if share < 0.15 {
        ("SUBMITTED", 0)
    } else if share < 1.0 {
        ("IN_PROGRESS", (share * 100.0) as u32)
    } else if job.faults.fail {
        ("FAILURE", 100)
    } else {
        ("SUCCESS", 100)
    };
    let image_url = match status {
        "SUCCESS" if job.faults.expired => format!("{base}/delivery/gone-{}.png", job.id),
        "SUCCESS" => format!("{base}/mj/image/{}", job.id),
        "IN_PROGRESS" => format!(
            "{base}/mj/image/{}?rand={}",
            job.id,
            job.started.elapsed().as_nanos()
        ),
        _ => String::new(),
    };
    let mut view = json!({
        "id": job.id,
        "action": job.op.to_uppercase(),
        "prompt": job.prompt,
        "promptEn": job.prompt,
        "description": "",
        "status": status,
        "progress": format!("{progress}%"),
        "imageUrl": image_url,
        "videoUrl": "",
        "buttons": if status == "SUCCESS" { buttons(job) } else { Vec::new() },
        "failReason": if status == "FAILURE" { "Job failed: the image could not be made" } else { "" },
        "submitTime": 1_773_314_942_177i64,
        "someFieldAddedLater": {"nested": true},
        "properties": {"finalPrompt": job.prompt, "route": job.mode},
    });
    if job.op == "video" && status == "SUCCESS" {
        // The first frame stays the image; the clips come as links.
        let ext = crate::media::file_name(job, "mp4");
        let urls: Vec<Value> = (0..VIDEOS_PER_JOB)
            .map(|i| json!({"url": format!("{base}/media/{ext}?clip={i}")}))
            .collect();
        view["videoUrl"] = urls[0]["url"].clone();
        view["videoUrls"] = json!(urls);
    }
    if job.faults.echo_key && status == "FAILURE" {
        // A careless upstream quoting the request's headers.
        let token = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        view["failReason"] = json!(format!(
            "upstream rejected request with Authorization: {token}"
        ));
    }
    if job.op == "describe" && status == "SUCCESS" {
        view["promptEn"] = json!(
            "1️⃣ A lighthouse on a cliff at dusk, oil painting --ar 1:1\n\n2️⃣ Stormy sea, warm light in the window, impressionist --ar 1:1\n\n3️⃣ A lonely tower by the ocean, golden hour <img src=x onerror=\"window.__pwned&&__pwned.push('describe')\"> --ar 1:1\n\n4️⃣ Coastal landscape, dramatic clouds, painterly --ar 1:1"
        );
    }
    view
}

fn mode_of(params: &HashMap<String, String>) -> String {
    params.get("mode").cloned().unwrap_or_else(|| "mj".into())
}

pub(crate) async fn submit(
    State(state): State<AppState>,
    Path(params): Path<HashMap<String, String>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    let op = params.get("op").cloned().unwrap_or_default();
    let mode = mode_of(&params);
    let jobs = &state.jobs;
    jobs.record_submit(&format!("/{mode}/submit/{op}"), &body);
    let seconds = state.config.task_seconds;
    let prompt = body["prompt"].as_str().unwrap_or_default().to_owned();
    let faults = crate::jobs::JobFaults::parse(&prompt);
    if faults.banned {
        return (
            StatusCode::BAD_REQUEST,
            Json(
                json!({"code": 24, "description": "Banned prompt", "result": null,
                "properties": {"promptEn": prompt, "bannedWord": "forbidden"}}),
            ),
        )
            .into_response();
    }
    if faults.queue_full {
        return answer(23, "Queue full, please try again later", Value::Null);
    }
    if faults.saturated {
        return refusal(
            StatusCode::TOO_MANY_REQUESTS,
            30,
            "当前分组上游负载已饱和，请稍后再试",
        );
    }
    let created = match op.as_str() {
        "imagine" => {
            if prompt.trim().is_empty() {
                return refusal(StatusCode::BAD_REQUEST, 4, "prompt_is_required");
            }
            jobs.create("imagine", &prompt, seconds, &mode, "")
        }
        "blend" => {
            let count = body["base64Array"].as_array().map_or(0, Vec::len);
            if !(2..=5).contains(&count) {
                return refusal(
                    StatusCode::BAD_REQUEST,
                    4,
                    "base64_array_must_hold_2_to_5_images",
                );
            }
            jobs.create(
                "blend",
                &format!("blend of {count} images"),
                seconds,
                &mode,
                "",
            )
        }
        "describe" => {
            if body["base64"].as_str().is_none_or(str::is_empty) && body["link"].as_str().is_none()
            {
                return refusal(StatusCode::BAD_REQUEST, 4, "base64_is_required");
            }
            jobs.create("describe", "describe", seconds, &mode, "")
        }
        "video" => match video_refusal(&state, &body) {
            Some(refused) => return refused,
            None => jobs.create("video", &prompt, seconds, &mode, ""),
        },
        "action" => return action(&state, &body, &mode).await,
        "modal" => return modal(&state, &body),
        _ => return refusal(StatusCode::BAD_REQUEST, 4, &format!("unknown_route:{op}")),
    };
    if created.faults.submit_hang {
        tokio::time::sleep(HANG).await;
    }
    if created.faults.queued {
        return Json(
            json!({"code": 22, "description": "排队中", "result": created.id,
            "properties": {"numberOfQueues": 3}}),
        )
        .into_response();
    }
    // Blend and describe answer their id as a number, as some doc schemas type it.
    let result = if matches!(op.as_str(), "blend" | "describe") {
        json!(created.id.parse::<u64>().unwrap_or(0))
    } else {
        json!(created.id)
    };
    answer(1, "Submission successful", result)
}

/// `/mj/submit/video`: a picture and a motion, or (to extend) `action:
/// "extend"` with the finished video task's id and the clip's index.
fn video_refusal(state: &AppState, body: &Value) -> Option<Response> {
    if !matches!(body["motion"].as_str(), Some("low" | "high")) {
        return Some(refusal(
            StatusCode::BAD_REQUEST,
            4,
            "motion_must_be_low_or_high",
        ));
    }
    if body["action"].as_str() == Some("extend") {
        let parent = body["taskId"].as_str().and_then(|id| state.jobs.get(id));
        let fine = parent.is_some_and(|p| p.op == "video" && p.done_share() >= 1.0)
            && body["index"]
                .as_u64()
                .is_some_and(|i| i < VIDEOS_PER_JOB as u64);
        return (!fine).then(|| {
            refusal(
                StatusCode::BAD_REQUEST,
                4,
                "task_not_found_or_index_invalid",
            )
        });
    }
    let image = body["image"].as_str().unwrap_or_default();
    let picture =
        image.starts_with("data:image/") && image.len() > 100 || image.starts_with("http");
    (!picture).then(|| refusal(StatusCode::BAD_REQUEST, 4, "image_is_required"))
}

/// A Midjourney video job makes this many clips.
const VIDEOS_PER_JOB: usize = 2;

async fn action(state: &AppState, body: &Value, mode: &str) -> Response {
    let custom = body["customId"].as_str().unwrap_or_default();
    let parent_id = match &body["taskId"] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    if custom.is_empty() {
        return refusal(StatusCode::BAD_REQUEST, 4, "custom_id_is_required");
    }
    let Some(parent) = state.jobs.get(&parent_id) else {
        return refusal(StatusCode::BAD_REQUEST, 4, "task_not_found");
    };
    if parent.done_share() < 1.0 || parent.modal || parent.faults.fail {
        return refusal(StatusCode::BAD_REQUEST, 4, "task_status_not_success");
    }
    if !custom.contains(&format!("{}h", parent.id)) {
        return refusal(
            StatusCode::BAD_REQUEST,
            4,
            &format!("unknown_action:{custom}"),
        );
    }
    let Some(op) = op_of(custom) else {
        return refusal(
            StatusCode::BAD_REQUEST,
            4,
            &format!("unknown_action:{custom}"),
        );
    };
    // The parent's words without its faults: an action misbehaves only
    // when its own modal prompt says so.
    let clean: String = parent
        .prompt
        .split("[[")
        .map(|p| p.split_once("]]").map_or(p, |(_, rest)| rest))
        .collect();
    let job = state
        .jobs
        .create(op, clean.trim(), state.config.task_seconds, mode, "");
    if matches!(op, "inpaint" | "custom_zoom") {
        state.jobs.update(&job.id, |j| j.modal = true);
        return answer(21, "Waiting for window confirm", json!(job.id));
    }
    answer(1, "Submission successful", json!(job.id))
}

fn modal(state: &AppState, body: &Value) -> Response {
    let id = match &body["taskId"] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let Some(job) = state.jobs.get(&id) else {
        return refusal(StatusCode::BAD_REQUEST, 4, "task_not_found");
    };
    if !job.modal {
        return refusal(StatusCode::BAD_REQUEST, 4, "task_not_waiting_for_modal");
    }
    let mask = body["maskBase64"].as_str().unwrap_or_default();
    if job.op == "inpaint" && mask.is_empty() {
        return refusal(StatusCode::BAD_REQUEST, 4, "mask_is_required");
    }
    let prompt = body["prompt"].as_str().unwrap_or(&job.prompt).to_owned();
    let faults = crate::jobs::JobFaults::parse(&prompt);
    state.jobs.update(&id, |j| {
        j.modal = false;
        j.started = std::time::Instant::now();
        j.prompt = prompt;
        j.seconds = faults.seconds.unwrap_or(j.seconds);
        j.faults = faults;
    });
    // The same task goes on; its id comes back as a number here.
    answer(
        1,
        "Submission successful",
        json!(id.parse::<u64>().unwrap_or(0)),
    )
}

async fn poll_one(state: &AppState, headers: &HeaderMap, id: &str) -> Result<Value, Response> {
    let Some((job, fault)) = state.jobs.poll(id) else {
        return Err(refusal(StatusCode::BAD_REQUEST, 4, "task_not_exist"));
    };
    match fault {
        PollFault::None => {
            let view = task_view(headers, &job);
            if view["status"] == "SUCCESS" && job.success_sent_ms.is_none() {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_millis());
                state.jobs.update(id, |j| j.success_sent_ms = Some(now));
            }
            Ok(view)
        }
        PollFault::NotExist => Err(refusal(StatusCode::BAD_REQUEST, 4, "task_not_exist")),
        other => Err(other
            .answer()
            .await
            .unwrap_or_else(|| StatusCode::GATEWAY_TIMEOUT.into_response())),
    }
}

pub(crate) async fn fetch(
    State(state): State<AppState>,
    Path(params): Path<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    let id = params.get("id").cloned().unwrap_or_default();
    match poll_one(&state, &headers, &id).await {
        Ok(view) => Json(view).into_response(),
        Err(response) => response,
    }
}

/// A bare array of the tasks asked for; unknown ids are left out.
pub(crate) async fn list_by_condition(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if let Some(refused) = auth::refusal(&headers) {
        return refused;
    }
    let ids: Vec<String> = body["ids"]
        .as_array()
        .map(|ids| {
            ids.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    state
        .jobs
        .record_submit("/mj/task/list-by-condition", &body);
    let mut out = Vec::new();
    for id in ids {
        // A batch answers what it can: a fault hits only that task's entry.
        if let Ok(view) = poll_one(&state, &headers, &id).await {
            out.push(view);
        }
    }
    Json(Value::Array(out)).into_response()
}

/// The picture behind `imageUrl`: registered before the key check, as on
/// the gateway. A preview while the job runs, the result once it is done.
pub(crate) async fn image(
    State(state): State<AppState>,
    Path(params): Path<HashMap<String, String>>,
) -> Response {
    let id = params.get("id").cloned().unwrap_or_default();
    let Some(job) = state.jobs.get(&id) else {
        return (StatusCode::NOT_FOUND, "no such image").into_response();
    };
    let bytes = if job.done_share() < 1.0 {
        state.jobs.image(&format!("preview-{id}"), || {
            crate::task_images::preview(&id)
        })
    } else if job.faults.big_png {
        state
            .jobs
            .image(&format!("big-{id}"), || crate::task_images::big(&id))
    } else if makes_grid(&job.op) {
        state.jobs.image(&format!("grid-{id}"), || {
            crate::task_images::grid(&id, 1024)
        })
    } else {
        state.jobs.image(&format!("single-{id}"), || {
            crate::task_images::single(&id, 1024)
        })
    };
    if job.done_share() >= 1.0 {
        let fetched = state.jobs.update(&id, |j| j.downloads += 1);
        if job.faults.cut_download && fetched.is_some_and(|j| j.downloads == 1) {
            return crate::task_images::cut_short(bytes.as_ref());
        }
    }
    (
        [(header::CONTENT_TYPE, "image/png")],
        bytes.as_ref().clone(),
    )
        .into_response()
}

/// `GET /_fake/jobs/{id}`: when fake-comet first told a poll the job had
/// succeeded (for benches; not a CometAPI route).
pub(crate) async fn job_times(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match state.jobs.get(&id) {
        Some(job) => Json(
            json!({"success_sent_ms": job.success_sent_ms.map(|t| t as u64), "polls": job.polls}),
        )
        .into_response(),
        None => (StatusCode::NOT_FOUND, "no such job").into_response(),
    }
}
