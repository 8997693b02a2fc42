//! Runway through CometAPI's official-format routes: `POST
//! /runwayml/v1/image_to_video` (the `X-Runway-Version` header is required,
//! the clip always starts from a picture) and `GET /runwayml/v1/tasks/{id}`,
//! which answers either Runway's own task object or CometAPI's wrapper
//! around it (`{code, data: {status, progress, fail_reason, data: {...}}}`).
//! A task this new can be unknown for a few seconds: the engine's grace for
//! "task_not_exist" covers it.

use super::status::{id_text, normalize, progress, text};
use super::video_models::{VideoModel, VideoOptions};
use super::wire::{self, unreadable, PollFailure, PollReport, SubmitAnswer};
use crate::client::RawAnswer;
use serde_json::{json, Value};

pub(crate) const SUBMIT_ROUTE: &str = "/runwayml/v1/image_to_video";
/// The API version CometAPI's Runway routes require on every call.
pub(crate) const VERSION_HEADER: (&str, &str) = ("X-Runway-Version", "2024-11-06");

pub(crate) fn poll_route(id: &str) -> String {
    format!("/runwayml/v1/tasks/{id}")
}

/// The create body; `picture` is a file marker the sender expands into a
/// data URI (Runway takes one in place of a link).
pub(crate) fn body(
    model: &VideoModel,
    prompt: &str,
    opts: &VideoOptions,
    picture: String,
) -> Value {
    let mut body = json!({
        "model": model.id, "promptImage": picture, "duration": opts.seconds,
        "ratio": opts.shape, "watermark": false,
    });
    if !prompt.is_empty() {
        body["promptText"] = json!(prompt.chars().take(512).collect::<String>());
    }
    body
}

pub(crate) fn read_submit(answer: &RawAnswer) -> SubmitAnswer {
    let value: Option<Value> = serde_json::from_str(&answer.body).ok();
    match value {
        Some(v) if answer.status < 300 => {
            match id_text(&v["id"]).or_else(|| id_text(&v["data"]["task_id"])) {
                Some(remote_id) => SubmitAnswer::Accepted {
                    remote_id,
                    needs_input: false,
                },
                None => SubmitAnswer::Lost(unreadable(answer)),
            }
        }
        _ => wire::submit_failure(answer),
    }
}

pub(crate) fn read_poll(answer: &RawAnswer) -> Result<PollReport, PollFailure> {
    let value = match serde_json::from_str::<Value>(&answer.body) {
        Ok(v) if answer.status < 300 => v,
        _ => return Err(wire::poll_failure(answer, &["task_not_exist", "not found"])),
    };
    // The wrapper's own status and progress are the fuller ones; the task
    // inside it (or the bare task) has the output.
    let wrapped = value["data"].is_object() && value.get("code").is_some();
    let (outer, task) = if wrapped {
        (&value["data"], &value["data"]["data"])
    } else {
        (&value, &value)
    };
    let Some(raw) = text(&outer["status"]).or_else(|| text(&task["status"])) else {
        return Err(PollFailure::Transient(unreadable(answer)));
    };
    let status = normalize(&raw);
    let failed = status == super::TaskStatus::Failed;
    let output_urls = task["output"]
        .as_array()
        .map(|list| list.iter().filter_map(text).collect())
        .unwrap_or_default();
    Ok(PollReport {
        remote_id: id_text(&task["id"]).or_else(|| id_text(&outer["task_id"])),
        status: Some(status),
        progress: progress(&outer["progress"]).or_else(|| progress(&task["progress"])),
        message: text(&outer["fail_reason"])
            .or_else(|| text(&task["failure"]))
            .filter(|_| failed),
        raw_status: raw,
        output_urls,
        ..PollReport::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::TaskStatus;

    use crate::tasks::wire::answer;

    #[test]
    fn both_answer_shapes_read_the_same() {
        let raw = read_poll(&answer(
            200,
            r#"{"id":"d06","status":"SUCCEEDED","output":["https://cdn/r.mp4"]}"#,
        ))
        .unwrap();
        let wrapped = read_poll(&answer(200, r#"{"code":"success","message":"","data":{"task_id":"d06","action":"IMAGE_TO_VIDEO","status":"SUCCESS","progress":"100%","data":{"id":"d06","status":"SUCCEEDED","output":["https://cdn/r.mp4"]}}}"#)).unwrap();
        for report in [&raw, &wrapped] {
            assert_eq!(report.status, Some(TaskStatus::Succeeded));
            assert_eq!(report.output_urls, vec!["https://cdn/r.mp4".to_owned()]);
            assert_eq!(report.remote_id.as_deref(), Some("d06"));
        }
        let queued = read_poll(&answer(200, r#"{"code":"success","data":{"task_id":"d06","status":"QUEUED","progress":"0%","data":{"id":"d06","status":"PENDING"}}}"#)).unwrap();
        assert_eq!(
            (queued.status, queued.progress),
            (Some(TaskStatus::Queued), Some(0))
        );
        let running = read_poll(&answer(
            200,
            r#"{"id":"d06","status":"RUNNING","progress":0.42}"#,
        ))
        .unwrap();
        assert_eq!(running.progress, Some(42));
        let failed = read_poll(&answer(
            200,
            r#"{"id":"d06","status":"FAILED","failure":"moderation","failureCode":"SAFETY"}"#,
        ))
        .unwrap();
        assert_eq!(
            (failed.status, failed.message.as_deref()),
            (Some(TaskStatus::Failed), Some("moderation"))
        );
        assert!(matches!(
            read_poll(&answer(400, r#"{"error":{"message":"task_not_exist"}}"#)),
            Err(PollFailure::NotExist)
        ));
        assert!(
            matches!(read_submit(&answer(200, r#"{"id":"d06"}"#)), SubmitAnswer::Accepted { remote_id, .. } if remote_id == "d06")
        );
        assert!(matches!(
            read_submit(&answer(400, r#"{"error":"ratio is not one Runway takes"}"#)),
            SubmitAnswer::Refused(_)
        ));
    }
}
